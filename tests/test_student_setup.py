"""A student's machine (issue #18): a fresh folder made from the student zip, with only its own requirements.

- a1-a4 ask for no torch (a3/a4 until their public checks stop importing it: see /work/coord notes),
  a5/a6 for torch with the CPU-wheel advice;
- `check` and `pack` run inside the unzipped assignment folder use that folder and the zip's own kit,
  with the packages the zip does not ask for made unimportable; anywhere else they refuse, naming the
  folder they expected.
"""
from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import pytest

from autograder.config.course import load_course
from autograder.config.messages import translator
from autograder.config.paths import ASSIGNMENTS, SOLUTIONS
from autograder.grading.late import pack_warning
from autograder.release import bundle
from autograder.release.generate import student_files, student_text
from autograder.release.requirements import kit_pins, student_packages, student_pyproject, student_requirements
from tests.conftest import KERNELS

AID = "a2_svm_softmax"
TOP = f"dl-intro-2026-{AID}"
NUMPY_ONLY = ["a1_knn_linear", "a2_svm_softmax"]
# a3's public net checks run stand-in layers computed by torch, a4's compare with torch's conv2d: both
# need torch, and ask for its CPU build (~10x smaller than the CUDA one)
TORCH = [("a3_backprop", {"torch"}), ("a4_cnn_layers", {"torch"}), ("a5_cifar10_gpu", {"torch", "torchvision"}),
         ("a6_rnn_stock", {"torch"})]
BLOCKER = '''import os, sys
BLOCKED = set(filter(None, os.environ.get("BLOCK_MODULES", "").split(",")))
class _Block:
    def find_spec(self, name, path=None, target=None):
        top = name.split(".")[0]
        if top in BLOCKED:
            raise ModuleNotFoundError(f"No module named {top!r}", name=top)
        return None
sys.meta_path.insert(0, _Block())
'''


def zip_files(aid: str) -> dict[str, bytes]:
    """What the student zip carries for the requirements (no reference run needed)."""
    files = {f"assignments/{aid}/{rel.as_posix()}": (ASSIGNMENTS / aid / rel).read_bytes()
             for rel in student_files(ASSIGNMENTS / aid)}
    files.update(bundle.package_files(aid, public_only=True))
    return files


def requirement_names(text: str) -> list[str]:
    return [line.split("==")[0].strip().lower() for line in text.splitlines() if line and not line.startswith("#")]


@pytest.mark.parametrize("aid", NUMPY_ONLY)
def test_numpy_assignments_ask_for_no_torch(aid):
    names = requirement_names(student_requirements(aid, zip_files(aid)))
    assert "numpy" in names and "pyyaml" in names
    assert not {"torch", "torchvision", "nbgrader", "scipy"} & set(names), names


@pytest.mark.parametrize("aid, extra", TORCH)
def test_torch_assignments_ask_for_torch_with_the_cpu_wheels(aid, extra):
    text = student_requirements(aid, zip_files(aid))
    assert extra <= set(requirement_names(text))
    assert "--extra-index-url https://download.pytorch.org/whl/cpu" in text
    assert kit_pins()["torch"] in text.splitlines()          # the grader's own version
    assert '"torch"' in student_pyproject(aid, zip_files(aid))


# ---------------------------------------------------------------- the unzipped student zip


@pytest.fixture(scope="module")
def student_zip(course, tmp_path_factory):
    out = tmp_path_factory.mktemp("zip")
    return bundle.student_bundle(course, AID, course.cohort().name).write(out)


@pytest.fixture
def fresh(student_zip):
    """The zip unpacked where the sandbox's user can read it (pytest's tmp dirs are 0700), and a
    site folder that makes every package the zip does not ask for unimportable."""
    folder = Path(tempfile.mkdtemp(prefix="student-setup-"))
    folder.chmod(0o755)
    with zipfile.ZipFile(student_zip) as zf:
        zf.extractall(folder)
    site = folder / "site"
    site.mkdir()
    (site / "sitecustomize.py").write_text(BLOCKER)
    yield folder / TOP, site
    shutil.rmtree(folder, ignore_errors=True)


