"""train_epoch and evaluate, on a tiny linear model of the check's own (never the student's nets).

The child runs the student's function with a `Probe` model, which notes each forward call (the mode,
whether gradients were on, the scores), and for train_epoch a `ProbeSGD` optimizer, which notes the
parameters and their gradients at each step. The parent rebuilds the batches and the weights from the
seed (`ctx.given`) and computes everything that scores itself, in float64: the scores each batch should
get, each step's gradient of the batch's mean cross-entropy, the loss before and after, and the mean
loss and accuracy the function should return for the scores it saw.
"""
from __future__ import annotations

import numpy as np
import torch
import torch.nn as nn

from autograder.model.check import Verdict
from autograder.model.judge import fmt, max_rel_error

FEATURES, CLASSES = 3 * 4 * 4, 4
TRAIN_BATCHES = (8, 8, 8, 8)
EVAL_BATCHES = (8, 8, 5)          # a smaller last batch, as a test loader has
LR = 0.5


def loop_data(seed: int, sizes):
    """Initial weights W (C, D), b (C,) and the batches [(X (B, 3, 4, 4), y (B,))], float32 / int64."""
    rng = np.random.default_rng(seed)
    W = (rng.standard_normal((CLASSES, FEATURES)) * 0.1).astype(np.float32)
    b = (rng.standard_normal(CLASSES) * 0.1).astype(np.float32)
    batches = [(rng.standard_normal((n, 3, 4, 4)).astype(np.float32), rng.integers(0, CLASSES, n)) for n in sizes]
    return W, b, batches


def train_data(seed: int):
    return loop_data(seed, TRAIN_BATCHES)


def eval_data(seed: int):
    return loop_data(seed, EVAL_BATCHES)


class Probe(nn.Module):
    """A linear classifier on flattened images that notes every forward call."""

    def __init__(self, W, b):
        super().__init__()
        self.fc = nn.Linear(FEATURES, CLASSES)
        with torch.no_grad():
            self.fc.weight.copy_(torch.from_numpy(W))
            self.fc.bias.copy_(torch.from_numpy(b))
        self.seen = []          # (training, grad enabled, scores)
        self.backwards = [0]    # gradients computed for fc.weight since the last optimizer step
        self.fc.weight.register_hook(lambda grad: self.backwards.__setitem__(0, self.backwards[0] + 1))

    def forward(self, x):
        scores = self.fc(x.flatten(1))
        self.seen.append((self.training, torch.is_grad_enabled(), scores.detach().double().cpu().numpy().copy()))
        return scores


def flat_params(model) -> np.ndarray:
    return torch.cat([p.detach().reshape(-1) for p in model.parameters()]).double().numpy().copy()


class ProbeSGD(torch.optim.SGD):
    """Plain SGD that notes, at each step, the parameters, their gradients (NaN where .grad is None) and
    how many backward passes reached the probe's weights since the step before."""

    def __init__(self, params, lr, backwards):
        super().__init__(params, lr=lr)
        self.steps, self.backwards = [], backwards

    def step(self, closure=None):
        params = [p for g in self.param_groups for p in g["params"]]
        grads = [p.grad.detach().reshape(-1).double() if p.grad is not None else torch.full((p.numel(),), np.nan,
                 dtype=torch.float64) for p in params]
        values = [p.detach().reshape(-1).double() for p in params]
        self.steps.append((torch.cat(values).numpy().copy(), torch.cat(grads).numpy().copy(), self.backwards[0]))
        self.backwards[0] = 0
        return super().step(closure)


def _pair(result) -> np.ndarray:
    try:
        loss, acc = result
        return np.array([float(loss), float(acc)], dtype=np.float64)
    except (TypeError, ValueError):
        return np.full(2, np.nan)


def _seen(probe, out: dict) -> None:
    out["training"] = np.array([s[0] for s in probe.seen], dtype=bool)
    out["grad_enabled"] = np.array([s[1] for s in probe.seen], dtype=bool)
    for k, s in enumerate(probe.seen[:16]):
        out[f"scores{k}"] = s[2]


