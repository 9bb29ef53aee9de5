"""What report.html tells the staff about the cohort besides the scores (staff.py adds these values):

- per part, how many students each named mistake caught ("the regularisation gradient is missing:
  41 students"), for the lecture after the deadline (`StudentRecord.mistakes`, from withheld.py);
- the most similar pairs of submissions (grading/similarity.py), with the matching regions side by
  side: a flag to look at, never a change of any score;
- the submissions whose pack-written timestamp disagrees with what they carry (grading/evidence.py).
"""
from __future__ import annotations

from collections import Counter

from autograder.config.messages import register
from autograder.report.record import StudentRecord

register({
    "report.mistakes": {"en": "What the cohort got wrong: students caught by each named mistake",
                        "ko": "학생들이 틀린 부분: 이름 붙은 실수별 학생 수"},
    "report.mistake": {"en": "mistake", "ko": "실수"},
    "report.similarity": {"en": "Most similar submissions (a flag to look at, never a change of any score)",
                          "ko": "가장 비슷한 제출물 (살펴볼 대상일 뿐, 점수는 바뀌지 않습니다)"},
    "report.similarity_none": {"en": "no pair shares code beyond what the release handed out",
                               "ko": "배포된 코드 말고는 코드를 공유하는 쌍이 없습니다"},
    "report.score": {"en": "similarity", "ko": "유사도"},
    "report.late_flags": {"en": "Timestamps that disagree with their submission's evidence (not penalised; "
                                "check them against the LMS's times, then grade with --submitted-at)",
                          "ko": "제출물의 증거와 맞지 않는 타임스탬프 (감점하지 않았습니다. LMS의 제출 시각과 비교한 뒤 "
                                "--submitted-at으로 다시 채점하세요)"},
})

SHOWN_PAIRS = 10


def mistake_counts(records: list[StudentRecord], t) -> list[dict]:
    """[{part, rows: [(mistake sentence, students)]}] for the parts where some mistake was named."""
    by_part: dict[str, Counter] = {}
    for rec in records:
        for part, keys in (rec.mistakes or {}).items():
            by_part.setdefault(part, Counter()).update(set(keys))
    order = [r.part for r in records[0].results] if records else []
    return [{"part": part, "rows": [(t(key), n) for key, n in sorted(by_part[part].items(), key=lambda kv: (-kv[1], kv[0]))]}
            for part in order + sorted(set(by_part) - set(order)) if part in by_part]


def similarity_view(pairs: list | None) -> dict:
    """The top pairs and their regions, as the template shows them; `listed` False when not computed."""
    if pairs is None:
        return {"listed": False, "pairs": []}
    shown = [{"a": p.a, "b": p.b, "score": f"{p.score:.2f}", "shared": p.shared,
              "regions": [{"where_a": f"{r.file_a}:{r.lines_a[0]}-{r.lines_a[1]}", "text_a": r.text_a,
                           "where_b": f"{r.file_b}:{r.lines_b[0]}-{r.lines_b[1]}", "text_b": r.text_b}
                          for r in p.regions]}
             for p in pairs[:SHOWN_PAIRS] if p.score > 0]
    return {"listed": True, "pairs": shown}


def late_flags(records: list[StudentRecord]) -> list[tuple[str, str]]:
    return [(rec.student, rec.late_flag) for rec in records if rec.late_flag]
