"""Checks of a6_rnn_stock: a vanilla RNN by hand (rnn_layers.py), GOOG's prices and an LSTM (stock.py).

Calls run in the child on the student's modules; judges run in the parent against the reference's
outputs. The LSTM part loads the student's checkpoint.pt in the child and predicts the test windows,
which the kit cuts itself from the CSV (the child returns predictions only, never targets); the
parent computes the RMSE in dollars and credits it by thresholds on persistence RMSE / model RMSE.

Each part depends only on the function it names (issue 14): a part whose function needs another
graded one is accepted when it matches the reference OR is exactly consistent with the student's own
other functions (see the rnn_layers.py section and `judge_prepare`). lstm_test_rmse is end to end:
the checkpoint was trained with all of stock.py, so it may depend on everything.
"""
from __future__ import annotations

import copy
import io
import sys
import tempfile
from pathlib import Path

import numpy as np
import torch  # imported here so that the fork server loads it once, before any sandbox is fenced in

from autograder.model import judge
from autograder.model.check import Check, Verdict
from autograder.model.gradcheck import eval_numerical_gradient_array
from autograder.config.messages import register
from autograder.config.paths import DATASETS

CSV = DATASETS / "data-02-stock_daily.csv"
SEQ_LEN, TRAIN_FRAC = 7, 0.7
CHECKPOINT = "checkpoint.pt"

