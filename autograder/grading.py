"""Grade one folder of code: run the checks on it and on the reference, judge in the parent.

    results, output = grade_dir(course, "a1_knn_linear", Path("assignments/a1_knn_linear"), t)

The reference outputs come from the same calls run on ``solutions/<aid>`` (cached under
``.cache/reference`` per kit version and solution content); timed parts are never cached: their
baseline is measured in the same run, on the same machine, with a fresh seed.
"""
from __future__ import annotations

import hashlib
import secrets
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from autograder import __version__
from autograder.check import Check, JudgeContext, Outcome, Result
from autograder.checks import load_checks
from autograder.course import Assignment, Course
from autograder.paths import CACHE, ROOT, SOLUTIONS
from autograder.runner import SKIPPED, ChildSession, read_arrays, run_checks
from autograder.sandbox import Limits


# A student zip has no solutions/: it ships the reference outputs of the public checks here instead
# (written by the release, fixed seeds). Speed parts are then clocked against the student's own
# baseline function (for a1 the student's two-loop version), on the student's machine.
PUBLIC_REFERENCE = Path(__file__).resolve().parent / "reference_outputs"


def limits_for(assignment: Assignment) -> Limits:
    return Limits(wall_s=assignment.time_limit_s, memory_mb=assignment.memory_mb)


def part_limits(assignment: Assignment) -> dict[str, float]:
    return {name: p.time_limit_s for name, p in assignment.parts.items() if p.time_limit_s}


def checks_for(aid: str, hidden: bool) -> list[Check]:
    return [c for c in load_checks(aid) if hidden or not c.hidden]


def _cache_key(aid: str, ref_dir: Path) -> str:
    h = hashlib.sha256(f"{__version__} {np.__version__} {sys.version}".encode())
    # the reference's code and its trained checkpoints (a5, a6): a retrained checkpoint changes the outputs
    kit = [ROOT / "autograder" / "checks" / f"{aid}.py", ROOT / "autograder" / "check.py"]
    for path in sorted(ref_dir.rglob("*.py")) + sorted(ref_dir.rglob("*.pt")) + kit:
        if path.is_file() and "__pycache__" not in path.parts:
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()[:16]


def reference_outcomes(assignment: Assignment, checks: list[Check], seeds: dict[str, int],
                       ref_dir: Path | None = None, variations: dict[str, list[float]] | None = None
                       ) -> dict[str, Outcome]:
    """The reference's outcomes: untimed parts from the cache when it is fresh; in a student's
    release without solutions/, the shipped outputs of the public checks."""
    ref_dir = ref_dir or SOLUTIONS / assignment.id
    outcomes: dict[str, Outcome] = {c.part: Outcome("ok") for c in checks if not c.reference}
    checks = [c for c in checks if c.reference]   # the others are judged without a reference run
    if not checks:
        return outcomes
    if not ref_dir.is_dir() and (PUBLIC_REFERENCE / assignment.id).is_dir():
        return {**outcomes, **shipped_outcomes(assignment.id, checks)}
    cache = CACHE / "reference" / assignment.id / _cache_key(assignment.id, ref_dir)
    todo = []
    for check in checks:
        path = cache / f"{check.part}.npz"
        if not check.timed and path.is_file():
            outcomes[check.part] = Outcome("ok", outputs=read_arrays(path))
        else:
            todo.append(check)
    if todo:
        fresh, _ = run_checks(assignment.id, ref_dir, todo, limits_for(assignment), seeds=seeds,
                              variations=variations, baseline=True, part_limits=part_limits(assignment))
        for check in todo:
            outcome = fresh[check.part]
            outcomes[check.part] = outcome
            if outcome.status == "ok" and not check.timed:
                cache.mkdir(parents=True, exist_ok=True)
                tmp = cache / f"{check.part}.tmp.npz"
                np.savez(tmp, **outcome.outputs)
                tmp.replace(cache / f"{check.part}.npz")
    return outcomes


def shipped_outcomes(aid: str, checks: list[Check]) -> dict[str, Outcome]:
    outcomes = {}
    for check in checks:
        path = PUBLIC_REFERENCE / aid / f"{check.part}.npz"
        outcomes[check.part] = (Outcome("ok", outputs=read_arrays(path)) if path.is_file() else
                                Outcome("missing_file", file=f"reference_outputs/{aid}/{path.name}"))
    return outcomes


def offline(aid: str, ref_dir: Path | None) -> bool:
    """True in a student's release: no reference code, only the shipped public outputs."""
    return ref_dir is None and not (SOLUTIONS / aid).is_dir() and (PUBLIC_REFERENCE / aid).is_dir()


def own_baselines(assignment: Assignment, code_dir: Path, checks: list[Check], student: dict[str, Outcome],
                  reference: dict[str, Outcome]) -> None:
    """Offline speed parts: clock the baseline call on the student's own code (best of `repeat`).
    When that baseline does not run, the part gets the baseline's status (say, not implemented)."""
    timed = [c for c in checks if c.timed and c.baseline is not None and student[c.part].status == "ok"]
    if not timed:
        return
    with ChildSession(assignment.id, Path(code_dir), limits_for(assignment)) as session:
        for check in timed:
            wall = part_limits(assignment).get(check.part)
            times = [session.call(check.part, check.seed, baseline=True, wall_s=wall) for _ in range(check.repeat)]
            failed = next((o for o in times if o.status != "ok"), None)
            if failed is not None:
                student[check.part] = failed
            elif reference[check.part].status == "ok":
                reference[check.part] = replace(reference[check.part], baseline_seconds=min(o.seconds for o in times))


