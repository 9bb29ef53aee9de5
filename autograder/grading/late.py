"""The late policy of course.yml: when a submission came in, and what that costs.

    due = due_date(cohort, aid, student, read_extensions(course, cohort))   # an extension moves it
    late = lateness(cohort.late_policy, due, when.time, when.note, source=when.source, flag=when.flag)
    score_counted = raw_score * (1 - late.share)

The submission time (`SubmissionTime`) comes from, in this order:
- `grade --submitted-at FILE` (CSV `student_id,submitted_at`, the LMS's export): trusted;
- nbgrader's collected `timestamp.txt` (a folder with no `SHA256SUMS`): trusted, as nbgrader has it;
- the `timestamp.txt` that `pack` wrote on the student's machine (next to its `SHA256SUMS`): used, and
  checked against what the submission carries (evidence.py); a disagreement beyond the grace is a
  flag for the staff, never a penalty by itself (a download time alone never penalises anyone).

nbgrader writes the time as ``2026-09-21 14:05:09.123456 UTC``; ISO 8601 with an offset is read too,
and a time without a zone is taken as UTC (nbgrader's default). Lateness up to `grace_minutes` counts
as on time; after that every started day takes `penalty_per_day` of the score, and past
`max_days_late` days the score is 0. With `free_late_days` (CS231n's term budget) `grade` reports the
days late and charges only the zero past `max_days_late`: the `gradebook` verb spends the budget in
due-date order (`charge`). A submission without a readable time is treated as on time, and says so.
"""
from __future__ import annotations

import csv
import datetime as dt
import math
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder.config.course import Cohort, Course, CourseError, LatePolicy
from autograder.config.messages import register

DAY = 86400.0
NO_TIMESTAMP = "no timestamp.txt"   # the note of a submission without one
FROM_LMS, FROM_NBGRADER, FROM_PACK = "submitted-at", "nbgrader", "pack"


@dataclass(frozen=True)
class Lateness:
    submitted: str            # ISO 8601, '' when unknown
    due: str                  # ISO 8601 (moved by an extension)
    seconds_late: float       # 0 when on time or unknown
    days_late: int            # started days late after the grace period; 0 when on time
    share: float              # share of the score taken off here, 0..1 (0 when `gradebook` charges)
    note: str = ""            # 'no timestamp.txt' or 'unreadable timestamp: ...'
    source: str = ""          # where the time came from: FROM_LMS, FROM_NBGRADER, FROM_PACK
    flag: str = ""            # the evidence disagrees with a pack-written timestamp (for the staff)
    extension_days: int = 0   # extra days this student has on this assignment

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class SubmissionTime:
    time: dt.datetime | None
    note: str = ""
    source: str = ""
    flag: str = ""


def parse_timestamp(text: str) -> dt.datetime:
    """nbgrader's timestamp (or ISO 8601) as an aware datetime; raises ValueError."""
    text = text.strip()
    if not text:
        raise ValueError("empty")
    for suffix in (" UTC", " utc", "Z", " GMT"):
        if text.endswith(suffix):
            text = text[: -len(suffix)] + "+00:00"
            break
    try:
        value = dt.datetime.fromisoformat(text.replace(" +", "+"))
    except ValueError:
        from dateutil import parser  # nbgrader itself parses with dateutil; it is one of its dependencies
        try:
            value = parser.parse(text)
        except (ValueError, OverflowError) as exc:
            raise ValueError(str(exc)) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    return value


def read_timestamp(folder: Path | None) -> tuple[dt.datetime | None, str]:
    """The submission time in folder/timestamp.txt, and a note when it is absent or unreadable."""
    path = folder / "timestamp.txt" if folder is not None else None
    if path is None or not path.is_file():
        return None, NO_TIMESTAMP
    with open(path, "rb") as f:
        raw = f.read(200).decode("utf-8", "replace")
    try:
        return parse_timestamp(raw), ""
    except ValueError:
        return None, f"unreadable timestamp: {raw.strip()[:60]!r}"