register({
    "a6.hint.tanh": {"en": "your values are the pre-activation: apply np.tanh",
                     "ko": "활성화 함수 적용 전 값입니다: np.tanh를 적용하세요"},
    "a6.hint.time_major": {"en": "h must have shape (N, T, H): batch first, then time",
                           "ko": "h의 shape은 (N, T, H)여야 합니다: 배치가 먼저, 그다음 시간"},
    "a6.hint.carry": {"en": "only the last time step is right: in backpropagation through time the gradient "
                            "into h_t is dh[:, t] PLUS the dprev_h coming back from step t + 1",
                      "ko": "마지막 시점만 맞습니다: 시간 역전파(BPTT)에서 h_t로 들어오는 기울기는 dh[:, t]에 "
                            "t + 1 시점에서 돌아온 dprev_h를 더한 값입니다"},
    "a6.hint.newest_first": {"en": "the rows are newest first, as in the file: reverse them (data[::-1]) so "
                                   "that the oldest day comes first",
                             "ko": "행이 파일처럼 최신 날짜부터 나옵니다: 가장 오래된 날이 먼저 오도록 뒤집으세요 "
                                   "(data[::-1])"},
    "a6.hint.comments": {"en": "skip the comment lines that start with '#' (np.loadtxt(..., comments='#'))",
                         "ko": "'#'로 시작하는 주석 줄을 건너뛰세요 (np.loadtxt(..., comments='#'))"},
    "a6.hint.columns": {"en": "the columns are in the wrong order: keep the file's order Open, High, Low, Volume, "
                              "Close",
                        "ko": "열 순서가 틀렸습니다: 파일의 순서 Open, High, Low, Volume, Close를 유지하세요"},
    "a6.hint.constant": {"en": "a constant column (max == min) must map to 0 without dividing by zero",
                         "ko": "값이 일정한 열(max == min)은 0으로 바꿔야 하며, 0으로 나누면 안 됩니다"},
    "a6.hint.target_last_row": {"en": "y[i] looks like the Close of the LAST day inside the window; the target is "
                                      "the NEXT day's Close, data[i + seq_len, -1]",
                                "ko": "y[i]가 윈도 안 마지막 날의 종가로 보입니다; 목표값은 그다음 날의 종가 "
                                      "data[i + seq_len, -1]입니다"},
    "a6.hint.window_count": {"en": "there are N = T - seq_len windows: the last window needs a next day for its "
                                   "target",
                             "ko": "윈도 개수는 N = T - seq_len입니다: 마지막 윈도에도 목표값이 될 다음 날이 "
                                   "있어야 합니다"},
    "a6.hint.y_shape": {"en": "y must have shape (N, 1), not (N,)", "ko": "y의 shape은 (N,)이 아니라 (N, 1)이어야 합니다"},
    "a6.hint.test_start": {"en": "the test split starts seq_len days before train_size, data[train_size - seq_len:], "
                                 "so that its first window predicts day train_size",
                           "ko": "테스트 구간은 train_size보다 seq_len일 앞에서 시작합니다 "
                                 "(data[train_size - seq_len:]): 첫 윈도가 train_size번째 날을 예측하도록"},
    "a6.hint.fit_all": {"en": "the scaler seems fitted on ALL days: fit it on the training split only, or the test "
                              "days' prices leak into the inputs",
                        "ko": "스케일러를 전체 날짜로 fit한 것 같습니다: 학습 구간으로만 fit하세요. 그렇지 않으면 "
                              "테스트 기간의 가격 정보가 입력에 새어 들어갑니다"},
    "a6.hidden.ok": {"en": "h and every gradient are right on both edge shapes",
                     "ko": "두 가장자리 shape 모두에서 h와 모든 기울기가 맞습니다"},
    "a6.own.forward": {"en": "every h_t is what your own rnn_step_forward gives on (x_t, h_{t-1}), h0 first: "
                             "rnn_forward is right (rnn_step_forward is judged in its own part)",
                       "ko": "모든 h_t가 여러분의 rnn_step_forward에 (x_t, h_{t-1})을 넣은 값과 같습니다(처음은 h0): "
                             "rnn_forward는 맞습니다 (rnn_step_forward는 해당 파트에서 따로 채점합니다)"},
    "a6.own.backward": {"en": "the gradients are your own rnn_step_backward chained back through time over your "
                              "rnn_forward's cache: rnn_backward is right (those functions are judged in their own "
                              "parts)",
                        "ko": "기울기가 여러분의 rnn_step_backward를 rnn_forward의 cache 위에서 시간 역순으로 이은 "
                              "값과 같습니다: rnn_backward는 맞습니다 (그 함수들은 해당 파트에서 따로 채점합니다)"},
    "a6.own.step_case": {"en": "(your rnn_step_forward is wrong on random inputs, so rnn_step_backward was judged "
                               "on a cache it builds where its next_h is right: {case})",
                         "ko": "(rnn_step_forward가 임의 입력에서 틀려서, next_h가 맞게 나오는 입력({case})에서 "
                               "만든 cache로 rnn_step_backward를 채점했습니다)"},
    "a6.case.b0": {"en": "b = 0", "ko": "b = 0"},
    "a6.case.a0": {"en": "x Wx + prev_h Wh + b = 0", "ko": "x Wx + prev_h Wh + b = 0"},
    "a6.own.no_cache": {"en": "your rnn_step_forward gives a wrong next_h on every input tried, so no cache it "
                              "builds can test rnn_step_backward: fix rnn_step_forward first.",
                        "ko": "rnn_step_forward가 시도한 모든 입력에서 틀린 next_h를 내므로, 그 cache로는 "
                              "rnn_step_backward를 채점할 수 없습니다: rnn_step_forward를 먼저 고치세요."},
    "a6.own.windows": {"en": "the split and the scaling are right, and X, y are what your own make_windows "
                             "returns on them (make_windows is judged in its own part)",
                       "ko": "분할과 스케일링이 맞고, X와 y는 여러분의 make_windows가 그 위에서 반환한 값입니다 "
                             "(make_windows는 해당 파트에서 따로 채점합니다)"},
    "a6.lstm.shape": {"en": "StockLSTM({args}) on input {input} returned shape {got}; expected {expected}",
                      "ko": "StockLSTM({args})에 입력 {input}을 넣었더니 shape {got}이 나왔습니다; 기대값 {expected}"},
    "a6.lstm.batch": {"en": "a sample's output changes when other samples are in the batch (difference {err:.2g}): "
                            "is the LSTM batch_first=True?",
                      "ko": "배치의 다른 샘플에 따라 한 샘플의 출력이 바뀝니다 (차이 {err:.2g}): "
                            "LSTM에 batch_first=True를 주었나요?"},
    "a6.lstm.last": {"en": "the output does not change when the last day of the window changes: many to one "
                           "predicts from the LAST time step's output",
                     "ko": "윈도의 마지막 날을 바꿔도 출력이 변하지 않습니다: many-to-one은 마지막 시점의 출력으로 "
                           "예측합니다"},
    "a6.lstm.ok": {"en": "StockLSTM is many to one: shapes right, samples independent, reads the last day",
                   "ko": "StockLSTM이 many-to-one입니다: shape이 맞고, 샘플끼리 독립이며, 마지막 날을 읽습니다"},
    "a6.rmse.nan": {"en": "the predictions contain NaN or inf", "ko": "예측값에 NaN 또는 inf가 있습니다"},
    "a6.rmse.count": {"en": "expected {expected} test predictions, got {got}",
                      "ko": "테스트 예측이 {expected}개여야 하는데 {got}개입니다"},
    "a6.rmse.what": {"en": "persistence RMSE / your RMSE", "ko": "지속 예측 RMSE / 여러분의 RMSE"},
    "a6.rmse.summary": {"en": "test RMSE ${rmse:.2f} against ${baseline:.2f} for persistence (tomorrow = today) "
                              "and ${reference:.2f} for the reference model.",
                        "ko": "테스트 RMSE ${rmse:.2f}, 지속 예측(내일 = 오늘) ${baseline:.2f}, "
                              "참고 모델 ${reference:.2f}."},
})


