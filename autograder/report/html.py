"""What the feedback page and the staff report share: their messages, and the Jinja2 environment
of autograder/report/templates/ (page.html: one self-contained page, inline CSS from page.css,
images as data: URIs, nothing fetched, readable on a phone).

Autoescape is on for every template: a value (a student id, a message quoting the child's
exception, captured output) is made safe by `finalize` and escaped by Jinja2, never pasted as
markup. A page's markup lives in its template, its values are built in Python.
"""
from __future__ import annotations

from functools import lru_cache

import jinja2
from markupsafe import Markup

from autograder.config.messages import register
from autograder.model.safe_text import safe_text

register({
    "report.feedback_title": {"en": "Feedback: {aid}", "ko": "피드백: {aid}"},
    "report.student": {"en": "Student", "ko": "학생"},
    "report.total": {"en": "Total", "ko": "총점"},
    "report.late": {"en": "Submitted {days} day(s) late: {share:.0%} of the score taken off ({points:g} points)",
                    "ko": "{days}일 늦게 제출: 점수의 {share:.0%} 감점 ({points:g}점)"},
    "report.late_short": {"en": "late {days} day(s): -{share:.0%}", "ko": "{days}일 지각: -{share:.0%}"},
    "report.on_time": {"en": "Submitted on time", "ko": "기한 내 제출"},
    "report.submitted_at": {"en": "submitted {submitted}, due {due}", "ko": "제출 {submitted}, 마감 {due}"},
    "report.no_timestamp_file": {"en": "the submission has no timestamp.txt; counted as on time",
                                 "ko": "제출물에 timestamp.txt가 없어 기한 내 제출로 처리했습니다"},
    "report.no_timestamp": {"en": "no submission time found ({note}); counted as on time",
                            "ko": "제출 시각을 찾지 못했습니다 ({note}). 기한 내 제출로 처리했습니다"},
    "report.hidden": {"en": "hidden test", "ko": "비공개 테스트"},
    "report.details": {"en": "diagnostics", "ko": "진단 값"},
    "report.output": {"en": "What your code printed (cut short)", "ko": "코드가 출력한 내용 (일부)"},
    "report.no_output": {"en": "Your code printed nothing.", "ko": "코드가 출력한 내용이 없습니다."},
    "report.notes": {"en": "While collecting your submission", "ko": "제출물을 모으는 중"},
    "report.late_penalty": {"en": "late penalty", "ko": "지각 감점"},
    "report.staff_title": {"en": "Grading report: {aid}", "ko": "채점 보고서: {aid}"},
    "report.students": {"en": "students", "ko": "학생 수"},
    "report.mean": {"en": "mean", "ko": "평균"},
    "report.median": {"en": "median", "ko": "중앙값"},
    "report.histogram": {"en": "Score histogram (total after late penalties)",
                         "ko": "점수 분포 (지각 감점 반영 총점)"},
    "report.pass_rate": {"en": "Pass rate per part", "ko": "항목별 통과율"},
    "report.statuses": {"en": "statuses", "ko": "상태"},
    "report.common_failures": {"en": "Most common failure messages", "ko": "가장 흔한 실패 메시지"},
    "report.count": {"en": "count", "ko": "횟수"},
    "report.example": {"en": "example", "ko": "예시"},
    "report.roster": {"en": "Every student", "ko": "학생별 결과"},
    "report.feedback_link": {"en": "feedback", "ko": "피드백"},
    "report.none": {"en": "none", "ko": "없음"},
    "report.late_count": {"en": "late submissions", "ko": "지각 제출"},
})


def points(x: float) -> str:
    return f"{x:g}"


def finalize(value):
    """Every value a page shows is made safe first (control characters, surrogates: safe_text);
    autoescape then escapes it. Markup (a template's own markup) stays as it is."""
    return value if isinstance(value, Markup) else safe_text(value, multiline=True)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader("autograder.report", "templates"), autoescape=True,
                             finalize=finalize, undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
    env.filters["points"] = points
    return env


def render_page(template: str, page_title: str, lang: str, t, **values) -> str:
    """One self-contained page from autograder/report/templates/<template> (it extends page.html):
    `page_title` is the browser's title, `t` the translator, `values` what the template shows."""
    return environment().get_template(template).render(page_title=page_title, lang=lang, t=t, **values)
