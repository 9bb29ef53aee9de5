"""Grade one folder of code: run the checks on it and on the reference, judge in the parent.

    results, output = grade_dir(course, "a1_knn_linear", Path("assignments/a1_knn_linear"), t)

The reference outputs come from the same calls run on ``solutions/<aid>``: the untimed public
checks' once (cached under ``.cache/reference`` per kit version and solution content), the hidden
checks' and timed parts' on each student's own inputs, in a long-lived reference child.

Inputs are deterministic: public checks use their fixed seeds (the student's self-check's);
hidden checks and timed runs use seeds and per-run shifts derived by HMAC from the course secret,
the assignment, the part and the student (`secret_inputs`), so regrading gives the same inputs,
results and messages, and no student's hidden numbers fit another's. Timed parts are clocked in
the CPU time the kernel accounts to the child (`runner.ChildSession.call`), against the
reference's baseline clocked the same way in the same batch.
"""
from __future__ import annotations

import concurrent.futures
import hashlib
import json
import sys
import threading
import traceback
from dataclasses import replace
from pathlib import Path

import numpy as np

from autograder import __version__
from autograder.model.check import Check, JudgeContext, Outcome, Result, run_key
from autograder.checks import check_sources, load_checks
from autograder.config.course import Assignment, Course
from autograder.config.paths import CACHE, ROOT, SOLUTIONS
from autograder.sandbox.reply_guard import reply_problem
from autograder.sandbox.protocol import read_arrays
from autograder.sandbox.runner import baseline_runs, run_checks, timed_runs
from autograder.sandbox.session import ChildSession
from autograder.grading.baselines import cached_baselines, machine_id, save_baselines
from autograder.grading.run_messages import run_message
from autograder.grading.secret import course_secret, secret_inputs
from autograder.grading.worklimits import limits_for, part_limits, submission_budget, work_limits


# A student zip has no solutions/: it ships the reference outputs of the public checks here instead
# (written by the release, fixed seeds). Speed parts are then clocked against the student's own
# baseline function (for a1 the student's two-loop version), on the student's machine.
PUBLIC_REFERENCE = Path(__file__).resolve().parents[1] / "reference_outputs"


def checks_for(aid: str, hidden: bool) -> list[Check]:
    return [c for c in load_checks(aid) if hidden or not c.hidden]


def _cache_key(aid: str, ref_dir: Path) -> str:
    h = hashlib.sha256(f"{__version__} {np.__version__} {sys.version}".encode())
    # the reference's code and its trained checkpoints (a5, a6): a retrained checkpoint changes the outputs
    kit = [*check_sources(aid), ROOT / "autograder" / "model" / "check.py"]
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
    """Offline speed parts: clock the baseline call on the student's own code (CPU time, best of `repeat`).
    When that baseline does not run, the part gets the baseline's status (say, not implemented)."""
    timed = [c for c in checks if c.timed and c.baseline is not None and student[c.part].status == "ok"]
    if not timed:
        return
    with ChildSession(assignment.id, Path(code_dir), limits_for(assignment)) as session:
        for check in timed:
            wall = part_limits(assignment).get(check.part)
            base = baseline_runs(session, check, check.seed, wall, check.repeat)
            if base.status != "ok":
                student[check.part] = base
            elif reference[check.part].status == "ok":
                reference[check.part] = replace(reference[check.part], baseline_seconds=base.seconds)


