"""The update rules of optim.py: one step from the defaults and three from an explicit config with
state. A wrong output that equals a known mistake's (computed by solutions/mistakes/a3_backprop.py,
or read from a student zip's arrays) is named."""
import copy

import numpy as np

from autograder.model import judge, mistakes

OPTIM_DEFAULTS = {
    "sgd": ["learning_rate"],
    "sgd_momentum": ["learning_rate", "momentum"],
    "nesterov_momentum": ["learning_rate", "momentum"],
    "adagrad": ["learning_rate", "epsilon"],
    "rmsprop": ["learning_rate", "decay_rate", "epsilon"],
    "adam": ["learning_rate", "beta1", "beta2", "epsilon"],
}
OPTIM_STATE = {"sgd": [], "sgd_momentum": ["velocity"], "nesterov_momentum": ["velocity"], "adagrad": ["cache"],
               "rmsprop": ["cache"], "adam": ["m", "v", "t"]}


def optim_inputs(name, seed, shape=(4, 5), steps=3):
    """The starting weights, the gradient of each step and an explicit config with some state."""
    rng = np.random.default_rng(seed)
    w = rng.standard_normal(shape)
    dws = [rng.standard_normal(shape) for _ in range(steps)]
    config = {
        "sgd": {"learning_rate": 0.1},
        "sgd_momentum": {"learning_rate": 0.05, "momentum": 0.8, "velocity": rng.standard_normal(shape) * 0.1},
        "nesterov_momentum": {"learning_rate": 0.05, "momentum": 0.8, "velocity": rng.standard_normal(shape) * 0.1},
        "adagrad": {"learning_rate": 0.1, "epsilon": 1e-2, "cache": rng.uniform(0, 0.1, shape)},
        "rmsprop": {"learning_rate": 0.05, "decay_rate": 0.9, "epsilon": 1e-2, "cache": rng.uniform(0, 0.1, shape)},
        "adam": {"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.95, "epsilon": 1e-3},
    }[name]
    return w, dws, config


def optim_outputs(rule, name, seed):
    """One step from config=None (the defaults) and three steps from an explicit config.
    Runs the student's rule in the child, and the private mistake simulators' rules in the parent."""
    w, dws, config = optim_inputs(name, seed)
    out = {}
    next_w, cfg = rule(w.copy(), dws[0].copy(), None)
    out["default_next_w"] = next_w
    for key in OPTIM_DEFAULTS[name]:
        out[f"default_{key}"] = np.float64(cfg.get(key, np.nan)) if isinstance(cfg, dict) else np.nan
    cfg = copy.deepcopy(config)
    w_step = w.copy()
    for dw in dws:
        w_step, cfg = rule(w_step, dw.copy(), cfg)
    out["next_w"] = w_step
    for key in OPTIM_STATE[name]:
        out[key] = cfg.get(key, np.nan) if isinstance(cfg, dict) else np.nan
    return out


def optim_call(name):
    def call(ctx):
        return optim_outputs(getattr(ctx.load("optim"), name), name, ctx.seed)
    return call


OPTIM_JUDGE = judge.close(rtol=1e-6, atol=1e-10, hints=mistakes.known(rtol=1e-7))