# ---------------------------------------------------------------- the kit's own view of the data
# Read when the module is imported, before the child is fenced in: the sandbox cannot see datasets/.

CSV_TEXT = CSV.read_text(encoding="utf-8") if CSV.is_file() else ""
DAYS = (np.loadtxt(io.StringIO(CSV_TEXT), delimiter=",", comments="#", dtype=np.float64, ndmin=2)[::-1].copy()
        if CSV_TEXT else np.zeros((0, 5)))


def stock_days() -> np.ndarray:
    """The real CSV as the kit reads it: (T, 5), Open, High, Low, Volume, Close, oldest day first."""
    if not len(DAYS):
        raise FileNotFoundError(f"{CSV} is missing from the kit")
    return DAYS


def csv_copy(tmp: str, text: str, name: str = "data-02-stock_daily.csv") -> str:
    """Write `text` to a file in `tmp` (the sandbox's /tmp) for the student's loader to read."""
    path = Path(tmp) / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def submission_problem(status: str, file: str, error: str = ""):
    """The child's SubmissionProblem: a status such as missing_file, with the file it concerns."""
    from autograder.sandbox.child import SubmissionProblem
    return SubmissionProblem(status, file, error)


def train_size(T: int) -> int:
    return int(T * TRAIN_FRAC)


