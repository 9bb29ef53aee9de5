"""a2's typical mistakes, named by their exact numerical signature on the check's inputs (rebuilt in
the parent from the seed, `ctx.given`): the regularisation term or its gradient missing or off by 2,
the loss or gradient not averaged, the correct class counted in the SVM margin, softmax's overflow,
log10 for the natural log. Each is a hint pair for `judge.close`/`gradient`/`lecture`: the student's
array is what that mistake gives, worked out from the expected array."""
import numpy as np

from autograder.model.judge import near_any
from autograder.model.mistakes import fits

LN10 = np.log(10.0)
TOL = dict(rtol=1e-5, atol=1e-8)


def overflowed(g, e) -> bool:
    return np.asarray(g).dtype.kind == "f" and not np.all(np.isfinite(g))


def like(key: str, *candidates):
    """The hint `key` when the student's array is near one of `candidates(e)` (e: the expected array)."""
    return key, lambda g, e: near_any(g, [c(e) for c in candidates], **TOL)


def loss_hints(svm=False, softmax=False):
    """hints= of the loss judges, per array ("loss", "dW", or with a naive_/vectorized_ prefix)."""
    def hints(ctx, name: str) -> list:
        if not name.endswith(("loss", "dW")):
            return []
        W, X, y, reg = ctx.given
        N, grad = X.shape[0], name.endswith("dW")
        kind = "grad" if grad else "loss"
        R = 2 * reg * W if grad else reg * np.sum(W * W)      # the regularisation term's share of the array
        found = [("a2.hint.overflow", overflowed)] if softmax else []
        if reg:
            found += [like(f"a2.hint.reg_{kind}_missing", lambda e: e - R),
                      like(f"a2.hint.reg_{kind}_factor", lambda e: e - R / 2, lambda e: e + R)]
        if N > 1:
            found.append(like(f"a2.hint.{kind}_not_averaged", lambda e: N * (e - R) + R, lambda e: N * e))
        if svm:     # the correct class's extra margin of 1 per example, and its -x_i in the gradient
            extra = X.T.dot(np.eye(W.shape[1])[y]) / N if grad else -1.0
            found.append(like("a2.hint.correct_class_counted", lambda e: e - extra, lambda e: e - N * extra))
        if softmax and not grad:
            found.append(like("a2.hint.log10", lambda e: (e - R) / LN10 + R))
        return found
    return hints


# The lecture's example has no regularisation: log10 gives the natural-log loss over ln(10).
LECTURE_SOFTMAX_HINTS = [("a2.hint.overflow", overflowed), fits("a2.hint.log10", lambda e: e / LN10, **TOL)]
