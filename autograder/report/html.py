"""Small pieces shared by the feedback page and the staff report: one self-contained HTML page
(inline CSS, images as data: URIs, nothing fetched), readable on a phone."""
from __future__ import annotations

from html import escape

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

CSS = """
*{box-sizing:border-box}
body{font-family:system-ui,-apple-system,"Segoe UI","Noto Sans KR","Apple SD Gothic Neo",sans-serif;
 margin:0 auto;padding:12px;max-width:52rem;line-height:1.45;color:#1d1d1f;background:#fafafa;font-size:16px}
h1{font-size:1.35rem;margin:.2rem 0 .6rem}h2{font-size:1.1rem;margin:1.2rem 0 .5rem}
.total{font-size:1.6rem;font-weight:700}
.card{background:#fff;border:1px solid #ddd;border-radius:8px;padding:10px 12px;margin:10px 0;overflow-wrap:anywhere}
.head{display:flex;flex-wrap:wrap;gap:6px 12px;align-items:baseline;justify-content:space-between}
.part{font-weight:600;font-family:ui-monospace,Menlo,Consolas,monospace}
.pts{font-weight:700;white-space:nowrap}
.badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:.85rem;color:#fff;background:#8a8a8a}
.passed{background:#1f7a35}.failed{background:#b3261e}.not_implemented{background:#6b6b6b}
.timeout,.memory_limit,.output_limit,.crashed{background:#8a4b00}
.missing_file,.missing,.syntax_error,.import_error,.bad_output{background:#7a1fa2}
.grader_error{background:#000}.alert{border:2px solid #b3261e;background:#fff4f2}
.msg{margin:.4rem 0}.muted{color:#666;font-size:.9rem}
table{border-collapse:collapse;width:100%;font-size:.9rem}
.scroll{overflow-x:auto}
td,th{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}
pre{background:#f2f2f2;padding:8px;overflow-x:auto;white-space:pre-wrap;font-size:.8rem;max-height:24rem}
img{max-width:100%;height:auto}
.bar{background:#e6e6e6;border-radius:4px;height:10px;min-width:60px}
.bar>span{display:block;height:10px;border-radius:4px;background:#1f7a35}
"""


def esc(value) -> str:
    return escape(safe_text(value, multiline=True), quote=True)


def page(title: str, body: str, lang: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="{esc(lang)}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n')


def scroll(table: str) -> str:
    """A wide table scrolls sideways on a phone instead of squeezing its words."""
    return f'<div class="scroll">{table}</div>'


def points(x: float) -> str:
    return f"{x:g}"