def read_submitted_at(path: Path) -> dict[str, dt.datetime]:
    """`--submitted-at FILE`: {student_id: time} from a CSV with columns student_id,submitted_at
    (ISO 8601 with a zone; a BOM, as Excel saves it, is fine). A bad row is a CourseError naming it."""
    return {row["student_id"]: _time_cell(path, i, row["submitted_at"])
            for i, row in _rows(path, ("student_id", "submitted_at"))}


def read_extensions(course: Course, cohort: Cohort) -> dict[tuple[str, str], int]:
    """The cohort's `extensions` CSV (student_id,assignment,days), relative to the course file:
    {(student_id, aid): days}; several rows for one pair add up. {} when the cohort names none."""
    if not cohort.extensions:
        return {}
    path = Path(cohort.extensions)
    if not path.is_absolute():
        path = Path(course.path).parent / path
    found: dict[tuple[str, str], int] = {}
    for i, row in _rows(path, ("student_id", "assignment", "days")):
        if row["assignment"] not in course.assignments:
            raise CourseError(f"{path.name} line {i}: unknown assignment {row['assignment']!r} "
                              f"(known: {', '.join(course.assignments)})")
        try:
            days = int(row["days"])
        except ValueError:
            raise CourseError(f"{path.name} line {i}: days must be a whole number, got {row['days']!r}") from None
        key = (row["student_id"], row["assignment"])
        found[key] = found.get(key, 0) + days
    return found


def _rows(path: Path, columns: tuple[str, ...]):
    """(line number, row) of a CSV that must have `columns`; CourseError with the fix otherwise."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            missing = [c for c in columns if c not in (reader.fieldnames or [])]
            if missing:
                raise CourseError(f"{path}: needs the columns {','.join(columns)} in its first line "
                                  f"(missing: {', '.join(missing)})")
            rows = [(i, {k: (v or "").strip() for k, v in row.items() if k}) for i, row in enumerate(reader, 2)]
    except OSError as exc:
        raise CourseError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    return [(i, row) for i, row in rows if row.get(columns[0])]


def _time_cell(path: Path, line: int, text: str) -> dt.datetime:
    try:
        return parse_timestamp(text)
    except ValueError:
        raise CourseError(f"{path.name} line {line}: {text!r} is not a time; write ISO 8601 with a zone, "
                          f"e.g. 2026-09-21T23:10:00+09:00") from None


def due_date(cohort: Cohort, aid: str, student: str, extensions: dict[tuple[str, str], int]) -> dt.datetime:
    """The assignment's due date for this student, moved by their extension."""
    return cohort.dates[aid].due + dt.timedelta(days=extensions.get((student, aid), 0))


def days_late_of(policy: LatePolicy, due: dt.datetime, submitted: dt.datetime) -> tuple[float, int]:
    """(seconds late, started days late); both 0 within the grace."""
    late_s = (submitted - due).total_seconds()
    if late_s <= policy.grace_minutes * 60:
        return 0.0, 0
    return late_s, math.ceil(late_s / DAY)


def share_for(policy: LatePolicy, days_late: int, paid_days: int | None = None) -> float:
    """The share taken off: 1 past `max_days_late`, else `penalty_per_day` for each paid day."""
    if days_late > policy.max_days_late:
        return 1.0
    paid = days_late if paid_days is None else paid_days
    return round(min(1.0, paid * policy.penalty_per_day), 6)


def lateness(policy: LatePolicy, due: dt.datetime, submitted: dt.datetime | None, note: str = "", *,
             source: str = "", flag: str = "", extension_days: int = 0) -> Lateness:
    extra = dict(source=source, flag=flag, extension_days=extension_days)
    if submitted is None:
        return Lateness("", due.isoformat(), 0.0, 0, 0.0, note or NO_TIMESTAMP, **extra)
    late_s, days = days_late_of(policy, due, submitted)
    # with a term budget, only the zero past max_days_late is charged here; `gradebook` spends the budget
    share = (1.0 if days > policy.max_days_late else 0.0) if policy.free_late_days else share_for(policy, days)
    return Lateness(submitted.isoformat(), due.isoformat(), late_s, days, share, note, **extra)


