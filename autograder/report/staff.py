"""OUT/report.html for the course staff: the score histogram, the pass rate of every part, the
statuses, the most common failure messages across the cohort, and a roster linking each
student's feedback page (templates/report.html; this module builds its values). Parts where the grader itself failed (`grader_error`: a bug of the kit,
not the student's fault) are listed first, in a box the staff cannot miss."""
from __future__ import annotations

import re
import statistics
from collections import Counter
from urllib.parse import quote

from autograder.config.messages import register, translator
from autograder.report.findings import late_flags, mistake_counts, similarity_view
from autograder.report.html import points, render_page
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


def part_rows(records: list[StudentRecord], t) -> list[dict]:
    """The pass rate of every part, and the other statuses with their counts."""
    parts = [r.part for r in records[0].results] if records else []
    rows = []
    for part in parts:
        results = [r for rec in records for r in rec.results if r.part == part]
        passed = sum(r.status == "passed" for r in results)
        rate = passed / len(results) if results else 0.0
        statuses = Counter(r.status for r in results if r.status != "passed")
        rows.append({"part": part, "passed": passed, "count": len(results), "percent": f"{rate:.0%}",
                     "width": f"{rate * 100:.0f}",
                     "statuses": ", ".join(f"{t('status.' + s)} {n}" for s, n in statuses.most_common()) or "-"})
    return rows


def grader_errors(records: list[StudentRecord]) -> dict:
    """The box at the top of the report: every part the kit failed on, with its reason."""
    rows = [(rec.student, r.part, r.message) for rec in records for r in rec.results if r.status == "grader_error"]
    return {"rows": rows, "students": len({student for student, _, _ in rows}), "shown": GRADER_ERROR_ROWS}


def fallback_report(records: list[StudentRecord], aid: str, exc: BaseException, lang: str) -> str:
    """A plain report.html when the full one cannot be made: the reason and every student's total."""
    t = translator(lang)
    return render_page("fallback.html", t("report.staff_title", aid=aid), lang, t, aid=aid, records=records,
                       error=f"{type(exc).__name__}: {exc}"[:300], errors=grader_errors(records))


def fences() -> dict:
    """Which sandbox fences held for every child of this run, and a warning for each missing one."""
    from autograder.sandbox.fence_record import fences_summary
    line, warnings = fences_summary()
    return {"line": line, "warnings": warnings}


def roster_rows(records: list[StudentRecord], t) -> list[dict]:
    """Every student, best first: total, what went wrong (a late zero must not read like a pass), link."""
    rows = []
    for rec in sorted(records, key=lambda r: (-r.total, r.student)):
        problems = [t("status." + s) for s in sorted({r.status for r in rec.results if r.status != "passed"})]
        if rec.share_off > 0:
            problems.append(t("report.late_short", days=(rec.late or {}).get("days_late", 0), share=rec.share_off))
        rows.append({"student": rec.student, "total": rec.total, "max_total": rec.max_total,
                     "problems": ", ".join(problems) or "-", "link": f"{quote(rec.student)}/feedback.html"})
    return rows


def report_html(records: list[StudentRecord], aid: str, title: str, max_total: float, t, lang: str,
                similarity: list | None = None) -> str:
    totals = [rec.total for rec in records]
    return render_page(
        "report.html", t("report.staff_title", aid=aid), lang, t, aid=aid, title=title, records=records,
        max_total=max_total, mean=points(round(statistics.fmean(totals), 2)) if totals else "-",
        median=points(statistics.median(totals)) if totals else "-",
        late=sum(1 for rec in records if rec.share_off > 0), errors=grader_errors(records), fences=fences(),
        histogram=histogram(totals, max_total), parts=part_rows(records, t), failures=common_failures(records),
        roster=roster_rows(records, t), mistakes=mistake_counts(records, t), similarity=similarity_view(similarity),
        late_flags=late_flags(records))
