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
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CANVAS_COLUMNS + [aid])
    writer.writerow(["Points Possible", "", "", "", "", f"{max_total:g}"])
    for rec in records:
        writer.writerow([rec.student, "", rec.student, "", "", f"{rec.total:g}"])
    return buf.getvalue()
