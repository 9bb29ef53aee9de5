"""OUT/grades.csv (one row a part) and OUT/canvas.csv (one row a student).

grades.csv: the contract columns `student_id,assignment,part,score,max_score,status,message`
plus `late_penalty` (points taken off that part; `score` is what counts after it).
canvas.csv: Canvas's gradebook import layout, the assignment's total after late penalties.

Every text cell goes through `cell`: a cell a spreadsheet would run as a formula (it begins with
=, +, -, @, a tab or a carriage return; OWASP's list for CSV injection) gets a leading single quote,
so a student id or an error message can never run in a TA's spreadsheet. Numbers stay numbers.
"""
from __future__ import annotations

import csv
import io
import re

from autograder.report.record import StudentRecord
from autograder.model.safe_text import safe_text

GRADE_COLUMNS = ["student_id", "assignment", "part", "score", "max_score", "status", "message", "late_penalty"]
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")   # and full-width
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
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows([cell(v) for v in row] for row in rows)
    return buf.getvalue()


def grades_csv(records: list[StudentRecord]) -> str:
    rows = [GRADE_COLUMNS]
    for rec in records:
        for r in rec.results:
            rows.append([rec.student, rec.assignment, r.part, rec.final(r), r.max_score, r.status,
                         " ".join(r.message.split()), rec.penalty(r)])
    return csv_text(rows)


def canvas_csv(records: list[StudentRecord], aid: str, max_total: float) -> str:
    return course_canvas_csv({aid: records}, {aid: max_total})


def course_canvas_csv(records: dict[str, list[StudentRecord]], max_totals: dict[str, float]) -> str:
    """One row a student, one column an assignment (its total after late penalties); a student
    with no record for an assignment gets an empty cell."""
    aids = list(records)
    rows = [CANVAS_COLUMNS + aids, ["Points Possible", "", "", "", ""] + [max_totals[aid] for aid in aids]]
    totals = {aid: {rec.student: rec.total for rec in recs} for aid, recs in records.items()}
    students = list(dict.fromkeys(rec.student for recs in records.values() for rec in recs))
    for student in students:
        rows.append([student, "", student, "", ""] + [totals[aid].get(student, "") for aid in aids])
    return csv_text(rows)
