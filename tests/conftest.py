"""Shared fixtures of the kit's own tests."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from autograder.course import load_course
from autograder.messages import translator
from autograder.paths import ASSIGNMENTS, ROOT, SOLUTIONS


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