def run_message(outcome: Outcome, assignment: Assignment, limits_s: float, t) -> str:
    """The student-facing sentence for a call that did not come back with arrays."""
    s = outcome.status
    if s == "not_implemented":
        return t("run.not_implemented", where=outcome.where or "?")
    if s == "missing_file":
        return t("run.missing_file", file=outcome.file)
    if s == "syntax_error":
        return t("run.syntax_error", file=outcome.file, line=outcome.line, error=outcome.error)
    if s == "import_error":
        return t("run.import_error", file=outcome.file, error=outcome.error)
    if s == "timeout":
        return t("run.timeout_skipped" if outcome.error == SKIPPED else "run.timeout", seconds=limits_s)
    if s == "memory_limit":
        return t("run.memory_limit", mb=assignment.memory_mb)
    if s == "bad_output":
        return t("run.bad_output", error=outcome.error)
    if s == "output_limit":
        return t("run.output_limit", limit=limits_for(assignment).output_max_bytes)
    if s == "crashed" and outcome.where:
        return t("run.error", error=outcome.error, where=outcome.where)
    return t("run.crashed", code=outcome.error or "?")


def judge_outcomes(assignment: Assignment, checks: list[Check], student: dict[str, Outcome],
                   reference: dict[str, Outcome], t) -> list[Result]:
    results = []
    for check in checks:
        part = assignment.parts[check.part]
        got, ref = student[check.part], reference[check.part]
        limit = part.time_limit_s or assignment.time_limit_s
        base = dict(part=check.part, max_score=part.points, hidden=check.hidden, seconds=got.seconds)
        if ref.status != "ok":
            msg = t("run.reference_failed", error=run_message(ref, assignment, limit, t))
            results.append(Result(score=0.0, status="failed", message=msg, **base))
            continue
        if got.status != "ok":
            results.append(Result(score=0.0, status=got.status, message=run_message(got, assignment, limit, t),
                                  **base))
            continue
        ctx = JudgeContext(t=t, part=part, student_seconds=got.seconds, baseline_seconds=ref.baseline_seconds)
        try:
            verdict = check.judge(got.outputs, ref.outputs, ctx)
        except Exception as exc:  # odd shapes or dtypes the judge did not foresee: the student's output
            results.append(Result(score=0.0, status="bad_output",
                                  message=t("run.bad_output", error=f"{type(exc).__name__}: {exc}"), **base))
            continue
        score = round(part.points * min(max(verdict.fraction, 0.0), 1.0), 4)
        results.append(Result(score=score, status=verdict.status or ("passed" if verdict.passed else "failed"),
                              message=verdict.message, details=verdict.details, **base))
    return results


@dataclass
class ReferenceRun:
    """The reference's outcomes for one grading run: its seeds and secret per-run input shifts
    (fresh for timed parts) and outputs. A batch prepares it once, so every student is judged
    against the same baseline clock."""
    seeds: dict[str, int]
    variations: dict[str, list[float]]
    outcomes: dict[str, Outcome]
    shipped: bool                    # a student's copy: the release's outputs, no solutions/


def prepare_reference(course: Course, aid: str, *, hidden: bool = True, ref_dir: Path | None = None) -> ReferenceRun:
    assignment = course.assignments[aid]
    checks = checks_for(aid, hidden)
    shipped = offline(aid, ref_dir)
    timed = [] if shipped else [c for c in checks if c.timed]
    seeds = {c.part: secrets.randbelow(2**31) for c in timed}
    variations = {c.part: [0.0] + [secrets.randbelow(1000) / 1000 + 0.05 for _ in range(c.repeat - 1)]
                  for c in timed}
    return ReferenceRun(seeds, variations, reference_outcomes(assignment, checks, seeds, ref_dir, variations),
                        shipped)


def grade_dir(course: Course, aid: str, code_dir: Path, t, *, hidden: bool = True,
              ref_dir: Path | None = None, reference: ReferenceRun | None = None) -> tuple[list[Result], str]:
    """Every check (public only when `hidden` is False) on `code_dir`, judged against the reference
    (`reference`, when the caller prepared it for a whole batch)."""
    assignment = course.assignments[aid]
    checks = checks_for(aid, hidden)
    reference = reference or prepare_reference(course, aid, hidden=hidden, ref_dir=ref_dir)
    outcomes = dict(reference.outcomes)
    student, output = run_checks(aid, Path(code_dir), checks, limits_for(assignment), seeds=reference.seeds,
                                 variations=reference.variations, part_limits=part_limits(assignment))
    if reference.shipped:
        own_baselines(assignment, code_dir, checks, student, outcomes)
    return judge_outcomes(assignment, checks, student, outcomes, t), output
