"""pack: the zip holds exactly the graded files, refuses what the grader could not read, and
grades the same way on the instructor's side as the student's self-check said."""
import csv
import datetime as dt
import shutil
import subprocess
import sys
import zipfile

import pytest

from autograder.config.messages import translator
from autograder.student.pack import PackError, pack
from autograder.config.paths import ASSIGNMENTS, ROOT, SOLUTIONS
from tests.conftest import edit

AID = "a1_knn_linear"
T = translator("en")


def copy_solution(tmp_path, aid=AID):
    folder = tmp_path / "work" / aid
    shutil.copytree(SOLUTIONS / aid, folder, ignore=shutil.ignore_patterns("__pycache__"))
    (folder / "notes.txt").write_text("my notes")
    (folder / "__pycache__").mkdir(exist_ok=True)
    (folder / "__pycache__" / "x.pyc").write_bytes(b"\0")
    (folder / ".ipynb_checkpoints").mkdir(exist_ok=True)
    return folder


def test_zip_holds_exactly_the_graded_files(course, tmp_path):
    folder = copy_solution(tmp_path)
    out = pack(course, AID, folder, tmp_path / f"{AID}.zip", T)
    with zipfile.ZipFile(out) as zf:
        names = sorted(zf.namelist())
        sums = zf.read("SHA256SUMS").decode()
        stamp = zf.read("timestamp.txt").decode()
    assert names == sorted(["k_nearest_neighbor.py", "linear_score.py", f"{AID}.ipynb", "timestamp.txt",
                            "SHA256SUMS"])
    assert "k_nearest_neighbor.py" in sums and len(sums.splitlines()) == 4
    assert stamp.strip().endswith(" UTC") and stamp[:2] == "20"


@pytest.mark.parametrize("problem,expected", [
    ("missing", "k_nearest_neighbor.py is missing"),
    ("syntax", "linear_score.py line {line} is not valid Python"),   # the line of the broken statement
    ("notebook", "is not a valid notebook"),
], ids=["missing-file", "not-python", "not-json"])
def test_refusals_say_the_fix(course, tmp_path, problem, expected):
    folder = copy_solution(tmp_path)
    if problem == "missing":
        (folder / "k_nearest_neighbor.py").unlink()
    elif problem == "syntax":
        edit(folder / "linear_score.py", "scores = X.dot(W) + b", "scores = X.dot(W) +")
        lines = (folder / "linear_score.py").read_text().splitlines()
        expected = expected.format(line=next(i for i, text in enumerate(lines, 1) if "scores = X.dot(W) +" in text))
    else:
        (folder / f"{AID}.ipynb").write_text("{ not json")
    with pytest.raises(PackError, match=expected):
        pack(course, AID, folder, tmp_path / "x.zip", T)
    assert not (tmp_path / "x.zip").exists()


def test_checkpoint_over_the_limit_is_refused(course, tmp_path):
    aid = "a6_rnn_stock"
    if not (SOLUTIONS / aid / f"{aid}.ipynb").is_file():
        pytest.skip("a6 not built")
    folder = tmp_path / aid
    shutil.copytree(SOLUTIONS / aid, folder)
    with open(folder / "checkpoint.pt", "wb") as f:
        f.truncate(int((course.assignments[aid].max_checkpoint_mb + 1) * 2**20))
    with pytest.raises(PackError, match="over the"):
        pack(course, aid, folder, tmp_path / "x.zip", T)


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd, capture_output=True, text=True)


@pytest.mark.slow
def test_packed_zip_grades_as_the_self_check_said(tmp_path):
    """Reference and untouched stub, packed by the CLI, graded from <student>/<aid>.zip."""
    submitted = tmp_path / "submitted"
    for student, folder in (("kim", copy_solution(tmp_path)), ("lee", ASSIGNMENTS / AID)):
        (submitted / student).mkdir(parents=True)
        proc = run_cli("pack", AID, "--dir", str(folder), "--out", str(submitted / student / f"{AID}.zip"),
                       "--lang", "en")
        assert proc.returncode == 0, proc.stdout + proc.stderr
        assert "Wrote" in proc.stdout
    proc = run_cli("grade", AID, "--submissions", str(submitted), "--out", str(tmp_path / "out"), "--lang", "en")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    with open(tmp_path / "out" / "grades.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    kim = [r for r in rows if r["student_id"] == "kim"]
    lee = [r for r in rows if r["student_id"] == "lee"]
    assert kim and all(r["status"] == "passed" for r in kim), [(r["part"], r["message"]) for r in kim]
    # packed today, after a1's due date: the late policy takes its share, the rest is the self-check's
    assert sum(float(r["score"]) + float(r["late_penalty"]) for r in kim) == sum(float(r["max_score"]) for r in kim)
    assert lee and all(float(r["score"]) == 0 for r in lee)
    assert all(r["status"] == "not_implemented" for r in lee), {r["part"]: r["status"] for r in lee}
    assert all("not implemented yet" in r["message"] for r in lee)


def test_zip_packed_before_the_due_date_scores_in_full(course, tmp_path):
    from autograder.grading.batch import run_batch
    due = course.cohort().dates[AID].due
    submitted = tmp_path / "submitted" / "kim"
    submitted.mkdir(parents=True)
    pack(course, AID, copy_solution(tmp_path), submitted / f"{AID}.zip", T, now=due - dt.timedelta(hours=1))
    records = run_batch(course, AID, tmp_path / "submitted", tmp_path / "out", lang="en", progress=False)
    results = records["kim"].final_results()
    assert all(r.status == "passed" for r in results), [(r.part, r.message) for r in results]
    assert sum(r.score for r in results) == course.assignments[AID].total_points
