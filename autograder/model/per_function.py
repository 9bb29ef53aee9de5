"""Parts that name several graded functions, judged one function at a time (partial credit).

A hidden edge-case part may exercise three distance versions, or naive and im2col convolution:
one broken function must cost only its own share. In the child, `run_each` runs each function's
call on its own (an exception in one does not stop the others) and prefixes its arrays with the
function's name; each function's error text comes back as ``<name>.error``, ERROR_BYTES bytes
(zeros where it raised nothing), never as a Python object: the reference's reply holds the same
arrays of the same shapes, as the reply guard (reply_guard.py) wants. In the parent, `judge_each`
judges each function's arrays with its own judge and gives the share of the functions that pass.

A part that must run one graded function through others (a network's loss through its layers)
swaps the others for stand-ins while it runs (`stand_ins`), so it judges its own function only.
"""
from __future__ import annotations

from contextlib import contextmanager

import numpy as np

from autograder.model.check import Verdict
from autograder.config.messages import register

register({
    "each.summary": {"en": "{passed} of {total} functions pass; {name}: {detail}",
                     "ko": "함수 {total}개 중 {passed}개 통과; {name}: {detail}"},
    "each.raised": {"en": "raised {error}", "ko": "{error} 오류가 발생했습니다"},
    "each.not_implemented": {"en": "not implemented yet", "ko": "아직 구현되지 않음"},
})

ERROR = ".error"          # suffix of the array holding a function's error text
ERROR_BYTES = 300         # its fixed length (zero-padded)
NOT_IMPLEMENTED = "NotImplementedError"


def run_each(calls: dict) -> dict:
    """{name: call()} run one by one; the outputs as ``name.key``. Raises NotImplementedError
    only when every function does (an untouched stub stays "not implemented")."""
    out, missing = {}, []
    for name, call in calls.items():
        text = b""
        try:
            out.update({f"{name}.{k}": v for k, v in call().items()})
        except NotImplementedError as exc:
            missing.append(exc)
            text = NOT_IMPLEMENTED.encode()
        except Exception as exc:   # this function's share is lost; the others still count
            text = f"{type(exc).__name__}: {exc}".encode("utf-8", "replace")[:ERROR_BYTES]
        out[name + ERROR] = np.frombuffer(text.ljust(ERROR_BYTES, b"\0"), dtype=np.uint8)
    if len(missing) == len(calls):
        raise missing[0]          # with its traceback: the message names the student's line
    return out


def _error_text(array) -> str:
    """'' where the function raised nothing."""
    return np.asarray(array).astype(np.uint8).tobytes().rstrip(b"\0").decode("utf-8", "replace")


def judge_each(judges: dict):
    """{name: judge} over the arrays `run_each` returned (`expected` keyed the same way): the
    part's fraction is the share of the functions whose judge passes."""
    def judge_fn(got, expected, ctx):
        t = ctx.t
        passed, first = 0, None
        for name, judge in judges.items():
            text = _error_text(got.get(name + ERROR, ()))
            if text:
                detail = t("each.not_implemented") if text == NOT_IMPLEMENTED else t("each.raised", error=text)
                verdict = Verdict(0.0, detail)
            else:
                mine = lambda d: {k[len(name) + 1:]: v for k, v in d.items()
                                  if k.startswith(name + ".") and k != name + ERROR}
                verdict = judge(mine(got), mine(expected), ctx)
            if verdict.passed:
                passed += 1
            elif first is None:
                first = (name, verdict)
        if first is None:
            return Verdict(1.0, t("judge.ok"))
        name, verdict = first
        return Verdict(passed / len(judges), t("each.summary", passed=passed, total=len(judges), name=name,
                                               detail=verdict.message), dict(verdict.details, function=name))
    return judge_fn


@contextmanager
def stand_ins(modules, replacements: dict):
    """In the child: each name of `replacements` that a module (a student module or its
    `ctx.load` proxy) has is replaced by its stand-in for the block, and put back afterwards.
    A part that composes graded functions (a network's loss calling the student's layers) then
    judges only its own code: a wrong layer costs only the layer's parts. Modules, not one
    module: `from layers import *` copies the names into the importer, a helper defined in the
    layers' own file looks them up there."""
    raw = [getattr(m, "_module", m) for m in modules]
    saved = [(m, name, m.__dict__[name]) for m in raw for name in replacements if name in m.__dict__]
    for module, name, _ in saved:
        setattr(module, name, replacements[name])
    try:
        yield
    finally:
        for module, name, original in saved:
            setattr(module, name, original)
