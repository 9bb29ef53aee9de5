"""a6's calls: what runs in the child, next to the student's rnn_layers.py and stock.py.

Each part depends only on the function it names. Where a call needs another graded function (a
cache from rnn_step_forward, the steps inside rnn_forward, rnn_step_backward inside rnn_backward,
make_windows and MinMaxScaler inside prepare_data), the call also returns what the student's OWN
other functions give on the same values, or runs a stand-in of the kit's; the judges accept an
answer that matches the reference OR is exactly consistent with them. No reference code runs here.
"""
from __future__ import annotations

import copy
import tempfile
from pathlib import Path

import numpy as np
import torch  # imported here so that the fork server loads it once, before any sandbox is fenced in

from autograder.checks.a6_rnn_stock.data import (CHECKPOINT, CSV_TEXT, SEQ_LEN, StandInScaler, close_to_dollars,
                                                 csv_copy, stock_days, test_windows)
from autograder.model.gradcheck import numerical_gradients
from autograder.model.per_function import stand_ins

def submission_problem(status: str, file: str, error: str = ""):
    """The child's SubmissionProblem: a status such as missing_file, with the file it concerns."""
    from autograder.sandbox.child import SubmissionProblem
    return SubmissionProblem(status, file, error)


# ---------------------------------------------------------------- rnn_layers.py

def rnn_params(rng, N, T, D, H):
    x = rng.standard_normal((N, T, D)) if T else rng.standard_normal((N, D))
    return x, rng.standard_normal((N, H)), rng.standard_normal((D, H)) * 0.4, \
        rng.standard_normal((H, H)) * 0.4, rng.standard_normal(H) * 0.1


STEP_ARGS = ("x", "prev_h", "Wx", "Wh", "b")    # rnn_step_forward's arguments: dx_num, dprev_h_num, ...
SEQ_ARGS = ("x", "h0", "Wx", "Wh", "b")         # rnn_forward's


def copies(names, arrays) -> dict:
    """{name: a copy of the array}: what `numerical_gradients` perturbs, leaving the call's own arrays be."""
    return {name: np.array(a, dtype=np.float64, copy=True) for name, a in zip(names, arrays)}


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
        grads = zip(("dx", "dprev_h", "dWx", "dWh", "db"), rnn.rnn_step_backward(dnext_h, cache))
        numeric = numerical_gradients(lambda *a: rnn.rnn_step_forward(*a)[0], copies(STEP_ARGS, args), dnext_h)
        out.update({tag + name: value for name, value in (*grads, *numeric.items())})
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
    out.update(zip(("dx", "dh0", "dWx", "dWh", "db"), rnn.rnn_backward(dh, cache)))
    if numeric_grads:
        out.update(numerical_gradients(lambda *a: rnn.rnn_forward(*a)[0], copies(SEQ_ARGS, (x, h0, Wx, Wh, b)), dh))
    return out


def backward_call(ctx):
    return backward_outputs(ctx.load("rnn_layers"), np.random.default_rng(ctx.seed), 2, 4, 3, 5)



# ---------------------------------------------------------------- stock.py: data

def load_call(ctx):
    stock = ctx.load("stock")
    stock_days()   # the kit's copy of the file must be there
    with tempfile.TemporaryDirectory() as tmp:
        return {"data": stock.load_stock_csv(csv_copy(tmp, CSV_TEXT))}


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



def windows_call(ctx):
    rng = np.random.default_rng(ctx.seed)
    stock = ctx.load("stock")
    data = rng.standard_normal((12, 3))
    X4, y4 = stock.make_windows(data.copy(), 4)
    X1, y1 = stock.make_windows(data[:5].copy(), 1)
    return {"X": X4, "y": y4, "X_len1": X1, "y_len1": y1}



def prepare_call(data_of):
    """prepare_data on its own contract: the kit's scaler stands in for the student's MinMaxScaler
    (judged in its own part), and the student's own make_windows is recorded while it runs (each
    call's input series and what it returned), so that the parent can judge the split and the
    scaling apart from the windowing (make_windows is judged in its own part too)."""
    def call(ctx):
        stock = ctx.load("stock")
        module = getattr(stock, "_module", stock)      # the module itself, not ctx.load's proxy
        calls, original = [], getattr(module, "make_windows", None)

        def recording(*args, **kwargs):
            result = original(*args, **kwargs)
            if len(calls) < 4:
                calls.append((args[0] if args else kwargs.get("data"), result))
            return result
        replacements = {"MinMaxScaler": StandInScaler, **({"make_windows": recording} if callable(original) else {})}
        with stand_ins([module], replacements):
            X_train, y_train, X_test, y_test, _ = stock.prepare_data(data_of(ctx), SEQ_LEN)
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


