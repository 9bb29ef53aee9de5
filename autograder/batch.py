"""The instructor's batch: every student's submission of one assignment, graded into OUT.

    rows = grade_cohort(course, "a1_knn_linear", Path("submitted"), Path("out"), t)

Submissions follow nbgrader's `submitted/` layout: DIR/<student_id>/<aid>/... A student whose
folder is missing or empty still gets a row per part saying why.
"""
from __future__ import annotations

import csv
from pathlib import Path

from autograder.check import Result
from autograder.course import Course
from autograder.grading import checks_for, grade_dir

GRADE_COLUMNS = ["student_id", "assignment", "part", "score", "max_score", "status", "message"]


def collect(submissions: Path, aid: str) -> dict[str, Path | None]:
    """student_id -> the folder with that student's code for `aid` (None when absent or empty)."""
    found = {}
    for student in sorted(p for p in submissions.iterdir() if p.is_dir()):
        folder = student / aid
        found[student.name] = folder if folder.is_dir() and any(folder.iterdir()) else None
    return found


def missing_results(course: Course, aid: str, t) -> list[Result]:
    assignment = course.assignments[aid]
    return [Result(part=c.part, score=0.0, max_score=assignment.parts[c.part].points, status="missing_file",
                   message=t("run.missing_file", file=f"{aid}/"), hidden=c.hidden)
            for c in checks_for(aid, hidden=True)]


def grade_cohort(course: Course, aid: str, submissions: Path, out: Path, t) -> dict[str, list[Result]]:
    out.mkdir(parents=True, exist_ok=True)
    graded = {}
    for student, folder in collect(submissions, aid).items():
        graded[student] = missing_results(course, aid, t) if folder is None else grade_dir(course, aid, folder, t)[0]
    write_grades_csv(out / "grades.csv", aid, graded)
    return graded


def write_grades_csv(path: Path, aid: str, graded: dict[str, list[Result]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(GRADE_COLUMNS)
        for student, results in graded.items():
            for r in results:
                writer.writerow([student, aid, r.part, f"{r.score:g}", f"{r.max_score:g}", r.status, r.message])
