"""conv_output_size, the convolutions (naive and im2col) and the speed part. The judges compare
with torch's conv2d on inputs rebuilt from the seed the call ran with (ctx.seed), and name a
flipped filter or a missing bias from what those would give."""
from functools import lru_cache

from autograder.checks.a4_cnn_layers.cases import NOT_WHOLE, SIZES, SPEED, TOL, backward_only, conv_case, torch_conv
from autograder.model import judge
from autograder.model.check import Verdict
from autograder.model.gradcheck import numerical_gradients
from autograder.model.judge import near_any

import numpy as np


# ---------------------------------------------------------------- conv_output_size

def sizes_call(ctx):
    f = ctx.load("conv_layers").conv_output_size
    values = [f(*args) for args in SIZES]
    is_int = [isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values]
    raised = []
    for args in NOT_WHOLE:
        try:
            f(*args)
            raised.append(False)
        except ValueError:
            raised.append(True)
    return {"sizes": np.array([float(v) for v in values]), "is_int": np.array(is_int), "raised": np.array(raised)}


def judge_sizes(got, expected, ctx):
    t = ctx.t
    bad = judge.malformed(got, t, ("sizes", "is_int", "raised"))
    if bad:
        return bad
    for args, g, e in zip(SIZES, got["sizes"], expected["sizes"]):
        if g != e:
            return Verdict(0.0, t("a4.size.wrong", args=args, expected=int(e), got=judge.fmt(g)))
    for args, ok, value in zip(SIZES, got["is_int"], got["sizes"]):
        if not ok:
            return Verdict(0.0, t("a4.size.not_int", args=args, got=judge.fmt(value)))
    for (W, F, S, P), raised in zip(NOT_WHOLE, got["raised"]):
        if not raised:
            return Verdict(0.0, t("a4.size.no_raise", args=(W, F, S, P), ratio=(W - F + 2 * P) / S))
    return Verdict(1.0, t("judge.ok"))


# ---------------------------------------------------------------- convolution

def conv_forward_call(forward: str, cases):
    def call(ctx):
        layers = ctx.load("conv_layers")
        out = {}
        for k, shape in enumerate(cases):
            x, w, b, cp, _ = conv_case(ctx.seed, k, shape)
            out[f"out_{k}"] = getattr(layers, forward)(x, w, b, cp)[0]
        return out
    return call


def conv_backward_call(forward: str, backward: str, cases, numeric: bool = True):
    def call(ctx):
        layers = ctx.load("conv_layers")
        fwd, bwd = getattr(layers, forward), getattr(layers, backward)
        out = {}
        for k, shape in enumerate(cases):
            x, w, b, cp, dout = conv_case(ctx.seed, k, shape)
            y, cache = fwd(x.copy(), w.copy(), b.copy(), cp)
            dx, dw, db = bwd(dout.copy(), cache)
            out.update({f"out_{k}": y, f"dx_{k}": dx, f"dw_{k}": dw, f"db_{k}": db})
            if numeric:
                out.update(numerical_gradients(lambda xx, ww, bb: fwd(xx, ww, bb, cp)[0], {"x": x, "w": w, "b": b},
                                               dout, name=f"d{{}}_{k}_num"))
        return out
    return call


def conv_expected(seed, cases):
    """Torch's outputs and gradients, and the outputs a flipped filter or a missing bias would give."""
    exp, flipped, no_bias = {}, [], []
    for k, shape in enumerate(cases):
        x, w, b, cp, dout = conv_case(seed, k, shape)
        exp[f"out_{k}"], exp[f"dx_{k}"], exp[f"dw_{k}"], exp[f"db_{k}"] = torch_conv(x, w, b, cp, dout)
        flipped.append(torch_conv(x, w[:, :, ::-1, ::-1].copy(), b, cp, dout)[0])
        no_bias.append(exp[f"out_{k}"] - b[None, :, None, None])
    return exp, flipped, no_bias


def padded_dx(g, e) -> bool:
    """dx came back with the shape of the padded input (N, C, H + 2 pad, W + 2 pad)."""
    grow = g.shape[2] - e.shape[2] if g.ndim == 4 == e.ndim else 0
    return grow > 0 and grow % 2 == 0 and g.shape[:2] == e.shape[:2] and g.shape[3] - e.shape[3] == grow


def conv_hints(flipped, no_bias):
    return [
        ("a4.hint.padded_dx", padded_dx),
        ("a4.hint.empty_dx", lambda g, e: g.ndim == 4 and g.size == 0 and e.size > 0),
        ("a4.hint.flipped", lambda g, e: near_any(g, flipped, 1e-6, 1e-8)),
        ("a4.hint.bias", lambda g, e: near_any(g, no_bias, 1e-6, 1e-8)),
    ]


def judge_conv_forward(cases):
    def judge_fn(got, expected, ctx):
        exp, flipped, no_bias = conv_expected(ctx.seed, cases)
        keys = [f"out_{k}" for k in range(len(cases))]
        return judge.close(keys=keys, hints=conv_hints(flipped, no_bias), **TOL)(got, exp, ctx)
    return judge_fn


def judge_conv_backward(cases, numeric=True):
    def judge_fn(got, expected, ctx):
        exp, flipped, no_bias = conv_expected(ctx.seed, cases)
        hints = conv_hints(flipped, no_bias)
        n = range(len(cases))
        values = tuple(f"out_{k}" for k in n)
        grad_keys = [f"{g}_{k}" for k in n for g in ("dx", "dw", "db")]
        if not numeric:
            return backward_only(judge.close(keys=grad_keys, hints=hints, **TOL),
                                 judge.close(keys=list(values) + grad_keys, hints=hints, **TOL))(got, exp, ctx)
        grads = {key: f"{key}_num" for key in grad_keys}
        return backward_only(judge.gradient(values=(), grads=grads, hints=hints, **TOL),
                             judge.gradient(values=values, grads=grads, hints=hints, **TOL))(got, exp, ctx)
    return judge_fn


# ---------------------------------------------------------------- speed

@lru_cache(maxsize=4)
def speed_inputs(seed: int):
    return conv_case(seed, 0, SPEED)


def speed_call(forward: str, backward: str):
    def call(ctx):
        layers = ctx.load("conv_layers")
        x, w, b, cp, dout = speed_inputs(ctx.seed)
        x = x + ctx.vary   # each timed run its own inputs, secret until the run: nothing to remember or precompute
        out, cache = getattr(layers, forward)(x, w, b, cp)
        dx, dw, db = getattr(layers, backward)(dout, cache)
        return {"out": out, "dx": dx, "dw": dw, "db": db}
    return call


SPEED_JUDGE = judge.speed(judge.close(rtol=1e-6, atol=1e-8, hints=[("a4.hint.padded_dx", padded_dx)]),
                          "conv_forward_naive + conv_backward_naive")
