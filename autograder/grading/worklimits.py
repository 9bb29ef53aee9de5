"""Time limits that follow the work: a part's limit comes from the reference's own time.

A part whose course.yml entry sets `time_limit_s` keeps it. Every other part may take
``max(FLOOR_S, FACTOR x the reference's seconds)``, never more than the assignment's
`time_limit_s`: a loop that never ends costs seconds, not a minute, while slow but honest code
(Python loops where the reference vectorises) keeps a wide margin. The reference's seconds are
measured once per kit and solution version (one untimed call of each check) and cached under
``.cache/limits``. What a submission may lose to hangs is bounded too (`submission_budget`).

Where there is no reference code (a student's copy of the kit), the course's limits apply.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import threading
from pathlib import Path

from autograder import __version__
from autograder.checks import check_sources
from autograder.model.check import Check
from autograder.config.course import Assignment
from autograder.config.paths import CACHE
from autograder.sandbox.fences import Limits

FLOOR_S = 10.0     # no part's derived limit is below this (a loaded machine, a cold import)
FACTOR = 20.0      # times the reference's own seconds
_lock = threading.Lock()
_memo: dict[str, dict[str, float]] = {}


def _key(aid: str, ref_dir: Path) -> str:
    h = hashlib.sha256(f"{__version__} limits".encode())
    for path in sorted(ref_dir.rglob("*.py")) + check_sources(aid):
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:16]


def reference_seconds(assignment: Assignment, checks: list[Check], ref_dir: Path) -> dict[str, float]:
    """{part: seconds} of one untimed call of each check on the reference (cached). Parts the
    reference does not finish are left out (they keep the assignment's limit)."""
    from autograder.sandbox.runner import run_checks   # runner imports nothing of this module
    path = CACHE / "limits" / assignment.id / f"{_key(assignment.id, ref_dir)}.json"
    with _lock:
        key = str(path)
        if key not in _memo:
            try:
                _memo[key] = {k: float(v) for k, v in json.loads(path.read_text()).items()}
            except (OSError, ValueError, AttributeError):
                once = [dataclasses.replace(c, timed=False) for c in checks   # course-set limits stay as set
                        if not getattr(assignment.parts.get(c.part), "time_limit_s", None)]
                outcomes, _ = run_checks(assignment.id, ref_dir, once, limits_for(assignment)) if once else ({}, "")
                seconds = {part: o.seconds for part, o in outcomes.items() if o.status == "ok"}
                path.parent.mkdir(parents=True, exist_ok=True)
                tmp = path.with_suffix(".tmp")
                tmp.write_text(json.dumps(seconds, indent=1, sort_keys=True))
                tmp.replace(path)
                _memo[key] = seconds
        return dict(_memo[key])


def work_limits(assignment: Assignment, checks: list[Check], ref_dir: Path | None) -> dict[str, float]:
    """Each part's wall limit in seconds (see the module's docstring)."""
    limits = {}
    seconds = reference_seconds(assignment, checks, ref_dir) if ref_dir is not None and ref_dir.is_dir() else {}
    for check in checks:
        part = assignment.parts.get(check.part)
        if part is not None and part.time_limit_s:
            limits[check.part] = float(part.time_limit_s)
        elif check.part in seconds:
            limits[check.part] = min(float(assignment.time_limit_s), max(FLOOR_S, FACTOR * seconds[check.part]))
    return limits


def submission_budget(assignment: Assignment) -> float:
    """Seconds one submission may lose to parts that run out of time: three times the assignment's
    per-part limit, plus the limits course.yml sets for single long parts (a5's test accuracy, say).
    Honest parts' time never counts (see runner.run_checks)."""
    return 3.0 * assignment.time_limit_s + sum(p.time_limit_s for p in assignment.parts.values() if p.time_limit_s)


def limits_for(assignment: Assignment) -> Limits:
    return Limits(wall_s=assignment.time_limit_s, memory_mb=assignment.memory_mb)


def part_limits(assignment: Assignment) -> dict[str, float]:
    return {name: p.time_limit_s for name, p in assignment.parts.items() if p.time_limit_s}
