"""OUT/<student_id>/results.json in Gradescope's autograder format.

Top level: `score` (after the late penalty), `execution_time`, `output`, `tests[]`; each test has
`name`, `score`, `max_score`, `status` (passed/failed), `output` and `visibility`: `visible` for
public checks, `after_due_date` for hidden ones.
"""
from __future__ import annotations

import json

from autograder.report.record import StudentRecord, jsonable


def results_dict(record: StudentRecord, t, reveal: bool = False) -> dict:
    """A hidden test's output holds no numbers until `--reveal hidden` (record.shown_message)."""
    tests = []
    for r in record.results:
        message = record.shown_message(r, reveal) or t("reveal.note")
        text = message if r.status in ("passed", "failed") else f"[{t('status.' + r.status)}] {message}"
        if record.penalty(r):
            text += f" ({t('report.late_penalty')}: -{record.penalty(r):g})"
        tests.append({"name": r.part, "score": record.final(r), "max_score": r.max_score,
                      "status": "passed" if r.status == "passed" else "failed",
                      "output": text, "visibility": "after_due_date" if r.hidden else "visible"})
    lines = [f"{t('report.total')}: {record.total:g} / {record.max_total:g}"]
    late = record.late or {}
    if late.get("share", 0) > 0:
        lines.append(t("report.late", days=late.get("days_late", 0), share=late["share"],
                       points=round(record.raw_total - record.total, 4)))
    lines += record.notes
    return {"score": record.total, "execution_time": round(record.seconds, 3), "output": "\n".join(lines),
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests,
            "extra_data": jsonable({"student_id": record.student, "assignment": record.assignment,
                                    "late": record.late, "raw_score": record.raw_total})}


def results_json(record: StudentRecord, t, reveal: bool = False) -> str:
    return json.dumps(results_dict(record, t, reveal), ensure_ascii=False, indent=1)
