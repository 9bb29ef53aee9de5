"""What only a3's hidden checks use (staff-only: never in a student zip)."""
import numpy as np


def activations_hidden(ctx):
    """Large inputs: no NaN or inf from sigmoid, tanh and ELU."""
    layers = ctx.load("layers")
    x = np.array([[-800.0, -50.0, -5.0, 0.5, 5.0, 50.0, 800.0]])
    dout = np.ones_like(x)
    out = {}
    for name in ("sigmoid", "tanh", "elu"):
        o, cache = getattr(layers, f"{name}_forward")(x.copy())
        out[f"{name}_out"] = o
        out[f"{name}_dx"] = getattr(layers, f"{name}_backward")(dout.copy(), cache)
    return out


def optim_hidden(ctx):
    """Adam continued from step 5, and momentum 0 reducing to sgd."""
    optim = ctx.load("optim")
    rng = np.random.default_rng(ctx.seed)
    w, dw = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    config = {"learning_rate": 0.01, "m": rng.standard_normal((3, 4)) * 0.1,
              "v": rng.uniform(0, 0.1, (3, 4)), "t": 5}
    adam_w, config = optim.adam(w.copy(), dw.copy(), config)
    momentum_w, _ = optim.sgd_momentum(w.copy(), dw.copy(), {"learning_rate": 0.3, "momentum": 0.0})
    return {"adam_next_w": adam_w, "adam_t": config["t"], "adam_m": config["m"], "momentum0_next_w": momentum_w}