def train_min_max(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    train = data[:train_size(len(data))]
    return train.min(axis=0), train.max(axis=0)


def test_windows(seq_len: int) -> np.ndarray:
    """The scaled test windows (N_test, seq_len, 5), scaler fitted on the training split; N_test
    (= T - train_size) does not depend on seq_len."""
    data = stock_days()
    lo, hi = train_min_max(data)
    span = np.where(hi == lo, 1.0, hi - lo)
    test = (data[train_size(len(data)) - seq_len:] - lo) / span
    return np.stack([test[i:i + seq_len] for i in range(len(test) - seq_len)])


def test_targets() -> tuple[np.ndarray, np.ndarray]:
    """Parent side only: the actual test closes and the persistence forecasts, in dollars."""
    data = stock_days()
    start = train_size(len(data))
    return data[start:, -1], data[start - 1:-1, -1]


def close_to_dollars(scaled: np.ndarray) -> np.ndarray:
    lo, hi = train_min_max(stock_days())
    span = hi[-1] - lo[-1] if hi[-1] != lo[-1] else 1.0
    return scaled * span + lo[-1]


# ---------------------------------------------------------------- rnn_layers.py
# Each part depends only on the function it names. Where a call needs another graded function
# (a cache from rnn_step_forward, the steps inside rnn_forward, rnn_step_backward inside
# rnn_backward), the call also returns what the student's OWN other functions give on the same
# values, and the judge accepts an answer that matches the reference OR is exactly consistent with
# them; the other function is judged in its own part. No reference code runs in the child.

def rnn_params(rng, N, T, D, H):
    x = rng.standard_normal((N, T, D)) if T else rng.standard_normal((N, D))
    return x, rng.standard_normal((N, H)), rng.standard_normal((D, H)) * 0.4, \
        rng.standard_normal((H, H)) * 0.4, rng.standard_normal(H) * 0.1


def numeric(value) -> bool:
    return isinstance(value, np.ndarray) and value.dtype.kind in "biuf"


def step_forward_call(ctx):
    rng = np.random.default_rng(ctx.seed)
    x, prev_h, Wx, Wh, b = rnn_params(rng, 3, 0, 10, 4)
    next_h, _ = ctx.load("rnn_layers").rnn_step_forward(x, prev_h, Wx, Wh, b)
    return {"next_h": next_h}


STEP_CASES = ("", "b0_", "a0_")     # random inputs; b = 0; a zero pre-activation (tanh(a) = a there)


def step_cases(rng, N, D, H):
    """The inputs rnn_step_backward is tried on, each with the cache the student's rnn_step_forward
    builds: random values first, then two cases on which common forward mistakes still give the
    right next_h (a forward without b is right when b = 0; one without tanh, or with tanh twice,
    where x Wx + prev_h Wh + b = 0, which prev_h is solved for with a well-conditioned Wh)."""
    x, prev_h, Wx, Wh, b = rnn_params(rng, N, 0, D, H)
    yield "", (x, prev_h, Wx, Wh, b)
    yield "b0_", (x, prev_h, Wx, Wh, np.zeros_like(b))
    Wh_q = np.linalg.qr(rng.standard_normal((H, H)))[0] * 0.5
    prev_zero = np.linalg.solve(Wh_q.T, -(x.dot(Wx) + b).T).T
    yield "a0_", (x, prev_zero, Wx, Wh_q, b)


def step_backward_call(ctx):
    rnn = ctx.load("rnn_layers")
    rng = np.random.default_rng(ctx.seed)
    dnext_h = rng.standard_normal((4, 6))
    out = {}
    for tag, args in step_cases(rng, 4, 5, 6):
        next_h, cache = rnn.rnn_step_forward(*args)
        out[tag + "next_h"] = next_h
        for i, (name, grad) in enumerate(zip(("dx", "dprev_h", "dWx", "dWh", "db"),
                                             rnn.rnn_step_backward(dnext_h, cache))):
            out[tag + name] = grad
            out[tag + name + "_num"] = eval_numerical_gradient_array(
                lambda v, i=i: rnn.rnn_step_forward(*args[:i], v, *args[i + 1:])[0], args[i].copy(), dnext_h)
    return out


def own_steps(rnn, h, x, h0, Wx, Wh, b) -> dict:
    """The student's rnn_step_forward teacher-forced on the student's own hidden states: step t
    from (x_t, h_{t-1}), h_{-1} = h0. {} when h has the wrong shape or the step does not run."""
    if not numeric(h) or h.shape != x.shape[:2] + h0.shape[1:]:
        return {}
    starts = np.concatenate([h0[:, None, :], h[:, :-1, :]], axis=1)
    try:
        steps = [rnn.rnn_step_forward(x[:, t, :], starts[:, t, :], Wx, Wh, b)[0] for t in range(x.shape[1])]
        steps = np.stack(steps, axis=1)
    except Exception:  # the step is not implemented, or fails: rnn_forward is judged on the reference alone
        return {}
    return {"h_step": steps} if numeric(steps) and steps.shape == h.shape else {}


def step_jacobians(rnn, cache, N, T, H) -> dict:
    """The student's rnn_step_backward on cache[t] (the student's rnn_forward's cache) for each unit
    upstream gradient e_k: J_<grad>[t, k]. rnn_step_backward is linear in dnext_h, so the parent can
    tell what a backward pass made of these steps gives for any upstream. {} when the cache is not
    a sequence of step caches that rnn_step_backward takes."""
    names = ("dx", "dprev_h", "dWx", "dWh", "db")
    found = {name: [] for name in names}
    try:
        for t in range(T):
            rows = {name: [] for name in names}
            for k in range(N * H):
                unit = np.zeros((N, H))
                unit.flat[k] = 1.0
                for name, grad in zip(names, rnn.rnn_step_backward(unit, cache[t])):
                    rows[name].append(np.asarray(grad, dtype=np.float64))
            for name in names:
                found[name].append(np.stack(rows[name]))
        out = {"J_" + name: np.stack(found[name]) for name in names}
    except Exception:
        return {}
    return out if all(numeric(v) for v in out.values()) else {}


def forward_call(ctx):
    rnn = ctx.load("rnn_layers")
    x, h0, Wx, Wh, b = rnn_params(np.random.default_rng(ctx.seed), 2, 3, 4, 5)
    h, _ = rnn.rnn_forward(x, h0, Wx, Wh, b)
    return {"h": h, **own_steps(rnn, h, x, h0, Wx, Wh, b)}


def backward_outputs(rnn, rng, N, T, D, H, numeric_grads=True):
    x, h0, Wx, Wh, b = rnn_params(rng, N, T, D, H)
    dh = rng.standard_normal((N, T, H))
    h, cache = rnn.rnn_forward(x, h0, Wx, Wh, b)
    out = {"h": h, "dh": dh, **own_steps(rnn, h, x, h0, Wx, Wh, b),
           **step_jacobians(rnn, copy.deepcopy(cache), N, T, H)}
    grads = rnn.rnn_backward(dh, cache)
    args = [x, h0, Wx, Wh, b]
    for i, (name, grad) in enumerate(zip(("dx", "dh0", "dWx", "dWh", "db"), grads)):
        out[name] = grad
        if numeric_grads:
            out[name + "_num"] = eval_numerical_gradient_array(
                lambda v, i=i: rnn.rnn_forward(*args[:i], v, *args[i + 1:])[0], args[i].copy(), dh)
    return out


def backward_call(ctx):
    return backward_outputs(ctx.load("rnn_layers"), np.random.default_rng(ctx.seed), 2, 4, 3, 5)


def rnn_hidden_call(ctx):
    """Edge shapes: one sample and one step of one feature; a long sequence (T = 12)."""
    rnn = ctx.load("rnn_layers")
    rng = np.random.default_rng(ctx.seed)
    out = {}
    for tag, shape in (("one", (1, 1, 1, 3)), ("long", (3, 12, 2, 4))):
        for key, value in backward_outputs(rnn, rng, *shape, numeric_grads=False).items():
            out[f"{tag}_{key}"] = value
    return out


TANH_HINT = [("a6.hint.tanh", lambda g, e: g.shape == e.shape and np.allclose(np.tanh(g), e, atol=1e-8))]
TIME_HINT = [("a6.hint.time_major", lambda g, e: g.ndim == 3 and g.shape == (e.shape[1], e.shape[0], e.shape[2])
              and g.shape != e.shape)]
CARRY_HINT = [("a6.hint.carry", lambda g, e: g.ndim == 3 and g.shape == e.shape and e.shape[1] > 1
               and np.allclose(g[:, -1], e[:, -1]) and not np.allclose(g, e))]
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
        np.shape(got.get(prefix + name)) == own[name].shape
        and np.allclose(got[prefix + name], own[name], rtol=1e-6, atol=1e-8) for name in own)


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


