"""Baselines measured before on this machine: a naive baseline's CPU time is the same from one
batch to the next, so it is kept per machine (`machine_id`), reference and inputs, and measured
again only when one is missing or failed.
"""
from __future__ import annotations

import json
import os
from pathlib import Path


from autograder.model.check import Outcome


# A student zip has no solutions/: it ships the reference outputs of the public checks here instead
# (written by the release, fixed seeds). Speed parts are then clocked against the student's own
# baseline function (for a1 the student's two-loop version), on the student's machine.


def machine_id() -> str:
    """The host and its CPU model: a baseline's CPU time holds on the machine that measured it."""
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8", errors="replace") as f:
            model = next((line.split(":", 1)[1].strip() for line in f if line.startswith("model name")), "")
    except OSError:
        pass
    return f"{os.uname().nodename}|{model}|{os.cpu_count()}"


def cached_baselines(path: Path, parts: list[str]) -> dict[str, Outcome] | None:
    """The baselines measured before on this machine, for this reference and these inputs (a
    naive baseline's CPU time is the same from one batch to the next: measuring it costs about as
    much as grading a few students); None when any is missing."""
    try:
        seconds = json.loads(path.read_text(encoding="utf-8"))
        if all(isinstance(seconds.get(p), float) and seconds[p] > 0 for p in parts):
            return {p: Outcome("ok", seconds=seconds[p]) for p in parts}
    except (OSError, ValueError, AttributeError):
        pass
    return None


def save_baselines(path: Path, measured: dict[str, Outcome]) -> None:
    if not all(o.status == "ok" and o.seconds > 0 for o in measured.values()):
        return   # a failed measurement is measured again next time
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({p: float(o.seconds) for p, o in measured.items()}), encoding="utf-8")
    tmp.replace(path)
