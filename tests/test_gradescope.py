"""The Gradescope autograder zip, run exactly as Gradescope runs it (the layout, the image's Python
without the kit, and a host without namespaces: tests/gradescope_layout.py): the reference gets full
marks, the stub nothing, a hostile student nothing of the solutions."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile

import pytest

from autograder.config.paths import ASSIGNMENTS, SOLUTIONS
from tests.gradescope_layout import (  # noqa: F401  (fixtures: Gradescope's layout)
    AID, STUDENT_FILES, autograder_zip, clean_env, gradescope, image, image_python, readable_tmp, run_autograder,
    submit)


def test_zip_has_setup_and_run_autograder_and_the_reference(autograder_zip):
    with zipfile.ZipFile(autograder_zip) as zf:
        names = set(zf.namelist())
        modes = {i.filename: i.external_attr >> 16 for i in zf.infolist()}
        setup = zf.read("setup.sh").decode()
        requirements = zf.read("requirements.txt").decode()
    assert {"setup.sh", "run_autograder", "course.yml", "requirements.txt", "autograder/__init__.py",
            "autograder/commands/gradescope.py", f"solutions/{AID}/linear_score.py", "datasets/data_utils.py"} <= names
    assert any(n == f"autograder/checks/{AID}.py" or n.startswith(f"autograder/checks/{AID}/") for n in names)
    assert modes["setup.sh"] & 0o111 and modes["run_autograder"] & 0o111
    assert "pip install" in setup and "-r requirements.txt" in setup
    pins = [line for line in requirements.splitlines() if line and not line.startswith("#")]
    assert pins and all("==" in line for line in pins)
    assert not any("/samples/" in n and not n.endswith("__init__.py") for n in names)


def test_scripts_are_valid_bash(autograder_zip, tmp_path):
    with zipfile.ZipFile(autograder_zip) as zf:
        zf.extractall(tmp_path)
    for name in ("setup.sh", "run_autograder"):
        proc = subprocess.run(["bash", "-n", str(tmp_path / name)], capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr


def test_a_kit_that_cannot_start_still_writes_results(autograder_zip, tmp_path):
    """No interpreter with the requirements: Gradescope still gets a results.json that says so."""
    with zipfile.ZipFile(autograder_zip) as zf:
        zf.extractall(tmp_path / "source")
    script = tmp_path / "run_autograder"
    shutil.copy(tmp_path / "source" / "run_autograder", script)
    proc = subprocess.run(["bash", str(script)], cwd="/", capture_output=True, text=True, timeout=60,
                          env=clean_env(AUTOGRADER_ROOT=str(tmp_path), PYTHON="/nonexistent/python3"))
    results = json.loads((tmp_path / "results" / "results.json").read_text())
    assert proc.returncode != 0 and results["score"] == 0 and "course staff" in results["output"]


@pytest.mark.slow
def test_reference_submission_gets_full_marks_from_the_zips_own_kit(gradescope, course):
    submit(gradescope, SOLUTIONS / AID)
    results, log = run_autograder(gradescope)
    assert f"kit {gradescope / 'source'}" in log   # the zip's copy graded: the image's Python has no other
    total = course.assignments[AID].total_points
    assert results["score"] == total
    assert {t["name"] for t in results["tests"]} == set(course.assignments[AID].parts)
    assert all(t["status"] == "passed" for t in results["tests"]), results["tests"]
    hidden = {t["name"]: t["visibility"] for t in results["tests"] if t["name"].endswith("_hidden")}
    assert hidden and set(hidden.values()) == {"after_due_date"}
    assert results["extra_data"]["student_id"] == "2026-12345"


@pytest.mark.slow
def test_stub_submission_gets_zero_and_says_why(gradescope):
    submit(gradescope, ASSIGNMENTS / AID)
    results, _ = run_autograder(gradescope)
    assert results["score"] == 0
    assert all(t["status"] == "failed" and t["score"] == 0 for t in results["tests"])
    assert all("NotImplementedError" in t["output"] or "not implemented" in t["output"] for t in results["tests"])


HOSTILE = '''
import glob, importlib.util, os

import numpy as np


def linear_scores(X, W, b):
    """Reads what it can of the grader's files and answers with the reference when it can load it."""
    import autograder
    kit = os.path.dirname(os.path.dirname(autograder.__file__))
    seen = ["HOSTILE-RAN kit=" + kit]
    targets = [os.path.join(kit, "solutions", "a1_knn_linear", "linear_score.py"),
               os.path.join(kit, ".autograder-secret"), os.path.join(kit, "course.yml")]
    targets += glob.glob(os.path.join(os.path.dirname(kit), "**", "*.py"), recursive=True)[:50]
    for path in targets:
        try:
            with open(path) as f:
                seen.append(path + ": " + f.read())
        except OSError as exc:
            seen.append(path + ": " + type(exc).__name__)
    print("\\n".join(seen))
    try:
        spec = importlib.util.spec_from_file_location("ref", targets[0])
        ref = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(ref)
        return ref.linear_scores(X, W, b)
    except Exception as exc:
        raise RuntimeError(" | ".join(seen)[:4000]) from exc
