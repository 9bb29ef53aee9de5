"""Inverted dropout: the judges read the mask from the student's own outputs, on inputs they
rebuild from the seed (ctx.given), so any mask that keeps about p of the units is right."""
import numpy as np

from autograder.model import judge
from autograder.model.check import Verdict
from autograder.model.gradcheck import numerical_gradients
from autograder.model.judge import fmt, max_rel_error, near

DROPOUT_P = 0.3      # keep probability: far from 0.5, so that keep and drop cannot be confused


def dropout_inputs(seed, shape=(400, 50)):
    rng = np.random.default_rng(seed)
    return rng.uniform(1, 3, shape) * rng.choice([-1.0, 1.0], shape)


def dropout_forward_call(ctx):
    layers = ctx.load("layers")
    x = dropout_inputs(ctx.seed)
    train = {"mode": "train", "p": DROPOUT_P, "seed": 1234}
    out_train = layers.dropout_forward(x.copy(), dict(train))[0]
    out_again = layers.dropout_forward(x.copy(), dict(train))[0]
    out_test = layers.dropout_forward(x.copy(), {"mode": "test", "p": DROPOUT_P, "seed": 1234})[0]
    return {"out_train": out_train, "out_train_again": out_again, "out_test": out_test}


def dropout_forward_judge(got, expected, ctx):
    t, x, p = ctx.t, ctx.given, DROPOUT_P
    bad = judge.malformed(got, t, ("out_train", "out_train_again", "out_test"), shape=x.shape, finite=True)
    if bad:
        return bad
    out = np.asarray(got["out_train"], dtype=np.float64)
    kept = out != 0
    frac = float(kept.mean())
    if abs(frac - p) > 0.03:
        msg = t("a3.dropout.fraction", kept=frac, p=p)
        if abs(frac - (1 - p)) <= 0.03:
            msg += "; " + t("hint.prefix") + t("a3.dropout.keep_vs_drop")
        return Verdict(0.0, msg, {"kept_fraction": frac})
    ratio = out[kept] / x[kept]
    if not np.allclose(ratio, 1 / p, rtol=1e-6):
        if np.allclose(ratio, 1.0, rtol=1e-6):
            return Verdict(0.0, t("a3.dropout.not_inverted"), {"kept_fraction": frac})
        bad = np.flatnonzero(kept.ravel())[int(np.argmax(np.abs(ratio - 1 / p)))]
        idx = np.unravel_index(bad, x.shape)
        return Verdict(0.0, t("a3.dropout.kept_values", index=", ".join(map(str, idx)), x=fmt(x[idx]),
                              got=fmt(out[idx], x[idx] / p), expected=fmt(x[idx] / p, out[idx])))
    if not np.array_equal(got["out_train_again"], got["out_train"]):
        return Verdict(0.0, t("a3.dropout.seed"))
    test = np.asarray(got["out_test"], dtype=np.float64)
    if not np.allclose(test, x, rtol=1e-12, atol=0):
        if np.allclose(test, x * p, rtol=1e-9):
            return Verdict(0.0, t("a3.dropout.not_inverted") + " " + t("a3.dropout.test_time"))
        return Verdict(0.0, t("a3.dropout.test_time"))
    return Verdict(1.0, t("judge.ok") + f" (kept {frac:.1%}, p = {p})", {"kept_fraction": frac})


def dropout_small(seed):
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.5, 2, (6, 7)) * rng.choice([-1.0, 1.0], (6, 7))
    dout = rng.standard_normal((6, 7))
    return x, dout


def dropout_backward_call(ctx):
    layers = ctx.load("layers")
    x, dout = dropout_small(ctx.seed)
    param = {"mode": "train", "p": 0.6, "seed": 42}
    out, cache = layers.dropout_forward(x.copy(), dict(param))
    dx = layers.dropout_backward(dout.copy(), cache)
    numeric = numerical_gradients(lambda v: layers.dropout_forward(v, dict(param))[0], {"x": x.copy()}, dout)
    _, cache_test = layers.dropout_forward(x.copy(), {"mode": "test", "p": 0.6, "seed": 42})
    dx_test = layers.dropout_backward(dout.copy(), cache_test)
    return {"out": out, "dx": dx, "dx_num": numeric["dx_num"], "dx_test": dx_test}


def dropout_backward_judge(got, expected, ctx):
    t, (x, dout) = ctx.t, ctx.given
    bad = judge.malformed(got, t, ("out", "dx", "dx_num", "dx_test"), shape=x.shape)
    if bad:
        return bad
    want = dout * np.asarray(got["out"], dtype=np.float64) / x        # dout * mask, the mask of the forward
    dx = np.asarray(got["dx"], dtype=np.float64)
    rel, num = max_rel_error(dx, want), max_rel_error(dx, got["dx_num"])
    if rel > 1e-6 or num > 1e-6 or not np.all(np.isfinite(dx)):
        bad = np.where(np.isfinite(dx), np.abs(dx - want), np.inf)
        idx = np.unravel_index(int(np.argmax(bad)), x.shape)
        msg = t("a3.dropout.backward", index=judge.index_str(idx), expected=fmt(want[idx], dx[idx]),
                got=fmt(dx[idx], want[idx]), rel=rel, num=num)
        kept = np.asarray(got["out"]) != 0
        if near(dx, dout * kept):
            msg += "; " + t("hint.prefix") + t("a3.dropout.not_inverted")
        return Verdict(0.0, msg, {"rel_error_numeric": num, "rel_error": rel})
    if not np.allclose(got["dx_test"], dout, rtol=1e-12, atol=0):
        return Verdict(0.0, t("a3.dropout.backward_test"))
    return Verdict(1.0, t("judge.ok"), {"rel_error_numeric": num})
