"""The late policy of course.yml, applied from nbgrader's `timestamp.txt` in a submission.

    late = lateness(cohort.late_policy, cohort.dates[aid].due, read_timestamp(folder))
    score_counted = raw_score * (1 - late.share)

nbgrader writes the submission time as ``2026-09-21 14:05:09.123456 UTC``; ISO 8601 with an
offset is read too, and a time without a zone is taken as UTC (nbgrader's default). Lateness up
to `grace_minutes` counts as on time; after that every started day takes `penalty_per_day` of
the score, and past `max_days_late` days the score is 0. A submission without a readable
timestamp is treated as on time, and the record says so.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import asdict, dataclass
from pathlib import Path

from autograder.config.course import LatePolicy

DAY = 86400.0


@dataclass(frozen=True)
class Lateness:
    submitted: str            # ISO 8601, '' when unknown
    due: str                  # ISO 8601
    seconds_late: float       # 0 when on time or unknown
    days_late: int            # started days late after the grace period; 0 when on time
    share: float              # share of the score taken off, 0..1
    note: str = ""            # 'no timestamp.txt' or 'unreadable timestamp: ...'

    def as_dict(self) -> dict:
        return asdict(self)


NO_TIMESTAMP = "no timestamp.txt"   # the note of a submission without one


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


def lateness(policy: LatePolicy, due: dt.datetime, submitted: dt.datetime | None, note: str = "") -> Lateness:
    if submitted is None:
        return Lateness("", due.isoformat(), 0.0, 0, 0.0, note or "no timestamp.txt")
    late_s = (submitted - due).total_seconds()
    if late_s <= policy.grace_minutes * 60:
        return Lateness(submitted.isoformat(), due.isoformat(), 0.0, 0, 0.0, note)
    days = math.ceil(late_s / DAY)
    share = 1.0 if days > policy.max_days_late else min(1.0, days * policy.penalty_per_day)
    return Lateness(submitted.isoformat(), due.isoformat(), late_s, days, round(share, 6), note)


def lateness_of(folder: Path | None, policy: LatePolicy, due: dt.datetime) -> Lateness:
    submitted, note = read_timestamp(folder)
    return lateness(policy, due, submitted, note)