def run_student(cwd: Path, site: Path, kit: Path | None, *args: str) -> subprocess.CompletedProcess:
    """`python -m autograder ARGS` in `cwd` as on the student's machine: the zip's kit on the path (as
    `pip install -e .` puts it), or `kit` None for the course repository's kit instead."""
    own = set(requirement_names((kit / "requirements.txt").read_text())) if kit else set()
    blocked = {"torch", "torchvision", "scipy", "tqdm", "nbgrader", "nbclient", "jinja2"} - own
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUTOGRADER_COURSE")}
    env["PYTHONPATH"] = os.pathsep.join([str(p) for p in (kit, site) if p])
    env["BLOCK_MODULES"] = ",".join(sorted(blocked))
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.mark.slow
def test_the_zip_asks_for_its_own_requirements_and_installs_in_place(student_zip):
    with zipfile.ZipFile(student_zip) as zf:
        requirements = zf.read(f"{TOP}/requirements.txt").decode()
        pyproject = zf.read(f"{TOP}/pyproject.toml").decode()
        readme = zf.read(f"{TOP}/README.md").decode()
    assert "torch" not in requirement_names(requirements)
    assert requirement_names(requirements) == student_packages(AID, zip_files(AID))
    assert 'include = ["autograder*"]' in pyproject and 'autograder = "autograder.cli:main"' in pyproject
    for step in ("python3 -m venv .venv", "Activate.ps1", "drive.mount", "pip install -q -e ../..",
                 f"!python -m autograder check {AID}", f"cd assignments\\{AID}"):
        assert step in readme, step


@pytest.mark.slow
def test_check_inside_the_folder_uses_the_folder_and_its_own_kit(fresh):
    kit, site = fresh
    folder = kit / "assignments" / AID
    stub = run_student(folder, site, kit, "check", "--lang", "en")
    assert stub.returncode == 1, stub.stdout + stub.stderr
    assert f"in {folder}" in stub.stdout and "not implemented yet" in stub.stdout
    assert "Traceback" not in stub.stdout + stub.stderr
    for name in ("linear_svm.py", "softmax.py", "linear_classifier.py"):
        shutil.copy(SOLUTIONS / AID / name, folder / name)
    done = run_student(folder, site, kit, "check", AID, "--lang", "en")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "All" in done.stdout and "parts pass" in done.stdout
    now = dt.datetime.now(dt.timezone.utc)
    packed = run_student(folder, site, kit, "pack", "--lang", "en")
    assert packed.returncode == 0, packed.stdout + packed.stderr
    late = pack_warning(load_course(kit / "course.yml"), AID, now, translator("en"))
    assert (late.split(";")[0] in packed.stdout) if late else "due date was" not in packed.stdout
    with zipfile.ZipFile(folder / f"{AID}.zip") as zf:
        assert zf.read("linear_svm.py") == (SOLUTIONS / AID / "linear_svm.py").read_bytes()


@pytest.mark.slow
def test_another_kit_hands_the_folder_to_the_folders_own_kit(fresh):
    """The course repository's kit (or an earlier assignment's) run in this folder checks this folder
    with this folder's kit: its course.yml (a part's points changed here) shows in the table."""
    kit, site = fresh
    course = kit / "course.yml"
    course.write_text(course.read_text().replace("svm_naive:                {points: 10}",
                                                 "svm_naive:                {points: 7}"))
    proc = run_student(kit / "assignments" / AID, site, None, "check", "--lang", "en")
    assert f"in {kit / 'assignments' / AID}" in proc.stdout, proc.stdout + proc.stderr
    row = next(line for line in proc.stdout.splitlines() if line.startswith("svm_naive "))
    assert "0/7" in row