def judge_outcomes(assignment: Assignment, checks: list[Check], student: dict[str, Outcome],
                   reference: dict[str, Outcome], t, seeds: dict[str, int] | None = None) -> list[Result]:
    """Each part's Result. `seeds`: the seeds the calls ran with where not the check's own (hidden
    checks, timed parts); the judge gets it, with the check, in its JudgeContext."""
    results = []
    for check in checks:
        part = assignment.parts[check.part]
        got, ref = student[check.part], reference[check.part]
        limit = part.time_limit_s or assignment.time_limit_s
        base = dict(part=check.part, max_score=part.points, hidden=check.hidden, seconds=got.seconds)
        if ref.status != "ok":   # the reference itself did not run: the kit's fault, never the student's
            msg = t("run.reference_failed", error=run_message(ref, assignment, limit, t))
            results.append(Result(score=0.0, status="grader_error", message=msg, **base))
            continue
        if got.status != "ok":
            results.append(Result(score=0.0, status=got.status, message=run_message(got, assignment, limit, t),
                                  **base))
            continue
        # Shapes, dtypes and sizes first (reply_guard.py): a reply that could blow a judge up never reaches it.
        problem = reply_problem(got.outputs, ref.outputs if check.reference else {}, t)
        if problem:
            results.append(Result(score=0.0, status="bad_output", message=t("run.bad_output", error=problem), **base))
            continue
        ctx = JudgeContext(t=t, part=part, student_seconds=got.seconds, baseline_seconds=ref.baseline_seconds,
                           check=check, seed=(seeds or {}).get(check.part), aid=assignment.id,
                           assignment=assignment)
        try:
            verdict = check.judge(got.outputs, ref.outputs, ctx)
        except Exception as exc:  # past reply_problem, a judge that raises is the kit's bug: flagged to staff
            traceback.print_exc(file=sys.stderr)
            error = f"{type(exc).__name__}: {exc}"[:300]
            results.append(Result(score=0.0, status="grader_error", message=t("judge.grader_error", error=error),
                                  **base))
            continue
        score = round(part.points * min(max(verdict.fraction, 0.0), 1.0), 4)
        results.append(Result(score=score, status=verdict.status or ("passed" if verdict.passed else "failed"),
                              message=verdict.message, details=verdict.details, **base))
    return results


SPEED_MARGIN = 1.5       # a ratio within this factor of the bar, either side, is measured again before it is judged
SPEED_MORE_RUNS = 3      # ... with this many times `repeat` more runs of the student's code, `repeat` more of the baseline


