"""One module of checks per assignment: `autograder/checks/<aid>.py` defines `CHECKS`.

A check module knows its assignment and the check model, nothing about CSV, HTML or Gradescope.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from autograder.model.check import Check
from autograder.config.course import ASSIGNMENT_IDS


CHECKS_DIR = Path(__file__).resolve().parent


def check_sources(aid: str) -> list[Path]:
    """The files that define `aid`'s checks: `checks/<aid>.py`, or every module of the package
    `checks/<aid>/`. Caches and resume keys hash them."""
    package = CHECKS_DIR / aid
    if package.is_dir():
        return sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts)
    return [CHECKS_DIR / f"{aid}.py"]


def load_checks(aid: str) -> list[Check]:
    if aid not in ASSIGNMENT_IDS:
        raise KeyError(f"unknown assignment id {aid!r} (known: {', '.join(ASSIGNMENT_IDS)})")
    try:
        module = importlib.import_module(f"autograder.checks.{aid}")
    except ModuleNotFoundError as exc:
        if exc.name == f"autograder.checks.{aid}":
            return []
        raise
    return list(module.CHECKS)
