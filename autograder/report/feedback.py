"""OUT/<student_id>/feedback.html: one page a student reads on a phone (templates/feedback.html;
this module builds its values).

Per part: the points that count, the status, the message, the diagnostic numbers
(`Result.details`), a plot where the assignment supplies one (see plots.py); then the late
verdict, what collecting skipped, and what the code printed, cut short.
"""
from __future__ import annotations

import datetime as dt

from autograder.grading.late import NO_TIMESTAMP
from autograder.grading.withheld import mask_numbers
from autograder.config.messages import CATALOG
from autograder.report.html import render_page
from autograder.report.plots import part_plot, plot_hooks
from autograder.report.record import StudentRecord

OUTPUT_CHARS = 4000
DETAIL_LIST_MAX = 8


def short_output(text: str, limit: int = OUTPUT_CHARS) -> str:
    if len(text) <= limit:
        return text
    half = limit // 2
    return text[:half] + f"\n[... {len(text) - limit} characters cut ...]\n" + text[-half:]


def detail_rows(details: dict, t=None) -> list[tuple[str, str]]:
    """The short diagnostic values, formatted; long lists are left to plots. A value that is a
    message key (a hint a judge recognised, say) is shown as its sentence."""
    rows = []
    for key, value in details.items():
        if isinstance(value, (list, tuple)):
            if len(value) > DETAIL_LIST_MAX or any(isinstance(v, (list, tuple, dict)) for v in value):
                continue
            text = "[" + ", ".join(fmt_value(v, t) for v in value) + "]"
        elif isinstance(value, dict):
            continue
        else:
            text = fmt_value(value, t)
        rows.append((str(key), text))
    return rows


def fmt_value(v, t=None) -> str:
    if isinstance(v, bool) or v is None:
        return str(v)
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, str) and t is not None and v in CATALOG:
        return t(v)
    return str(v)


def local_time(iso: str, zone_of: str = "") -> str:
    """'2026-09-20 23:10 +09:00' from an ISO time, in the zone of `zone_of` (the due date) if given."""
    try:
        when = dt.datetime.fromisoformat(iso)
        if zone_of:
            when = when.astimezone(dt.datetime.fromisoformat(zone_of).tzinfo)
    except (TypeError, ValueError):
        return iso
    return when.strftime("%Y-%m-%d %H:%M ") + when.strftime("%z")[:3] + ":" + when.strftime("%z")[3:]


def late_view(record: StudentRecord, t) -> dict:
    """What the page says about lateness: kind 'note' (no submission time), 'late', 'on_time', or
    '' when the record has no late verdict."""
    late = record.late or {}
    if not late:
        return {"kind": ""}
    if late.get("note") and not late.get("submitted"):
        key = "report.no_timestamp_file" if late["note"] == NO_TIMESTAMP else "report.no_timestamp"
        return {"kind": "note", "text": t(key, note=late["note"])}
    due = late.get("due", "")
    when = t("report.submitted_at", submitted=local_time(late.get("submitted", ""), due), due=local_time(due))
    if late.get("share", 0) > 0:
        taken = round(record.raw_total - record.total, 4)
        return {"kind": "late", "when": when,
                "text": t("report.late", days=late.get("days_late", 0), share=late["share"], points=taken)}
    if late.get("days_late", 0) > 0:   # free_late_days: `gradebook` charges the term's budget (H-LATE)
        return {"kind": "late", "when": when, "text": t("late.budget", days=late["days_late"])}
    return {"kind": "on_time", "text": t("report.on_time"), "when": when}


def part_card(record: StudentRecord, r, draw, t, reveal: bool = True) -> dict:
    """One part's card: the result, the points that count, the late penalty, details, plot. A hidden
    part before `--reveal hidden` (H-LATE): status, points and the named mistake, never its numbers."""
    details = record.shown_details(r, reveal)
    held = r.hidden and not reveal
    return {"result": r, "final": record.final(r), "penalty": record.penalty(r),
            "message": record.shown_message(r, reveal), "held_back": t("reveal.note") if held else "",
            "details": detail_rows(details, t), "plot": part_plot(draw, details, t) if details else ""}


def shown_output(record: StudentRecord, reveal: bool) -> str:
    """What the code printed, cut short; its numbers held back while hidden parts' are (a print in
    the student's function would show the hidden inputs)."""
    if not record.output.strip():
        return ""
    text = short_output(record.output)
    if not reveal and any(r.hidden for r in record.results):
        text = mask_numbers(text)
    return text


def feedback_html(record: StudentRecord, title: str, t, lang: str, reveal: bool = False) -> str:
    hooks = plot_hooks(record.assignment)
    return render_page("feedback.html", t("report.feedback_title", aid=record.assignment) + f" - {record.student}",
                       lang, t, record=record, title=title, late=late_view(record, t),
                       cards=[part_card(record, r, hooks.get(r.part), t, reveal) for r in record.results],
                       output=shown_output(record, reveal))
