"""OUT/report.html for the course staff: the score histogram, the pass rate of every part, the
statuses, the most common failure messages across the cohort, and a roster linking each
student's feedback page."""
from __future__ import annotations

import re
import statistics
from collections import Counter
from urllib.parse import quote

from autograder.report.html import esc, page, points, scroll
from autograder.report.plots import histogram
from autograder.report.record import StudentRecord

TOP_FAILURES = 10
_NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?", re.IGNORECASE)


def message_shape(message: str) -> str:
    """The message with its numbers replaced by '#', so that the same mistake groups together."""
    return _NUMBER.sub("#", " ".join(message.split()))[:300]


def common_failures(records: list[StudentRecord]) -> list[tuple[int, str, str, str]]:
    """(count, part, status, an example message), most common first."""
    counts: Counter = Counter()
    example = {}
    for rec in records:
        for r in rec.results:
            if r.status == "passed":
                continue
            key = (r.part, r.status, message_shape(r.message))
            counts[key] += 1
            example.setdefault(key, r.message)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(n, part, status, example[(part, status, shape)]) for (part, status, shape), n in ranked[:TOP_FAILURES]]


def part_table(records: list[StudentRecord], t) -> str:
    parts = [r.part for r in records[0].results] if records else []
    rows = []
    for part in parts:
        results = [r for rec in records for r in rec.results if r.part == part]
        passed = sum(r.status == "passed" for r in results)
        rate = passed / len(results) if results else 0.0
        statuses = Counter(r.status for r in results if r.status != "passed")
        status_text = ", ".join(f"{t('status.' + s)} {n}" for s, n in statuses.most_common()) or "-"
        rows.append(f'<tr><td class="part">{esc(part)}</td><td>{passed}/{len(results)} ({rate:.0%})</td>'
                    f'<td><div class="bar"><span style="width:{rate * 100:.0f}%"></span></div></td>'
                    f"<td>{esc(status_text)}</td></tr>")
    head = (f"<tr><th>{esc(t('table.part'))}</th><th>{esc(t('status.passed'))}</th><th></th>"
            f"<th>{esc(t('report.statuses'))}</th></tr>")
    return scroll(f'<table id="parts">{head}{"".join(rows)}</table>')


def report_html(records: list[StudentRecord], aid: str, title: str, max_total: float, t, lang: str) -> str:
    totals = [rec.total for rec in records]
    late = sum(1 for rec in records if rec.share_off > 0)
    summary = (f"{esc(t('report.students'))}: <b>{len(records)}</b> &middot; "
               f"{esc(t('report.mean'))}: <b>{points(round(statistics.fmean(totals), 2)) if totals else '-'}</b> &middot; "
               f"{esc(t('report.median'))}: <b>{points(statistics.median(totals)) if totals else '-'}</b> "
               f"/ {points(max_total)} &middot; {esc(t('report.late_count'))}: <b>{late}</b>")
    body = [f"<h1>{esc(t('report.staff_title', aid=aid))}</h1>", f'<p class="muted">{esc(title)}</p>',
            f"<p>{summary}</p>",
            f"<h2>{esc(t('report.histogram'))}</h2>",
            f'<img id="histogram" alt="histogram" src="{histogram(totals, max_total)}">',
            f"<h2>{esc(t('report.pass_rate'))}</h2>", part_table(records, t),
            f"<h2>{esc(t('report.common_failures'))}</h2>"]
    failures = common_failures(records)
    if failures:
        rows = "".join(f'<tr><td>{n}</td><td class="part">{esc(part)}</td><td>{esc(t("status." + status))}</td>'
                       f"<td>{esc(msg)}</td></tr>" for n, part, status, msg in failures)
        body.append(scroll(f'<table id="failures"><tr><th>{esc(t("report.count"))}</th><th>{esc(t("table.part"))}</th>'
                    f'<th>{esc(t("report.statuses"))}</th><th>{esc(t("report.example"))}</th></tr>{rows}</table>'))
    else:
        body.append(f"<p>{esc(t('report.none'))}</p>")
    roster = []
    for rec in sorted(records, key=lambda r: (-r.total, r.student)):
        problems = [t("status." + s) for s in sorted({r.status for r in rec.results if r.status != "passed"})]
        if rec.share_off > 0:   # a late zero must not read like a pass
            problems.append(t("report.late_short", days=(rec.late or {}).get("days_late", 0), share=rec.share_off))
        link = f'{quote(rec.student)}/feedback.html'
        roster.append(f"<tr><td>{esc(rec.student)}</td><td>{points(rec.total)} / {points(rec.max_total)}</td>"
                      f"<td>{esc(', '.join(problems) or '-')}</td>"
                      f'<td><a href="{esc(link)}">{esc(t("report.feedback_link"))}</a></td></tr>')
    body.append(f"<h2>{esc(t('report.roster'))}</h2>")
    body.append(scroll(f'<table id="roster"><tr><th>{esc(t("report.student"))}</th><th>{esc(t("report.total"))}</th>'
                f'<th>{esc(t("report.statuses"))}</th><th></th></tr>{"".join(roster)}</table>'))
    return page(t("report.staff_title", aid=aid), "\n".join(body), lang)
