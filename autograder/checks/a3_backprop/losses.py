"""svm_loss and softmax_loss on scores: the loss and dx, with the numerical gradient of the
student's own loss, and hints for the classic slips (worked out from the expected loss)."""
from functools import partial

import numpy as np

from autograder.model import judge
from autograder.model.gradcheck import numerical_gradients
from autograder.model.mistakes import fits


def loss_inputs(seed, n=10, c=6, scale=1.0, shift=0.0):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, c)) * scale + shift
    y = rng.integers(0, c, n)
    return x, y


def loss_given(**kw):
    """The inputs of `loss_call(name, **kw)`, as Check(given=...) rebuilds them for the judge."""
    return partial(loss_inputs, **kw)


def loss_call(name, **kw):
    def call(ctx):
        fn = getattr(ctx.load("layers"), name)
        x, y = loss_inputs(ctx.seed, **kw)
        loss, dx = fn(x.copy(), y.copy())
        return {"loss": loss, "dx": dx,
                **numerical_gradients(lambda v: fn(v, y.copy())[0], {"x": x.copy()})}
    return call


def loss_judge(name):
    """judge.gradient on the loss and dx; a wrong loss that fits a classic slip is named."""
    def hints(ctx, array):
        if array != "loss":
            return []
        n = ctx.given[0].shape[0]
        found = [fits("a3.hint.not_averaged", lambda e: e * n),
                 ("a3.hint.softmax_overflow", lambda g, e: not np.all(np.isfinite(g)))]
        if name == "svm_loss":
            found.append(fits("a3.hint.svm_correct_class", lambda e: e + 1))
        else:
            found.append(fits("a3.hint.log10", lambda e: e / np.log(10)))
        return found
    return judge.gradient(values=("loss",), grads={"dx": "dx_num"}, rtol=1e-6, atol=1e-9, hints=hints)
