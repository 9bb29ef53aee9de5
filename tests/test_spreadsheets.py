"""Spreadsheets and the LMS (issue #18): CSVs in UTF-8 with a BOM (Excel on Korean Windows), numbers stay
numbers, formulas stay neutralised, and canvas.csv's Student/ID/SIS/Section columns from a roster."""
from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from autograder.config.paths import ASSIGNMENTS, ROOT, SOLUTIONS
from autograder.model.check import Result
from autograder.report.csvs import CANVAS_COLUMNS, GRADE_COLUMNS, canvas_csv, course_canvas_csv, grades_csv, read_csv
from autograder.report.record import StudentRecord
from autograder.report.roster import RosterError, read_roster

AID = "a1_knn_linear"


def record(student: str, scores: list[float], message: str = "matches the reference") -> StudentRecord:
    results = [Result(part=f"p{i}", score=s, max_score=10.0, status="passed" if s == 10 else "failed",
                      message=message) for i, s in enumerate(scores)]
    return StudentRecord(student=student, assignment=AID, results=results)


def rows_of(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_csvs_start_with_a_bom_and_keep_korean_numbers_and_the_formula_fence(tmp_path):
    records = [record("이서연", [10, 2.5], message="=HYPERLINK(\"http://x\") 기대값 1.5"), record("-1+2", [10, 10])]
    text = grades_csv(records)
    path = tmp_path / "grades.csv"
    path.write_text(text, encoding="utf-8")
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")                     # what makes Excel read UTF-8, not cp949
    assert "이서연".encode() in data
    rows = read_csv(path)
    assert list(rows[0]) == GRADE_COLUMNS
    assert rows[0]["student_id"] == "이서연" and rows[0]["score"] == "10" and rows[1]["score"] == "2.5"
    assert rows[0]["message"].startswith("'=HYPERLINK")          # never run as a formula
    assert rows[2]["student_id"] == "'-1+2"
    canvas = rows_of(canvas_csv(records, AID, 20.0))
    assert canvas[0] == CANVAS_COLUMNS + [AID] and canvas[1][5] == "20"
    assert canvas[2] == ["이서연", "", "이서연", "", "", "12.5"]   # no roster: the folder name stands in


def write_roster(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8-sig")   # as Excel saves "CSV UTF-8"
    return path


def test_roster_fills_canvas_columns_in_its_order(tmp_path):
    roster = read_roster(write_roster(tmp_path / "roster.csv",
                                      "student_id,name,sis_user_id,section\n"
                                      "2026002,박지훈,S2026002,002\n"
                                      "2026001,김민준,S2026001,001\n"
                                      "2026003,Lee Seoyeon,S2026003,001\n"))
    records = [record("2026001", [10, 10]), record("2026002", [10, 0]), record("walk-in", [0, 0])]
    rows = rows_of(canvas_csv(records, AID, 20.0, roster))
    assert rows[2] == ["박지훈", "", "S2026002", "", "002", "10"]
    assert rows[3] == ["김민준", "", "S2026001", "", "001", "20"]
    assert rows[4] == ["Lee Seoyeon", "", "S2026003", "", "001", ""]   # no submission: Canvas leaves it as it is
    assert rows[5] == ["walk-in", "", "walk-in", "", "", "0"]          # not on the roster: the fallback row


def test_a_canvas_export_is_a_roster_matched_by_login_id(tmp_path):
    """Canvas's own gradebook export (Student, ID, SIS User ID, SIS Login ID, Section, a Points Possible
    row): submissions named by login id find their student."""
    roster = read_roster(write_roster(tmp_path / "export.csv",
                                      "Student,ID,SIS User ID,SIS Login ID,Section,Quiz 1 (812)\n"
                                      "    Points Possible,,,,,10\n"
                                      "\"Kim, Minjun\",4711,2026001,minjun.kim,DL 001,9\n"))
    rows = rows_of(course_canvas_csv({AID: [record("minjun.kim", [10, 5])]}, {AID: 20.0}, roster))
    assert rows[2] == ["Kim, Minjun", "4711", "2026001", "minjun.kim", "DL 001", "15"]
    assert len(rows) == 3


@pytest.mark.parametrize("text, expected", [
    ("name,section\nKim,001\n", "line 1: no id column"),
    ("student_id,name\n1,Kim\n1,Park\n", "line 3: id 1 is already on line 2"),
])
def test_a_bad_roster_says_which_line(tmp_path, text, expected):
    with pytest.raises(RosterError, match=expected):
        read_roster(write_roster(tmp_path / "roster.csv", text))
    with pytest.raises(RosterError, match="not found"):
        read_roster(tmp_path / "missing.csv")


@pytest.mark.slow
def test_grade_with_a_roster_writes_canvas_csv_from_it():
    folder = Path(tempfile.mkdtemp(prefix="roster-"))   # readable by the sandbox's user
    folder.chmod(0o755)
    try:
        submissions = folder / "submitted"
        shutil.copytree(SOLUTIONS / AID, submissions / "2026001" / AID, ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ASSIGNMENTS / AID, submissions / "2026009" / AID, ignore=shutil.ignore_patterns("__pycache__"))
        roster = write_roster(folder / "roster.csv", "student_id,name,sis_user_id,section\n2026001,김민준,S1,001\n")
        env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_COURSE"}
        proc = subprocess.run([sys.executable, "-m", "autograder", "grade", AID, "--submissions", str(submissions),
                               "--out", str(folder / "out"), "--roster", str(roster), "--no-progress"],
                              cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "not on the roster: 2026009" in proc.stdout
        rows = rows_of((folder / "out" / "canvas.csv").read_text(encoding="utf-8"))
        assert rows[2][:5] == ["김민준", "", "S1", "", "001"] and float(rows[2][5]) == 100
        assert rows[3][:5] == ["2026009", "", "2026009", "", ""] and float(rows[3][5]) == 0
        assert (folder / "out" / "grades.csv").read_bytes().startswith(b"\xef\xbb\xbf")
        bad = subprocess.run([sys.executable, "-m", "autograder", "grade", AID, "--submissions", str(submissions),
                              "--out", str(folder / "out2"), "--roster", str(folder / "nope.csv")],
                             cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
        assert bad.returncode == 2 and "roster file not found" in bad.stdout and not (folder / "out2").exists()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