HIDDEN_TAGS = ("one_", "long_")


def judge_rnn_hidden(got, expected, ctx):
    """rnn_forward's h and rnn_backward's gradients on the edge shapes, each against the reference
    or consistent with the student's own step functions (as in rnn_forward and rnn_backward)."""
    t = ctx.t
    for prefix in HIDDEN_TAGS:
        verdict = forward_consistent(got, expected, ctx, prefix)
        if verdict is not None:
            return verdict
        if backward_consistent(got, prefix):
            continue
        for name in SEQ_GRADS:
            verdict = judge.compare_array(prefix + name, got.get(prefix + name), expected[prefix + name], t,
                                          hints=CARRY_HINT)
            if verdict is not None:
                return verdict
    return Verdict(1.0, t("a6.hidden.ok"))


# ---------------------------------------------------------------- stock.py: data

def load_call(ctx):
    stock = ctx.load("stock")
    stock_days()   # the kit's copy of the file must be there
    with tempfile.TemporaryDirectory() as tmp:
        return {"data": stock.load_stock_csv(csv_copy(tmp, CSV_TEXT))}


SMALL_CSV = """# made-up prices for a check
# another comment line
# Open,High,Low,Volume,Close
{rows}
"""


def load_hidden_call(ctx):
    """A small file with three comment lines, rows newest first, in the real file's format."""
    rng = np.random.default_rng(ctx.seed)
    days = np.round(rng.uniform(100, 200, (6, 5)), 4)
    days[:, 3] = rng.integers(1000, 90000, 6)
    text = SMALL_CSV.format(rows="\n".join(",".join(f"{v:g}" for v in row) for row in days))
    stock = ctx.load("stock")
    with tempfile.TemporaryDirectory() as tmp:
        return {"data": stock.load_stock_csv(csv_copy(tmp, text, "prices.csv"))}


