"""Hints of a6: a known mistake recognised from the numbers it gives (`judge.compare_array`'s hints,
"close enough" as `judge.near` says it, np.allclose's default tolerances)."""
import numpy as np

from autograder.model.judge import near
from autograder.model.mistakes import fits

TOL = dict(rtol=1e-5, atol=1e-8)

TANH_HINT = [("a6.hint.tanh", lambda g, e: near(np.tanh(g), e, **TOL))]
TIME_HINT = [("a6.hint.time_major", lambda g, e: g.ndim == 3 and g.shape == (e.shape[1], e.shape[0], e.shape[2])
              and g.shape != e.shape)]
CARRY_HINT = [("a6.hint.carry", lambda g, e: g.ndim == 3 and g.shape == e.shape and e.shape[1] > 1
               and near(g[:, -1], e[:, -1], **TOL) and not near(g, e, **TOL))]


def _columns_permuted(g, e):
    return g.shape == e.shape and not near(g, e, **TOL) and near(np.sort(g, axis=1), np.sort(e, axis=1), **TOL)


LOAD_HINTS = [
    fits("a6.hint.newest_first", lambda e: e[::-1], **TOL),
    ("a6.hint.comments", lambda g, e: g.ndim == 2 and e.shape[0] < g.shape[0] <= e.shape[0] + 3),
    ("a6.hint.columns", _columns_permuted),
]

SCALER_HINTS = [("a6.hint.constant", lambda g, e: bool(np.isnan(g).any() or np.isinf(g).any()))]

WINDOW_HINTS = [
    ("a6.hint.y_shape", lambda g, e: e.ndim == 2 and g.shape == (e.shape[0],)),
    ("a6.hint.window_count", lambda g, e: g.ndim == e.ndim and abs(g.shape[0] - e.shape[0]) == 1),
    ("a6.hint.target_last_row", lambda g, e: e.ndim == 2 and g.shape == e.shape and near(g[1:], e[:-1], **TOL)),
]

PREPARE_HINTS = [
    WINDOW_HINTS[2],   # the target is the last row of the window
    ("a6.hint.fit_all", lambda g, e: g.shape == e.shape and g.max() <= 1 + 1e-9 < e.max()),
    ("a6.hint.test_start", lambda g, e: g.ndim == e.ndim and g.shape[0] != e.shape[0]),
]
