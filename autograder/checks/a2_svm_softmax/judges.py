"""a2's judges: what runs in the parent, on the arrays the calls returned."""
import numpy as np

from autograder.checks.a2_svm_softmax.calls import TRAIN
from autograder.checks.a2_svm_softmax.hints import LECTURE_SOFTMAX_HINTS, loss_hints
from autograder.model import judge
from autograder.model.check import Verdict


def loss_judge(svm=False, softmax=False):
    """judge.gradient on loss and dW (against the reference and dW_num), naming the typical mistakes."""
    return judge.gradient(values=("loss",), grads={"dW": "dW_num"}, hints=loss_hints(svm, softmax))


def both_judge(svm=False, softmax=False):
    """The naive and the vectorised results of `both_call`, each with its hints: the failing array's,
    and the other array of the same version's (a slip often shows in both the loss and dW)."""
    hints = loss_hints(svm, softmax)
    base = judge.close(keys=[f"{version}_{name}" for version in ("naive", "vectorized") for name in ("loss", "dW")],
                       hints=hints)

    def judge_(got, expected, ctx):
        verdict = base(got, expected, ctx)
        failed = verdict.details.get("name", "")
        if verdict.passed or not failed.endswith(("loss", "dW")):
            return verdict
        other = failed[:-4] + "dW" if failed.endswith("loss") else failed[:-2] + "loss"
        try:
            found = [key for key, fits in hints(ctx, other) if fits(got[other], expected[other])][:1]
        except Exception:  # no hint where the other array cannot be compared (judge._hint does the same)
            found = []
        return Verdict(verdict.fraction, judge.add_hints(verdict.message, found, ctx.t), verdict.details)
    return judge_


def lecture_judge(slide: dict, softmax=False):
    """The lecture's worked example: the slide's numbers (within their rounding, 0.005), then the
    reference's exact ones."""
    return judge.lecture(slide, rtol=0.0, atol=0.005, hints=LECTURE_SOFTMAX_HINTS if softmax else ())


def train_judge(got, expected, ctx):
    """The SGD loop on its own contract: one loss call per iteration on a minibatch of batch_size
    rows of the training set with their own labels (with or without replacement, not always the
    same rows), the reg it was given, W moved by exactly -learning_rate times the dW the student's
    own loss returned, and the loss history those losses."""
    t = ctx.t
    iters, size, lr = TRAIN["num_iters"], TRAIN["batch_size"], TRAIN["learning_rate"]
    n = int(got["steps"])
    if n != iters:
        return Verdict(0.0, t("a2.train.calls", expected=iters, got=n))
    X, y = ctx.given
    sizes = got["batch_sizes"]
    if np.any(sizes != size) or got["X_batches"].shape != (iters * size, X.shape[1]):
        i = int(np.argmax(sizes != size)) if np.any(sizes != size) else 0
        return Verdict(0.0, t("a2.train.batch_size", it=i, expected=size, got=int(sizes[i])))
    where = {row.tobytes(): j for j, row in enumerate(np.ascontiguousarray(X, dtype=np.float64))}
    rows = [where.get(r.tobytes(), -1) for r in np.ascontiguousarray(got["X_batches"])]
    idx = np.array(rows).reshape(iters, size)
    if (idx < 0).any():
        return Verdict(0.0, t("a2.train.rows", it=int(np.argmax((idx < 0).any(axis=1)))))
    wrong = got["y_batches"].reshape(iters, size) != y[idx]
    if wrong.any():
        return Verdict(0.0, t("a2.train.labels", it=int(np.argmax(wrong.any(axis=1)))))
    if len({tuple(sorted(r)) for r in idx.tolist()}) == 1:
        return Verdict(0.0, t("a2.train.same_batch"))
    if not np.allclose(got["reg"], TRAIN["reg"], rtol=1e-12, atol=0):
        return Verdict(0.0, t("a2.train.reg", expected=TRAIN["reg"], got=judge.fmt(got["reg"][0])))
    after = np.concatenate([got["W"][1:], got["W_final"][None]])
    step = got["W"] - lr * got["grad"]
    bad = ~np.isclose(after, step, rtol=1e-9, atol=1e-12)
    if bad.any():
        it = int(np.argmax(bad.reshape(iters, -1).any(axis=1)))
        moved, grad = after[it] - got["W"][it], got["grad"][it]
        ratio = float(np.sum(moved * grad) / max(-lr * np.sum(grad * grad), -1e300))
        return Verdict(0.0, t("a2.train.step", it=it, lr=lr, ratio=judge.fmt(ratio)))
    history = got["loss_history"]
    if history.shape != (iters,) or not np.allclose(history, got["loss"], rtol=1e-12, atol=0, equal_nan=True):
        return Verdict(0.0, t("a2.train.history", iters=iters))
    return Verdict(1.0, t("a2.train.ok", iters=iters))


def zoo_judge(got, expected, ctx):
    """Training accuracy on the zoo data, against the labels the parent holds (ctx.given)."""
    labels = ctx.given[1]
    return judge.thresholds(lambda g, e: zoo_accuracy(g["y_pred"], labels), ctx.t("a2.zoo.what"))(got, expected, ctx)


def zoo_accuracy(y_pred, labels) -> float:
    y_pred = np.asarray(y_pred)
    if y_pred.shape != labels.shape:
        return 0.0
    return float(np.mean(y_pred == labels))