def _same_rows_reversed(g, e):
    return g.shape == e.shape and np.allclose(g, e[::-1])


def _columns_permuted(g, e):
    return (g.shape == e.shape and not np.allclose(g, e)
            and np.allclose(np.sort(g, axis=1), np.sort(e, axis=1)))


LOAD_HINTS = [
    ("a6.hint.newest_first", _same_rows_reversed),
    ("a6.hint.comments", lambda g, e: g.ndim == 2 and e.shape[0] < g.shape[0] <= e.shape[0] + 3),
    ("a6.hint.columns", _columns_permuted),
]


def scaler_call(ctx):
    """Fit on a training array with a constant column; transform unseen rows; round trips."""
    rng = np.random.default_rng(ctx.seed)
    train = rng.uniform(-3, 7, (20, 4))
    train[:, 2] = 5.0
    test = rng.uniform(-5, 9, (8, 4))
    scaler = ctx.load("stock").MinMaxScaler()
    fitted = scaler.fit(train)
    if fitted is not None and fitted is not scaler:
        scaler = fitted
    scaled_train = scaler.transform(train)
    scaled_test = scaler.transform(test)
    return {"train": scaled_train, "test": scaled_test,
            "round_trip": scaler.inverse_transform(scaler.transform(test)),
            "inverse": scaler.inverse_transform(rng.uniform(0, 1, (5, 4)))}


SCALER_HINTS = [("a6.hint.constant", lambda g, e: bool(np.isnan(g).any() or np.isinf(g).any()))]


def windows_call(ctx):
    rng = np.random.default_rng(ctx.seed)
    stock = ctx.load("stock")
    data = rng.standard_normal((12, 3))
    X4, y4 = stock.make_windows(data.copy(), 4)
    X1, y1 = stock.make_windows(data[:5].copy(), 1)
    return {"X": X4, "y": y4, "X_len1": X1, "y_len1": y1}


WINDOW_HINTS = [
    ("a6.hint.y_shape", lambda g, e: e.ndim == 2 and g.shape == (e.shape[0],)),
    ("a6.hint.window_count", lambda g, e: g.ndim == e.ndim and abs(g.shape[0] - e.shape[0]) == 1),
    ("a6.hint.target_last_row", lambda g, e: e.ndim == 2 and g.shape == e.shape and np.allclose(g[1:], e[:-1])),
]


def prepare_call(data_of):
    """prepare_data, with the student's own make_windows recorded while it runs: each call's input
    series and what it returned, so that the parent can judge the split and the scaling apart from
    the windowing (make_windows is judged in its own part)."""
    def call(ctx):
        stock = ctx.load("stock")
        module = sys.modules.get(stock.__name__)
        calls = []
        original = getattr(module, "make_windows", None)

        def recording(*args, **kwargs):
            result = original(*args, **kwargs)
            if len(calls) < 4:
                calls.append((args[0] if args else kwargs.get("data"), result))
            return result
        if callable(original):
            module.make_windows = recording
        try:
            X_train, y_train, X_test, y_test, _ = stock.prepare_data(data_of(ctx), SEQ_LEN)
        finally:
            if callable(original):
                module.make_windows = original
        out = {"X_test": X_test, "y_test": y_test, "X_train": X_train, "y_train": y_train}
        for i, (series, result) in enumerate(calls):
            if isinstance(result, tuple) and len(result) == 2 and numeric(np.asarray(series)) \
                    and numeric(result[0]) and numeric(result[1]):
                out.update({f"windows{i}_in": np.asarray(series), f"windows{i}_X": result[0],
                            f"windows{i}_y": result[1]})
        return out
    return call


