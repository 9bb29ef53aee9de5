"""Nothing a submission contains stops the batch or reaches a record unsafe (issue 13, items 1, 4, 6;
issue 14, item 6's grader_error): strings that do not encode, folder and zip member names in cp949,
a reply crafted to blow a judge up, formula cells, the kit's own bugs while judging and writing.

One a1 cohort is graded for real (two workers) and then resumed; the crafted reply is an a2 part.
"""
from __future__ import annotations

import csv
import json
import os
import resource
import shutil
import textwrap
import tracemalloc
import zipfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

import autograder.grading.batch
import autograder.checks.a1_knn_linear as a1_checks
import autograder.grading.reference
from autograder.grading.batch import run_batch
from autograder.model.check import Check, Outcome, Result
from autograder.grading.collect import find_submissions, stage
from autograder.grading.reference import grade_dir, judge_outcomes
from autograder.config.messages import translator
from autograder.config.paths import SOLUTIONS
from autograder.sandbox.reply_guard import reply_problem
from autograder.report import StudentRecord, write_cohort
from autograder.report.csvs import canvas_csv, cell, grades_csv
from autograder.model.safe_text import fs_name, safe_text, zip_name
from tests.conftest import edit

AID = "a1_knn_linear"
KOREAN = "김철수"
CP949 = KOREAN.encode("cp949")                      # b'\xb1\xe8\xc3\xb6\xbc\xf6': not UTF-8
FORMULA_ID = '=HYPERLINK("x","y")'                  # a folder name cannot hold the '/' of a URL
FORMULA_FILE = '=HYPERLINK("http:x","y")'
MARK = 12345.0                                      # the scores that make the planted judge bug raise
BODY = "    scores = X.dot(W) + b\n"


