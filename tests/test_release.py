"""The cohort release: zips and manifest only when the gate passes, and a student zip that lets a
student run the public self-check offline, without solutions/ anywhere."""
from __future__ import annotations

import ast
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pytest

from autograder.config.paths import ROOT, SOLUTIONS
from autograder.release import bundle, check_source, pipeline

AID = "a1_knn_linear"
TOP = f"dl-intro-2026-{AID}"


@pytest.fixture(scope="module")
def released(tmp_path_factory, course):
    from autograder.config.messages import translator
    out = tmp_path_factory.mktemp("release")
    lines = []
    status = pipeline.release(course, "2026-fall", out, translator("en"), only=[AID], notebooks=False,
                              regenerate=False, log=lines.append)
    return status, out, "\n".join(lines)


@pytest.mark.slow
def test_release_passes_and_writes_zips_and_manifest(released, course):
    status, out, log = released
    assert status == 0, log
    assert sorted(p.name for p in out.iterdir()) == [f"{AID}-gradescope.zip", f"{AID}.zip", "manifest.json",
                                                     "nbgrader"]
    assert (out / "nbgrader" / "nbgrader_config.py").is_file() and (out / "nbgrader" / "source" / AID).is_dir()
    for step in ("course", "leak", "reference", "stub", "mutation"):
        assert f"gate {step}" in log
    assert "kill rate" in log and "assignment" in log    # progress lines and the summary table
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["course"] == "dl-intro-2026" and manifest["cohort"] == "2026-fall"
    a1 = manifest["assignments"][AID]
    assert a1["release"] == course.cohort().dates[AID].release.isoformat()
    assert a1["due"] == course.cohort().dates[AID].due.isoformat()
    assert a1["kill_rate"] >= course.release.min_kill_rate
    for name, digest in manifest["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    with zipfile.ZipFile(out / f"{AID}.zip") as zf:
        listed = a1["zips"][f"{AID}.zip"]["files"]
        assert sorted(zf.namelist()) == sorted(listed)
        assert all(hashlib.sha256(zf.read(n)).hexdigest() == listed[n] for n in zf.namelist())


@pytest.mark.slow
def test_student_zip_holds_student_files_public_checks_and_data_helpers_only(released):
    _, out, _ = released
    with zipfile.ZipFile(out / f"{AID}.zip") as zf:
        names = set(zf.namelist())
        checks = zf.read(f"{TOP}/autograder/checks/{AID}.py").decode()
    for name in ("k_nearest_neighbor.py", "linear_score.py", "test_public.py", f"{AID}.ipynb"):
        assert f"{TOP}/assignments/{AID}/{name}" in names
    assert f"{TOP}/datasets/data_utils.py" in names
    assert f"{TOP}/autograder/reference_outputs/{AID}/dists_two_loops.npz" in names
    assert not any(n.startswith(f"{TOP}/autograder/reference_outputs/{AID}/dists_hidden") for n in names)
    assert not any("/solutions/" in n for n in names)
    assert not any("/samples/" in n and not n.endswith("__init__.py") for n in names)
    assert not any(n.endswith(("a2_svm_softmax.py", "a3_backprop.py")) and "/checks/" in n for n in names)
    assert check_source.part_names(ast.parse(checks), hidden=True) == []
    assert "predict_labels_hidden" not in checks


@pytest.fixture
def unpacked(released):
    """The student zip unpacked where the sandbox's user can read it (pytest's tmp dirs are 0700)."""
    _, out, _ = released
    folder = Path(tempfile.mkdtemp(prefix="student-zip-"))
    folder.chmod(0o755)
    with zipfile.ZipFile(out / f"{AID}.zip") as zf:
        zf.extractall(folder)
    yield folder / TOP
    shutil.rmtree(folder, ignore_errors=True)


def run_kit(cwd, *args):
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUTOGRADER_COURSE")}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_student_runs_the_public_self_check_offline_from_the_zip(unpacked):
    kit = unpacked
    stub = run_kit(kit, "-m", "autograder", "check", AID, "--lang", "en")
    assert stub.returncode == 1, stub.stdout + stub.stderr
    assert "not implemented yet" in stub.stdout and "Traceback" not in stub.stdout + stub.stderr
    for name in ("k_nearest_neighbor.py", "linear_score.py"):
        shutil.copy(SOLUTIONS / AID / name, kit / "assignments" / AID / name)
    done = run_kit(kit, "-m", "autograder", "check", AID, "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All 8 parts pass" in done.stdout       # speed part included: timed against the own two-loop version
    assert not (kit / "solutions").exists()
    tests = run_kit(kit, "-m", "pytest", "-q", f"assignments/{AID}")
    assert tests.returncode == 0, tests.stdout[-2000:]
    # the manifest travels with the data helpers: offline, `data cifar10` fails on the download only
    data = run_kit(kit, "-m", "autograder", "data", "cifar10", "--root", str(kit / "cifar"))
    assert data.returncode != 0 and "could not download cifar10" in data.stderr, data.stdout + data.stderr
    assert "manifest" not in data.stderr and "Traceback" not in data.stderr


@pytest.mark.slow
def test_offline_speed_part_needs_the_own_baseline(unpacked):
    """Without solutions/ the speed part is clocked against the student's two-loop version; while that
    one is not written the part says so instead of passing."""
    kit = unpacked
    text = (SOLUTIONS / AID / "k_nearest_neighbor.py").read_text()
    text = text.replace("                dists[i, j] = np.sqrt(np.sum((X[i] - self.X_train[j]) ** 2))\n",
                        "                raise NotImplementedError()\n")
    (kit / "assignments" / AID / "k_nearest_neighbor.py").write_text(text)
    proc = run_kit(kit, "-m", "autograder", "check", AID, "--lang", "en")
    rows = {line.split()[0]: line for line in proc.stdout.splitlines() if line.strip()}
    assert "not implemented" in rows["speed_no_loops"] and "dists_no_loops" in rows
    assert "passed" in rows["dists_no_loops"]


@pytest.mark.slow
def test_a_leak_in_a_zip_fails_the_gate_and_nothing_is_written(course, tmp_path, monkeypatch):
    from autograder.config.messages import translator
    real = pipeline.student_bundle

    def leaky(course, aid, cohort, **kw):
        b = real(course, aid, cohort, **kw)
        b.files[f"{TOP}/notes.py"] = b"# my notes\nprint('answer'); scores = X.dot(W) + b  # from the answers\n"
        return b
    monkeypatch.setattr(pipeline, "student_bundle", leaky)
    out = tmp_path / "out"
    lines = []
    status = pipeline.release(course, "2026-fall", out, translator("en"), only=[AID], notebooks=False,
                              mutation=False, regenerate=False, log=lines.append)
    log = "\n".join(lines)
    assert status == 1
    assert f"[leak] {AID}.zip/{TOP}/notes.py:2: " in log and "solutions/a1_knn_linear/linear_score.py:" in log
    assert "release gate FAILED" in log and "nothing written" in log
    assert not out.exists()


def test_data_helpers_follow_what_the_assignment_reads():
    a1 = bundle.data_files(AID, bundle.assignment_sources(AID))
    assert set(a1) == {"datasets/data_utils.py", "datasets/manifest.json"}   # a1 reads no CSV
    if (SOLUTIONS / "a2_svm_softmax").is_dir():
        a2 = bundle.data_files("a2_svm_softmax", bundle.assignment_sources("a2_svm_softmax"))
        assert "datasets/data-04-zoo.csv" in a2


def test_release_command_help_and_unknown_cohort():
    proc = subprocess.run([sys.executable, "-m", "autograder", "release", "--cohort", "nope", "--out", "x"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 2 and "no cohort named 'nope'" in proc.stderr


def test_student_zip_ships_what_mistakes_return_and_offline_hints_read_it(course, t_en, solution_copy, tmp_path,
                                                                           monkeypatch):
    """The hints' simulators stay in solutions/mistakes/; the student zip gets their outputs on the
    public checks' seeds, and a kit without the simulators names the mistake from those arrays."""
    from autograder.model import mistakes
    from autograder.grading.reference import grade_dir
    from tests.conftest import by_part, edit
    a3 = "a3_backprop"
    files = bundle.mistake_files(a3)
    folder = f"autograder/reference_outputs/{a3}"
    assert {f"{folder}/{p}.mistakes.npz" for p in ("sgd", "sgd_momentum", "nesterov_momentum", "adagrad",
                                                   "rmsprop", "adam", "batchnorm_forward", "batchnorm_backward")} \
        == set(files)                                   # public checks only: no batchnorm_backward_hidden
    assert all(np.load(io.BytesIO(data), allow_pickle=False) is not None for data in files.values())
    assert not any(n.startswith("solutions/") for n in bundle.package_files(a3, public_only=True))
    assert f"solutions/mistakes/{a3}.py" in bundle.gradescope_bundle(course, a3).files   # staff grade with hints
    for name, data in files.items():
        (tmp_path / "kit" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "kit" / name).write_bytes(data)
    monkeypatch.setattr(mistakes, "SHIPPED", tmp_path / "kit" / "autograder" / "reference_outputs")
    monkeypatch.setattr(mistakes, "_modules", {a3: None})          # a student's kit: no simulators
    code = solution_copy(a3)
    edit(code / "optim.py", 'm_hat = config["m"] / (1 - beta1 ** t)\n    v_hat = config["v"] / (1 - beta2 ** t)',
         'm_hat = config["m"]\n    v_hat = config["v"]')
    edit(code / "layers.py", "dx = (dx_hat - dx_hat.mean(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0) / N) / std",
         "dx = dx_hat / std")
    results = by_part(grade_dir(course, a3, code, t_en)[0])
    assert "without bias correction" in results["adam"].message
    assert "missing the mean/variance terms" in results["batchnorm_backward"].message
    assert results["sgd"].status == "passed"
    from autograder.checks.a3_backprop import CHECKS
    seed = next(c.seed for c in CHECKS if c.part == "adam")
    assert mistakes.variants(a3, "adam", seed) and mistakes.variants(a3, "adam", seed + 1) == []   # other seed: none
