"""a6's judges: what runs in the parent, on the arrays the calls returned.

A part whose function needs another graded one passes when it matches the reference OR is exactly
consistent with the student's own other functions (the calls return what those give); the other
function is judged in its own part. lstm_test_rmse is end to end: the checkpoint was trained with
all of stock.py, so it may depend on everything.
"""
from __future__ import annotations

import numpy as np

from autograder.checks.a6_rnn_stock.calls import STEP_CASES
from autograder.checks.a6_rnn_stock.data import test_targets
from autograder.checks.a6_rnn_stock.hints import CARRY_HINT, PREPARE_HINTS, TANH_HINT, TIME_HINT
from autograder.config.messages import translator
from autograder.model import judge
from autograder.model.check import Verdict

# ---------------------------------------------------------------- rnn_layers.py

STEP_GRADS = {g: g + "_num" for g in ("dx", "dprev_h", "dWx", "dWh", "db")}
SEQ_GRADS = {g: g + "_num" for g in ("dx", "dh0", "dWx", "dWh", "db")}


def with_prefix(arrays: dict, prefix: str) -> dict:
    return {k[len(prefix):]: v for k, v in arrays.items() if k.startswith(prefix)}


STEP_GRADIENT = judge.gradient(values=("next_h",), grads=STEP_GRADS)


def judge_step_backward(got, expected, ctx):
    """rnn_step_backward on the first of STEP_CASES where the student's own rnn_step_forward gives the
    right next_h (so its cache is right): a wrong forward costs only rnn_step_forward. Where the
    forward is wrong on every case, no cache it builds can test the backward (the verdict says so)."""
    t = ctx.t
    for prefix in STEP_CASES:
        g, e = with_prefix(got, prefix), with_prefix(expected, prefix)
        if judge.compare_array("next_h", g.get("next_h"), e["next_h"], t) is None:
            verdict = STEP_GRADIENT(g, e, ctx)
            if prefix:
                note = t("a6.own.step_case", case=t("a6.case." + prefix.rstrip("_")))
                verdict = Verdict(verdict.fraction, verdict.message + " " + note, verdict.details)
            return verdict
    first = STEP_GRADIENT(got, expected, ctx)
    return Verdict(0.0, t("a6.own.no_cache") + " " + first.message, first.details)


def forward_consistent(got, expected, ctx, prefix="", hints=()) -> Verdict | None:
    """None when h (`prefix`h) matches the reference, or, shaped right, equals the student's own
    rnn_step_forward on its own previous states at every step; else the reference's verdict."""
    t, name = ctx.t, prefix + "h"
    verdict = judge.compare_array(name, got.get(name), expected[name], t, hints=hints)
    steps = got.get(prefix + "h_step")
    if verdict is None or steps is None or np.shape(got[name]) != np.shape(expected[name]):
        return verdict
    if np.ptp(steps) > 0 and judge.compare_array(name, got[name], steps, t) is None:
        return None
    return verdict


def own_backward(got, prefix=""):
    """The gradients a backward pass built from the student's own rnn_step_backward on the student's
    own cache gives (from the J_ arrays); None without them. The upstream gradient u_t into each step
    solves the linear system u_{T-1} = dh_{T-1}, u_t = dh_t + (dprev_h of step t + 1 at u_{t+1})."""
    J = {name: got.get(prefix + "J_" + name) for name in ("dx", "dprev_h", "dWx", "dWh", "db")}
    dh = got.get(prefix + "dh")
    if dh is None or any(v is None for v in J.values()):
        return None
    N, T, H = dh.shape
    M = N * H
    if any(v.ndim < 2 or v.shape[:2] != (T, M) for v in J.values()) or J["dprev_h"].shape[2:] != (N, H):
        return None
    system = np.eye(T * M)
    for t in range(T - 1):      # block row t: u_t - A_{t+1} u_{t+1} = dh_t
        system[t * M:(t + 1) * M, (t + 1) * M:(t + 2) * M] = -J["dprev_h"][t + 1].reshape(M, M).T
    try:
        upstream = np.linalg.solve(system, dh.transpose(1, 0, 2).reshape(-1)).reshape(T, M)
    except np.linalg.LinAlgError:
        return None
    per_step = {name: np.stack([np.tensordot(upstream[t], jac[t], axes=1) for t in range(T)])
                for name, jac in J.items()}
    out = {"dx": per_step["dx"].transpose(1, 0, 2), "dh0": per_step["dprev_h"][0],
           "dWx": per_step["dWx"].sum(axis=0), "dWh": per_step["dWh"].sum(axis=0), "db": per_step["db"].sum(axis=0)}
    return out if all(np.abs(v).max() > 0 for v in out.values()) else None


def backward_consistent(got, prefix="") -> bool:
    own = own_backward(got, prefix)
    return own is not None and all(
        judge.near(got.get(prefix + name, np.nan), own[name], rtol=1e-6, atol=1e-8) for name in own)


SEQ_GRADIENT = judge.gradient(values=("h",), grads=SEQ_GRADS, hints=CARRY_HINT)


def judge_forward(got, expected, ctx):
    verdict = forward_consistent(got, expected, ctx, hints=TIME_HINT + TANH_HINT)
    if verdict is not None:
        return verdict
    if judge.compare_array("h", got["h"], expected["h"], ctx.t) is None:
        return Verdict(1.0, ctx.t("judge.ok"))
    return Verdict(1.0, ctx.t("a6.own.forward"))


