"""`make demo` on a1 alone (the whole demo is `make demo`): the release first, then every sample
student in out/grades.csv with the reason for each failure, and the five outputs."""
import csv
import subprocess
import sys

import pytest

from autograder.config.paths import ROOT
from tests.data.samples import load_samples

AID = "a1_knn_linear"


@pytest.mark.slow
def test_demo_grades_every_sample_student_with_reasons(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run([sys.executable, "-m", "autograder", "demo", "--only", AID, "--out", str(out),
                           "--lang", "en"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    assert (out / "release" / "manifest.json").is_file(), proc.stdout[-3000:]
    with open(out / "grades.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert {"student_id", "assignment", "part", "score", "max_score", "status", "message"} <= set(rows[0])
    samples = load_samples(AID)
    assert {r["student_id"] for r in rows} == {s.student for s in samples}
    for r in rows:
        if r["status"] != "passed":
            assert r["message"].strip(), r
    by_student = {s.student: [r for r in rows if r["student_id"] == s.student] for s in samples}
    assert all(r["status"] == "passed" for r in by_student["kim-minjun"])
    assert {r["status"] for r in by_student["jung-hoon"]} >= {"syntax_error"}
    assert any("square root" in r["message"] for r in by_student["park ji-ho"])
    for name in ("grades.csv", "canvas.csv", "report.html"):
        assert (out / AID / name).is_file(), name
    assert (out / AID / "kim-minjun" / "results.json").is_file()
    assert (out / AID / "이서연" / "feedback.html").is_file()
    for s in samples:
        assert s.student in proc.stdout
