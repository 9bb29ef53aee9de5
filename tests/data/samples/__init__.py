"""Sample students for `make demo` (and for tests): `tests/data/samples/<aid>.py` lists SAMPLES.
They live with the tests, not in the kit: a release never ships them (they hold solution edits).

A sample is the reference or the stub, with a few exact text edits that make one typical
mistake, and optionally a `build` step (for example training a checkpoint into the folder).
"""
from __future__ import annotations

import importlib
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from autograder.config.paths import ASSIGNMENTS, SOLUTIONS
from autograder.release.generate import student_files


@dataclass(frozen=True)
class Sample:
    student: str                                  # the student id (any letters, spaces allowed)
    base: str = "solution"                        # "solution" or "stub"
    edits: tuple[tuple[str, str, str], ...] = ()  # (file, old text, new text), each must match once
    build: Callable[[Path], None] | None = None   # extra step on the finished folder
    note: str = ""                                # what this student got wrong, for the demo table
    remove: tuple[str, ...] = field(default=())   # files to delete (a missing-file student)


def load_samples(aid: str) -> list[Sample]:
    try:
        return list(importlib.import_module(f"{__name__}.{aid}").SAMPLES)
    except ModuleNotFoundError as exc:
        if exc.name == f"{__name__}.{aid}":
            return []
        raise


def build_sample(aid: str, sample: Sample, dest: Path) -> Path:
    """Write the sample's submission folder at dest/<student>/<aid>/ and return it."""
    src = (SOLUTIONS if sample.base == "solution" else ASSIGNMENTS) / aid
    folder = dest / sample.student / aid
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for rel in student_files(src):
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / rel, folder / rel)
    for name, old, new in sample.edits:
        path = folder / name
        text = path.read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise ValueError(f"sample {sample.student!r} of {aid}: {old!r} occurs {text.count(old)} times in {name}")
        path.write_text(text.replace(old, new), encoding="utf-8")
    for name in sample.remove:
        (folder / name).unlink()
    if sample.build:
        sample.build(folder)
    return folder


def build_cohort(aid: str, dest: Path) -> list[Sample]:
    samples = load_samples(aid)
    for sample in samples:
        build_sample(aid, sample, dest)
    return samples