def train_epoch_call(ctx):
    train = ctx.load("train")
    W, b, batches = train_data(ctx.seed)
    probe = Probe(W, b).eval()          # the function must switch it to training mode itself
    optimizer = ProbeSGD(probe.parameters(), lr=LR, backwards=probe.backwards)
    loader = [(torch.from_numpy(X), torch.from_numpy(y)) for X, y in batches]
    result = train.train_epoch(probe, loader, optimizer, torch.device("cpu"))
    if result is None:
        return {"returned": None}
    out = {"returned": _pair(result), "final": flat_params(probe)}
    _seen(probe, out)
    for k, (values, grads, backwards) in enumerate(optimizer.steps[:16]):
        out[f"params{k}"], out[f"grads{k}"], out[f"backwards{k}"] = values, grads, np.array(backwards)
    out["n_steps"] = np.array(len(optimizer.steps))
    return out


def evaluate_call(ctx):
    train = ctx.load("train")
    W, b, batches = eval_data(ctx.seed)
    probe = Probe(W, b).train()         # the function must switch it to eval mode itself
    loader = [(torch.from_numpy(X), torch.from_numpy(y)) for X, y in batches]
    result = train.evaluate(probe, loader, torch.device("cpu"))
    if result is None:
        return {"returned": None}
    out = {"returned": _pair(result), "final": flat_params(probe)}
    _seen(probe, out)
    return out


# ---------------------------------------------------------------------------- parent side

def softmax_ce(W, b, X, y):
    """(scores, per-image losses, dL/dW, dL/db) of the mean cross-entropy, float64."""
    x = X.reshape(len(X), -1).astype(np.float64)
    scores = x @ W.T + b
    shifted = scores - scores.max(axis=1, keepdims=True)
    logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    dscores = np.exp(logp)
    dscores[np.arange(len(y)), y] -= 1
    dscores /= len(y)
    return scores, -logp[np.arange(len(y)), y], dscores.T @ x, dscores.sum(axis=0)


def unflat(values):
    return values[:CLASSES * FEATURES].reshape(CLASSES, FEATURES), values[CLASSES * FEATURES:]


def _returned(got, t, name, batches) -> Verdict | None:
    """The mean loss and accuracy the function returned, against the scores it saw (the parent's sums)."""
    scores = [np.asarray(got[f"scores{k}"], dtype=np.float64) for k in range(len(batches))]
    losses, correct = [], 0
    for s, (_, y) in zip(scores, batches):
        shifted = s - s.max(axis=1, keepdims=True)
        logp = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
        losses.append(-logp[np.arange(len(y)), y])
        correct += int(np.count_nonzero(s.argmax(axis=1) == y))
    n = sum(len(y) for _, y in batches)
    mean_loss, accuracy = float(np.concatenate(losses).mean()), correct / n
    loss_got, acc_got = (float(v) for v in np.asarray(got["returned"]).reshape(-1)[:2])
    if not np.isclose(loss_got, mean_loss, rtol=1e-5, atol=1e-7):
        msg = t("a5.loop.mean_loss", name=name, got=fmt(loss_got, mean_loss), n=n, expected=fmt(mean_loss, loss_got))
        if np.isclose(loss_got, np.mean([l.mean() for l in losses]), rtol=1e-5, atol=1e-7):
            msg += "; " + t("hint.prefix") + t("a5.hint.batch_means")
        return Verdict(0.0, msg, {"expected": mean_loss, "got": loss_got})
    if not np.isclose(acc_got, accuracy, rtol=0, atol=1e-9):
        return Verdict(0.0, t("a5.loop.accuracy", name=name, got=fmt(acc_got, accuracy), correct=correct, n=n,
                              expected=fmt(accuracy, acc_got)), {"expected": accuracy, "got": acc_got})
    return None


def _common(got, t, name, batches) -> Verdict | None:
    returned = got.get("returned")
    if returned is None or np.shape(returned) != (2,) or not np.all(np.isfinite(returned)):
        return Verdict(0.0, t("a5.loop.not_pair", name=name, kind="?" if returned is None else "not two numbers"))
    calls = len(np.asarray(got.get("training", ())))
    if calls != len(batches):
        return Verdict(0.0, t("a5.loop.calls", name=name, got=calls, n=len(batches)))
    return None


