"""a4_cnn_layers' typical mistakes, simulated (see solutions/mistakes/a3_backprop.py: PRIVATE,
never shipped; a student zip carries only their outputs on the public checks' seeds)."""
from __future__ import annotations

import numpy as np

from autograder.checks.a4_cnn_layers.cases import POOL_BACKWARD, POOL_TIES, pool_case


def pool_grad_mistakes(x, pool_param, dout):
    """The two classic wrong max-pool gradients: to every element, and to every tied maximum."""
    ph, pw, s = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    every, tied = np.zeros_like(x), np.zeros_like(x)
    for i in range(dout.shape[2]):
        for j in range(dout.shape[3]):
            win = x[:, :, i * s:i * s + ph, j * s:j * s + pw]
            d = dout[:, :, i, j][:, :, None, None]
            every[:, :, i * s:i * s + ph, j * s:j * s + pw] += d
            tied[:, :, i * s:i * s + ph, j * s:j * s + pw] += d * (win == win.max(axis=(2, 3), keepdims=True))
    return every, tied


def pool_variants(cases, ties: bool):
    def fn(seed):
        found = []
        for k, shape in enumerate(cases):
            x, pp, dout = pool_case(seed, k, shape, ties)
            every, tied = pool_grad_mistakes(x, pp, dout)
            found.append(("a4.hint.pool_all", {f"dx_{k}": every}))
            if ties:
                found.append(("a4.hint.pool_ties", {f"dx_{k}": tied}))
        return found
    return fn


VARIANTS = {"max_pool_backward_naive": pool_variants(POOL_BACKWARD, ties=False),
            "max_pool_ties": pool_variants(POOL_TIES, ties=True)}


def variants(part: str, seed: int) -> list[tuple[str, dict[str, np.ndarray]]]:
    fn = VARIANTS.get(part)
    return [] if fn is None else fn(seed)
