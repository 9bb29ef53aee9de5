"""Numerical gradients for checking a backward pass (CS231n's gradient_check.py), and the
relative error the notebooks print. Given complete: nothing to fill in."""
import numpy as np


def rel_error(x, y):
    """The largest relative error max |x - y| / max(1e-8, |x| + |y|) between two arrays."""
    return np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y)))


def eval_numerical_gradient(f, x, verbose=False, h=1e-5):
    """
    A naive implementation of the numerical gradient of f at x, by centred differences.

    Inputs:
    - f: A function that takes a single argument (x is changed in place before each call)
      and returns a scalar
    - x: A numpy array, the point at which to evaluate the gradient

    Returns:
    - grad: A numpy array of the shape of x
    """
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        fxph = f(x)
        x[ix] = old - h
        fxmh = f(x)
        x[ix] = old
        grad[ix] = (fxph - fxmh) / (2 * h)
        if verbose:
            print(ix, grad[ix])
        it.iternext()
    return grad


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    """
    The numerical gradient of a function f that takes an array x and returns an array,
    contracted with the upstream gradient df (the shape of f(x)).

    Returns:
    - grad: A numpy array of the shape of x, grad = sum(df * d f(x) / dx)
    """
    grad = np.zeros_like(x)
    it = np.nditer(x, flags=["multi_index"], op_flags=["readwrite"])
    while not it.finished:
        ix = it.multi_index
        old = x[ix]
        x[ix] = old + h
        pos = f(x).copy()
        x[ix] = old - h
        neg = f(x).copy()
        x[ix] = old
        grad[ix] = np.sum((pos - neg) * df) / (2 * h)
        it.iternext()
    return grad