def judge_train_epoch(got, expected, ctx):
    t = ctx.t
    W, b, batches = ctx.given
    verdict = _common(got, t, "train_epoch", batches)
    if verdict is not None:
        return verdict
    if not np.all(got["training"]):
        return Verdict(0.0, t("a5.loop.not_training"))
    steps = int(got.get("n_steps", 0))
    if steps != len(batches):
        return Verdict(0.0, t("a5.loop.steps", got=steps, n=len(batches)))
    total = np.zeros(CLASSES * FEATURES + CLASSES)
    for k, (X, y) in enumerate(batches):
        Wk, bk = unflat(np.asarray(got[f"params{k}"], dtype=np.float64))
        scores, _, dW, db = softmax_ce(Wk, bk, X, y)
        diff = float(np.max(np.abs(np.asarray(got[f"scores{k}"]) - scores)))
        if diff > 1e-4:
            return Verdict(0.0, t("a5.loop.forward", name="train_epoch", k=k + 1, diff=diff))
        want = np.concatenate([dW.reshape(-1), db])
        total = total + want
        grad = np.asarray(got[f"grads{k}"], dtype=np.float64)
        if np.isnan(grad).all():     # .grad None at the step: never computed, or cleared after backward
            key = "a5.loop.zero_at_step" if int(got.get(f"backwards{k}", 0)) else "a5.loop.no_grad_at_step"
            return Verdict(0.0, t(key, k=k + 1))
        if np.allclose(grad, want, rtol=1e-4, atol=1e-6):
            continue
        if k > 0 and np.allclose(grad, total, rtol=1e-4, atol=1e-6):
            return Verdict(0.0, t("a5.loop.accumulated", k=k + 1))
        if np.allclose(np.nan_to_num(grad), 0.0):
            return Verdict(0.0, t("a5.loop.zero_at_step", k=k + 1))
        return Verdict(0.0, t("a5.loop.wrong_grad", k=k + 1, rel=max_rel_error(np.nan_to_num(grad), want)))
    X_all = np.concatenate([X for X, _ in batches])
    y_all = np.concatenate([y for _, y in batches])
    before = float(softmax_ce(W.astype(np.float64), b.astype(np.float64), X_all, y_all)[1].mean())
    after = float(softmax_ce(*unflat(np.asarray(got["final"], dtype=np.float64)), X_all, y_all)[1].mean())
    if not after < before - 1e-3:
        return Verdict(0.0, t("a5.loop.no_progress", before=before, after=after))
    verdict = _returned(got, t, "train_epoch", batches)
    if verdict is not None:
        return verdict
    return Verdict(1.0, t("a5.train.ok", before=before, after=after), {"loss_before": before, "loss_after": after})


def judge_evaluate(got, expected, ctx):
    t = ctx.t
    W, b, batches = ctx.given
    verdict = _common(got, t, "evaluate", batches)
    if verdict is not None:
        return verdict
    if np.any(got["training"]):
        return Verdict(0.0, t("a5.eval.training"))
    if np.any(got["grad_enabled"]):
        return Verdict(0.0, t("a5.eval.grad"))
    start = np.concatenate([W.reshape(-1), b]).astype(np.float64)
    if not np.array_equal(np.asarray(got["final"], dtype=np.float64), start):
        return Verdict(0.0, t("a5.eval.changed"))
    for k, (X, y) in enumerate(batches):
        scores = softmax_ce(W.astype(np.float64), b.astype(np.float64), X, y)[0]
        diff = float(np.max(np.abs(np.asarray(got[f"scores{k}"]) - scores)))
        if diff > 1e-4:
            return Verdict(0.0, t("a5.loop.forward", name="evaluate", k=k + 1, diff=diff))
    return _returned(got, t, "evaluate", batches) or Verdict(1.0, t("a5.eval.ok"))