def tame_days(ctx):
    """40 made-up days whose extremes all fall in the training split (the first 28 days), so a
    scaler fitted on every day gives the same numbers as one fitted on the training split."""
    rng = np.random.default_rng(ctx.seed)
    data = rng.uniform(1.0, 2.0, (40, 5))
    data[3], data[17] = 0.5, 3.0
    return data


def real_days(ctx):
    return stock_days().copy()


PREPARE_HINTS = [
    WINDOW_HINTS[2],   # the target is the last row of the window
    ("a6.hint.fit_all", lambda g, e: g.shape == e.shape and g.max() <= 1 + 1e-9 < e.max()),
    ("a6.hint.test_start", lambda g, e: g.ndim == e.ndim and g.shape[0] != e.shape[0]),
]
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
        match = next((m for m in mine if m[0].shape == series.shape
                      and np.allclose(m[0], series, rtol=1e-9, atol=1e-12)), None)
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


# ---------------------------------------------------------------- stock.py: the model

def lstm_call(ctx):
    stock = ctx.load("stock")
    torch.manual_seed(ctx.seed)
    out = {}
    with torch.no_grad():
        model = stock.StockLSTM(5, 8, num_layers=2)
        model.eval()
        x = torch.randn(4, 7, 5)
        y = model(x)
        out["shape"] = np.array(tuple(y.shape))
        # the last sample alone must give what it gave in the batch (without batch_first it would not)
        out["batch_err"] = np.array((model(x[-1:])[0] - y[-1]).abs().max().item() if y.ndim == 2 else np.inf)
        x_last = x.clone()
        x_last[:, -1] += 1.0
        out["last_effect"] = np.array((model(x_last) - y).abs().max().item() if y.ndim == 2 else 0.0)
        other = stock.StockLSTM(3, 4, output_dim=2).eval()
        out["shape_out2"] = np.array(tuple(other(torch.randn(2, 5, 3)).shape))
    return out


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


def load_student_model(ctx):
    """The student's StockLSTM with the weights of checkpoint.pt (weights only: never unpickled objects)."""
    stock = ctx.load("stock")
    path = Path(ctx.dir) / CHECKPOINT
    if not path.is_file():
        raise submission_problem("missing_file", CHECKPOINT)
    try:
        ckpt = torch.load(path, map_location="cpu", weights_only=True)
        sizes = [int(ckpt[k]) for k in ("input_dim", "hidden_dim", "num_layers", "output_dim", "seq_len")]
        state = ckpt["state_dict"]
    except Exception as exc:  # not a torch file, a pickled object, a plain state_dict, missing keys
        if "Weights only load failed" in str(exc):
            why = "it holds Python objects, not only tensors and numbers (loaded with weights_only=True)"
        else:
            why = f"{type(exc).__name__}: " + (str(exc).strip().splitlines() or [""])[0][:200]
        raise submission_problem("bad_output", CHECKPOINT, f"checkpoint.pt is not what stock.save_checkpoint "
                                 f"writes ({why})") from None
    input_dim, hidden_dim, num_layers, output_dim, seq_len = sizes
    if input_dim != 5 or output_dim != 1 or not 1 <= seq_len <= 100:
        raise submission_problem("bad_output", CHECKPOINT, "checkpoint.pt: input_dim must be 5, output_dim 1 and "
                                 f"seq_len 1..100; got {input_dim}, {output_dim}, {seq_len}")
    model = stock.StockLSTM(input_dim, hidden_dim, num_layers, output_dim)
    try:
        model.load_state_dict(state)
    except RuntimeError as exc:  # the weights do not fit the student's StockLSTM
        raise submission_problem("bad_output", CHECKPOINT, "the weights in checkpoint.pt do not fit StockLSTM("
                                 f"{input_dim}, {hidden_dim}, {num_layers}): {exc}"[:400]) from None
    return model.eval(), seq_len


