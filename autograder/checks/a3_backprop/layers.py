"""a3's affine layer, activations and batch normalisation: calls (child) and their judges' pieces.
Every backward call also returns the numerical gradient of the student's own forward."""
import numpy as np

from autograder.model import judge, mistakes
from autograder.model.gradcheck import numerical_gradients


def away_from_zero(x, gap=0.02):
    """Keep inputs off the kinks of relu-like functions so that numerical gradients are exact."""
    return np.where(np.abs(x) < gap, np.sign(x + 1e-12) * gap + x, x)


# ---------------------------------------------------------------- affine

def affine_inputs(seed, x_shape=(3, 4, 5), m=6):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal(x_shape)
    d = int(np.prod(x_shape[1:]))
    w = rng.standard_normal((d, m)) * 0.5
    b = rng.standard_normal(m)
    dout = rng.standard_normal((x_shape[0], m))
    return x, w, b, dout


def affine_forward_call(ctx):
    x, w, b, _ = affine_inputs(ctx.seed)
    out, _ = ctx.load("layers").affine_forward(x, w, b)
    return {"out": out}


def affine_backward_call(x_shape=(5, 2, 3), m=4):
    def call(ctx):
        layers = ctx.load("layers")
        x, w, b, dout = affine_inputs(ctx.seed, x_shape, m)
        out, cache = layers.affine_forward(x.copy(), w.copy(), b.copy())
        dx, dw, db = layers.affine_backward(dout.copy(), cache)
        numeric = numerical_gradients(lambda xx, ww, bb: layers.affine_forward(xx, ww, bb)[0],
                                      {"x": x.copy(), "w": w.copy(), "b": b.copy()}, dout)
        return {"out": out, "dx": dx, "dw": dw, "db": db, **numeric}
    return call


AFFINE_HINTS = [
    ("a3.hint.reshape", lambda g, e: g.shape != e.shape and g.size == e.size and e.ndim > 2),
    ("a3.hint.db_sum", lambda g, e: e.ndim == 1 and g.shape != e.shape),
]
AFFINE_BACKWARD = judge.gradient(values=("out",), grads={"dx": "dx_num", "dw": "dw_num", "db": "db_num"},
                                 hints=AFFINE_HINTS)


# ---------------------------------------------------------------- activations

ACTIVATIONS = {   # name: keyword arguments to try (the default first)
    "relu": [{}],
    "sigmoid": [{}],
    "tanh": [{}],
    "leaky_relu": [{}, {"alpha": 0.2}],
    "elu": [{}, {"alpha": 0.5}],
}


def _suffixes(name):
    return ["" if i == 0 else "_" + "_".join(f"{k}{v:g}" for k, v in kwargs.items())
            for i, kwargs in enumerate(ACTIVATIONS[name])]


def activation_call(name, shape=(4, 6)):
    def call(ctx):
        layers = ctx.load("layers")
        forward, backward = getattr(layers, f"{name}_forward"), getattr(layers, f"{name}_backward")
        rng = np.random.default_rng(ctx.seed)
        out = {}
        for kwargs, suffix in zip(ACTIVATIONS[name], _suffixes(name)):
            x = away_from_zero(rng.standard_normal(shape) * 2)
            dout = rng.standard_normal(shape)
            o, cache = forward(x.copy(), **kwargs)
            out["out" + suffix] = o
            out["dx" + suffix] = backward(dout.copy(), cache)
            out.update(numerical_gradients(lambda v: forward(v, **kwargs)[0], {"x": x.copy()}, dout,
                                           name="d{}_num" + suffix))
        return out
    return call


def activation_judge(name):
    parts = [judge.gradient(values=("out" + s,), grads={"dx" + s: "dx_num" + s}) for s in _suffixes(name)]

    def judge_(got, expected, ctx):
        for part in parts:
            verdict = part(got, expected, ctx)
            if not verdict.passed:
                return verdict
        return verdict
    return judge_


# ---------------------------------------------------------------- batch normalisation

def bn_inputs(seed, n=20, d=5, batches=3):
    rng = np.random.default_rng(seed)
    gamma = rng.uniform(0.5, 2.0, d)
    beta = rng.standard_normal(d)
    xs = [rng.standard_normal((n, d)) * rng.uniform(1, 3, d) + rng.uniform(-4, 4, d) for _ in range(batches)]
    x_test = rng.standard_normal((n // 2, d)) * 2 + 1
    return xs, gamma, beta, x_test


def batchnorm_forward_call(ctx):
    layers = ctx.load("layers")
    xs, gamma, beta, x_test = bn_inputs(ctx.seed)
    bn_param = {"mode": "train"}
    for x in xs:
        out, _ = layers.batchnorm_forward(x.copy(), gamma.copy(), beta.copy(), bn_param)
    result = {"out_train": out, "running_mean": bn_param.get("running_mean"),
              "running_var": bn_param.get("running_var")}
    bn_param["mode"] = "test"
    result["out_test"] = layers.batchnorm_forward(x_test.copy(), gamma.copy(), beta.copy(), bn_param)[0]
    other = {"mode": "train", "momentum": 0.5, "eps": 0.1}
    layers.batchnorm_forward(xs[0].copy(), gamma.copy(), beta.copy(), other)
    result["out_train_eps"] = layers.batchnorm_forward(xs[1].copy(), gamma.copy(), beta.copy(), other)[0]
    result["running_mean_momentum"] = other.get("running_mean")
    return result


def bn_backward_inputs(seed, n, d):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n, d)) * 3 + 2
    gamma, beta = rng.uniform(0.5, 2.0, d), rng.standard_normal(d)
    dout = rng.standard_normal((n, d))
    return x, gamma, beta, dout


def batchnorm_backward_call(n=8, d=5):
    def call(ctx):
        layers = ctx.load("layers")
        x, gamma, beta, dout = bn_backward_inputs(ctx.seed, n, d)
        out, cache = layers.batchnorm_forward(x.copy(), gamma.copy(), beta.copy(), {"mode": "train"})
        dx, dgamma, dbeta = layers.batchnorm_backward(dout.copy(), cache)
        numeric = numerical_gradients(lambda xx, gg, bb: layers.batchnorm_forward(xx, gg, bb, {"mode": "train"})[0],
                                      {"x": x.copy(), "gamma": gamma.copy(), "beta": beta.copy()}, dout)
        return {"out": out, "dx": dx, "dgamma": dgamma, "dbeta": dbeta, **numeric}
    return call


# a wrong forward or dx that equals a known mistake's (solutions/mistakes/a3_backprop.py) is named
BATCHNORM_FORWARD = judge.close(rtol=1e-6, atol=1e-8, hints=mistakes.known())
BATCHNORM_BACKWARD = judge.gradient(values=("out",), grads={"dx": "dx_num", "dgamma": "dgamma_num",
                                                            "dbeta": "dbeta_num"},
                                    rtol=1e-6, atol=1e-8, hints=mistakes.known(rtol=1e-5))
