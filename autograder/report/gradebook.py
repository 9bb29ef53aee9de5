"""The course gradebook: several assignments' `grade` outputs merged, late days charged as CS231n does.

    rows = gradebook_rows(course, "2026-fall", [Path("out/a1"), Path("out/a2")])
    write_gradebook(Path("gradebook"), rows, course, t, lang)

Each OUT/<student_id>/record.json holds the raw scores and the days late (after the student's
extension; see grading/late.py). For each student the assignments are taken in due-date order and
`late.charge` spends the term's `free_late_days`, then `penalty_per_day` for each day beyond, and 0
past `max_days_late`. Written: gradebook.csv (the contract's columns), gradebook.html (per student:
each assignment, days late, free days used and left, penalty, total) and gradebook_canvas.csv (Canvas's
gradebook import: one row a student, one column an assignment, then the course total).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from autograder.config.course import Course, CourseError
from autograder.config.messages import register
from autograder.grading.late import charge
from autograder.report.csvs import CANVAS_COLUMNS, csv_text
from autograder.report.html import render_page
from autograder.report.record import RECORD_NAME, StudentRecord, write_atomic

register({
    "gradebook.title": {"en": "Course gradebook: {course}", "ko": "과목 성적부: {course}"},
    "gradebook.policy": {"en": "{free} free late day(s) for the term, then {share:.0%} per day; more than {max} "
                               "day(s) late scores 0",
                         "ko": "학기 전체 무료 지각일 {free}일, 그 뒤로는 하루에 {share:.0%} 감점, {max}일을 넘으면 0점"},
    "gradebook.assignment": {"en": "assignment", "ko": "과제"},
    "gradebook.raw": {"en": "raw score", "ko": "원점수"},
    "gradebook.days_late": {"en": "days late", "ko": "지각일"},
    "gradebook.free_used": {"en": "free days used", "ko": "쓴 무료 지각일"},
    "gradebook.free_left": {"en": "free days left", "ko": "남은 무료 지각일"},
    "gradebook.penalty": {"en": "penalty", "ko": "감점"},
    "gradebook.score": {"en": "score", "ko": "점수"},
})

COLUMNS = ["student_id", "assignment", "raw_score", "max_score", "days_late", "free_days_used", "penalty", "score"]


@dataclass(frozen=True)
class Row:
    student: str
    assignment: str
    raw_score: float
    max_score: float
    days_late: int
    free_days_used: int
    free_days_left: int
    penalty: float          # points taken off for lateness
    score: float


def read_records(outs: list[Path]) -> dict[str, dict[str, StudentRecord]]:
    """{aid: {student: record}} from each OUT/<student>/record.json; CourseError when an OUT has none
    or two OUTs hold the same assignment."""
    found: dict[str, dict[str, StudentRecord]] = {}
    for out in outs:
        records = {}
        for path in sorted(out.glob(f"*/{RECORD_NAME}")):
            try:
                rec = StudentRecord.from_json(path.read_text(encoding="utf-8"))
            except (OSError, ValueError, TypeError, KeyError) as exc:
                raise CourseError(f"{path}: not a record the kit can read ({exc}); grade that assignment again") from None
            records[rec.student] = rec
        if not records:
            raise CourseError(f"--grades {out}: no <student_id>/{RECORD_NAME} in it; give the --out folder of a "
                              f"`grade` run")
        aids = {rec.assignment for rec in records.values()}
        if len(aids) > 1 or aids & set(found):
            raise CourseError(f"--grades {out}: holds {', '.join(sorted(aids))}, and each assignment may come "
                              f"from one --grades folder only")
        found[aids.pop()] = records
    return found


def gradebook_rows(course: Course, cohort: str | None, outs: list[Path]) -> list[Row]:
    """Every student's assignments, in due-date order, charged (see late.charge)."""
    group = course.cohort(cohort)
    by_aid = read_records(outs)
    order = sorted(by_aid, key=lambda aid: (group.dates[aid].due, list(course.assignments).index(aid)))
    students = sorted({s for recs in by_aid.values() for s in recs})
    rows = []
    for student in students:
        recs = [by_aid[aid][student] for aid in order if student in by_aid[aid]]
        days = [int((rec.late or {}).get("days_late", 0) or 0) for rec in recs]
        for rec, c in zip(recs, charge(group.late_policy, days)):
            raw = rec.raw_total
            penalty = round(raw * c.share, 4)
            rows.append(Row(student, rec.assignment, raw, rec.max_total, c.days_late, c.free_days_used,
                            c.free_days_left, penalty, round(raw - penalty, 4)))
    return rows


def gradebook_csv(rows: list[Row]) -> str:
    return csv_text([COLUMNS] + [[r.student, r.assignment, r.raw_score, r.max_score, r.days_late, r.free_days_used,
                                  r.penalty, r.score] for r in rows])


def canvas_totals_csv(rows: list[Row]) -> str:
    """Canvas's gradebook import: one column an assignment (its charged score), then the course total."""
    aids = list(dict.fromkeys(r.assignment for r in rows))
    possible = {r.assignment: r.max_score for r in rows}
    table = [CANVAS_COLUMNS + aids + ["Total"],
             ["Points Possible", "", "", "", ""] + [possible[a] for a in aids] + [round(sum(possible.values()), 4)]]
    for student, mine in by_student(rows).items():
        scores = {r.assignment: r.score for r in mine}
        table.append([student, "", student, "", ""] + [scores.get(a, "") for a in aids]
                     + [round(sum(scores.values()), 4)])
    return csv_text(table)


def by_student(rows: list[Row]) -> dict[str, list[Row]]:
    found: dict[str, list[Row]] = {}
    for r in rows:
        found.setdefault(r.student, []).append(r)
    return found


def write_gradebook(out: Path, rows: list[Row], course: Course, cohort: str | None, t, lang: str) -> list[Path]:
    policy = course.cohort(cohort).late_policy
    students = [{"student": s, "rows": mine, "total": round(sum(r.score for r in mine), 4),
                 "max_total": round(sum(r.max_score for r in mine), 4),
                 "free_left": mine[-1].free_days_left if mine else policy.free_late_days}
                for s, mine in by_student(rows).items()]
    html = render_page("gradebook.html", t("gradebook.title", course=course.id), lang, t, course=course,
                       policy=t("gradebook.policy", free=policy.free_late_days, share=policy.penalty_per_day,
                                max=policy.max_days_late), students=students)
    files = {"gradebook.csv": gradebook_csv(rows), "gradebook.html": html,
             "gradebook_canvas.csv": canvas_totals_csv(rows)}
    for name, text in files.items():
        write_atomic(out / name, text)
    return [out / name for name in files]
