"""OUT/report.html for the course staff: the score histogram, the pass rate of every part, the
statuses, the most common failure messages across the cohort, and a roster linking each
student's feedback page. Parts where the grader itself failed (`grader_error`: a bug of the kit,
not the student's fault) are listed first, in a box the staff cannot miss."""
from __future__ import annotations

import re
import statistics
from collections import Counter
from urllib.parse import quote

from autograder.config.messages import register, translator
from autograder.report.html import esc, page, points, scroll
from autograder.report.plots import histogram
from autograder.report.record import StudentRecord

register({
    "report.grader_errors": {
        "en": "The grader itself failed on {parts} part(s) of {students} student(s). This is a fault of the kit, "
              "not of the students: those parts score 0 for now. Fix the cause, then run grade again with --resume, "
              "which grades exactly these students again.",
        "ko": "채점기 자체가 학생 {students}명의 {parts}개 항목에서 오류를 냈습니다. 학생이 아니라 채점 도구의 결함이며, "
              "해당 항목은 지금은 0점입니다. 원인을 고친 뒤 --resume으로 grade를 다시 실행하면 이 학생들만 다시 채점합니다."},
    "report.fallback": {"en": "This page could not be made in full ({error}); the grades are in grades.csv.",
                        "ko": "이 페이지를 모두 만들지 못했습니다({error}). 점수는 grades.csv에 있습니다."},
})

TOP_FAILURES = 10
GRADER_ERROR_ROWS = 50
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


def grader_errors(records: list[StudentRecord], t) -> str:
    """The box at the top of the report: every part the kit failed on, with its reason."""
    rows = [(rec.student, r.part, r.message) for rec in records for r in rec.results if r.status == "grader_error"]
    if not rows:
        return ""
    students = len({student for student, _, _ in rows})
    cells = "".join(f'<tr><td>{esc(student)}</td><td class="part">{esc(part)}</td><td>{esc(msg)}</td></tr>'
                    for student, part, msg in rows[:GRADER_ERROR_ROWS])
    more = f"<p>... {len(rows) - GRADER_ERROR_ROWS}</p>" if len(rows) > GRADER_ERROR_ROWS else ""
    head = f'<tr><th>{esc(t("report.student"))}</th><th>{esc(t("table.part"))}</th><th></th></tr>'
    return (f'<section class="card alert" id="grader-errors"><h2>{esc(t("status.grader_error"))}</h2>'
            f'<p><b>{esc(t("report.grader_errors", parts=len(rows), students=students))}</b></p>'
            f"{scroll(f'<table>{head}{cells}</table>')}{more}</section>")


def fallback_report(records: list[StudentRecord], aid: str, exc: BaseException, lang: str) -> str:
    """A plain report.html when the full one cannot be made: the reason and every student's total."""
    t = translator(lang)
    rows = "".join(f"<tr><td>{esc(rec.student)}</td><td>{points(rec.total)} / {points(rec.max_total)}</td></tr>"
                   for rec in records)
    body = (f"<h1>{esc(t('report.staff_title', aid=aid))}</h1>"
            f'<p class="card alert">{esc(t("report.fallback", error=f"{type(exc).__name__}: {exc}"[:300]))}</p>'
            f"{grader_errors(records, t)}<table id=\"roster\">{rows}</table>")
    return page(t("report.staff_title", aid=aid), body, lang)


def fences_paragraph() -> str:
    """Which sandbox fences held for every child of this run, and a warning for each missing one."""
    from autograder.sandbox.fences import fences_summary
    line, warnings = fences_summary()
    return (f'<p id="fences" class="muted">{esc(line)}</p>'
            + "".join(f'<p class="warning"><b>{esc(w)}</b></p>' for w in warnings))


def report_html(records: list[StudentRecord], aid: str, title: str, max_total: float, t, lang: str) -> str:
    totals = [rec.total for rec in records]
    late = sum(1 for rec in records if rec.share_off > 0)
    summary = (f"{esc(t('report.students'))}: <b>{len(records)}</b> &middot; "
               f"{esc(t('report.mean'))}: <b>{points(round(statistics.fmean(totals), 2)) if totals else '-'}</b> &middot; "
               f"{esc(t('report.median'))}: <b>{points(statistics.median(totals)) if totals else '-'}</b> "
               f"/ {points(max_total)} &middot; {esc(t('report.late_count'))}: <b>{late}</b>")
    body = [f"<h1>{esc(t('report.staff_title', aid=aid))}</h1>", f'<p class="muted">{esc(title)}</p>',
            f"<p>{summary}</p>", grader_errors(records, t), fences_paragraph(),
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
