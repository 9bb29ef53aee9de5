"""`grade <aid> --nbgrader DIR`: the kit grades an nbgrader course's submissions and writes each part's
score into that course's own gradebook, so `nbgrader export`, formgrader and `generate_feedback` show them.

    submissions, out = nbgrader_folders(DIR, aid)             # DIR/submitted, DIR/kit_grades/<aid>
    records = run_batch(course, aid, submissions, out, ...)   # the kit's usual batch
    lines = record_in_gradebook(DIR, aid, records, lang)         # what was recorded, for the log

The course folder is the one `release` writes (OUT/nbgrader/): its notebook has a task cell per part,
`autograder-<part>` with the part's points (nbgrader_course.py). Each part's score after the late penalty
(grades.csv's `score`) becomes that cell's automatic score, and the kit's message its automatic comment
(the text of results.json: hidden parts' inputs stay hidden). A grader's manual score in formgrader still
overrides it, and a later `nbgrader autograde` leaves task cells' scores alone. A part the kit could not
grade (`grader_error`) stays flagged "needs manual grade". Order: `nbgrader autograde` (or none at all:
a submission the gradebook lacks is added), then `grade --nbgrader`.
"""
from __future__ import annotations

from pathlib import Path

from autograder.config.course import CourseError
from autograder.config.messages import translator
from autograder.grading.collect import student_id
from autograder.report.gradescope import results_dict
from autograder.report.record import StudentRecord

OUT_FOLDER = "kit_grades"      # DIR/kit_grades/<aid>/: the kit's own grades.csv, feedback and report
PART_CELL = "autograder-"      # grade_id of a part's task cell in the notebook: autograder-<part>


def part_cell_id(part: str) -> str:
    return PART_CELL + part


class NbgraderCourseError(CourseError):
    """The nbgrader course folder cannot take the kit's scores; the message says what to do."""


def nbgrader_folders(folder: Path, aid: str) -> tuple[Path, Path]:
    """DIR/submitted (nbgrader's collected submissions) and DIR/kit_grades/<aid> (the kit's outputs)."""
    folder = Path(folder)
    if not (folder / "nbgrader_config.py").is_file():
        raise NbgraderCourseError(f"{folder} is not an nbgrader course folder (no nbgrader_config.py): give the "
                                  f"folder `release` wrote as OUT/nbgrader, or your course's root")
    return folder / "submitted", folder / OUT_FOLDER / aid


def gradebook_settings(folder: Path) -> tuple[str, str]:
    """(db_url, course_id) of the course folder, as nbgrader itself reads them from nbgrader_config.py."""
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader
    config = PyFileConfigLoader("nbgrader_config.py", path=str(folder)).load_config()
    coursedir = CourseDirectory(config=config)
    if "root" not in config.get("CourseDirectory", {}):
        coursedir.root = str(Path(folder).resolve())
    return coursedir.db_url, coursedir.course_id


def _part_cells(gb, aid: str, parts: list[str]) -> dict[str, str]:
    """{part: the notebook holding its task cell}; raises when the gradebook lacks the assignment or a cell."""
    from nbgrader.api import MissingEntry
    try:
        assignment = gb.find_assignment(aid)
    except MissingEntry:
        raise NbgraderCourseError(f"the gradebook has no assignment {aid}: run `nbgrader generate_assignment {aid}` "
                                  f"in the course folder first") from None
    where = {cell.name: nb.name for nb in assignment.notebooks for cell in nb.task_cells}
    missing = [p for p in parts if part_cell_id(p) not in where]
    if missing:
        raise NbgraderCourseError(
            f"{aid}'s notebook in the gradebook has no task cell {part_cell_id(missing[0])}: make the course folder "
            f"with `python -m autograder release` (OUT/nbgrader/), then `nbgrader generate_assignment {aid} --force`")
    return {p: where[part_cell_id(p)] for p in parts}


def nbgrader_ids(submissions: Path) -> dict[str, str]:
    """{the kit's student id: nbgrader's (the folder's name)} for the folders of submitted/."""
    if not submissions.is_dir():
        return {}
    return {student_id(e.name): e.name for e in sorted(submissions.iterdir()) if e.is_dir()}


def record_in_gradebook(folder: Path, aid: str, records: dict[str, StudentRecord], lang: str) -> list[str]:
    """Write every record's part scores and messages into the course's gradebook; returns log lines."""
    from nbgrader.api import Gradebook, MissingEntry
    folder, t = Path(folder), translator(lang)
    db_url, course_id = gradebook_settings(folder)
    ids = nbgrader_ids(folder / "submitted")
    lines = []
    with Gradebook(db_url, course_id) as gb:
        graded_parts = sorted({r.part for rec in records.values() for r in rec.results if r.max_score > 0})
        notebooks = _part_cells(gb, aid, graded_parts)
        for kit_id, record in records.items():
            sid = ids.get(kit_id)
            if sid is None:
                lines.append(f"warning: {kit_id}: no folder of that name in {folder / 'submitted'}; not recorded")
                continue
            try:
                gb.find_submission(aid, sid)
            except MissingEntry:
                gb.update_or_create_student(sid)
                gb.add_submission(aid, sid)
            texts = {test["name"]: test["output"] for test in results_dict(record, t)["tests"]}
            for r in record.results:
                if r.part not in notebooks:
                    continue
                grade = gb.find_grade(part_cell_id(r.part), notebooks[r.part], aid, sid)
                grade.auto_score = record.final(r)
                grade.needs_manual_grade = r.status == "grader_error"
                comment = gb.find_comment(part_cell_id(r.part), notebooks[r.part], aid, sid)
                comment.auto_comment = texts.get(r.part, r.message)
            gb.db.commit()
            lines.append(f"{sid}: {record.total:g} / {record.max_total:g} recorded")
    return lines
