"""Centred numerical gradients, as in CS231n's ``gradient_check.py``.

Check modules call these in the child, on the student's own forward functions, so the judge can
say whether a wrong gradient disagrees with the student's own loss (a backward bug) or only with
the reference (a forward bug). Plain NumPy: nothing here knows about the judge.
"""
from __future__ import annotations

import numpy as np


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
        old = x[ix]
        x[ix] = old + h
        fxph = float(f(x))
        x[ix] = old - h
        fxmh = float(f(x))
        x[ix] = old
        grad[ix] = (fxph - fxmh) / (2 * h)
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
