"""The check model every assignment reuses.

A check is data plus two small functions:

- ``call(ctx)`` runs in the child process, next to the student's code: it imports a student
  module with ``ctx.load("k_nearest_neighbor")``, calls one function on fixed inputs made from
  ``ctx.seed`` and returns a flat ``{name: array}`` dict. Nothing else crosses back.
- ``judge(got, expected, ctx)`` runs in the parent: it compares the student's arrays with the
  reference's arrays (the same call run on ``solutions/``) and returns a `Verdict`.

Points, speed ratios and accuracy thresholds come from course.yml (`ctx.part`), so staff tune them
without touching code. ``timed`` checks are clocked by the parent, around the whole round trip to
the child; the reference is clocked the same way on ``baseline`` for the ratio.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

# What the child can say about one call (the parent adds passed/failed/bad_output when judging).
RUN_STATUSES = ("ok", "not_implemented", "missing", "missing_file", "syntax_error", "import_error",
                "crashed", "timeout", "memory_limit", "output_limit", "bad_output")
# Every status a graded part can end with (a judge may name one of these in Verdict.status).
# `missing`: the file has no such function or class; `grader_error`: the kit failed, not the student.
STATUSES = ("passed", "failed") + RUN_STATUSES[1:] + ("bad_checkpoint", "grader_error")


@dataclass(frozen=True)
class Check:
    part: str                                   # the part's name in course.yml
    call: Callable[["CallContext"], dict]       # child side: student code in, arrays out
    judge: Callable[[dict, dict, "JudgeContext"], "Verdict"]  # parent side
    hidden: bool = False                        # hidden checks run only in instructor grading
    seed: int = 0                               # inputs are made from this seed
    timed: bool = False                         # speed part: parent-clocked, needs `baseline`
    baseline: Callable[["CallContext"], dict] | None = None   # what the reference runs for the time
    repeat: int = 3                             # timed parts: best of this many runs
    doc: str = ""                               # one line for the table and the feedback
    inputs: Callable[[Path, int], None] | None = None  # parent side: inputs(folder, seed) writes input
    #                                             files the child reads from ctx.inputs (test images, say)
    reference: bool = True                      # False: the judge needs no reference run (expected is {})
    uses: tuple[str, ...] = ()                  # the student functions the call runs ("module.function",
    #                                             "module.Class.method"): a part is skipped once one of them
    #                                             ran out of time in an earlier part (runner.run_checks)
    given: Callable[[int], Any] | None = None   # given(seed): the inputs the call makes from its seed, written
    #                                             once; the call uses given(ctx.seed), the judge ctx.given

    @property
    def visibility(self) -> str:
        return "hidden" if self.hidden else "public"


@dataclass
class CallContext:
    """What a call sees in the child."""
    load: Callable[[str], Any]                  # load("module") imports the submission's module
    seed: int
    dir: str                                    # the submission folder (also the working directory)
    inputs: str | None = None                   # a folder of inputs the parent prepared, if any
    repeat: int = 0                             # timed parts: which of the `repeat` runs this is
    vary: float = 0.0                           # timed parts: a number the parent draws for this run and
                                                # sends only with it; calls add it to their inputs, so no
                                                # run's answer can be worked out (or remembered) before


@dataclass
class Outcome:
    """One call's result as the parent received it."""
    status: str                                 # one of RUN_STATUSES
    outputs: dict = field(default_factory=dict)  # name -> numpy array (validated, never pickled)
    seconds: float = 0.0                        # parent's clock around the round trip
    baseline_seconds: float = 0.0               # reference runs of timed parts: the baseline's time
    error: str = ""                             # exception text, for messages
    where: str = ""                             # file:line of the error in the student's code
    file: str = ""                              # the module file involved (missing/syntax/import)
    line: int = 0


@dataclass
class JudgeContext:
    """What a judge knows besides the arrays: the translator, the part's settings, the clocks, and
    the check it judges with the seed its call ran with (a hidden check's is the student's own) and
    the inputs made from that seed (`given`), so a judge never writes the check's seed again."""
    t: Callable[..., str]                       # translator: t(key, **params)
    part: Any                                   # course.Part: points, min_ratio, thresholds
    student_seconds: float = 0.0
    baseline_seconds: float = 0.0
    check: Check | None = None                  # the check being judged
    seed: int | None = None                     # the seed the call ran with; None: the check's own
    aid: str = ""                               # the assignment (for the mistakes' signatures)
    assignment: Any = None                      # course.Assignment: its settings (max_checkpoint_mb)

    def __post_init__(self):
        if self.seed is None and self.check is not None:
            self.seed = self.check.seed

    @cached_property
    def given(self) -> Any:
        """`check.given(seed)`: the call's inputs, rebuilt in the parent (never taken from the child)."""
        if self.check is None or self.check.given is None:
            raise LookupError("this judge needs the check's inputs: give the Check a `given=` function and "
                              "judge it with JudgeContext(check=..., seed=...)")
        return self.check.given(self.seed)


@dataclass
class Verdict:
    fraction: float                             # share of the part's points, 0..1
    message: str
    details: dict = field(default_factory=dict)  # diagnostic numbers for the feedback page
    status: str | None = None                   # a STATUSES entry; None: passed or failed by fraction

    @property
    def passed(self) -> bool:
        return self.fraction >= 1 - 1e-9


@dataclass
class Result:
    """One graded part, ready for the table, grades.csv and results.json."""
    part: str
    score: float
    max_score: float
    status: str                                 # one of STATUSES
    message: str
    hidden: bool = False
    details: dict = field(default_factory=dict)
    seconds: float = 0.0


def run_key(name: str, k: int) -> str:
    """The name of an array from run k of a timed part: run 0 keeps the call's own names."""
    return name if k == 0 else f"{name}@{k}"


def default_variations(repeat: int) -> list[float]:
    """Run k's `vary` where nothing is secret (a student's offline self-check, the shipped outputs)."""
    return [0.25 * k for k in range(repeat)]