def lateness_of(folder: Path | None, policy: LatePolicy, due: dt.datetime) -> Lateness:
    """Lateness from folder/timestamp.txt alone (no evidence check, no extension)."""
    submitted, note = read_timestamp(folder)
    return lateness(policy, due, submitted, note)


@dataclass(frozen=True)
class Charge:
    """What `gradebook` charges one assignment of one student."""
    days_late: int
    free_days_used: int
    free_days_left: int
    share: float


def charge(policy: LatePolicy, days_late: list[int]) -> list[Charge]:
    """CS231n's late days: `days_late` of one student's assignments in due-date order; the term's
    `free_late_days` are spent first come, first served, each day beyond costs `penalty_per_day`,
    and past `max_days_late` the score is 0 (no free day is spent on a zero)."""
    left = policy.free_late_days
    charges = []
    for days in days_late:
        if days > policy.max_days_late:
            charges.append(Charge(days, 0, left, 1.0))
            continue
        used = min(days, left)
        left -= used
        charges.append(Charge(days, used, left, share_for(policy, days, days - used)))
    return charges


def pack_warning(course: Course, aid: str, now: dt.datetime, t, cohort: str | None = None) -> str:
    """For `pack`: '' before the due date (and within the grace); after it, the sentence that says
    how late the zip is and what that will cost under the cohort's policy (an extension the staff
    granted is not known on the student's machine: the sentence says so)."""
    group = course.cohort(cohort)
    policy = group.late_policy
    _, days = days_late_of(policy, group.dates[aid].due, now)
    if days == 0:
        return ""
    due = group.dates[aid].due.isoformat(timespec="minutes")
    if days > policy.max_days_late:
        return t("late.pack_zero", days=days, due=due, max=policy.max_days_late)
    if policy.free_late_days:
        return t("late.pack_free", days=days, due=due, free=policy.free_late_days,
                 share=policy.penalty_per_day)
    return t("late.pack_penalty", days=days, due=due, share=share_for(policy, days))


register({
    "late.budget": {"en": "Submitted {days} day(s) late: charged to the term's free late days (the course "
                          "gradebook counts them; a day beyond them costs points there)",
                    "ko": "{days}일 늦게 제출: 학기 전체 무료 지각일에서 차감됩니다 (과목 성적부에서 계산하며, "
                          "남은 무료 지각일을 넘는 날은 그곳에서 감점됩니다)"},
    "late.pack_penalty": {
        "en": "warning: the due date was {due}; this zip is {days} day(s) late: {share:.0%} of its score will be "
              "taken off (unless the staff gave you an extension)",
        "ko": "경고: 마감은 {due}였습니다. 이 제출물은 {days}일 늦어 점수의 {share:.0%}가 감점됩니다 "
              "(조교가 기한 연장을 허락한 경우는 제외)"},
    "late.pack_free": {
        "en": "warning: the due date was {due}; this zip is {days} day(s) late: that spends {days} of the term's "
              "{free} free late days, and each day beyond the ones you have left costs {share:.0%} of the score",
        "ko": "경고: 마감은 {due}였습니다. 이 제출물은 {days}일 늦어 학기 전체 무료 지각일 {free}일 중 {days}일을 "
              "씁니다. 남은 무료 지각일을 넘는 하루마다 점수의 {share:.0%}가 감점됩니다"},
    "late.pack_zero": {
        "en": "warning: the due date was {due}; this zip is {days} day(s) late, more than the {max} days accepted: "
              "it will score 0 (unless the staff gave you an extension)",
        "ko": "경고: 마감은 {due}였습니다. 이 제출물은 {days}일 늦어 허용되는 {max}일을 넘었으므로 0점이 됩니다 "
              "(조교가 기한 연장을 허락한 경우는 제외)"},
})
