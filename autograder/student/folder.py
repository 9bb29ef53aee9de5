"""Which folder `check` and `pack` work on, and which copy of the kit judges it.

    folder = assignment_folder("a2_svm_softmax", given=None)   # --dir, else the folder you are in

Run inside an assignment folder (the one with `<aid>.ipynb`: `assignments/<aid>/` of the kit or of an
unzipped student zip), `check` and `pack` use that folder; run in a folder that holds
`assignments/<aid>/` (the unzipped zip's top, the kit's root), they use that one. Anywhere else they
refuse with a line that names the folder they expected, unless `--dir FOLDER` says where.

A student zip carries its own kit (`<top>/autograder`, with this assignment's public checks and
reference outputs). When the folder belongs to another copy of the kit than the one running (a kit
installed from an earlier assignment's zip, or from the course repository), the command runs again
with the folder's own kit first on the path (`delegate`), so the checks are always the folder's.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from autograder.config.course import ASSIGNMENT_IDS
from autograder.config.messages import register
from autograder.config.paths import ROOT

register({
    "folder.not_here": {
        "en": "{cwd} is not the folder of {aid}: run this inside the folder that holds {aid}.ipynb "
              "(in the unzipped zip: assignments/{aid}/), or say where it is with --dir FOLDER",
        "ko": "{cwd}은(는) {aid}의 과제 폴더가 아닙니다: {aid}.ipynb가 있는 폴더(압축을 푼 폴더의 "
              "assignments/{aid}/) 안에서 실행하거나, --dir 폴더 로 위치를 알려 주세요"},
    "folder.other_assignment": {
        "en": "{cwd} is the folder of {other}, not of {aid}: run `check {other}` here, or go to {aid}'s "
              "folder, or give --dir FOLDER",
        "ko": "{cwd}은(는) {aid}가 아니라 {other}의 과제 폴더입니다: 여기서는 `check {other}`를 실행하거나, "
              "{aid} 폴더로 가거나, --dir 폴더 를 주세요"},
    "check.posix_only": {
        "en": "the self-check runs your code in a sandbox that needs Linux or macOS (Python's {module} module): "
              "on Windows run it in WSL (Ubuntu) or on Colab; `pack` works here all the same",
        "ko": "자체 점검은 Linux나 macOS가 필요한 샌드박스에서 코드를 실행합니다 (파이썬 {module} 모듈): "
              "Windows에서는 WSL(Ubuntu)이나 Colab에서 실행하세요. `pack`은 여기서도 됩니다"},
    "folder.no_aid": {
        "en": "which assignment? {cwd} is no assignment folder: name it (one of {aids}), or run this inside "
              "the folder that holds its notebook",
        "ko": "어느 과제인가요? {cwd}은(는) 과제 폴더가 아닙니다: 과제 이름({aids} 중 하나)을 주거나, "
              "노트북이 있는 과제 폴더 안에서 실행하세요"},
})

POSIX_ONLY = {"resource", "fcntl", "termios"}   # what the sandbox imports that Windows lacks
DELEGATED_ENV = "AUTOGRADER_FOLDER_KIT"   # set in the re-run: never delegate twice


class FolderError(ValueError):
    """No assignment folder here; the message (translated by the caller) names the one expected."""

    def __init__(self, key: str, **values):
        super().__init__(key)
        self.key, self.values = key, values


def is_assignment_folder(folder: Path, aid: str) -> bool:
    """`folder` is `aid`'s: it holds the notebook `<aid>.ipynb`, or it is named `<aid>` and holds its tests."""
    return (folder / f"{aid}.ipynb").is_file() or (folder.name == aid and (folder / "test_public.py").is_file())


def folder_assignment(folder: Path) -> str | None:
    """The assignment whose folder `folder` is, if any."""
    return next((aid for aid in ASSIGNMENT_IDS if is_assignment_folder(folder, aid)), None)


def infer_aid(cwd: Path | None = None) -> str | None:
    """The assignment of the folder you are in (or of the only `assignments/<aid>/` below it)."""
    cwd = Path.cwd() if cwd is None else cwd
    found = folder_assignment(cwd)
    if found:
        return found
    below = [aid for aid in ASSIGNMENT_IDS if is_assignment_folder(cwd / "assignments" / aid, aid)]
    return below[0] if len(below) == 1 else None


def assignment_folder(aid: str | None, given: Path | None, cwd: Path | None = None) -> tuple[str, Path]:
    """(aid, folder) for `check`/`pack`: `given` (--dir) when set, else the folder you are in, else
    its `assignments/<aid>/`. Raises FolderError naming the folder it expected."""
    cwd = Path.cwd() if cwd is None else cwd
    if aid is None:
        aid = (given and folder_assignment(given)) or infer_aid(cwd)
        if aid is None:
            raise FolderError("folder.no_aid", cwd=cwd, aids=", ".join(ASSIGNMENT_IDS))
    if given is not None:
        if not given.is_dir():
            raise FolderError("pack.no_folder", dir=given)
        return aid, given
    if is_assignment_folder(cwd, aid):
        return aid, cwd
    below = cwd / "assignments" / aid
    if below.is_dir():
        return aid, below
    other = folder_assignment(cwd)
    if other:
        raise FolderError("folder.other_assignment", cwd=cwd, other=other, aid=aid)
    raise FolderError("folder.not_here", cwd=cwd, aid=aid)


def own_kit(folder: Path) -> Path | None:
    """The kit a folder `<kit>/assignments/<aid>/` came with, when it has one."""
    folder = folder.resolve()
    kit = folder.parent.parent
    if folder.parent.name == "assignments" and (kit / "autograder" / "__init__.py").is_file():
        return kit
    return None


def delegate(folder: Path, argv: list[str]) -> int | None:
    """Run `python -m autograder ARGV` again with the folder's own kit when it is not this one.
    Returns that run's exit status, or None when this kit is the folder's (or it has none)."""
    kit = own_kit(folder)
    if kit is None or kit == ROOT.resolve() or os.environ.get(DELEGATED_ENV):
        return None
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(kit)] + [p for p in [env.get("PYTHONPATH")] if p])
    env[DELEGATED_ENV] = str(kit)
    return subprocess.run([sys.executable, "-m", "autograder", *argv], env=env).returncode
