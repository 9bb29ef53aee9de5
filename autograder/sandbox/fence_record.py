"""Which fences held for a batch: each child's hello line is recorded, the batch keeps only what
held in all of them, and the staff's console and report.html say so.
"""
from __future__ import annotations

import threading

FENCE_NAMES = ("uid", "landlock", "seccomp", "netns", "pidns", "mountns")


_seen: dict[str, object] = {}
_seen_lock = threading.Lock()
_children = 0


def record_fences(fences: dict) -> None:
    """The grader notes each child's fences (its hello line); the batch holds only what held in all."""
    global _children
    with _seen_lock:
        _children += 1
        for name in FENCE_NAMES + ("sockets",):
            value = fences.get(name)
            if name == "uid":
                value = value is not None
            if name == "sockets":
                value = value or "python"
                _seen[name] = value if _seen.get(name, value) == value else "mixed"
            elif name == "landlock":
                _seen[name] = min(int(value or 0), int(_seen.get(name, value) or 0))
            else:
                _seen[name] = bool(value) and bool(_seen.get(name, True))


def fences_in_force() -> dict:
    """The fences that held for every child this process started: {} before any."""
    with _seen_lock:
        return dict(_seen, children=_children) if _children else {}


def fences_summary(fences: dict | None = None) -> tuple[str, list[str]]:
    """One line naming the fences in force for the batch, and a warning for each missing one
    (English: the staff's console and page)."""
    f = fences_in_force() if fences is None else fences
    if not f:
        return "sandbox fences: no child ran in this run", []
    held = [name for name in ("netns", "pidns", "mountns", "uid", "seccomp") if f.get(name)]
    if f.get("landlock"):
        held.append(f"landlock(ABI {f['landlock']})")
    line = "sandbox fences in force for every child: " + (", ".join(held) or "none")
    warnings = []
    if not f.get("uid") and not f.get("mountns"):
        warnings.append("children ran as the grader's own user" + (
            ": only Landlock keeps them from its files" if f.get("landlock") else
            " with no file fence: they could read every file the grader can (solutions, references, classmates)"))
    elif not f.get("landlock") and not f.get("mountns"):
        warnings.append("no Landlock and no mount namespace: children could read every world-readable file "
                        "(the kit's secrets are made grader-only; check your course folder's permissions)")
    if not f.get("netns") and not f.get("seccomp"):
        warnings.append("sockets were blocked only inside Python (no network namespace, no seccomp): "
                        "a determined submission can reach the network")
    if not f.get("pidns") and not f.get("uid"):
        warnings.append("no PID namespace and no user of its own: processes a child leaves behind are not swept")
    return line, ["warning: " + w for w in warnings]
