"""OUT/grades.csv (one row a part) and OUT/canvas.csv (one row a student).

grades.csv: the contract columns `student_id,assignment,part,score,max_score,status,message`
plus `late_penalty` (points taken off that part; `score` is what counts after it).
canvas.csv: Canvas's gradebook import layout, the assignment's total after late penalties.
"""
from __future__ import annotations

import csv
import io

from autograder.report.record import StudentRecord

GRADE_COLUMNS = ["student_id", "assignment", "part", "score", "max_score", "status", "message", "late_penalty"]
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]


def grades_csv(records: list[StudentRecord]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(GRADE_COLUMNS)
    for rec in records:
        for r in rec.results:
            writer.writerow([rec.student, rec.assignment, r.part, f"{rec.final(r):g}", f"{r.max_score:g}",
                             r.status, " ".join(r.message.split()), f"{rec.penalty(r):g}"])
    return buf.getvalue()


def canvas_csv(records: list[StudentRecord], aid: str, max_total: float) -> str:
    return course_canvas_csv({aid: records}, {aid: max_total})


def course_canvas_csv(records: dict[str, list[StudentRecord]], max_totals: dict[str, float]) -> str:
    """One row a student, one column an assignment (its total after late penalties); a student
    with no record for an assignment gets an empty cell."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    aids = list(records)
    writer.writerow(CANVAS_COLUMNS + aids)
    writer.writerow(["Points Possible", "", "", "", ""] + [f"{max_totals[aid]:g}" for aid in aids])
    totals = {aid: {rec.student: rec.total for rec in recs} for aid, recs in records.items()}
    students = list(dict.fromkeys(rec.student for recs in records.values() for rec in recs))
    for student in students:
        cells = [f"{totals[aid][student]:g}" if student in totals[aid] else "" for aid in aids]
        writer.writerow([student, "", student, "", ""] + cells)
    return buf.getvalue()
