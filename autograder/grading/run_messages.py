"""The student-facing sentence for a call that did not come back with arrays: not implemented,
returned None, missing, a syntax or import error (with porting hints for CS231n's files), out of
time or memory, a crash.
"""
from __future__ import annotations

import re


from autograder.model.check import Outcome
from autograder.sandbox.child import NONE_VALUE, RETURNED_NONE
from autograder.config.course import Assignment
from autograder.model.judge import add_hints
from autograder.sandbox.runner import BUDGET, SKIPPED


# A student zip has no solutions/: it ships the reference outputs of the public checks here instead
# (written by the release, fixed seeds). Speed parts are then clocked against the student's own
# baseline function (for a1 the student's two-loop version), on the student's machine.
from autograder.grading.worklimits import limits_for


def run_message(outcome: Outcome, assignment: Assignment, limits_s: float, t) -> str:
    """The student-facing sentence for a call that did not come back with arrays."""
    s = outcome.status
    if s == "not_implemented":
        return none_message(outcome, t) or t("run.not_implemented", where=outcome.where or "?")
    if s == "missing":
        return missing_message(outcome, t)
    if s == "missing_file":
        return t("run.missing_file", file=outcome.file)
    if s == "syntax_error":
        return t("run.syntax_error", file=outcome.file, line=outcome.line, error=outcome.error)
    if s == "import_error":
        key = "run.import_error_line" if outcome.line else "run.import_error"
        message = t(key, file=outcome.file, line=outcome.line, error=outcome.error)
        return add_hints(message, import_hints(outcome.error), t)
    if s == "timeout":
        if outcome.error == SKIPPED:   # runner.Hangs: a function this part calls already ran out of time
            return t("run.timeout_skipped", function=outcome.where or "?")
        if outcome.error == BUDGET:
            return t("run.timeout_budget", seconds=outcome.seconds or limits_s)
        return t("run.timeout", seconds=round(outcome.seconds, 1) or limits_s)
    if s == "memory_limit":
        return t("run.memory_limit", mb=assignment.memory_mb)
    if s == "bad_output":
        return t("run.bad_output", error=outcome.error)
    if s == "output_limit":
        return t("run.output_limit", limit=limits_for(assignment).output_max_bytes)
    if s == "crashed" and outcome.where:
        return t("run.error", error=outcome.error, where=outcome.where)
    if s == "crashed" and EXCEPTION_TEXT.match(outcome.error):   # raised in the check's code, on what came back
        return t("run.check_error", error=outcome.error)
    return t("run.crashed", code=outcome.error or "?")


# "TypeError: ..." as the child words an exception (an exit status reads "1", "-9 (SIGKILL)", "none: ...")
EXCEPTION_TEXT = re.compile(r"[A-Z]\w*(Error|Exception|Exit|Interrupt|Warning|Iteration)\b")


def none_message(outcome: Outcome, t) -> str:
    """A `not_implemented` call that returned None (the child's RETURNED_NONE / NONE_VALUE)."""
    if outcome.error == RETURNED_NONE and outcome.where:
        if outcome.line:
            return t("run.returned_none_item", function=outcome.where, index=outcome.line - 1)
        return t("run.returned_none", function=outcome.where)
    if outcome.error == NONE_VALUE:
        if outcome.where:
            return t("run.none_value", name=outcome.where)
        return t("run.none_result", error="None")
    return ""


def missing_message(outcome: Outcome, t) -> str:
    """`missing`: the child names the function ("f"), class ("Net") or member ("Net.loss") the check asked for."""
    name = outcome.error or "?"
    if "." in name:
        cls, member = name.split(".", 1)
        return t("run.missing_member", file=outcome.file, cls=cls, name=member)
    key = "run.missing_class" if name[:1].isupper() else "run.missing_function"
    return t(key, file=outcome.file, name=name)


def import_hints(error: str) -> list[str]:
    """Porting hints for a file copied unchanged from CS231n: its Python 2 helper and package imports."""
    if re.search(r"No module named '?past\b", error):
        return ["run.hint.past"]
    if (re.search(r"No module named '?cs231n\b", error)
            or "attempted relative import" in error or "relative import beyond" in error):
        return ["run.hint.cs231n"]
    return []
