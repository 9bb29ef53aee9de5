"""Parent side of the child process: send a call, clock it, read back validated arrays.

`run_checks(aid, code_dir, checks, limits)` returns ``({part: Outcome}, output)``: it runs each
check in a `ChildSession` (`autograder.sandbox.session`), where a child that dies, runs past its
time or prints past the limit is replaced by a fresh one for the remaining parts, so one bad part
never costs the others. `Hangs` skips only the parts that call a function that already ran out of
time; `timed_runs` and `baseline_runs` clock the speed parts.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


from autograder.model.check import Check, Outcome, default_variations, run_key
from autograder.config.paths import CACHE
from autograder.sandbox.fences import Limits

from autograder.sandbox.session import ChildSession


SKIPPED = "skipped"     # Outcome.error of a part not run: a function it calls already ran out of time
BUDGET = "budget"       # Outcome.error of a part not run: the submission's time lost to hangs is spent


class Hangs:
    """Which student functions ran out of time, so that only the parts calling them are skipped.

    A part declares the functions it runs (`Check.uses`, "module.function"; a part that declares
    none stands for itself). When a part times out, its functions that no part has yet come back
    from are suspected, and later parts using a suspected function are not run. A module whose
    parts time out twice on different functions, none of its parts ever coming back, hangs on
    import (a loop at its top level): every later part using it is skipped, so such a module costs
    two time limits, not one per part.
    """

    def __init__(self):
        self.suspects: dict[str, str] = {}        # function or module -> the part it timed out in
        self.proven: set[str] = set()             # functions (and their modules) that came back
        self.strikes: dict[str, list[frozenset]] = {}

    @staticmethod
    def uses(check: Check) -> tuple[str, ...]:
        return tuple(check.uses) or (f"part:{check.part}",)

    @staticmethod
    def module(name: str) -> str | None:
        return None if name.startswith("part:") else name.split(".", 1)[0]

    def blocked(self, check: Check) -> str | None:
        """The suspected function (or module) this part would call, if any."""
        for name in self.uses(check):
            if name in self.suspects:
                return name
            module = self.module(name)
            if module in self.suspects:
                return f"{module}.py (import)"
        return None

    def record(self, check: Check, outcome: Outcome) -> None:
        names = self.uses(check)
        if outcome.status == "ok":
            self.proven.update(names)
            self.proven.update(m for m in map(self.module, names) if m)
            return
        if outcome.status != "timeout":
            return
        suspected = frozenset(n for n in names if n not in self.proven) or frozenset(names)
        for name in suspected:
            self.suspects.setdefault(name, check.part)
        for module in {self.module(n) for n in suspected} - {None} - self.proven:
            strikes = self.strikes.setdefault(module, [])
            if all(suspected != other for other in strikes):
                strikes.append(suspected)
            if len(strikes) >= 2:
                self.suspects.setdefault(module, check.part)


def timed_runs(session: ChildSession, check: Check, seed: int, wall, first: Outcome,
               variations: list[float], cpu: bool = True) -> Outcome:
    """The other `repeat - 1` runs of a timed part, run k on inputs varied by `variations[k]`,
    which the child learns only with run k, each clocked in CPU time (`ChildSession.call`).

    Run 0 (`first`, the full answer) checks correctness and warms up; the outcome's `seconds` is
    the least CPU time of the later runs, and it keeps every run's arrays (run k's as ``name@k``),
    so the judge checks each run against the reference's run k: no run's answer can be worked
    out during an earlier, slower run and handed back fast later. The reference's runs, which only
    give the answers to compare with, pass ``cpu=False`` (its clock is the baseline's).
    """
    times = []
    for k in range(1, max(check.repeat, 2)):
        again = session.call(check.part, seed, wall_s=wall, repeat=k, vary=variations[k % len(variations)],
                             cpu=cpu)
        if again.status != "ok":
            return again
        times.append(again.seconds)
        first.outputs.update({run_key(name, k): value for name, value in again.outputs.items()})
    first.seconds = min(times)
    return first


def baseline_runs(session: ChildSession, check: Check, seed: int, wall, runs: int) -> Outcome:
    """The baseline call (`check.baseline`, the reference's naive version) clocked as the student's
    timed runs are: the least CPU time of `runs` runs (a slow naive call: the first run's set-up
    is lost in it, no warm-up is paid for); a failed run's outcome."""
    times = []
    for k in range(1, max(runs, 1) + 1):
        outcome = session.call(check.part, seed, baseline=True, wall_s=wall, repeat=k, cpu=True)
        if outcome.status != "ok":
            return outcome
        times.append(outcome.seconds)
    return Outcome("ok", seconds=min(times))


@contextlib.contextmanager
def prepared_inputs(checks: list[Check], seeds: dict[str, int]):
    """A temporary folder holding the input files of the checks that write any (`Check.inputs`),
    readable by the sandbox's own user; None when no check writes inputs."""
    writers = [c for c in checks if c.inputs is not None]
    if not writers:
        yield None
        return
    # not under /tmp: the sandbox mounts a /tmp of its own over the exposed folders
    (CACHE / "inputs").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="autograder-inputs-", dir=CACHE / "inputs") as folder:
        for check in writers:
            check.inputs(Path(folder), seeds.get(check.part, check.seed))
        os.chmod(folder, 0o755)
        yield folder


def run_checks(aid: str, code_dir: Path, checks: list[Check], limits: Limits, *,
               seeds: dict[str, int] | None = None, baseline: bool = False,
               part_limits: dict[str, float] | None = None, expose=(),
               inputs: str | Path | None = None,
               variations: dict[str, list[float]] | None = None,
               budget_s: float | None = None) -> tuple[dict[str, Outcome], str]:
    """Run every check's call in one child; timed checks keep the fastest of `repeat` runs.

    `seeds` overrides a check's own seed (timed parts get a fresh one each run); `variations`
    gives a timed part's secret per-run input shifts (default: `default_variations`); `baseline`
    also clocks the timed checks' baseline call (the reference's clock). Returns the outcomes and
    the children's captured output.

    A part that runs out of time gets the next part a fresh child; later parts that call a function
    that already ran out of time are not run (`Hangs`). `budget_s` bounds the time one submission
    may lose to parts that run out of time: once the limits of its timed-out parts add up to it,
    the remaining parts are `timeout` (error `BUDGET`). Only hangs count against it, never the
    time honest parts take, so a loaded machine cannot change which parts run; every honest part
    is bounded by its own limit, so the whole submission is bounded too.
    """
    seeds = seeds or {}
    variations = variations or {}
    part_limits = part_limits or {}
    outcomes = {}
    with contextlib.ExitStack() as stack:
        if inputs is None:   # checks that write input files (a5's test images) get them here
            inputs = stack.enter_context(prepared_inputs(checks, seeds))
        session = stack.enter_context(ChildSession(aid, code_dir, limits, expose=expose, inputs=inputs))
        hangs = Hangs()
        lost_s = 0.0   # the limits of the parts that ran out of time so far
        for check in checks:
            hung = hangs.blocked(check)
            if hung is not None:
                outcomes[check.part] = Outcome("timeout", error=SKIPPED, where=hung)
                continue
            if budget_s is not None and lost_s >= budget_s:
                outcomes[check.part] = Outcome("timeout", error=BUDGET, seconds=lost_s)
                continue
            seed = seeds.get(check.part, check.seed)
            wall = part_limits.get(check.part) or limits.wall_s
            best = session.call(check.part, seed, wall_s=wall)
            if best.status == "timeout":
                lost_s += wall
            hangs.record(check, best)
            if check.timed and best.status == "ok":
                best = timed_runs(session, check, seed, wall, best,
                                  variations.get(check.part) or default_variations(check.repeat))
            if baseline and check.timed and check.baseline is not None and best.status == "ok":
                best.baseline_seconds = baseline_runs(session, check, seed, wall, check.repeat).seconds
            outcomes[check.part] = best
        output = session.output()
    return outcomes, output
