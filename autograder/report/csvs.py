"""OUT/grades.csv (one row a part) and OUT/canvas.csv (one row a student).

grades.csv: the contract columns `student_id,assignment,part,score,max_score,status,message`
plus `late_penalty` (points taken off that part; `score` is what counts after it), `days_late` and
`late_flag` (a pack-written timestamp that disagrees with the submission's evidence: grading/evidence.py).
canvas.csv: Canvas's gradebook import layout (Student, ID, SIS User ID, SIS Login ID, Section, then one
column an assignment, its total after late penalties; a "Points Possible" row first). With a roster
(`grade --roster FILE`, see roster.py) those columns come from it, one row a student of the roster in its
order; without one, or for a student it lacks, the folder name stands in as Student and SIS User ID.

Every CSV the kit writes is UTF-8 with a BOM, so that Excel (Korean Windows reads cp949 otherwise)
shows Korean messages and names as they are: read them back with encoding="utf-8-sig" (`read_csv`).

Every text cell goes through `cell`: a cell a spreadsheet would run as a formula (it begins with
=, +, -, @, a tab or a carriage return; OWASP's list for CSV injection) gets a leading single quote,
so a student id or an error message can never run in a TA's spreadsheet. Numbers stay numbers.
"""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from autograder.report.record import StudentRecord, write_atomic
from autograder.report.roster import KEYS, Student, roster_students
from autograder.model.safe_text import safe_text

GRADE_COLUMNS = ["student_id", "assignment", "part", "score", "max_score", "status", "message", "late_penalty",
                 "days_late", "late_flag"]
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")   # and full-width
BOM = "\ufeff"
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


def cell(value) -> str:
    """One CSV cell: numbers as they are, text on one line and never read as a formula."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"{value:g}"
    text = safe_text(value)   # one line: a tab or a line break is a space now, so look past spaces too
    if text.lstrip().startswith(FORMULA_START) and not _NUMBER.fullmatch(text.strip()):
        return "'" + text
    return text


def csv_text(rows) -> str:
    """The text of a CSV file: a BOM, then the rows (every cell through `cell`)."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows([cell(v) for v in row] for row in rows)
    return BOM + buf.getvalue()


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV the kit wrote (or Excel saved), as dicts, with or without the BOM."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def grades_csv(records: list[StudentRecord]) -> str:
    rows = [GRADE_COLUMNS]
    for rec in records:
        for r in rec.results:
            rows.append([rec.student, rec.assignment, r.part, rec.final(r), r.max_score, r.status,
                         " ".join(r.message.split()), rec.penalty(r), int((rec.late or {}).get("days_late", 0) or 0),
                         rec.late_flag])
    return csv_text(rows)


def canvas_csv(records: list[StudentRecord], aid: str, max_total: float, roster: dict[str, Student] | None = None) -> str:
    return course_canvas_csv({aid: records}, {aid: max_total}, roster)


def course_canvas_csv(records: dict[str, list[StudentRecord]], max_totals: dict[str, float],
                      roster: dict[str, Student] | None = None) -> str:
    """One row a student, one column an assignment (its total after late penalties); a student
    with no record for an assignment gets an empty cell (Canvas leaves that grade as it is)."""
    aids = list(records)
    rows = [CANVAS_COLUMNS + aids, ["Points Possible", "", "", "", ""] + [max_totals[aid] for aid in aids]]
    totals = {aid: {rec.student: rec.total for rec in recs} for aid, recs in records.items()}
    students = list(dict.fromkeys(rec.student for recs in records.values() for rec in recs))
    for person in roster_students(roster or {}):
        ids = [getattr(person, key) for key in KEYS if getattr(person, key)]
        folder = next((i for i in ids if i in students), None)
        if folder is not None:
            students.remove(folder)
        rows.append([person.name, person.canvas_id, person.sis_user_id or person.student_id, person.sis_login_id,
                     person.section] + [totals[aid].get(folder, "") for aid in aids])
    for student in students:   # no roster, or not on it: the folder name stands in
        rows.append([student, "", student, "", ""] + [totals[aid].get(student, "") for aid in aids])
    return csv_text(rows)


def not_on_roster(records, roster: dict[str, Student]) -> list[str]:
    """The graded students the roster does not name (their canvas.csv rows use the folder name)."""
    return sorted({rec.student for rec in records if rec.student not in roster})


def roster_canvas(out: Path, records: list[StudentRecord], aid: str, max_total: float,
                  roster: dict[str, Student]) -> None:
    """OUT/canvas.csv again, its names and ids from the roster; says which graded students it lacks."""
    write_atomic(out / "canvas.csv", canvas_csv(records, aid, max_total, roster))
    missing = not_on_roster(records, roster)
    if missing:
        shown = ", ".join(missing[:10]) + (f" and {len(missing) - 10} more" if len(missing) > 10 else "")
        print(f"warning: not on the roster: {shown} (their canvas.csv rows use the folder name as SIS User ID)")
