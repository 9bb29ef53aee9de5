"""What a student installs for one assignment: `requirements.txt` and `pyproject.toml` of its student zip.

The kit's requirements.txt pins everything staff need (torch, nbgrader, ...: gigabytes). A student needs
only what the assignment's own files, notebook and public checks import, plus the self-check's base:

    student_requirements("a2_svm_softmax", files)  ->  numpy, pyyaml, matplotlib, pytest, notebook (~95 MB)
    student_requirements("a5_cifar10_gpu", files)  ->  the same plus torch, torchvision, tqdm

`files` is the student zip's content (archive name -> bytes): the imports are read from it, so a zip
never asks for less than it runs, and an assignment that stops importing torch stops asking for it.
Versions are the kit's pins (the grader's own), so a student's numbers are the grader's.
"""
from __future__ import annotations

import ast
import json
import re

from autograder import __version__
from autograder.config.paths import ROOT

KIT_REQUIREMENTS = ROOT / "requirements.txt"
BASE = ("numpy", "pyyaml", "matplotlib", "pytest", "notebook")   # self-check, plots, test_public.py, Jupyter
PIP_NAME = {"yaml": "pyyaml"}                         # import name -> pip name where they differ
TORCH = ("torch", "torchvision")
EXTRA = {"a5_cifar10_gpu": ("torchvision",)}   # its CIFAR-10 download (`python -m autograder data cifar10`)
TORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"


def kit_pins() -> dict[str, str]:
    """{pip name (lower case): its line in the kit's requirements.txt}."""
    pins = {}
    for line in KIT_REQUIREMENTS.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            pins[re.split(r"[=<>!~\[; ]", line, maxsplit=1)[0].lower()] = line
    return pins


def imported_names(source: str) -> set[str]:
    """Top-level module names a Python source (or a notebook cell) imports, at any depth."""
    source = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module.split(".")[0])
    return names


def notebook_code(data: bytes) -> str:
    try:
        cells = json.loads(data.decode("utf-8")).get("cells", [])
    except (ValueError, UnicodeDecodeError, AttributeError):
        return ""
    return "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")


def assignment_imports(aid: str, files: dict[str, bytes]) -> set[str]:
    """What the assignment's files, notebook and shipped checks import (the kit's other modules
    import torch only for a5/a6 and only where they are used)."""
    own = (f"assignments/{aid}/", f"autograder/checks/{aid}.py", f"autograder/checks/{aid}/")
    names = set()
    for name, data in files.items():
        if not name.startswith(own):
            continue
        if name.endswith(".py"):
            names |= imported_names(data.decode("utf-8", errors="replace"))
        elif name.endswith(".ipynb"):
            names |= imported_names(notebook_code(data))
    return names


def student_packages(aid: str, files: dict[str, bytes]) -> list[str]:
    """The pip names a student needs for `aid`, base first."""
    pins = kit_pins()
    needed = [PIP_NAME.get(n, n).lower() for n in sorted(assignment_imports(aid, files))]
    return list(dict.fromkeys([*BASE, *(n for n in needed if n in pins), *EXTRA.get(aid, ())]))


def needs_torch(packages: list[str]) -> bool:
    return any(p in TORCH for p in packages)


def student_requirements(aid: str, files: dict[str, bytes]) -> str:
    pins = kit_pins()
    packages = student_packages(aid, files)
    head = [f"# What {aid} needs on your machine, at the grader's versions. In this folder, in a venv (README.md):"]
    if needs_torch(packages):
        head += [f"#     python -m pip install -r requirements.txt -e . --extra-index-url {TORCH_CPU_INDEX}",
                 "# (PyTorch's CPU build: enough for every graded part, ~10x smaller than the CUDA one.",
                 "#  A GPU of your own is optional: install torch for your CUDA version from pytorch.org first.)"]
    else:
        head += ["#     python -m pip install -r requirements.txt -e .",
                 "# No PyTorch: this assignment is NumPy only."]
    return "\n".join(head + [pins.get(p, p) for p in packages]) + "\n"


def student_pyproject(aid: str, files: dict[str, bytes]) -> str:
    """Makes the zip's kit installable in place (`pip install -e .`): `python -m autograder` and
    `autograder` then work from any folder, the assignment folder included. Dependencies are left
    unpinned here (Colab keeps its own torch and numpy); requirements.txt pins them."""
    deps = ", ".join(f'"{p}"' for p in student_packages(aid, files))
    return f"""[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "dl-autograder"
version = "{__version__}"
description = "The course kit for {aid}: public self-check and pack (install with pip install -e .)"
requires-python = ">=3.10"
dependencies = [{deps}]

[project.scripts]
autograder = "autograder.cli:main"

[tool.setuptools.packages.find]
include = ["autograder*"]
"""
