"""a3_backprop's typical mistakes, simulated: what a student's function would return with one
known slip, on the inputs of a public or hidden check. The judges compare a wrong answer with
these outputs to name the slip.

PRIVATE: these simulators are correct computations with a flag flipped (reference logic). They
live under solutions/, which is never shipped to students and never visible to a child; a student
zip carries only their outputs on the public checks' fixed seeds
(autograder/reference_outputs/<aid>/<part>.mistakes.npz, written by the release), and the kit
reads them through autograder.model.mistakes.
"""
from __future__ import annotations

import numpy as np

from autograder.checks.a3_backprop.layers import bn_backward_inputs, bn_inputs
from autograder.checks.a3_backprop.optimisers import optim_outputs


def _momentum(sign_v=1, sign_step=1, sign_mu=1, nesterov=False):
    """sgd_momentum / nesterov with the given signs: v = s_mu mu v - s_v lr dw; w = w + s_step v."""
    def rule(w, dw, config=None):
        config = {} if config is None else config
        config.setdefault("learning_rate", 1e-2)
        config.setdefault("momentum", 0.9)
        mu, lr = config["momentum"], config["learning_rate"]
        v_prev = config.get("velocity", np.zeros_like(w))
        v = sign_mu * mu * v_prev - sign_v * lr * dw
        next_w = w - mu * v_prev + (1 + mu) * v if nesterov else w + sign_step * v
        config["velocity"] = v
        return next_w, config
    return rule


def _scaled(decay=None, eps_inside=False, swap=False):
    """adagrad (decay None) or rmsprop, with the named mistakes."""
    def rule(w, dw, config=None):
        config = {} if config is None else config
        config.setdefault("learning_rate", 1e-2)
        config.setdefault("epsilon", 1e-8)
        config.setdefault("cache", np.zeros_like(w))
        if decay is None:
            config["cache"] = config["cache"] + dw ** 2
        else:
            d = config.setdefault("decay_rate", decay)
            a, b = (1 - d, d) if swap else (d, 1 - d)
            config["cache"] = a * config["cache"] + b * dw ** 2
        eps = config["epsilon"]
        denom = np.sqrt(config["cache"] + eps) if eps_inside else np.sqrt(config["cache"]) + eps
        return w - config["learning_rate"] * dw / denom, config
    return rule


def _adam(bias_correction=True, t_late=False):
    def rule(w, dw, config=None):
        config = {} if config is None else config
        for key, value in (("learning_rate", 1e-3), ("beta1", 0.9), ("beta2", 0.999), ("epsilon", 1e-8),
                           ("m", np.zeros_like(w)), ("v", np.zeros_like(w)), ("t", 0)):
            config.setdefault(key, value)
        b1, b2 = config["beta1"], config["beta2"]
        t = config["t"] + (0 if t_late else 1)
        config["m"] = b1 * config["m"] + (1 - b1) * dw
        config["v"] = b2 * config["v"] + (1 - b2) * dw ** 2
        m, v = config["m"], config["v"]
        if bias_correction:
            with np.errstate(divide="ignore", invalid="ignore"):
                m, v = m / (1 - b1 ** t), v / (1 - b2 ** t)
        config["t"] = config["t"] + 1
        with np.errstate(divide="ignore", invalid="ignore"):
            return w - config["learning_rate"] * m / (np.sqrt(v) + config["epsilon"]), config
    return rule


def _sgd_uphill(w, dw, config=None):
    config = {} if config is None else config
    config.setdefault("learning_rate", 1e-2)
    return w + config["learning_rate"] * dw, config


OPTIM_MISTAKES = {
    "sgd": [("a3.hint.sgd_sign", _sgd_uphill)],
    "sgd_momentum": [("a3.hint.momentum_sign", _momentum(sign_step=-1)),
                     ("a3.hint.momentum_sign", _momentum(sign_v=-1)),
                     ("a3.hint.momentum_sign", _momentum(sign_v=-1, sign_step=-1)),
                     ("a3.hint.momentum_sign", _momentum(sign_mu=-1))],
    "nesterov_momentum": [("a3.hint.nesterov_plain", _momentum()),
                          ("a3.hint.momentum_sign", _momentum(sign_v=-1, nesterov=True))],
    "adagrad": [("a3.hint.eps_inside", _scaled(eps_inside=True))],
    "rmsprop": [("a3.hint.eps_inside", _scaled(0.99, eps_inside=True)),
                ("a3.hint.decay_swapped", _scaled(0.99, swap=True))],
    "adam": [("a3.hint.adam_bias", _adam(bias_correction=False)), ("a3.hint.adam_t", _adam(t_late=True))],
}


def optim_variants(name, seed):
    variants = []
    for key, rule in OPTIM_MISTAKES[name]:
        try:
            variants.append((key, optim_outputs(rule, name, seed)))
        except Exception:  # a variant that cannot run on these inputs gives no hint
            continue
    return variants


def bn_forward_variants(seed):
    """batchnorm_forward_call's outputs with the unbiased variance, with the running averages'
    weights swapped, and normalising the test batch with its own statistics."""
    xs, gamma, beta, x_test = bn_inputs(seed)

    def run(ddof=0, swap=False):
        rm = rv = 0.0
        for x in xs:
            mu, var = x.mean(0), x.var(0, ddof=ddof)
            out = gamma * (x - mu) / np.sqrt(var + 1e-5) + beta
            a, b = (0.1, 0.9) if swap else (0.9, 0.1)
            rm, rv = a * rm + b * mu, a * rv + b * var
        return out, rm, rv
    unbiased, _, rv_unbiased = run(ddof=1)
    _, rm_swap, rv_swap = run(swap=True)
    out_batch = gamma * (x_test - x_test.mean(0)) / np.sqrt(x_test.var(0) + 1e-5) + beta
    return [("a3.hint.bn_running", {"running_mean": rm_swap, "running_var": rv_swap}),
            ("a3.hint.bn_unbiased", {"out_train": unbiased, "running_var": rv_unbiased}),
            ("a3.hint.bn_test_batch", {"out_test": out_batch})]


def bn_backward_variants(seed, n=8, d=5):
    """dx with the batch mean and variance treated as constants (both terms, or one, missing)."""
    x, gamma, _, dout = bn_backward_inputs(seed, n, d)
    std = np.sqrt(x.var(0) + 1e-5)
    x_hat, dx_hat = (x - x.mean(0)) / std, dout * gamma
    missing = [dx_hat / std,                                                        # both terms
               (dx_hat - dx_hat.mean(0)) / std,                                     # the variance term
               (dx_hat - x_hat * np.mean(dx_hat * x_hat, axis=0)) / std]            # the mean term
    return [("a3.hint.bn_missing_terms", {"dx": m}) for m in missing]


VARIANTS = {
    **{name: (lambda seed, name=name: optim_variants(name, seed)) for name in OPTIM_MISTAKES},
    "batchnorm_forward": bn_forward_variants,
    "batchnorm_backward": bn_backward_variants,
    "batchnorm_backward_hidden": lambda seed: bn_backward_variants(seed, 2, 3),
}


def variants(part: str, seed: int) -> list[tuple[str, dict[str, np.ndarray]]]:
    """[(message key, {array name: what the mistake returns})] for `part` at `seed`."""
    fn = VARIANTS.get(part)
    return [] if fn is None else fn(seed)