def judge_backward(got, expected, ctx):
    verdict = SEQ_GRADIENT(got, expected, ctx)
    if verdict.passed or not backward_consistent(got):
        return verdict
    return Verdict(1.0, ctx.t("a6.own.backward"))



# ---------------------------------------------------------------- stock.py

PREPARE_KEYS = ["X_test", "y_test", "X_train", "y_train"]
PREPARE_CLOSE = judge.close(rtol=1e-9, atol=1e-12, keys=PREPARE_KEYS, hints=PREPARE_HINTS)


def recorded_windows(arrays: dict) -> list:
    return [tuple(arrays[f"windows{i}_{k}"] for k in ("in", "X", "y")) for i in range(4) if f"windows{i}_in" in arrays]


def windows_consistent(got, expected) -> bool:
    """The student's prepare_data handed its own make_windows the reference's scaled training and
    test series (the reference's recorded calls, in that order) and returned, for each, exactly
    what that make_windows returned on it."""
    mine, ref = recorded_windows(got), recorded_windows(expected)
    if len(ref) != 2 or not mine:
        return False
    for (series, _, _), (X_key, y_key) in zip(ref, (("X_train", "y_train"), ("X_test", "y_test"))):
        match = next((m for m in mine if judge.near(m[0], series, rtol=1e-9, atol=1e-12)), None)
        if match is None or not (np.array_equal(got.get(X_key), match[1]) and np.array_equal(got.get(y_key), match[2])):
            return False
    return True


def judge_prepare(got, expected, ctx):
    """The reference's windows, or (make_windows being wrong) the right split and scaling, windowed
    by the student's own make_windows."""
    verdict = PREPARE_CLOSE(got, expected, ctx)
    if verdict.passed or not windows_consistent(got, expected):
        return verdict
    return Verdict(1.0, ctx.t("a6.own.windows"))



def judge_lstm(got, expected, ctx):
    t = ctx.t
    for key, args, shape_in in (("shape", "5, 8, num_layers=2", (4, 7, 5)), ("shape_out2", "3, 4, output_dim=2",
                                                                             (2, 5, 3))):
        g, e = got.get(key), expected[key]
        if g is None or g.shape != e.shape or not np.array_equal(g, e):
            shown = tuple(int(v) for v in np.ravel(g)) if g is not None else None
            return Verdict(0.0, t("a6.lstm.shape", args=args, input=shape_in, got=shown,
                                  expected=tuple(int(v) for v in e)))
    err = float(got["batch_err"])
    if not err < 1e-5:
        return Verdict(0.0, t("a6.lstm.batch", err=err), {"batch_err": err})
    effect = float(got["last_effect"])
    if not effect > 1e-7:
        return Verdict(0.0, t("a6.lstm.last"), {"last_effect": effect})
    return Verdict(1.0, t("a6.lstm.ok"), {"batch_err": err, "last_effect": effect})



def rmse(a, b) -> float:
    return float(np.sqrt(np.mean((np.asarray(a, dtype=np.float64) - np.asarray(b, dtype=np.float64)) ** 2)))


def judge_rmse(got, expected, ctx):
    t = ctx.t
    actual, persistence = test_targets()
    pred = np.asarray(got.get("pred_close", np.zeros(0)), dtype=np.float64).reshape(-1)
    if pred.shape != actual.shape:
        return Verdict(0.0, t("a6.rmse.count", expected=actual.size, got=pred.size))
    if not np.isfinite(pred).all():
        return Verdict(0.0, t("a6.rmse.nan"))
    model_rmse, base_rmse = rmse(pred, actual), rmse(persistence, actual)
    ref_rmse = rmse(expected["pred_close"], actual)
    verdict = judge.thresholds(lambda g, e: base_rmse / max(model_rmse, 1e-12), t("a6.rmse.what"))(got, expected, ctx)
    summary = t("a6.rmse.summary", rmse=model_rmse, baseline=base_rmse, reference=ref_rmse)
    details = dict(verdict.details, rmse=model_rmse, persistence_rmse=base_rmse, reference_rmse=ref_rmse,
                   actual=actual.round(4).tolist(), predicted=pred.round(4).tolist(),
                   persistence=persistence.round(4).tolist())
    return Verdict(verdict.fraction, summary + " " + verdict.message, details)


def draw_predictions(ax, details, t=None):
    """The feedback plot of lstm_test_rmse: actual test closes, the student's predictions, persistence;
    its legend and axis labels in the page's language (`t`; English without one)."""
    if not details.get("actual") or not details.get("predicted"):
        return False
    t = t or translator("en")
    ax.plot(details["actual"], color="black", linewidth=1.2, label=t("a6.plot.actual"))
    ax.plot(details["predicted"], color="tab:blue", linewidth=1.0,
            label=t("a6.plot.yours", rmse=details.get("rmse", float("nan"))))
    if details.get("persistence"):
        ax.plot(details["persistence"], color="tab:orange", linewidth=0.8, linestyle="--",
                label=t("a6.plot.persistence", rmse=details.get("persistence_rmse", float("nan"))))
    ax.set_xlabel(t("a6.plot.day"))
    ax.set_ylabel(t("a6.plot.close"))
    ax.legend(fontsize=7)
    return True



