"""One module of checks per assignment: `autograder/checks/<aid>.py` defines `CHECKS`.

A check module knows its assignment and the check model, nothing about CSV, HTML or Gradescope.
"""
from __future__ import annotations

import importlib
from pathlib import Path

from autograder.model.check import Check
from autograder.config.course import ASSIGNMENT_IDS, Course, check_part_names, load_course
from autograder.config.paths import SOLUTIONS


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


def course_for(*aids: str) -> Course:
    """The course file in force (`--course FILE`, $AUTOGRADER_COURSE, else course.yml), with the part
    names of `aids` checked against their checks: a misspelt part is one CourseError line before
    anything runs, never a KeyError later. A student zip ships public checks only (no solutions/):
    there every check needs its part, and the other parts are taken on trust."""
    course = load_course()
    for aid in aids:
        names = [c.part for c in load_checks(aid)]
        if names:
            check_part_names(course, aid, names, complete=(SOLUTIONS / aid).is_dir())
    return course
