"""Gradescope's /autograder layout for the kit's tests (shared by test_gradescope and test_fences).

Gradescope builds an image with the zip's files in /autograder/source and runs `setup.sh` there once;
then, for each submission, it runs its copy /autograder/run_autograder, with the upload in
/autograder/submission, and reads /autograder/results/results.json. Here that layout lies in a temporary
AUTOGRADER_ROOT, and the image's Python is an interpreter with every requirement and NOT the kit (a venv
of hard links to the development venv's packages, the kit's editable install left out): whatever grades
must be the zip's own copy of the kit. The host is taken as Gradescope's: root without namespaces.
Import the fixtures `autograder_zip, image_python, image, gradescope` into a test module to use them.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

import pytest

from autograder.config.paths import ROOT
from autograder.release.bundle import gradescope_bundle

AID = "a1_knn_linear"
STUDENT_FILES = ("k_nearest_neighbor.py", "linear_score.py")


@pytest.fixture(scope="module")
def autograder_zip(course, tmp_path_factory):
    return gradescope_bundle(course, AID).write(tmp_path_factory.mktemp("gradescope"))


def readable_tmp(prefix: str) -> Path:
    """A temporary folder the sandbox's own user can reach (pytest's are 0700)."""
    path = Path(tempfile.mkdtemp(prefix=prefix))
    path.chmod(0o755)
    return path


@pytest.fixture(scope="module")
def image_python():
    """An interpreter with the kit's requirements and without the kit: a venv whose site-packages are hard
    links to the development venv's, less the kit's editable install (its .pth and finder)."""
    packages = Path(sysconfig.get_paths()["purelib"])
    folder = readable_tmp("gradescope-image-")
    try:
        subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(folder / "venv")], check=True)
        target = Path(sysconfig.get_paths(vars={"base": str(folder / "venv"), "platbase": str(folder / "venv")})
                      ["purelib"])
        linked = subprocess.run(["cp", "-al", f"{packages}/.", str(target)], capture_output=True, text=True)
        if linked.returncode != 0:
            pytest.skip(f"cannot hard-link the venv's packages here: {linked.stderr.strip()}")
        for entry in target.iterdir():
            kit = entry.name.startswith(("__editable__", "dl_autograder")) or (
                entry.suffix == ".pth" and str(ROOT) in entry.read_text(errors="replace"))
            if kit:
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        python = folder / "venv" / "bin" / "python"
        probe = subprocess.run([str(python), "-c", "import autograder"], cwd="/", capture_output=True, text=True,
                               env={"PATH": "/usr/bin:/bin"})
        assert "No module named 'autograder'" in probe.stderr, "the image's Python must not have the kit"
        yield python
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def clean_env(**extra) -> dict:
    """Gradescope's environment: nothing of the development venv (PATH, PYTHONPATH, the kit's variables)."""
    env = {"PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": os.environ.get("HOME", "/root"),
           "AUTOGRADER_NAMESPACES": "0"}   # Gradescope: root without CAP_SYS_ADMIN
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def image(autograder_zip, image_python):
    """/autograder after the image build: the zip unpacked into source/ (modes kept, as Gradescope
    does), setup.sh run there once with the image's Python (offline: every requirement is there),
    run_autograder copied to /autograder/run_autograder."""
    top = readable_tmp("gradescope-")
    root = top / "autograder"
    with zipfile.ZipFile(autograder_zip) as zf:
        zf.extractall(root / "source")
        for info in zf.infolist():   # zipfile drops the mode bits; Gradescope keeps them
            (root / "source" / info.filename).chmod(info.external_attr >> 16 or 0o644)
    setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], cwd=top, capture_output=True, text=True,
                           env=clean_env(PYTHON=str(image_python), PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1"),
                           timeout=600)
    assert setup.returncode == 0, setup.stdout[-3000:] + setup.stderr[-3000:]
    shutil.copy2(root / "source" / "run_autograder", root / "run_autograder")
    yield root
    shutil.rmtree(top, ignore_errors=True)


@pytest.fixture
def gradescope(image):
    """A fresh submission of one student in the image."""
    for name in ("submission", "results"):
        shutil.rmtree(image / name, ignore_errors=True)
        (image / name).mkdir()
    (image / "submission_metadata.json").write_text(json.dumps({"users": [{"sid": "2026-12345", "name": "Kim"}]}))
    return image


def run_autograder(root: Path) -> tuple[dict, str]:
    """/autograder/run_autograder as Gradescope starts it (no PYTHON, no PYTHONPATH, another working
    folder); returns results.json and what it printed."""
    proc = subprocess.run([str(root / "run_autograder")], cwd=root.parent, env=clean_env(AUTOGRADER_ROOT=str(root)),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads((root / "results" / "results.json").read_text()), proc.stdout + proc.stderr


def submit(root: Path, folder: Path) -> None:
    for name in STUDENT_FILES:
        shutil.copy(folder / name, root / "submission" / name)