'''


def solution_lines() -> set[str]:
    """The lines between the solution markers of the reference's student files."""
    lines = set()
    for name in STUDENT_FILES:
        text = (SOLUTIONS / AID / name).read_text()
        for block in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", text, re.S):
            lines |= {line.strip() for line in block.splitlines() if len(line.strip()) >= 12}
    return lines


@pytest.mark.slow
def test_a_hostile_submission_gets_nothing_of_the_solutions_nor_the_secret(gradescope):
    submit(gradescope, ASSIGNMENTS / AID)
    (gradescope / "submission" / "linear_score.py").write_text(HOSTILE)
    results, log = run_autograder(gradescope)
    text = json.dumps(results, ensure_ascii=False)
    scores = {t["name"]: t["score"] for t in results["tests"]}
    assert results["score"] == 0 and scores["linear_scores"] == 0
    assert "HOSTILE-RAN" in text and "PermissionError" in text, "the attack ran and was refused"
    secret = (gradescope / "source" / ".autograder-secret").read_text().strip()
    assert secret not in text and secret not in log
    leaked = [line for line in solution_lines() if line in text or line in log]
    assert not leaked, leaked


@pytest.mark.slow
def test_a_packed_zip_upload_is_graded(gradescope, course):
    with zipfile.ZipFile(gradescope / "submission" / f"{AID}.zip", "w") as zf:
        for name in STUDENT_FILES:
            zf.write(SOLUTIONS / AID / name, f"{AID}/{name}")
    results, _ = run_autograder(gradescope)
    assert results["score"] == course.assignments[AID].total_points


@pytest.mark.slow
def test_an_empty_submission_still_gets_results(gradescope):
    results, _ = run_autograder(gradescope)
    assert results["score"] == 0 and results["tests"]
    assert all(t["status"] == "failed" for t in results["tests"])


@pytest.mark.slow
def test_zip_carries_a_derived_secret_that_stays_roots_alone(autograder_zip, gradescope, course):
    """Hidden inputs on Gradescope come from a secret derived for this zip: stable across regrades
    there, never the course secret itself, and readable by root alone once the image is built."""
    from autograder.grading.secret import course_secret
    with zipfile.ZipFile(autograder_zip) as zf:
        shipped = zf.read(".autograder-secret").decode().strip()
        assert shipped not in zf.read("course.yml").decode()
    assert len(shipped) == 64 and shipped.encode() != course_secret(course)
    submit(gradescope, SOLUTIONS / AID)
    first, _ = run_autograder(gradescope)
    assert (gradescope / "source" / ".autograder-secret").stat().st_mode & 0o077 == 0
    again, _ = run_autograder(gradescope)
    assert [(t["name"], t["score"], t["output"]) for t in first["tests"]] == \
        [(t["name"], t["score"], t["output"]) for t in again["tests"]]
