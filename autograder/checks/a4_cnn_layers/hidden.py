"""What only a4's hidden check uses (staff-only: never in a student zip): the edge shapes."""
from autograder.checks.a4_cnn_layers.cases import TOL, conv_case, pool_case
from autograder.model import judge
from autograder.model.per_function import judge_each, run_each

CONV_EDGE = [(1, 1, 5, 5, 1, 1, 1, 1, 0), (2, 3, 7, 7, 2, 3, 3, 3, 1), (1, 2, 4, 4, 3, 6, 6, 1, 1),
             (3, 1, 1, 9, 2, 1, 3, 2, 1)]
POOL_EDGE = [(1, 1, 2, 2, 2, 2, 2), (3, 2, 5, 4, 1, 1, 1), (1, 1, 3, 9, 3, 1, 2)]
EDGE_CONV = (("naive", "conv_forward_naive", "conv_backward_naive"),
             ("im2col", "conv_forward_im2col", "conv_backward_im2col"))
EDGE_FUNCTIONS = ("conv_forward_naive", "conv_backward_naive", "conv_forward_im2col", "conv_backward_im2col",
                  "max_pool_forward_naive", "max_pool_backward_naive")


def edge_call(ctx):
    """Naive and im2col, forward and backward, on edge shapes: 1x1 filters, stride 3, a filter as
    large as the padded input, a one-row input; and pooling. Each function on its own
    (`per_function`): a backward is judged on dx, dw, db only, so each function earns its share."""
    layers = ctx.load("conv_layers")

    def conv(fwd, bwd=None):
        def call():
            out = {}
            for k, shape in enumerate(CONV_EDGE):
                x, w, b, cp, dout = conv_case(ctx.seed, k, shape)
                y, cache = getattr(layers, fwd)(x.copy(), w.copy(), b.copy(), cp)
                if bwd is None:
                    out[f"out_{k}"] = y
                else:
                    out[f"dx_{k}"], out[f"dw_{k}"], out[f"db_{k}"] = getattr(layers, bwd)(dout.copy(), cache)
            return out
        return call

    def pool(backward):
        def call():
            out = {}
            for k, shape in enumerate(POOL_EDGE):
                x, pp, dout = pool_case(ctx.seed, k, shape)
                y, cache = layers.max_pool_forward_naive(x.copy(), pp)
                out[f"dx_{k}" if backward else f"out_{k}"] = (layers.max_pool_backward_naive(dout.copy(), cache)
                                                              if backward else y)
            return out
        return call

    calls = {}
    for _, fwd, bwd in EDGE_CONV:
        calls[fwd], calls[bwd] = conv(fwd), conv(fwd, bwd)
    calls["max_pool_forward_naive"], calls["max_pool_backward_naive"] = pool(False), pool(True)
    return run_each(calls)


def judge_edge(got, expected, ctx):
    """Against the reference's outputs on the same inputs (a hidden part's seed is the student's own,
    derived from the course secret), one function at a time."""
    return judge_each({name: judge.close(**TOL) for name in EDGE_FUNCTIONS})(got, expected, ctx)
