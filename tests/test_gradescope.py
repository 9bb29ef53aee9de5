"""The Gradescope autograder zip: laid out as Gradescope does (/autograder/source, submission,
results) in a temporary folder, `run_autograder` grades a reference and a stub submission."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from autograder.config.paths import ASSIGNMENTS, SOLUTIONS
from autograder.release.bundle import gradescope_bundle

AID = "a1_knn_linear"
STUDENT_FILES = ("k_nearest_neighbor.py", "linear_score.py")


@pytest.fixture(scope="module")
def autograder_zip(course, tmp_path_factory):
    return gradescope_bundle(course, AID).write(tmp_path_factory.mktemp("gradescope"))


@pytest.fixture
def gradescope(autograder_zip):
    """/autograder as Gradescope lays it out, in a folder the sandbox's user can read."""
    root = Path(tempfile.mkdtemp(prefix="gradescope-")) / "autograder"
    root.parent.chmod(0o755)
    with zipfile.ZipFile(autograder_zip) as zf:
        zf.extractall(root / "source")
        for info in zf.infolist():   # zipfile drops the mode bits; Gradescope keeps them
            (root / "source" / info.filename).chmod(info.external_attr >> 16 or 0o644)
    (root / "submission").mkdir()
    (root / "results").mkdir()
    (root / "submission_metadata.json").write_text(json.dumps({"users": [{"sid": "2026-12345", "name": "Kim"}]}))
    yield root
    shutil.rmtree(root.parent, ignore_errors=True)


def run_autograder(root: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUTOGRADER_COURSE")}
    env.update(AUTOGRADER_ROOT=str(root), PYTHON=sys.executable)
    proc = subprocess.run([str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True,
                          timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((root / "results" / "results.json").read_text())


def test_zip_has_setup_and_run_autograder_and_the_reference(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as zf:
        names = set(zf.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
        setup = zf.read("setup.sh").decode()
        requirements = zf.read("requirements.txt").decode()
    assert {"setup.sh", "run_autograder", "course.yml", "requirements.txt", f"autograder/checks/{AID}.py",
            f"solutions/{AID}/linear_score.py", "datasets/data_utils.py"} <= names
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    assert "pip install" in setup and "-r requirements.txt" in setup
    pins = [line for line in requirements.splitlines() if line and not line.startswith("#")]
    assert pins and all("==" in line for line in pins)
    assert not any("/samples/" in n and not n.endswith("__init__.py") for n in names)


def test_scripts_are_valid_bash(gradescope):
    for name in ("setup.sh", "run_autograder"):
        proc = subprocess.run(["bash", "-n", str(gradescope / "source" / name)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr


@pytest.mark.slow
def test_reference_submission_gets_full_marks(gradescope, course):
    for name in STUDENT_FILES:
        shutil.copy(SOLUTIONS / AID / name, gradescope / "submission" / name)
    results = run_autograder(gradescope)
    total = course.assignments[AID].total_points
    assert results["score"] == total
    assert {t["name"] for t in results["tests"]} == set(course.assignments[AID].parts)
    assert all(t["status"] == "passed" for t in results["tests"]), results["tests"]
    hidden = {t["name"]: t["visibility"] for t in results["tests"] if t["name"].endswith("_hidden")}
    assert hidden and set(hidden.values()) == {"after_due_date"}
    assert results["extra_data"]["student_id"] == "2026-12345"


@pytest.mark.slow
def test_stub_submission_gets_zero_and_says_why(gradescope):
    for name in STUDENT_FILES:
        shutil.copy(ASSIGNMENTS / AID / name, gradescope / "submission" / name)
    results = run_autograder(gradescope)
    assert results["score"] == 0
    assert all(t["status"] == "failed" and t["score"] == 0 for t in results["tests"])
    assert all("NotImplementedError" in t["output"] for t in results["tests"])


@pytest.mark.slow
def test_a_packed_zip_upload_is_graded(gradescope, course):
    with zipfile.ZipFile(gradescope / "submission" / f"{AID}.zip", "w") as zf:
        for name in STUDENT_FILES:
            zf.write(SOLUTIONS / AID / name, f"{AID}/{name}")
    results = run_autograder(gradescope)
    assert results["score"] == course.assignments[AID].total_points


def test_an_empty_submission_still_gets_results(gradescope):
    results = run_autograder(gradescope)
    assert results["score"] == 0 and results["tests"]
    assert all(t["status"] == "failed" for t in results["tests"])


def test_zip_carries_a_derived_secret_that_run_autograder_makes_roots_alone(autograder_zip, gradescope, course):
    """Hidden inputs on Gradescope come from a secret derived for this zip: stable across regrades
    there, never the course secret itself, and readable by root alone once run_autograder ran."""
    from autograder.grading.reference import course_secret
    with zipfile.ZipFile(autograder_zip) as zf:
        shipped = zf.read(".autograder-secret").decode().strip()
    assert len(shipped) == 64 and shipped.encode() != course_secret(course)
    assert shipped not in zipfile.ZipFile(autograder_zip).read("course.yml").decode()
    for name in STUDENT_FILES:
        shutil.copy(SOLUTIONS / AID / name, gradescope / "submission" / name)
    first = run_autograder(gradescope)
    assert (gradescope / "source" / ".autograder-secret").stat().st_mode & 0o077 == 0
    again = run_autograder(gradescope)
    assert [(t["name"], t["score"], t["output"]) for t in first["tests"]] == \
        [(t["name"], t["score"], t["output"]) for t in again["tests"]]