class ReferenceRun:
    """The reference's side of a grading run; a batch prepares one for all its students.

    - untimed public checks: the outputs at their fixed seeds, cached per kit version;
    - hidden checks and timed parts: run on each student's own inputs (`outcomes(student)`) in a
      long-lived reference child per worker thread (calls with other seeds cost only their compute);
    - each timed part's baseline: its CPU time, best of `repeat`, on the inputs of the student id ""
      (a baseline's CPU time does not depend on the seed's numbers, only on the sizes), measured once
      per machine, reference and inputs (kept by `grading/baselines.py`), and again with more runs,
      next to the student's, when a ratio comes out near the bar (`settle_speed`).
    A student's copy (`shipped`: no solutions/) has the release's public outputs at fixed seeds,
    and speed parts are clocked against the student's own baseline function (`own_baselines`).
    Close it (or use it as a context manager) to end the reference children.
    """

    def __init__(self, course: Course, aid: str, *, hidden: bool = True, ref_dir: Path | None = None):
        self.aid, self.assignment = aid, course.assignments[aid]
        self.checks = checks_for(aid, hidden)
        self.shipped = offline(aid, ref_dir)
        self.ref_dir = Path(ref_dir or SOLUTIONS / aid)
        self.secret = None if self.shipped else course_secret(course)
        self._local, self._lock, self._sessions = threading.local(), threading.Lock(), []
        self.fixed = reference_outcomes(self.assignment, [c for c in self.checks if not self.per_student(c)],
                                        {}, ref_dir)
        # The baselines' CPU times are measured in a child of their own while the first students are
        # graded: CPU time does not depend on what else runs, and no core waits for the slow naive calls.
        self._baselines = concurrent.futures.ThreadPoolExecutor(max_workers=1).submit(self._measure_baselines)

    def _measure_baselines(self) -> dict[str, Outcome]:
        seeds, _ = self.inputs(None)
        walls = part_limits(self.assignment)
        timed = [c for c in self.checks if self.per_student(c) and c.timed and c.baseline is not None]
        if not timed:
            return {}
        cache = self._baselines_file(seeds, timed)
        known = cached_baselines(cache, [c.part for c in timed])
        if known is not None:
            return known
        try:
            with ChildSession(self.aid, self.ref_dir, limits_for(self.assignment)) as session:
                measured = {c.part: baseline_runs(session, c, seeds[c.part], walls.get(c.part), c.repeat)
                            for c in timed}
            save_baselines(cache, measured)
            return measured
        except Exception as exc:   # the kit's failure: those speed parts get grader_error, the rest is graded
            traceback.print_exc(file=sys.stderr)
            return {c.part: Outcome("crashed", error=f"baseline: {type(exc).__name__}: {exc}"[:300]) for c in timed}

    def _baselines_file(self, seeds: dict[str, int], timed: list[Check]) -> Path:
        """Where this machine's baseline CPU times for this reference and these inputs are kept."""
        inputs = json.dumps({c.part: seeds[c.part] for c in timed}, sort_keys=True)
        key = hashlib.sha256(f"{machine_id()}|{inputs}".encode()).hexdigest()[:16]
        return CACHE / "reference" / self.aid / _cache_key(self.aid, self.ref_dir) / f"baselines-{key}.json"

    @property
    def baselines(self) -> dict[str, Outcome]:
        """Each timed part's baseline outcome (waits for the measurement started in __init__)."""
        return self._baselines.result()

    def per_student(self, check: Check) -> bool:
        """Whether the reference runs this check on each student's own inputs."""
        return (not self.shipped and check.reference and check.inputs is None
                and (check.hidden or check.timed))

    def inputs(self, student: str | None) -> tuple[dict[str, int], dict[str, list[float]]]:
        """The student's seeds and timed runs' shifts (none in a student's copy: the fixed ones)."""
        if self.shipped:
            return {}, {}
        return secret_inputs(self.secret, self.aid, self.checks, student or "")

    def session(self) -> ChildSession:
        """This thread's reference child (started on first use, kept until `close`)."""
        session = getattr(self._local, "session", None)
        if session is None:
            session = ChildSession(self.aid, self.ref_dir, limits_for(self.assignment))
            self._local.session = session
            with self._lock:
                self._sessions.append(session)
        return session

    def outcomes(self, student: str | None) -> dict[str, Outcome]:
        """The reference's outcomes on this student's inputs (timed parts with the baseline's time)."""
        outcomes = dict(self.fixed)
        seeds, variations = self.inputs(student)
        walls = part_limits(self.assignment)
        for check in self.checks:
            if not self.per_student(check):
                continue
            seed, wall = seeds[check.part], walls.get(check.part)
            outcome = self.session().call(check.part, seed, wall_s=wall)
            if check.timed and outcome.status == "ok":
                outcome = timed_runs(self.session(), check, seed, wall, outcome, variations[check.part], cpu=False)
            outcomes[check.part] = outcome
        return outcomes

    def add_baselines(self, outcomes: dict[str, Outcome]) -> None:
        """Give the timed parts' outcomes the baseline's time (a failed baseline: its outcome)."""
        for part, base in self.baselines.items():
            outcome = outcomes.get(part)
            if outcome is not None and outcome.status == "ok":
                outcomes[part] = base if base.status != "ok" else replace(outcome, baseline_seconds=base.seconds)

    def settle_speed(self, code_dir: Path, checks: list[Check], student: dict[str, Outcome],
                     reference: dict[str, Outcome], who: str | None) -> None:
        """Measure again a speed ratio within `SPEED_MARGIN` of the bar: `SPEED_MORE_RUNS` times
        `repeat` more runs of the student's timed call (a fresh child, the same inputs, each answer
        compared with the one already judged) and `repeat` more of the (slow) baseline, in the
        reference child, now, next to the student's; best of all."""
        seeds, variations = self.inputs(who)
        base_seeds, _ = self.inputs(None)
        walls = part_limits(self.assignment)
        for check in checks:
            got, ref = student.get(check.part), reference.get(check.part)
            if not (check.timed and check.baseline is not None and check.part in seeds and got is not None
                    and ref is not None and got.status == "ok" and ref.status == "ok"):
                continue
            bar = self.assignment.parts[check.part].min_ratio or 1.0
            ratio = ref.baseline_seconds / max(got.seconds, 1e-9)
            if not bar / SPEED_MARGIN <= ratio <= bar * SPEED_MARGIN:
                continue
            wall = walls.get(check.part)
            got.seconds = min([got.seconds] + rerun_timed(self.aid, code_dir, self.assignment, check, got,
                                                          seeds[check.part], variations[check.part], wall,
                                                          SPEED_MORE_RUNS * check.repeat))
            base = baseline_runs(self.session(), check, base_seeds[check.part], wall, check.repeat)
            if base.status == "ok":
                reference[check.part] = replace(ref, baseline_seconds=min(ref.baseline_seconds, base.seconds))

    def close(self) -> None:
        try:
            self._baselines.result()   # its child ends with it
        except Exception:
            pass
        with self._lock:
            sessions, self._sessions = self._sessions, []
        for session in sessions:
            session.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def rerun_timed(aid: str, code_dir: Path, assignment: Assignment, check: Check, got: Outcome, seed: int,
                variations: list[float], wall, runs: int) -> list[float]:
    """CPU times of `runs` more timed runs of the student's code in a fresh child (after one
    warm-up run), cycling over the runs 1.. already judged; a run whose answer differs from the
    judged one does not count."""
    later = list(range(1, max(check.repeat, 2)))
    times = []
    with ChildSession(aid, Path(code_dir), limits_for(assignment)) as session:
        for i in range(runs + 1):
            k = later[i % len(later)]
            outcome = session.call(check.part, seed, wall_s=wall, repeat=k, vary=variations[k], cpu=i > 0)
            if outcome.status != "ok":
                break
            same = all(run_key(name, k) in got.outputs
                       and np.array_equal(value, got.outputs[run_key(name, k)], equal_nan=True)
                       for name, value in outcome.outputs.items())
            if i > 0 and same:
                times.append(outcome.seconds)
    return times


