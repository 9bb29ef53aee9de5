"""OUT/<student_id>/feedback.html: one page a student reads on a phone.

Per part: the points that count, the status, the message, the diagnostic numbers
(`Result.details`), a plot where the assignment supplies one (see plots.py); then the late
verdict, what collecting skipped, and what the code printed, cut short.
"""
from __future__ import annotations

import datetime as dt

from autograder.grading.late import NO_TIMESTAMP
from autograder.config.messages import CATALOG
from autograder.report.html import esc, page, points
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


def late_line(record: StudentRecord, t) -> str:
    late = record.late or {}
    if not late:
        return ""
    if late.get("note") and not late.get("submitted"):
        key = "report.no_timestamp_file" if late["note"] == NO_TIMESTAMP else "report.no_timestamp"
        return f'<p class="muted">{esc(t(key, note=late["note"]))}</p>'
    due = late.get("due", "")
    when = t("report.submitted_at", submitted=local_time(late.get("submitted", ""), due), due=local_time(due))
    if late.get("share", 0) > 0:
        taken = round(record.raw_total - record.total, 4)
        head = t("report.late", days=late.get("days_late", 0), share=late["share"], points=taken)
        return f'<p><b>{esc(head)}</b><br><span class="muted">{esc(when)}</span></p>'
    return f'<p class="muted">{esc(t("report.on_time"))}: {esc(when)}</p>'


def part_card(record: StudentRecord, r, draw, t) -> str:
    hidden = f' <span class="muted">({esc(t("report.hidden"))})</span>' if r.hidden else ""
    html = [f'<section class="card" id="part-{esc(r.part)}">',
            '<div class="head">',
            f'<span class="part">{esc(r.part)}</span>{hidden}',
            f'<span><span class="badge {esc(r.status)}">{esc(t("status." + r.status))}</span> '
            f'<span class="pts">{points(record.final(r))} / {points(r.max_score)}</span></span>',
            '</div>',
            f'<p class="msg">{esc(r.message)}</p>']
    if record.penalty(r):
        html.append(f'<p class="muted">{esc(t("report.late_penalty"))}: -{points(record.penalty(r))}</p>')
    rows = detail_rows(r.details or {}, t)
    if rows:
        cells = "".join(f"<tr><th>{esc(k)}</th><td>{esc(v)}</td></tr>" for k, v in rows)
        html.append(f'<details><summary class="muted">{esc(t("report.details"))}</summary>'
                    f"<table>{cells}</table></details>")
    uri = part_plot(draw, r.details or {})
    if uri:
        html.append(f'<img alt="{esc(r.part)}" src="{uri}">')
    html.append("</section>")
    return "\n".join(html)


def feedback_html(record: StudentRecord, title: str, t, lang: str) -> str:
    hooks = plot_hooks(record.assignment)
    body = [f'<h1>{esc(t("report.feedback_title", aid=record.assignment))}</h1>',
            f'<p class="muted">{esc(title)}</p>',
            f'<p>{esc(t("report.student"))}: <b>{esc(record.student)}</b></p>',
            f'<p>{esc(t("report.total"))}: <span class="total" id="total">{points(record.total)} / '
            f'{points(record.max_total)}</span></p>',
            late_line(record, t)]
    if record.notes:
        items = "".join(f"<li>{esc(n)}</li>" for n in record.notes)
        body.append(f'<h2>{esc(t("report.notes"))}</h2><ul>{items}</ul>')
    body += [part_card(record, r, hooks.get(r.part), t) for r in record.results]
    body.append(f'<h2>{esc(t("report.output"))}</h2>')
    if record.output.strip():
        body.append(f"<pre>{esc(short_output(record.output))}</pre>")
    else:
        body.append(f'<p class="muted">{esc(t("report.no_output"))}</p>')
    return page(t("report.feedback_title", aid=record.assignment) + f" - {record.student}", "\n".join(body), lang)
