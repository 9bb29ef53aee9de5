"""Centred numerical gradients, as in CS231n's ``gradient_check.py``.

Check modules call these in the child, on the student's own forward functions, so the judge can
say whether a wrong gradient disagrees with the student's own loss (a backward bug) or only with
the reference (a forward bug). Plain NumPy: nothing here knows about the judge.
"""
from __future__ import annotations

import numpy as np


def central_difference(f, x, ix, h):
    """(f(x + h e_ix) - f(x - h e_ix)) / 2h, x restored after."""
    old = x[ix]
    x[ix] = old + h
    fxph = float(f(x))
    x[ix] = old - h
    fxmh = float(f(x))
    x[ix] = old
    return (fxph - fxmh) / (2 * h)


def eval_numerical_gradient(f, x, h=1e-5):
    """Numerical gradient of a scalar function f at x by centred differences.

    Inputs:
    - f: a function of one argument returning a scalar (x is modified in place and restored)
    - x: a float array of any shape, the point to evaluate the gradient at
    - h: the step

    Returns:
    - grad: an array of the same shape as x, grad[i] = (f(x + h e_i) - f(x - h e_i)) / (2 h)
    """
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        grad[ix] = central_difference(f, x, ix, h)
        it.iternext()
    return grad


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    """Numerical gradient of an array-valued function f at x, contracted with the upstream df.

    Inputs:
    - f: a function of one argument returning an array (x is modified in place and restored)
    - x: a float array of any shape
    - df: the upstream gradient, an array of the shape of f(x)
    - h: the step

    Returns:
    - grad: an array of the same shape as x, grad[i] = sum((f(x + h e_i) - f(x - h e_i)) * df) / (2 h)
    """
    grad = np.zeros_like(x, dtype=np.float64)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        pos = np.array(f(x), dtype=np.float64, copy=True)
        x[ix] = old - h
        neg = np.array(f(x), dtype=np.float64, copy=True)
        x[ix] = old
        grad[ix] = np.sum((pos - neg) * df) / (2 * h)
        it.iternext()
    return grad


def numerical_gradients(f, arrays: dict, dout=None, h=1e-5, name="d{}_num") -> dict:
    """The numerical gradient of `f(*arrays.values())` with respect to each array in turn, the
    others held: ``{name.format(key): gradient}`` ("dx_num" for the array "x").

    Each array is perturbed IN PLACE and restored: pass copies for a pure function
    (``{"x": x.copy(), "w": w.copy()}``), or the arrays a model reads (a net's params) to
    differentiate its loss through them. `f` returns a scalar when `dout` is None, else an array
    contracted with the upstream `dout`."""
    values = list(arrays.values())
    grads = {}
    for i, key in enumerate(arrays):
        def one(v, i=i):
            return f(*values[:i], v, *values[i + 1:])
        point = values[i]
        grads[name.format(key)] = (eval_numerical_gradient(one, point, h) if dout is None
                                   else eval_numerical_gradient_array(one, point, dout, h))
    return grads


def eval_numerical_gradient_sampled(f, x, analytic, samples: int = 20, seed: int = 0, h=1e-5):
    """CS231n's ``grad_check_sparse`` as an array: the centred difference at `samples` entries of x
    drawn from `seed`, and the `analytic` gradient at every other entry, so a relative error taken
    over the whole array is the largest one over the sampled entries. Costs 2 * samples calls of f
    instead of 2 * x.size (a 30 x 10 weight matrix: 40 calls, not 600).

    Inputs:
    - f: a function of one argument returning a scalar (x is modified in place and restored)
    - x: a float array, the point to evaluate the gradient at
    - analytic: an array of x's shape (the gradient the student's code returned); another shape
      or a non-numeric value gives the full numerical gradient instead
    - samples, seed: how many entries, and which (the same seed: the same entries)

    Returns:
    - grad: an array of x's shape
    """
    try:
        grad = np.array(analytic, dtype=np.float64)
    except (TypeError, ValueError):
        grad = None
    if grad is None or grad.shape != np.shape(x) or x.size <= samples:
        return eval_numerical_gradient(f, x, h)
    rng = np.random.default_rng(seed)
    for flat in rng.choice(x.size, size=samples, replace=False):
        ix = np.unravel_index(int(flat), x.shape)
        grad[ix] = central_difference(f, x, ix, h)
    return grad