def reference_copy(dest: Path) -> Path:
    shutil.copytree(SOLUTIONS / AID, dest, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
    return dest


def cp949_zip(src: Path, archive: Path) -> None:
    """A zip as Korean Windows makes it: member names in cp949 bytes, without the UTF-8 flag."""
    holder = "Q7Q7Q7"                               # as many bytes as the cp949 name
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(src.iterdir()):
            z.write(path, f"{holder}/{path.name}")
        z.writestr(f"../{holder}.txt", "outside")  # skipped, and named in a note
        members = len(z.infolist())
    data = archive.read_bytes()
    assert data.count(holder.encode()) == 2 * members   # each name: in its local header and the directory
    archive.write_bytes(data.replace(holder.encode(), CP949))


def read_csv(path: Path) -> list[list[str]]:
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


@pytest.fixture(scope="module")
def cohort(tmp_path_factory, course):
    """Graded once with a judge bug and a failing write planted in the kit; then resumed without them."""
    subs, out = tmp_path_factory.mktemp("submitted"), tmp_path_factory.mktemp("out")
    reference_copy(subs / "kim" / AID)
    code = reference_copy(subs / "surrogate" / AID)
    edit(code / "linear_score.py", BODY, '    print("red \\x1b[31m bell \\x07 end")\n'
                                         '    raise ValueError("caf\\udcff.csv")\n')
    reference_copy(Path(os.fsdecode(os.path.join(os.fsencode(subs), CP949))) / AID)
    reference_copy(subs / KOREAN / AID)             # the same name in UTF-8: two students all the same
    code = reference_copy(subs / FORMULA_ID / AID)
    edit(code / "linear_score.py", "import numpy as np\n",
         f"import numpy as np\nraise SyntaxError('bad', ({FORMULA_FILE!r}, 1, 1, 'x'))\n")
    code = reference_copy(subs / "judge-bug" / AID)
    edit(code / "linear_score.py", BODY, BODY + f"    scores.flat[0] = {MARK}\n")
    reference_copy(subs / "write-fails" / AID)
    (subs / "zip-cp949").mkdir()
    cp949_zip(reference_copy(subs / ".src" / AID), subs / "zip-cp949" / f"{AID}.zip")
    shutil.rmtree(subs / ".src")

    def buggy(judge):                               # the kit's bug: raises on one student's reply
        def wrapped(got, expected, ctx):
            if np.asarray(got.get("scores")).flat[0] == MARK:
                raise RuntimeError("planted judge bug")
            return judge(got, expected, ctx)
        return wrapped

    real_write = autograder.grading.batch.write_student

    def write_student(out, record, *args):
        if record.student == "write-fails" and record.results[0].status != "grader_error":
            raise OSError(28, "No space left on device (planted)")
        return real_write(out, record, *args)

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(a1_checks, "CHECKS", [replace(c, judge=buggy(c.judge)) if c.part == "linear_scores" else c
                                         for c in a1_checks.CHECKS])
        mp.setattr(autograder.grading.batch, "write_student", write_student)
        first = run_batch(course, AID, subs, out, lang="en", workers=2, progress=False)
    files = {p: p.stat().st_mtime_ns for p in out.rglob("record.json")}
    shutil.copytree(out, out.with_name(out.name + "-first"))   # the first run's files, before --resume
    resumed = run_batch(course, AID, subs, out, lang="en", workers=2, resume=True, progress=False)
    return subs, out.with_name(out.name + "-first"), first, resumed, files, out


def rows_of(out: Path) -> dict:
    rows = read_csv(out / "grades.csv")
    return {(r[0], r[2]): dict(zip(rows[0], r)) for r in rows[1:]}


def test_a_lone_surrogate_in_an_error_leaves_every_output_written(cohort, course):
    subs, out, first, _, _, _ = cohort
    for name in ("grades.csv", "canvas.csv", "report.html"):
        assert (out / name).is_file()
    r = {x.part: x for x in first["surrogate"].results}
    assert r["linear_scores"].status not in ("passed", "grader_error") and r["linear_scores"].score == 0
    assert "caf\ufffd.csv" in r["linear_scores"].message
    assert r["dists_two_loops"].status == "passed"   # its other parts are graded as usual
    data = json.loads((out / "surrogate" / "results.json").read_text(encoding="utf-8"))
    assert any("caf\ufffd.csv" in test["output"] for test in data["tests"])
    assert "caf\ufffd.csv" in (out / "surrogate" / "feedback.html").read_text(encoding="utf-8")
    assert "red [31m bell  end" in first["surrogate"].output   # printed control characters removed
    assert all(x.status == "passed" for x in first["kim"].results)


def test_a_cp949_folder_name_grades_normally_with_a_readable_id(cohort):
    subs, out, first, _, _, _ = cohort
    assert {KOREAN, f"{KOREAN} (2)"} <= set(first)   # both folders: decoded alike, kept apart
    for student in (KOREAN, f"{KOREAN} (2)"):
        assert all(x.status == "passed" for x in first[student].results), student
        assert (out / student / "feedback.html").is_file()
    ids = [r[0] for r in read_csv(out / "grades.csv")[1:]]
    assert KOREAN in ids and all("\ufffd" not in i for i in ids)
    found = dict(find_submissions(subs, AID))
    assert found[KOREAN].name == AID and os.fsencode(found[KOREAN].parent.name) == KOREAN.encode()
    assert os.fsencode(found[f"{KOREAN} (2)"].parent.name) == CP949   # the UTF-8 folder keeps the plain id


def test_zip_member_names_in_cp949_are_decoded(cohort, tmp_path, t_en):
    _, _, first, _, _, _ = cohort
    assert all(x.status == "passed" for x in first["zip-cp949"].results)
    assert any(f"../{KOREAN}.txt" in note for note in first["zip-cp949"].notes), first["zip-cp949"].notes
    assert zip_name(f"{KOREAN}/a.py".encode("cp949").decode("cp437"), 0) == f"{KOREAN}/a.py"
    assert zip_name("┤ab", 0x800) == "┤ab"           # flagged UTF-8: taken as it is
    assert fs_name(os.fsdecode(b"caf\xe9")) == "caf\xe9"   # neither UTF-8 nor cp949: latin-1


def test_formula_cells_are_neutralised_and_numbers_stay_numbers(cohort):
    _, out, first, _, _, _ = cohort
    r = {x.part: x for x in first[FORMULA_ID].results}["linear_scores"]
    assert r.status == "syntax_error" and r.message.startswith(FORMULA_FILE)
    for name in ("grades.csv", "canvas.csv"):
        cells = [c for row in read_csv(out / name) for c in row]
        assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")], name
        assert "'" + FORMULA_ID in cells
    rows = rows_of(out)
    assert rows[("'" + FORMULA_ID, "linear_scores")]["message"].startswith("'" + FORMULA_FILE)
    for row in rows.values():
        float(row["score"]), float(row["max_score"]), float(row["late_penalty"])
    record = StudentRecord(student='=HYPERLINK("http://x","y")', assignment=AID, results=[
        Result(part="p", score=-0.5, max_score=3.25, status="failed", message="@SUM(A1) -1 +2")])
    text = grades_csv([record]) + canvas_csv([record], AID, 3.25)
    assert '\'=HYPERLINK(""http://x"",""y"")' in text and "'@SUM(A1)" in text
    assert "-0.5" in text.split("\n")[1].split(",") and "3.25" in text
    assert [cell(v) for v in (-0.5, "-0.5", "3.25", "-x", "\t=1", "\r\n+x", "\uff1d1", "a=b")] == \
        ["-0.5", "-0.5", "3.25", "'-x", "' =1", "' +x", "'\uff1d1", "a=b"]


def test_a_judge_bug_is_a_grader_error_flagged_to_staff(cohort, course):
    _, out, first, _, _, _ = cohort
    r = {x.part: x for x in first["judge-bug"].results}
    assert r["linear_scores"].status == "grader_error" and r["linear_scores"].score == 0
    assert "planted judge bug" in r["linear_scores"].message and "not of your code" in r["linear_scores"].message
    assert r["dists_two_loops"].status == "passed"
    report = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="grader-errors"' in report
    # and in Korean, without a batch: the judge is called on arrays that pass the checks before it
    checks = [Check("linear_scores", call=None, judge=lambda got, exp, ctx: 1 / 0)]
    ok = {"linear_scores": Outcome("ok", outputs={"scores": np.zeros((5, 3))})}
    for lang, words in (("en", "not of your code"), ("ko", "채점 도구의 결함")):
        [res] = judge_outcomes(course.assignments[AID], checks, ok, ok, translator(lang))
        assert res.status == "grader_error" and words in res.message and "ZeroDivisionError" in res.message


def test_a_failed_write_gives_the_student_rows_and_the_batch_goes_on(cohort):
    _, out, first, _, _, _ = cohort
    rec = first["write-fails"]
    assert {x.status for x in rec.results} == {"grader_error"}
    assert "No space left on device" in rec.results[0].message
    assert rows_of(out)[("write-fails", "linear_scores")]["status"] == "grader_error"
    assert len(first) == 8


def test_resume_regrades_only_the_grader_errors_and_keeps_the_rest(cohort):
    _, _, first, resumed, files, out = cohort
    assert set(resumed) == set(first)
    assert all(x.status == "passed" for x in resumed["write-fails"].results)
    assert {x.part: x.status for x in resumed["judge-bug"].results}["linear_scores"] == "failed"
    for student in ("kim", "surrogate", KOREAN, FORMULA_ID, "zip-cp949"):
        assert [(x.part, x.score, x.status, x.message) for x in resumed[student].results] == \
            [(x.part, x.score, x.status, x.message) for x in first[student].results]
        path = out / student / "record.json"
        assert path.stat().st_mtime_ns == files[path], student   # kept, not regraded
    assert 'id="grader-errors"' not in (out / "report.html").read_text(encoding="utf-8")


def test_safe_text():
    assert safe_text("caf\udcff.csv") == "caf\ufffd.csv"
    assert safe_text("a\x1b[2J\x00b\r\nc\td\u202e") == "a[2Jb c d"
    assert safe_text("a\x1b\r\nb\tc\x7f", multiline=True) == "a\nb\tc"
    assert safe_text(b"\xff ok") == "\ufffd ok"
    assert safe_text("plain 김철수") == "plain 김철수"


def test_write_cohort_writes_report_html_even_when_the_page_fails(tmp_path, monkeypatch, t_en):
    record = StudentRecord(student="s\udcff", assignment=AID, results=[
        Result(part="p", score=1.0, max_score=1.0, status="passed", message="ok \udc80")])
    assert record.student == "s\ufffd" and record.results[0].message == "ok \ufffd"
    monkeypatch.setattr("autograder.report.report_html", lambda *a, **k: 1 / 0)
    write_cohort(tmp_path, [record], AID, "title", 1.0, t_en, "en")
    assert "ZeroDivisionError" in (tmp_path / "report.html").read_text(encoding="utf-8")
    assert (tmp_path / "grades.csv").is_file() and (tmp_path / "canvas.csv").is_file()


# ---------------------------------------------------------------- judging checks before it computes

def test_reply_problem_rules(t_en):
    exp = {"dW": np.zeros((12, 5)), "loss": np.zeros(()), "scores": np.zeros((5, 3))}
    ok = dict(exp)
    assert reply_problem(ok, exp, t_en) is None
    assert reply_problem({**ok, "scores@1": np.zeros((5, 3))}, exp, t_en) is None   # run 1 of a timed part
    assert reply_problem({**ok, "scores": np.zeros((5, 2))}, exp, t_en) is None     # to the judge: "expected shape"
    assert reply_problem({**ok, "scores": np.zeros((3, 5))}, exp, t_en) is None     # transposed: the judge's hint
    assert reply_problem({}, {}, t_en) is None                                      # no reference run
    assert "does not return" in reply_problem({**ok, "extra": np.zeros(3)}, exp, t_en)
    assert "numeric" in reply_problem({**ok, "dW": np.zeros((12, 5), complex)}, exp, t_en)
    assert reply_problem({**ok, "dW": np.zeros((300000, 1, 1))}, exp, t_en) == \
        "dW: expected shape (12, 5), got (300000, 1, 1)"
    big = {"x": np.zeros((3000, 1)), "y": np.zeros(3000)}
    assert "expected shape" in reply_problem({**big, "x": np.zeros((1, 3000))}, big, t_en)   # 9M-element broadcast
    small = {"x": np.zeros(100_000, np.int8)}      # 4x the elements, 8 bytes each: 32x the reference's bytes
    assert "far more" in reply_problem({"x": np.zeros(400_000)}, small, t_en)
    assert reply_problem({"x": small["x"]} | {f"x@{k}": small["x"] for k in range(1, 10)}, small, t_en) is None


def test_a_reply_crafted_to_blow_up_the_judge_is_bad_output_in_little_memory(course, t_en, solution_copy,
                                                                               monkeypatch):
    """~2.4 MB: a numerical gradient of shape (300000, 1, 1) next to a wrong dW. Broadcast by the
    gradient judge, it would take the grader's memory up by gigabytes."""
    aid = "a2_svm_softmax"
    code = solution_copy(aid)
    edit(code / "linear_svm.py", "    dW += 2 * reg * W\n", "    dW += 3 * reg * W\n")   # dW wrong: dW_num is used
    edit(code / "linear_svm.py", "import numpy as np\n", textwrap.dedent("""\
        import numpy as np
        import autograder.checks.a2_svm_softmax.calls as _checks
        _checks.eval_numerical_gradient_sampled = lambda f, x, *a, **k: np.zeros((300000, 1, 1))
        """))
    only = autograder.grading.reference.checks_for
    monkeypatch.setattr(autograder.grading.reference, "checks_for",
                        lambda a, hidden: [c for c in only(a, hidden) if c.part == "svm_naive"])
    grade_dir(course, aid, SOLUTIONS / aid, t_en)        # the reference's outputs cached, the fork server up
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    try:
        [r], _ = grade_dir(course, aid, code, t_en)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    grown_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss
    assert peak < 64 * 2**20, f"the grader allocated {peak / 2**20:.0f} MB while grading"
    assert grown_kb < 256 * 1024, f"the grader's peak RSS grew by {grown_kb / 1024:.0f} MB"
    assert (r.status, r.score) == ("bad_output", 0), r.message
    assert "dW_num: expected shape" in r.message and "(300000, 1, 1)" in r.message