def prepare_reference(course: Course, aid: str, *, hidden: bool = True, ref_dir: Path | None = None) -> ReferenceRun:
    return ReferenceRun(course, aid, hidden=hidden, ref_dir=ref_dir)


def grade_dir(course: Course, aid: str, code_dir: Path, t, *, hidden: bool = True,
              ref_dir: Path | None = None, reference: ReferenceRun | None = None,
              student: str | None = None) -> tuple[list[Result], str]:
    """Every check (public only when `hidden` is False) on `code_dir`, judged against the reference
    (`reference`, when the caller prepared it for a whole batch). `student` (the id) picks the
    hidden checks' and timed runs' inputs; None stands for a nameless one (the gate, a self-check)."""
    assignment = course.assignments[aid]
    checks = checks_for(aid, hidden)
    own = reference is None
    if own:
        reference = prepare_reference(course, aid, hidden=hidden, ref_dir=ref_dir)
    try:
        seeds, variations = reference.inputs(student)
        outcomes = reference.outcomes(student)
        walls = work_limits(assignment, checks, None if reference.shipped else reference.ref_dir)
        got, output = run_checks(aid, Path(code_dir), checks, limits_for(assignment), seeds=seeds,
                                 variations=variations, part_limits=walls,
                                 budget_s=submission_budget(assignment))
        if reference.shipped:
            own_baselines(assignment, code_dir, checks, got, outcomes)
        else:
            reference.add_baselines(outcomes)
            reference.settle_speed(Path(code_dir), checks, got, outcomes, student)
        return judge_outcomes(assignment, checks, got, outcomes, t, seeds), output
    finally:
        if own:
            reference.close()