def rmse_call(ctx):
    model, seq_len = load_student_model(ctx)
    X = torch.as_tensor(test_windows(seq_len), dtype=torch.float32)
    with torch.no_grad():
        scaled = model(X).double().numpy().reshape(-1)
    return {"pred_close": close_to_dollars(scaled)}


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


def draw_predictions(ax, details):
    """The feedback plot of lstm_test_rmse: actual test closes, the student's predictions, persistence."""
    if not details.get("actual") or not details.get("predicted"):
        return False
    ax.plot(details["actual"], color="black", linewidth=1.2, label="actual")
    ax.plot(details["predicted"], color="tab:blue", linewidth=1.0,
            label=f"your LSTM (${details.get('rmse', float('nan')):.2f})")
    if details.get("persistence"):
        ax.plot(details["persistence"], color="tab:orange", linewidth=0.8, linestyle="--",
                label=f"persistence (${details.get('persistence_rmse', float('nan')):.2f})")
    ax.set_xlabel("test day")
    ax.set_ylabel("close (USD)")
    ax.legend(fontsize=7)
    return True


PLOTS = {"lstm_test_rmse": draw_predictions}

CHECKS = [
    Check("rnn_step_forward", step_forward_call, judge.close(hints=TANH_HINT), seed=10,
          doc="rnn_step_forward against the reference"),
    Check("rnn_step_backward", step_backward_call, judge_step_backward, seed=11,
          doc="rnn_step_backward against the reference and the numerical gradient, on a cache your "
              "rnn_step_forward builds where its next_h is right"),
    Check("rnn_forward", forward_call, judge_forward, seed=12,
          doc="rnn_forward over T = 3 steps: the reference's h, or each h_t your own rnn_step_forward of "
              "(x_t, h_{t-1})"),
    Check("rnn_backward", backward_call, judge_backward, seed=13,
          doc="rnn_backward (BPTT): the reference's gradients, or your own rnn_step_backward chained over "
              "your rnn_forward's cache"),
    Check("rnn_hidden", rnn_hidden_call, judge_rnn_hidden, hidden=True, seed=14,
          doc="rnn_forward and rnn_backward on one step of one feature and on T = 12"),
    Check("load_stock_csv", load_call, judge.close(rtol=1e-12, atol=1e-9, hints=LOAD_HINTS),
          doc="load_stock_csv on the real GOOG file: oldest day first, five columns"),
    Check("load_stock_csv_hidden", load_hidden_call, judge.close(rtol=1e-12, atol=1e-9, hints=LOAD_HINTS),
          hidden=True, seed=15, doc="load_stock_csv on a small file with three comment lines"),
    Check("min_max_scaler", scaler_call, judge.close(rtol=1e-9, atol=1e-12, hints=SCALER_HINTS), seed=16,
          doc="MinMaxScaler: fit, transform, a constant column, inverse round trip"),
    Check("make_windows", windows_call, judge.close(rtol=1e-12, atol=1e-12, hints=WINDOW_HINTS), seed=17,
          doc="make_windows: shapes and the next day's Close as target"),
    Check("prepare_data", prepare_call(tame_days), judge_prepare, seed=18,
          doc="prepare_data: 70/30 chronological split, windows of both splits (cut by your own make_windows)"),
    Check("prepare_data_hidden", prepare_call(real_days), judge_prepare, hidden=True,
          doc="prepare_data on GOOG: the scaler is fitted on the training split only"),
    Check("stock_lstm", lstm_call, judge_lstm, seed=19,
          doc="StockLSTM: output shapes, batch first, many to one"),
    Check("lstm_test_rmse", rmse_call, judge_rmse,
          doc="end to end: your checkpoint.pt (trained with all of stock.py) on the test split, RMSE in dollars "
              "against persistence"),
]
