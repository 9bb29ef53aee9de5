"""Judgements: parent-side comparisons of the student's arrays with the reference's.

Each factory returns ``judge(got, expected, ctx) -> Verdict``. Messages say what was expected
and what came back, at the worst index, and add a hint when a known mistake fits the numbers
(``hints=[(message_key, predicate(got, expected))]``, or a callable ``hints(ctx, name)`` giving
them per array: see `autograder.model.mistakes`). Custom judges share `near` ("close enough"),
`malformed` (the missing-key / shape / NaN preamble) and `lecture` (the slides' worked examples).
"""
from __future__ import annotations

import numpy as np

from autograder.model.check import JudgeContext, Verdict
from autograder.config.messages import register


def rel_error(x, y) -> np.ndarray:
    """CS231n's relative error, elementwise: |x - y| / max(1e-8, |x| + |y|)."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))


def max_rel_error(x, y) -> float:
    err = rel_error(x, y)
    return float(err.max()) if err.size else 0.0


def near(got, value, rtol=1e-6, atol=1e-9) -> bool:
    """"Close enough", the one way the kit says it: the same shape and np.allclose (NaN equals NaN)."""
    g, v = np.asarray(got, dtype=np.float64), np.asarray(value, dtype=np.float64)
    return g.shape == v.shape and bool(np.allclose(g, v, rtol=rtol, atol=atol, equal_nan=True))


def near_any(got, candidates, rtol=1e-6, atol=1e-9) -> bool:
    return any(near(got, c, rtol, atol) for c in candidates)


def hints_for(hints, ctx, name: str):
    """The hint pairs for the array `name`: `hints` itself, or `hints(ctx, name)` when it is callable."""
    return hints(ctx, name) if callable(hints) else hints


def malformed(got: dict, t, names, shape=None, finite: bool = False) -> Verdict | None:
    """The preamble of a custom judge: a failing Verdict for the first array of `names` that is missing,
    has the wrong shape (`shape`: one tuple for all, or {name: shape}), or (`finite`) holds NaN or inf;
    None when every one is there and well formed."""
    for name in names:
        if got.get(name) is None:
            return Verdict(0.0, t("judge.missing_key", name=name))
        want = shape.get(name) if isinstance(shape, dict) else shape
        if want is not None and np.shape(got[name]) != tuple(want):
            return Verdict(0.0, t("judge.shape", name=name, expected=tuple(want), got=np.shape(got[name])))
        if finite and not np.all(np.isfinite(got[name])):
            return Verdict(0.0, t("judge.nan", name=name, index=""))
    return None


def index_str(idx) -> str:
    return "" if idx == () else "[" + ", ".join(str(int(i)) for i in idx) + "]"


def digits_to_tell(a: float, b: float, least: int = 4) -> int:
    """Significant digits that show `a` and `b` apart: at least `least`, more while they would
    print the same although they differ (17 tells any two doubles apart)."""
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return least
    if a == b or not (np.isfinite(a) and np.isfinite(b)):
        return least
    for digits in range(least, 17):
        if f"{a:.{digits}g}" != f"{b:.{digits}g}":
            return digits
    return 17


def fmt(v, other=None) -> str:
    """A number for a message: 4 significant digits, or as many as it takes to tell it from
    `other` (the number it is shown against), so that "expected 4.248, got 4.2483" never reads
    as two equal numbers."""
    v = np.asarray(v).item() if np.ndim(v) == 0 else v
    if isinstance(v, (bool, np.bool_)):
        return str(bool(v))
    if isinstance(v, (int, np.integer)):
        return str(int(v))
    if other is not None and np.ndim(other) == 0:
        return f"{float(v):.{digits_to_tell(v, np.asarray(other).item())}g}"
    return f"{float(v):.4g}"


def add_hints(message: str, keys, t) -> str:
    """`message` with each hint appended as "; hint: ...", each once (a hint already in the message
    is not repeated). Only for a failing verdict: a hint names a mistake, a passed part has none."""
    for key in keys:
        text = t(key)
        if text and text not in message:
            message += "; " + t("hint.prefix") + text
    return message


def _hint(t, hints, got, exp, message: str = "") -> str:
    """The first hint whose predicate fits the numbers, as `add_hints` appends it to `message`."""
    for key, predicate in hints:
        try:
            if predicate(got, exp):
                return add_hints(message, [key], t)[len(message):]
        except Exception:  # a hint that cannot be evaluated on these shapes is simply not given
            continue
    return ""


def compare_array(name: str, got, exp, t, rtol=1e-6, atol=1e-8, hints=()) -> Verdict | None:
    """None when `got` matches `exp`; otherwise a failing Verdict that says where and how."""
    exp = np.asarray(exp)
    if got is None:
        return Verdict(0.0, t("judge.missing_key", name=name))
    got = np.asarray(got)
    if got.shape != exp.shape:
        msg = t("judge.shape", name=name, expected=exp.shape, got=got.shape)
        return Verdict(0.0, msg + _hint(t, hints, got, exp, msg), {"name": name, "shape": list(got.shape)})
    if not np.issubdtype(got.dtype, np.number) and got.dtype != np.bool_:
        return Verdict(0.0, t("run.bad_output", error=f"{name} has dtype {got.dtype}"))
    if got.size == 0:
        return None
    g, e = got.astype(np.float64), exp.astype(np.float64)
    finite = np.isfinite(g)
    if not finite.all() and np.isfinite(e).all():
        idx = np.unravel_index(int(np.argmin(finite)), g.shape)
        key = "judge.nan_at" if idx else "judge.nan"
        return Verdict(0.0, t(key, name=name, index=index_str(idx)) + _hint(t, hints, got, exp),
                       {"name": name, "index": list(map(int, idx))})
    bad = ~np.isclose(g, e, rtol=rtol, atol=atol, equal_nan=True)
    if not bad.any():
        return None
    err = np.where(bad, np.abs(g - e), -1.0)
    idx = np.unravel_index(int(np.argmax(err)), g.shape)
    rel = max_rel_error(g, e)
    msg = t("judge.mismatch", name=name, index=index_str(idx), expected=fmt(e[idx], g[idx]), got=fmt(g[idx], e[idx]),
            rel=rel)
    details = {"name": name, "index": list(map(int, idx)), "expected": float(e[idx]), "got": float(g[idx]),
               "max_rel_error": rel, "wrong": int(bad.sum()), "total": int(bad.size)}
    return Verdict(0.0, msg + _hint(t, hints, got, exp), details)


def close(rtol=1e-6, atol=1e-8, keys=None, hints=()):
    """Every array (or the named `keys`) must match the reference within the tolerances."""

    def judge(got: dict, expected: dict, ctx: JudgeContext) -> Verdict:
        for name in keys or expected:
            verdict = compare_array(name, got.get(name), expected[name], ctx.t, rtol, atol,
                                    hints_for(hints, ctx, name))
            if verdict is not None:
                return verdict
        return Verdict(1.0, ctx.t("judge.ok"))
    return judge


def exact(keys=None, hints=()):
    """Integer or boolean arrays that must equal the reference element for element."""

    def judge(got: dict, expected: dict, ctx: JudgeContext) -> Verdict:
        t = ctx.t
        for name in keys or expected:
            exp = np.asarray(expected[name])
            if name not in got:
                return Verdict(0.0, t("judge.missing_key", name=name))
            g = np.asarray(got[name])
            hints_here = hints_for(hints, ctx, name)
            if g.shape != exp.shape:
                return Verdict(0.0, t("judge.shape", name=name, expected=exp.shape, got=g.shape)
                               + _hint(t, hints_here, g, exp))
            bad = g != exp
            if bad.any():
                idx = np.unravel_index(int(np.argmax(bad)), g.shape)
                msg = t("judge.exact", name=name, index=index_str(idx), expected=fmt(exp[idx], g[idx]),
                        got=fmt(g[idx], exp[idx]), wrong=int(bad.sum()), total=int(bad.size))
                return Verdict(0.0, msg + _hint(t, hints_here, g, exp),
                               {"name": name, "wrong": int(bad.sum()), "total": int(bad.size)})
        return Verdict(1.0, t("judge.ok"))
    return judge


register({
    "judge.speed_fast": {
        "en": "at least {min_ratio:g}x faster than {baseline} in CPU time, as needed (the measured times and "
              "their ratio are in the diagnostics)",
        "ko": "CPU 시간으로 {baseline}보다 {min_ratio:g}배 이상 빠릅니다 (기준 충족; 측정한 시간과 비율은 진단 값에 "
              "있습니다)"},
    "judge.speed_slow": {
        "en": "less than {min_ratio:g}x faster than {baseline} in CPU time, as needed (the measured times and "
              "their ratio are in the diagnostics)",
        "ko": "CPU 시간으로 {baseline}보다 {min_ratio:g}배 빠르지 않습니다 (기준 미달; 측정한 시간과 비율은 진단 값에 "
              "있습니다)"},
})


def speed(correctness, baseline_name: str):
    """A speed part: correct output (judged by `correctness`) and at least `ctx.part.min_ratio`
    times faster than the reference's `baseline_name`, both measured by the parent in the CPU time
    the kernel accounts to the child (best of several runs; a ratio near the bar measured again
    with more runs before it comes here, see `grading.ReferenceRun.settle_speed`).

    The message gives the verdict against the bar, not the measured numbers: those move a few
    per cent from run to run, and regrading must give the same message. The ratio and both CPU
    times are in the details (the feedback's diagnostics)."""

    def judge(got: dict, expected: dict, ctx: JudgeContext) -> Verdict:
        verdict = correctness(got, expected, ctx)
        if not verdict.passed:
            return Verdict(0.0, ctx.t("judge.speed_wrong", detail=verdict.message), verdict.details)
        min_ratio = ctx.part.min_ratio or 1.0
        ratio = ctx.baseline_seconds / max(ctx.student_seconds, 1e-9)
        details = {"ratio": ratio, "student_cpu_ms": ctx.student_seconds * 1e3,
                   "baseline_cpu_ms": ctx.baseline_seconds * 1e3, "min_ratio": min_ratio}
        passed = ratio >= min_ratio
        msg = ctx.t("judge.speed_fast" if passed else "judge.speed_slow", baseline=baseline_name, min_ratio=min_ratio)
        return Verdict(1.0 if passed else 0.0, msg, details)
    return judge


def thresholds(value_of, what: str):
    """Partial credit by thresholds from course.yml: `value_of(got, expected)` gives the number
    (an accuracy, say) and the highest threshold it reaches gives the share of the points."""

    def judge(got: dict, expected: dict, ctx: JudgeContext) -> Verdict:
        value = float(value_of(got, expected))
        share = 0.0
        for threshold, s in ctx.part.thresholds:
            if value >= threshold:
                share = max(share, s)
        table = ", ".join(f"{th:g} -> {s:.0%}" for th, s in ctx.part.thresholds)
        digits = max([digits_to_tell(value, th) for th, _ in ctx.part.thresholds], default=4)
        return Verdict(share, ctx.t("judge.threshold", what=what, value=f"{value:.{digits}g}", share=share,
                                    table=table),
                       {"value": value, "share": share})
    return judge


def gradient(values=("loss",), grads=None, rtol=1e-6, atol=1e-8, num_tol=1e-5, hints=()):
    """A backward pass, judged two ways so the message can say which half is wrong.

    `grads` maps each analytic gradient the call returns to the numerical gradient the call
    computed from the student's own forward (centred differences, h = 1e-5), e.g.
    ``{"dW": "dW_num"}``. Values are compared with the reference; each gradient with the
    reference and with its numerical twin.
    """
    grads = grads or {}

    def judge(got: dict, expected: dict, ctx: JudgeContext) -> Verdict:
        t = ctx.t
        values_ok = True
        for name in values:
            verdict = compare_array(name, got.get(name), expected[name], t, rtol, atol, hints_for(hints, ctx, name))
            if verdict is not None:
                values_ok = False
                first_bad_value = verdict
                break
        for grad, num in grads.items():
            grad_hints = hints_for(hints, ctx, grad)
            verdict = compare_array(grad, got.get(grad), expected[grad], t, rtol, atol, grad_hints)
            if verdict is None:
                continue
            if got.get(grad) is None or np.shape(got[grad]) != np.shape(expected[grad]):
                return verdict
            rel_num = max_rel_error(got[grad], got[num]) if num in got else float("inf")
            details = dict(verdict.details, rel_error_numeric=rel_num,
                           rel_error_reference=max_rel_error(got[grad], expected[grad]))
            value = values[0] if values else "forward"
            # the numerical gradient's verdict uses num_tol, and says so: "agrees" only below it
            numeric = "" if num not in got else t(
                "judge.grad_numeric_agrees" if rel_num < num_tol else "judge.grad_numeric_disagrees",
                grad=grad, value=value, rel=rel_num, tol=num_tol)
            if values_ok:
                msg = t("judge.grad_value_ok_grad_bad", value=value, grad=grad,
                        rel=details["rel_error_reference"], index=index_str(tuple(verdict.details.get("index", ()))))
                msg += "; " + numeric if numeric else ""
            elif rel_num < num_tol:
                msg = t("judge.grad_consistent_forward_bad", value=value, grad=grad, rel=rel_num, tol=num_tol)
                msg += "; " + first_bad_value.message
            else:
                msg = first_bad_value.message + ("; " + numeric if numeric else "")
            return Verdict(0.0, msg + _hint(t, grad_hints, got[grad], expected[grad], msg), details)
        if not values_ok:
            return first_bad_value
        return Verdict(1.0, t("judge.ok"))
    return judge


def accuracy(labels_of, what: str, num_classes: int, key: str = "scores"):
    """Partial credit by course.yml's thresholds on an accuracy the PARENT computes: the child
    returns only raw class scores (N, num_classes) on inputs the check made from its seed, and
    `labels_of()` gives the true labels, which the parent makes itself (never from the child).
    A submission that replaces np.mean or np.argmax in its own process changes nothing here."""

    def judge(got: dict, expected: dict, ctx: JudgeContext) -> Verdict:
        t = ctx.t
        labels = np.asarray(labels_of())
        if got.get(key) is None:
            return Verdict(0.0, t("judge.missing_key", name=key))
        scores = np.asarray(got[key])
        want = (labels.shape[0], num_classes)
        if scores.shape != want:
            return Verdict(0.0, t("judge.shape", name=key, expected=want, got=scores.shape))
        if not np.issubdtype(scores.dtype, np.number) or np.iscomplexobj(scores):
            return Verdict(0.0, t("run.bad_output", error=f"{key} has dtype {scores.dtype}"), status="bad_output")
        scores = scores.astype(np.float64)
        if not np.all(np.isfinite(scores)):
            return Verdict(0.0, t("judge.nan", name=key, index=""))
        value = float(np.count_nonzero(np.argmax(scores, axis=1) == labels)) / labels.shape[0]
        verdict = thresholds(lambda g, e: value, what)(got, expected, ctx)
        verdict.details["correct"] = int(round(value * labels.shape[0]))
        return verdict
    return judge


register({
    "judge.lecture_mismatch": {
        "en": "the lecture's example: {name} should be {slide} (as on the slide), got {got}",
        "ko": "강의 예제: {name}은(는) 슬라이드처럼 {slide}이어야 하는데 {got}입니다"},
    "judge.lecture_ok": {"en": "matches the lecture's numbers: {values}", "ko": "강의의 값과 일치합니다: {values}"},
})


def lecture(slide: dict, rtol: float = 0.0, atol: float = 1e-9, hints=(), then=None):
    """A lecture's worked example: the slide's numbers first (as printed: `rtol`/`atol` cover their
    rounding), so that the message quotes the slide; then the reference's exact ones (`then`, by
    default `close()` on every expected array). `hints` as for `close`, fitted to the array the
    slide's number came from."""
    then = then or close(rtol=1e-6, atol=1e-8)

    def judge(got: dict, expected: dict, ctx: JudgeContext) -> Verdict:
        t = ctx.t
        for name, value in slide.items():
            value = np.asarray(value, dtype=np.float64)
            if got.get(name) is None:
                return Verdict(0.0, t("judge.missing_key", name=name))
            g = np.asarray(got[name], dtype=np.float64).reshape(-1)
            if g.size != value.size or not np.all(np.isfinite(g)) or not np.allclose(g, value.reshape(-1),
                                                                                     rtol=rtol, atol=atol):
                shown = ", ".join(fmt(v) for v in g[:4]) if g.size else "[]"
                msg = t("judge.lecture_mismatch", name=name, slide=slide_text(value), got=shown)
                hint = _hint(t, hints_for(hints, ctx, name), np.asarray(got[name]), expected.get(name), msg)
                return Verdict(0.0, msg + hint, {"name": name})
        verdict = then(got, expected, ctx)
        if not verdict.passed:
            return verdict
        values = ", ".join(f"{k} = {slide_text(v)}" for k, v in slide.items())
        return Verdict(1.0, t("judge.lecture_ok", values=values))
    return judge


def slide_text(value) -> str:
    """A slide's number as printed: 0.818, or (0.488, 1.22) for several."""
    value = np.ravel(np.asarray(value, dtype=np.float64))
    text = ", ".join(f"{v:g}" for v in value)
    return f"({text})" if value.size > 1 else text
