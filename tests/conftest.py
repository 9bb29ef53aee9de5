"""Shared fixtures of the kit's own tests."""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from autograder.config.course import load_course
from autograder.grading.reference import grade_dir
from autograder.config.messages import translator
from autograder.config.paths import ASSIGNMENTS, ROOT, SOLUTIONS

# Tests that run notebook kernels (each uses every core: torch, BLAS) go to one pytest-xdist worker, one
# after another (`make test`: -n 2 --dist loadgroup); two at once ran a notebook 18x slower.
KERNELS = pytest.mark.xdist_group("notebook-kernels")


def pytest_collection_modifyitems(config, items):
    """`gpu` tests skip with a reason where CUDA is absent."""
    try:
        import torch
        has_cuda = torch.cuda.is_available()
    except ImportError:
        has_cuda = False
    skip = pytest.mark.skip(reason="needs a CUDA GPU; none here")
    for item in items:
        if "gpu" in item.keywords and not has_cuda:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def course():
    return load_course()


@pytest.fixture(scope="session")
def t_en():
    return translator("en")


@pytest.fixture
def solution_copy(tmp_path):
    """copy("a1_knn_linear") -> a private copy of the reference folder to break on purpose."""
    def copy(aid: str) -> Path:
        dst = tmp_path / "solution" / aid
        shutil.copytree(SOLUTIONS / aid, dst, ignore=shutil.ignore_patterns("__pycache__"))
        return dst
    return copy


@pytest.fixture
def stub_copy(tmp_path):
    def copy(aid: str) -> Path:
        dst = tmp_path / "stub" / aid
        shutil.copytree(ASSIGNMENTS / aid, dst, ignore=shutil.ignore_patterns("__pycache__"))
        return dst
    return copy


def edit(path: Path, old: str, new: str) -> None:
    """Replace one exact piece of a file (the test fails loudly if it is not there)."""
    text = path.read_text()
    assert old in text, f"{old!r} not found in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture(scope="session")
def root():
    return ROOT


def by_part(results) -> dict:
    return {r.part: r for r in results}


def grade_reference(course, aid: str, t, within_s: float) -> dict:
    """The reference graded like a student: every part of course.yml passes, within `within_s`."""
    start = time.perf_counter()
    results, _ = grade_dir(course, aid, SOLUTIONS / aid, t)
    assert time.perf_counter() - start < within_s, f"checking the reference took over {within_s} s"
    failing = {r.part: r.message for r in results if r.status != "passed"}
    assert not failing
    assert {r.part for r in results} == set(course.assignments[aid].parts)
    return by_part(results)


def grade_stub(course, aid: str, t) -> dict:
    """The untouched student version: every part of course.yml scores 0 as not implemented yet."""
    results, _ = grade_dir(course, aid, ASSIGNMENTS / aid, t)
    assert {r.part for r in results} == set(course.assignments[aid].parts)
    for r in results:
        assert r.score == 0, r.part
        assert r.status == "not_implemented", (r.part, r.status, r.message)
        assert "not implemented yet" in r.message, (r.part, r.message)
    return by_part(results)
