"""The instructor's batch on real a1 submissions (tests/data/samples): every output, late policy,
parallel workers, odd student ids, zips, missing and empty submissions, and SIGKILL + --resume."""
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import pytest

from autograder.grading.batch import run_batch
from autograder.report.csvs import GRADE_COLUMNS
from autograder.config.paths import ROOT
from tests.data.samples import build_sample, load_samples

AID = "a1_knn_linear"
TIMED = {"speed_no_loops"}      # clocked parts: their score may differ between two runs on a busy machine


def sample_cohort(dest, extra_copies=0):
    """The a1 sample students, plus copies of the reference under more ids."""
    samples = load_samples(AID)
    for sample in samples:
        build_sample(AID, sample, dest)
    for i in range(extra_copies):
        shutil.copytree(dest / samples[0].student / AID, dest / f"copy {i}" / AID)
    return samples


def read_csv(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


def zip_folder(folder, archive):
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                z.write(path, path.relative_to(folder.parent).as_posix())


@pytest.fixture(scope="module")
def graded(tmp_path_factory, course):
    subs = tmp_path_factory.mktemp("submitted")
    out = tmp_path_factory.mktemp("out")
    sample_cohort(subs)
    ref = subs / "kim-minjun" / AID
    # a late copy of the reference: due 2026-09-21 23:59 KST = 14:59 UTC; 1 day 2 h late -> 2 days, 20 %
    shutil.copytree(ref, subs / "late student" / AID)
    (subs / "late student" / AID / "timestamp.txt").write_text("2026-09-22 17:00:00.000000 UTC\n")
    (subs / "zip-student").mkdir()
    zip_folder(ref, subs / "zip-student" / f"{AID}.zip")
    (subs / "no-submission").mkdir()
    (subs / "empty-folder" / AID).mkdir(parents=True)
    records = run_batch(course, AID, subs, out, lang="en", workers=2, progress=False)
    return records, out


def test_every_student_gets_every_part_in_grades_csv(graded, course):
    records, out = graded
    rows = read_csv(out / "grades.csv")
    assert rows[0] == GRADE_COLUMNS
    parts = list(course.assignments[AID].parts)
    students = sorted({r[0] for r in rows[1:]})
    assert students == sorted(["kim-minjun", "이서연", "park ji-ho", "choi-yuna", "jung-hoon", "late student",
                               "zip-student", "no-submission", "empty-folder"])
    for student in students:
        assert sorted(r[2] for r in rows[1:] if r[0] == student) == sorted(parts), student
    by = {(r[0], r[2]): dict(zip(GRADE_COLUMNS, r)) for r in rows[1:]}
    assert by[("kim-minjun", "dists_two_loops")]["status"] == "passed"
    assert by[("이서연", "linear_scores")]["status"] == "not_implemented"
    assert by[("park ji-ho", "dists_no_loops")]["status"] == "failed"
    assert "square root" in by[("park ji-ho", "dists_no_loops")]["message"]
    assert by[("jung-hoon", "dists_two_loops")]["status"] == "syntax_error"
    assert by[("no-submission", "linear_scores")]["status"] == "missing_file"
    assert "neither a1_knn_linear/ nor a1_knn_linear.zip" in by[("no-submission", "linear_scores")]["message"]
    assert "empty" in by[("empty-folder", "dists_one_loop")]["message"]
    untimed = [p for p in parts if p not in TIMED]
    assert all(by[("zip-student", p)]["status"] == "passed" for p in untimed)
    assert records["이서연"].total == 0


def test_late_penalty_is_applied_per_part(graded):
    records, out = graded
    late, on_time = records["late student"], records["kim-minjun"]
    assert late.late["days_late"] == 2 and late.late["share"] == pytest.approx(0.2)
    assert late.total == pytest.approx(late.raw_total * 0.8)
    assert on_time.late["share"] == 0 and on_time.total == on_time.raw_total
    rows = [dict(zip(GRADE_COLUMNS, r)) for r in read_csv(out / "grades.csv")[1:] if r[0] == "late student"]
    row = next(r for r in rows if r["part"] == "dists_two_loops")
    assert (float(row["score"]), float(row["late_penalty"]), float(row["max_score"])) == (8, 2, 10)


def test_results_json_follows_gradescope(graded, course):
    records, out = graded
    data = json.loads((out / "park ji-ho" / "results.json").read_text(encoding="utf-8"))
    assert set(data) >= {"score", "execution_time", "output", "tests"}
    assert data["score"] == records["park ji-ho"].total
    tests = {t["name"]: t for t in data["tests"]}
    assert set(tests) == set(course.assignments[AID].parts)
    for test in data["tests"]:
        assert set(test) >= {"name", "score", "max_score", "status", "output", "visibility"}
        assert test["status"] in ("passed", "failed")
    assert tests["dists_hidden"]["visibility"] == "after_due_date"
    assert tests["dists_two_loops"]["visibility"] == "visible"
    assert tests["dists_no_loops"]["status"] == "failed" and "square root" in tests["dists_no_loops"]["output"]
    assert sum(t["score"] for t in data["tests"]) == pytest.approx(data["score"])
    stub = json.loads((out / "이서연" / "results.json").read_text(encoding="utf-8"))
    assert stub["score"] == 0 and all(t["status"] == "failed" for t in stub["tests"])


def test_canvas_csv_one_row_a_student(graded):
    records, out = graded
    rows = read_csv(out / "canvas.csv")
    assert rows[0][:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"] and rows[0][5] == AID
    assert rows[1][0] == "Points Possible" and rows[1][5] == "100"
    totals = {r[2]: float(r[5]) for r in rows[2:]}
    assert totals == {s: rec.total for s, rec in records.items()}
    assert (out / "report.html").is_file()
    assert all((out / s / "feedback.html").is_file() for s in records)


@pytest.mark.slow
def test_sigkill_mid_batch_then_resume_gives_the_same_grades(tmp_path):
    subs = tmp_path / "submitted"
    sample_cohort(subs, extra_copies=3)
    total = len(list(subs.iterdir()))
    env = dict(os.environ, PYTHONPATH=str(ROOT))

    def grade(out, *extra, **kw):
        cmd = [sys.executable, "-m", "autograder", "grade", AID, "--submissions", str(subs), "--out", str(out),
               "--lang", "en", "--no-progress", *extra]
        return subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)

    whole = grade(tmp_path / "whole", "--workers", "2")
    assert whole.wait(timeout=300) == 0, whole.stdout.read().decode()

    killed_out = tmp_path / "killed"
    proc = grade(killed_out, "--workers", "1")
    deadline = time.time() + 120
    while time.time() < deadline and len(list(killed_out.glob("*/record.json"))) < 2:
        time.sleep(0.02)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    done_before = {p.parent.name: p.stat().st_mtime_ns for p in killed_out.glob("*/record.json")}
    assert 2 <= len(done_before) < total, "the batch should have been stopped half way"
    assert not (killed_out / "grades.csv").exists()

    resumed = grade(killed_out, "--workers", "2", "--resume")
    assert resumed.wait(timeout=300) == 0, resumed.stdout.read().decode()
    kept = {s: (killed_out / s / "record.json").stat().st_mtime_ns for s in done_before}
    assert kept == done_before, "finished students must not be graded again"

    def untimed(path):
        return [r for r in read_csv(path) if r[2] not in TIMED]

    assert untimed(killed_out / "grades.csv") == untimed(tmp_path / "whole" / "grades.csv")
    assert len(untimed(killed_out / "grades.csv")) == 1 + total * 10

    # a submission that changed since its record was written is graded again on --resume
    student = next(s for s in done_before if s != "jung-hoon")
    target = subs / student / AID / "linear_score.py"
    target.write_text(target.read_text() + "\nraise ImportError('changed')\n")
    again = grade(killed_out, "--resume")
    assert again.wait(timeout=300) == 0
    rows = {r[2]: r for r in read_csv(killed_out / "grades.csv") if r[0] == student}
    assert rows["linear_scores"][5] == "import_error"
    others = {s: (killed_out / s / "record.json").stat().st_mtime_ns for s in done_before if s != student}
    assert others == {s: m for s, m in done_before.items() if s != student}
