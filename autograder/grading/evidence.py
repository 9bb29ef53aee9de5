"""When did a submission come in? The trusted time, or a timestamp checked against its evidence.

    when = submission_time(source, staged_folder, grace_minutes, submitted_at.get(student))

- A time from `grade --submitted-at FILE` (the LMS's record) decides, whatever the zip says.
- nbgrader's collected `timestamp.txt` (no `SHA256SUMS` beside it: nbgrader wrote it on the course's
  server) is trusted as nbgrader has it.
- A `timestamp.txt` that `pack` wrote on the student's machine (it sits beside pack's `SHA256SUMS`) is
  used, and checked against what the submission carries: the SHA256SUMS lines (an edited timestamp or
  a file changed after packing no longer matches), the zip members' dates (written by the zip tool
  when the zip was made, in the local time of that machine: read with a 14-hour margin for its time
  zone) and the file's own mtime (a download or copy time, so it only counts when it is EARLIER than
  the timestamp: a file cannot be older than the moment it was packed). A disagreement beyond the grace is a flag for the staff, never a
  penalty by itself: a download time alone never penalises anyone.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import zipfile
from pathlib import Path

from autograder.config.course import Course
from autograder.grading.late import (FROM_LMS, FROM_NBGRADER, FROM_PACK, Lateness, SubmissionTime, due_date,
                                     lateness, read_timestamp)

SUMS = "SHA256SUMS"
STAMP = "timestamp.txt"
ZONE_MARGIN = dt.timedelta(hours=14)   # a zip date is local time somewhere between UTC-12 and UTC+14


def submission_time(source: Path | None, folder: Path | None, grace_minutes: float,
                    trusted: dt.datetime | None = None) -> SubmissionTime:
    """The time that decides lateness, where it came from, and a flag when the evidence disagrees."""
    if trusted is not None:
        return SubmissionTime(trusted, source=FROM_LMS)
    stamp, note = read_timestamp(folder)
    if stamp is None:
        return SubmissionTime(None, note=note)
    if folder is None or not (folder / SUMS).is_file():
        return SubmissionTime(stamp, source=FROM_NBGRADER)
    grace = dt.timedelta(minutes=grace_minutes)
    flags = sums_disagree(folder) + dates_disagree(source, stamp, grace)
    return SubmissionTime(stamp, note=note, source=FROM_PACK, flag="; ".join(flags))


def sums_disagree(folder: Path) -> list[str]:
    """What no longer matches pack's SHA256SUMS: timestamp.txt edited, files changed after packing."""
    listed = {}
    for line in (folder / SUMS).read_text(encoding="utf-8", errors="replace").splitlines():
        digest, _, name = line.strip().partition("  ")
        if digest and name:
            listed[name] = digest
    flags = []
    if STAMP not in listed:
        flags.append(f"{SUMS} does not list {STAMP}")
    changed = [name for name, digest in sorted(listed.items())
               if not (folder / name).is_file() or _sha256(folder / name) != digest]
    if STAMP in changed:
        flags.append(f"{STAMP} was changed after pack wrote it (its {SUMS} line does not match)")
        changed.remove(STAMP)
    if changed:
        shown = ", ".join(changed[:5]) + (f" and {len(changed) - 5} more" if len(changed) > 5 else "")
        flags.append(f"changed after packing ({SUMS} does not match): {shown}")
    return flags


def dates_disagree(source: Path | None, stamp: dt.datetime, grace: dt.timedelta) -> list[str]:
    """The zip members' dates later than the timestamp, or the file older than it, beyond the grace."""
    if source is None:
        return []
    flags = []
    if source.is_file() and source.suffix == ".zip":
        latest = latest_member_date(source)
        if latest is not None and latest - ZONE_MARGIN > stamp + grace:
            flags.append(f"the zip's files are dated {latest:%Y-%m-%d %H:%M} (the zipping machine's local time), "
                         f"after its {STAMP} ({stamp:%Y-%m-%d %H:%M %Z})")
    try:
        mtime = dt.datetime.fromtimestamp(source.stat().st_mtime, dt.timezone.utc)
    except OSError:
        return flags
    if mtime < stamp - grace:
        flags.append(f"the submission's file is older ({mtime:%Y-%m-%d %H:%M} UTC) than its {STAMP} "
                     f"({stamp:%Y-%m-%d %H:%M %Z})")
    return flags


def latest_member_date(path: Path) -> dt.datetime | None:
    """The latest date of the zip's members (besides timestamp.txt), naive local time read as UTC."""
    try:
        with zipfile.ZipFile(path) as archive:
            dates = [dt.datetime(*info.date_time, tzinfo=dt.timezone.utc) for info in archive.infolist()
                     if not info.is_dir() and Path(info.filename).name != STAMP]
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    return max(dates, default=None)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()



def late_verdict(course: Course, cohort: str | None, aid: str, student: str, source: Path | None,
                 folder: Path | None, trusted: dt.datetime | None,
                 extensions: dict[tuple[str, str], int]) -> Lateness:
    """The student's lateness on `aid`: their due date (moved by an extension), the submission time
    that decides (`submission_time`) and its flag."""
    group = course.cohort(cohort)
    policy = group.late_policy
    when = submission_time(source, folder, policy.grace_minutes, trusted)
    return lateness(policy, due_date(group, aid, student, extensions), when.time, when.note, source=when.source,
                    flag=when.flag, extension_days=extensions.get((student, aid), 0))