@pytest.mark.slow
def test_outside_an_assignment_folder_check_and_pack_refuse_naming_the_folder(fresh, tmp_path):
    kit, site = fresh
    for verb in ("check", "pack"):
        proc = run_student(tmp_path, site, kit, verb, AID, "--lang", "en")
        assert proc.returncode == 2, proc.stdout + proc.stderr
        assert f"{AID}.ipynb" in proc.stderr and "--dir" in proc.stderr and str(tmp_path) in proc.stderr
        assert "Traceback" not in proc.stderr
    other = run_student(kit / "assignments" / AID, site, kit, "check", "a1_knn_linear", "--lang", "en")
    assert other.returncode == 2 and f"the folder of {AID}, not of a1_knn_linear" in other.stderr
    top = run_student(kit, site, kit, "check", AID, "--lang", "en")   # the zip's top: assignments/AID below
    assert f"in {kit / 'assignments' / AID}" in top.stdout, top.stdout + top.stderr


@pytest.mark.slow
def test_without_the_posix_sandbox_check_says_where_to_run_and_pack_still_packs(fresh):
    """Windows has no `resource`/`fcntl`: `check` says to use WSL or Colab, `pack` writes the zip anyway."""
    kit, site = fresh
    folder = kit / "assignments" / AID
    (site / "sitecustomize.py").write_text(BLOCKER.replace('os.environ.get("BLOCK_MODULES", "")',
                                                           '(os.environ.get("BLOCK_MODULES", "") + ",resource,fcntl")'))
    check = run_student(folder, site, kit, "check", "--lang", "en")
    assert check.returncode == 2 and "WSL" in check.stderr and "Traceback" not in check.stderr, check.stderr
    packed = run_student(folder, site, kit, "pack", "--lang", "en")
    assert packed.returncode == 0 and (folder / f"{AID}.zip").is_file(), packed.stdout + packed.stderr


@KERNELS
@pytest.mark.slow
def test_the_notebook_runs_in_the_fresh_folder_with_only_the_zips_requirements(fresh):
    """The student's notebook, run where the zip unpacked (the data paths of the zip's layout) in a kernel
    that has the zip's kit and none of the packages the zip does not ask for: with the reference's files
    and the reference's answers in its solution cells, it runs through."""
    import nbformat
    from nbclient import NotebookClient

    kit, site = fresh
    folder = kit / "assignments" / AID
    for name in ("linear_svm.py", "softmax.py", "linear_classifier.py"):
        shutil.copy(SOLUTIONS / AID / name, folder / name)
    own = set(requirement_names((kit / "requirements.txt").read_text()))
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUTOGRADER_COURSE")}
    env.update(PYTHONPATH=os.pathsep.join([str(kit), str(site)]), MPLBACKEND="Agg",
               BLOCK_MODULES=",".join(sorted({"torch", "torchvision", "scipy", "tqdm", "nbgrader"} - own)),
               PATH=os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", ""))
    nb = nbformat.read(folder / f"{AID}.ipynb", as_version=4)
    answers = {c.get("id"): c.source for c in nbformat.read(SOLUTIONS / AID / f"{AID}.ipynb", as_version=4).cells}
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.get("id") in answers:
            cell.source = answers[cell.get("id")]
    nb.cells.append(nbformat.v4.new_code_cell("try:\n    import torch\nexcept ModuleNotFoundError:\n    pass\n"
                                              "else:\n    raise AssertionError('torch is importable in this kernel')"))
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": str(folder)}}).execute(env=env, cwd=str(folder))
    errors = [o.get("ename") for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert not errors, errors


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_notebook_opens_with_the_set_up_steps_and_the_colab_cell(lang):
    nb = json.loads(student_text(SOLUTIONS / AID / f"{AID}.ipynb", lang))
    title, cell = nb["cells"][0], nb["cells"][1]
    text = "".join(cell["source"])
    assert "".join(title["source"]).startswith("# ") and cell["cell_type"] == "markdown"
    assert text.startswith("## 준비" if lang == "ko" else "## Set-up"), text
    assert f"{TOP}/assignments/{AID}/" in text and "README.md" in text
    assert f"    %cd /content/drive/MyDrive/{TOP}/assignments/{AID}\n" in text
    assert f"    !python -m autograder check {AID}\n" in text and "    !pip install -q -e ../..\n" in text
