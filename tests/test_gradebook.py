"""`python -m autograder gradebook` (issue #16): several assignments' grade outputs merged, the term's
free late days spent in due-date order, an extension moving one student's due date."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from autograder.cli import main
from autograder.config.course import load_course
from autograder.config.paths import ROOT
from autograder.grading.evidence import late_verdict
from autograder.grading.late import read_extensions
from autograder.model.check import Result
from autograder.report.csvs import read_csv
from autograder.report.record import RECORD_NAME, StudentRecord

AIDS = ["a1_knn_linear", "a2_svm_softmax", "a3_backprop"]
POLICY = """    late_policy:
      grace_minutes: 15
      penalty_per_day: 0.25
      max_days_late: 5
      free_late_days: 4
    extensions: extensions.csv
"""


@pytest.fixture
def course_file(tmp_path):
    """The kit's course.yml with the contract's example policy: 4 free days, then 25 % a day."""
    text = (ROOT / "course.yml").read_text(encoding="utf-8")
    text, n = re.subn(r"    late_policy:\n(      .*\n)+", POLICY, text, count=1)
    assert n == 1
    path = tmp_path / "course.yml"
    path.write_text(text, encoding="utf-8")
    (tmp_path / "extensions.csv").write_text("student_id,assignment,days\n", encoding="utf-8")
    return path


def write_grades(out, aid, days_late: dict[str, int]):
    """OUT/<student>/record.json as `grade` leaves it: 10 raw points of 10, `days_late` days late."""
    for student, days in days_late.items():
        rec = StudentRecord(student=student, assignment=aid,
                            results=[Result(part="p", score=10.0, max_score=10.0, status="passed", message="ok")],
                            late={"days_late": days, "share": 0.0, "submitted": "", "due": "", "seconds_late": 0.0})
        (out / student).mkdir(parents=True)
        (out / student / RECORD_NAME).write_text(rec.to_json(), encoding="utf-8")
    return out


def test_the_contracts_example_in_gradebook_csv(tmp_path, course_file):
    outs = [write_grades(tmp_path / aid, aid, {"s1": days, "s2": 0}) for aid, days in zip(AIDS, [2, 1, 2])]
    # the folders given out of due-date order: the gradebook orders them by due date itself
    argv = ["gradebook", "--course", str(course_file), "--grades", *map(str, reversed(outs)), "--out",
            str(tmp_path / "book"), "--lang", "en"]
    assert main(argv) == 0
    rows = {(r["student_id"], r["assignment"]): r for r in read_csv(tmp_path / "book" / "gradebook.csv")}
    assert list(read_csv(tmp_path / "book" / "gradebook.csv")[0]) == [
        "student_id", "assignment", "raw_score", "max_score", "days_late", "free_days_used", "penalty", "score"]
    got = [(rows["s1", aid]["days_late"], rows["s1", aid]["free_days_used"], rows["s1", aid]["score"]) for aid in AIDS]
    assert got == [("2", "2", "10"), ("1", "1", "10"), ("2", "1", "7.5")]     # a3: 75 % of its score
    assert rows["s1", "a3_backprop"]["penalty"] == "2.5"
    assert all(rows["s2", aid]["score"] == "10" for aid in AIDS)
    html = (tmp_path / "book" / "gradebook.html").read_text(encoding="utf-8")
    s1 = html.split('id="student-s1"')[1].split("</section>")[0]
    assert "27.5 / 30" in s1 and "-2.5" in s1 and "4 free late day(s)" in html
    canvas = read_csv(tmp_path / "book" / "gradebook_canvas.csv")
    assert canvas[0]["Student"] == "Points Possible" and canvas[0]["Total"] == "30"
    assert {r["Student"]: r["Total"] for r in canvas[1:]} == {"s1": "27.5", "s2": "30"}


def test_an_extension_of_two_days_on_a3_charges_nothing(tmp_path, course_file):
    (course_file.parent / "extensions.csv").write_text("\ufeffstudent_id,assignment,days\ns1,a3_backprop,2\n",
                                                       encoding="utf-8")
    course = load_course(course_file)
    extensions = read_extensions(course, course.cohort())
    assert extensions == {("s1", "a3_backprop"): 2}
    due = course.cohort().dates["a3_backprop"].due
    stamp = tmp_path / "sub"
    stamp.mkdir()
    (stamp / "timestamp.txt").write_text((due + dt.timedelta(days=1, hours=12)).isoformat())
    days = {who: late_verdict(course, None, "a3_backprop", who, stamp, stamp, None, extensions).days_late
            for who in ("s1", "s2")}
    assert days == {"s1": 0, "s2": 2}                 # the same time: on time for s1 only
    outs = [write_grades(tmp_path / aid, aid, {"s1": d}) for aid, d in zip(AIDS, [2, 1, days["s1"]])]
    assert main(["gradebook", "--course", str(course_file), "--grades", *map(str, outs), "--out",
                 str(tmp_path / "book")]) == 0
    assert [r["score"] for r in read_csv(tmp_path / "book" / "gradebook.csv")] == ["10", "10", "10"]


def test_a_folder_without_records_is_one_clear_line(tmp_path, course_file, capsys):
    (tmp_path / "empty").mkdir()
    assert main(["gradebook", "--course", str(course_file), "--grades", str(tmp_path / "empty"), "--out",
                 str(tmp_path / "book")]) == 2
    assert "no <student_id>/record.json" in capsys.readouterr().err
