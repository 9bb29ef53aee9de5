"""The grader's outputs, written from `StudentRecord`s (record.py):

- OUT/grades.csv and OUT/canvas.csv (csvs.py),
- OUT/<student_id>/results.json in Gradescope's format (gradescope.py),
- OUT/<student_id>/feedback.html, one self-contained page a student reads (feedback.py),
- OUT/report.html for the staff (staff.py); plots are inline PNGs (plots.py).

`write_student` writes one student's files as soon as they are graded (record.json last, each
file atomically); `write_cohort` writes the cohort's files once every student is done.
"""
from __future__ import annotations

import sys
import traceback
from pathlib import Path

from autograder.report.csvs import canvas_csv, grades_csv
from autograder.report.feedback import feedback_html
from autograder.report.gradescope import results_json
from autograder.report.record import RECORD_NAME, StudentRecord, load_record, write_atomic
from autograder.report.staff import fallback_report, report_html

__all__ = ["StudentRecord", "load_record", "write_student", "write_cohort", "RECORD_NAME"]


def write_student(out: Path, record: StudentRecord, title: str, t, lang: str, reveal: bool = False) -> Path:
    """`reveal`: hidden parts' numbers shown (`grade --reveal hidden`). record.json is left as it is
    when it already holds this record (a kept student of `--resume`)."""
    folder = out / record.student
    write_atomic(folder / "results.json", results_json(record, t, reveal))
    write_atomic(folder / "feedback.html", feedback_html(record, title, t, lang, reveal))
    text = record.to_json()
    try:
        same = (folder / RECORD_NAME).read_text(encoding="utf-8") == text
    except OSError:
        same = False
    if not same:
        write_atomic(folder / RECORD_NAME, text, durable=True)
    return folder


def write_cohort(out: Path, records: list[StudentRecord], aid: str, title: str, max_total: float, t,
                 lang: str, similarity: list | None = None) -> None:
    """grades.csv, canvas.csv and report.html, each written whatever happens to the others: a page
    that cannot be made is replaced by a plain one that says why (see staff.fallback_report)."""
    files = {"grades.csv": lambda: grades_csv(records),
             "canvas.csv": lambda: canvas_csv(records, aid, max_total),
             "report.html": lambda: report_html(records, aid, title, max_total, t, lang, similarity)}
    failed = None
    for name, make in files.items():
        try:
            text = make()
        except Exception as exc:   # the kit's bug: the other files are still written
            traceback.print_exception(exc, file=sys.stderr)
            if name != "report.html":   # no half-made grades: the batch says so, after the other files
                failed = failed or exc
                continue
            text = fallback_report(records, aid, exc, lang)
        write_atomic(out / name, text)
    if failed is not None:
        raise failed
