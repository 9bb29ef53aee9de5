"""Max pooling: the lectures' 4x4 example, and forward and backward against torch's max_pool2d on
inputs rebuilt from ctx.seed; a wrong dx that equals a classic mistake's is named."""
from autograder.checks.a4_cnn_layers.cases import LECTURE_POOL, POOL_FORWARD, TOL, backward_only, pool_case, torch_pool
from autograder.model import judge, mistakes
from autograder.model.gradcheck import numerical_gradients

# the gradient to every element of the window, or to every tied maximum (solutions/mistakes/a4_cnn_layers.py)
POOL_MISTAKES = mistakes.known(rtol=1e-6, atol=1e-8)


def pool_forward_call(ctx):
    layers = ctx.load("conv_layers")
    out = {"lecture": layers.max_pool_forward_naive(LECTURE_POOL[None, None].copy(),
                                                    {"pool_height": 2, "pool_width": 2, "stride": 2})[0]}
    for k, shape in enumerate(POOL_FORWARD):
        x, pp, _ = pool_case(ctx.seed, k, shape)
        out[f"out_{k}"] = layers.max_pool_forward_naive(x, pp)[0]
    return out


def judge_pool_forward(got, expected, ctx):
    exp = {"lecture": torch_pool(LECTURE_POOL[None, None], {"pool_height": 2, "pool_width": 2, "stride": 2},
                                 None)[0]}
    for k, shape in enumerate(POOL_FORWARD):
        x, pp, dout = pool_case(ctx.seed, k, shape)
        exp[f"out_{k}"] = torch_pool(x, pp, dout)[0]
    return judge.close(**TOL)(got, exp, ctx)


def pool_backward_call(cases, ties: bool, numeric: bool):
    def call(ctx):
        layers = ctx.load("conv_layers")
        out = {}
        for k, shape in enumerate(cases):
            x, pp, dout = pool_case(ctx.seed, k, shape, ties)
            y, cache = layers.max_pool_forward_naive(x.copy(), pp)
            out[f"out_{k}"], out[f"dx_{k}"] = y, layers.max_pool_backward_naive(dout.copy(), cache)
            if numeric:
                out.update(numerical_gradients(lambda v: layers.max_pool_forward_naive(v, pp)[0], {"x": x}, dout,
                                               name=f"d{{}}_{k}_num"))
        return out
    return call


def judge_pool_backward(cases, ties: bool, numeric: bool):
    """torch's outputs and gradients; a wrong dx that equals a classic mistake's is named."""
    def judge_fn(got, expected, ctx):
        exp = {}
        for k, shape in enumerate(cases):
            x, pp, dout = pool_case(ctx.seed, k, shape, ties)
            exp[f"out_{k}"], exp[f"dx_{k}"] = torch_pool(x, pp, dout)
        n = range(len(cases))
        if numeric:
            grads = {f"dx_{k}": f"dx_{k}_num" for k in n}
            return backward_only(judge.gradient(values=(), grads=grads, hints=POOL_MISTAKES, **TOL),
                                 judge.gradient(values=tuple(f"out_{k}" for k in n), grads=grads,
                                                hints=POOL_MISTAKES, **TOL))(got, exp, ctx)
        return judge.close(hints=POOL_MISTAKES, **TOL)(got, exp, ctx)
    return judge_fn
