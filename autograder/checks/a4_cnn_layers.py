"""Checks of a4_cnn_layers: convolution and max pooling (naive and im2col) and a three-layer ConvNet.

Calls run in the child on the student's `conv_layers.py` and `cnn.py`. The layer judges run in the
parent and compare with PyTorch in float64 (`torch.nn.functional.conv2d` / `max_pool2d` and their
autograd gradients), on inputs they rebuild from the check's seed; the student's process never sees
that side. Backward calls also return numerical gradients of the student's own forward
(autograder.model.gradcheck), so a message can say which half is wrong.
"""
from functools import lru_cache
from pathlib import Path

import numpy as np

from autograder.model import judge
from autograder.model.check import Check, Verdict
from autograder.model import mistakes
from autograder.model.per_function import judge_each, run_each, stand_ins
from autograder.model.gradcheck import eval_numerical_gradient, eval_numerical_gradient_array
from autograder.config.messages import register

register({
    "a4.size.wrong": {"en": "conv_output_size{args} should be {expected}, got {got}",
                      "ko": "conv_output_size{args}는 {expected}이어야 하는데 {got}입니다"},
    "a4.size.not_int": {"en": "conv_output_size{args} returned {got}, not an int (use // once you know the "
                              "division is exact)",
                        "ko": "conv_output_size{args}가 int가 아닌 {got}을(를) 반환했습니다 (나누어떨어짐을 확인한 뒤 "
                              "//를 쓰세요)"},
    "a4.size.no_raise": {"en": "conv_output_size{args} should raise ValueError: (W - F + 2P) / S = {ratio:.3g} "
                               "is not whole, the filter does not fit",
                         "ko": "conv_output_size{args}는 ValueError를 발생시켜야 합니다: (W - F + 2P) / S = "
                               "{ratio:.3g}는 정수가 아니라 필터가 맞지 않습니다"},
    "a4.hint.flipped": {"en": "your output equals a convolution with the filter flipped: a CNN 'convolution' is a "
                              "cross-correlation, the filter is used as it is (w[f], not w[f, :, ::-1, ::-1])",
                        "ko": "출력이 필터를 뒤집은 합성곱과 같습니다: CNN의 '합성곱'은 교차상관이므로 필터를 그대로 "
                              "씁니다 (w[f, :, ::-1, ::-1]가 아니라 w[f])"},
    "a4.hint.bias": {"en": "is the bias b[f] added to every output of filter f?",
                     "ko": "필터 f의 모든 출력에 편향 b[f]를 더했나요?"},
    "a4.hint.padded_dx": {"en": "dx has the shape of the padded input: the zero border is not part of x, so crop "
                                "it (dx_pad[:, :, pad:pad + H, pad:pad + W])",
                          "ko": "dx가 패딩된 입력의 shape입니다: 0으로 채운 테두리는 x의 일부가 아니므로 잘라내세요 "
                                "(dx_pad[:, :, pad:pad + H, pad:pad + W])"},
    "a4.hint.empty_dx": {"en": "dx is empty: with pad = 0, dx_pad[:, :, pad:-pad] selects nothing; slice "
                               "pad:pad + H instead",
                         "ko": "dx가 비어 있습니다: pad = 0이면 dx_pad[:, :, pad:-pad]는 아무것도 고르지 않습니다; "
                               "pad:pad + H로 자르세요"},
    "a4.hint.pool_all": {"en": "the gradient went to every element of the window: only the maximum affected the "
                               "output, so only the maximum gets the upstream gradient",
                         "ko": "그래디언트가 윈도우의 모든 원소로 갔습니다: 출력에 영향을 준 것은 최댓값뿐이므로 "
                               "최댓값에만 상위 그래디언트를 전달하세요"},
    "a4.hint.pool_ties": {"en": "with ties, the gradient went to every tied maximum: send it to the first maximum "
                                "only (np.argmax of the flattened window), so each window passes on exactly its "
                                "upstream gradient",
                          "ko": "동률일 때 그래디언트가 모든 최댓값으로 갔습니다: 첫 번째 최댓값(펼친 윈도우의 "
                                "np.argmax)에만 보내서 각 윈도우가 상위 그래디언트를 정확히 한 번만 전달하게 하세요"},
    "a4.hint.reg": {"en": "the regularisation term is 0.5 * reg * sum(W * W) over W1, W2 and W3 (gradient "
                          "reg * W), as in CS231n",
                    "ko": "정규화 항은 W1, W2, W3에 대한 0.5 * reg * sum(W * W)입니다 (그래디언트 reg * W, "
                          "CS231n과 같음)"},
    "a4.init.std": {"en": "{name} should be drawn with standard deviation weight_scale = {scale:g}; yours has "
                          "{got:.3g} (np.random.randn times weight_scale)",
                    "ko": "{name}은(는) 표준편차 weight_scale = {scale:g}로 뽑아야 하는데 {got:.3g}입니다 "
                          "(np.random.randn에 weight_scale을 곱하세요)"},
    "a4.init.bias": {"en": "the biases b1, b2, b3 should start at zero", "ko": "편향 b1, b2, b3는 0으로 시작해야 합니다"},
    "a4.init.dtype": {"en": "the parameters should have the dtype given to the constructor (float32 by default)",
                      "ko": "파라미터의 dtype은 생성자에 준 dtype(기본값 float32)이어야 합니다"},
    "a4.overfit.what": {"en": "training accuracy on 50 images after 30 Adam steps",
                        "ko": "이미지 50장에 Adam 30 스텝 뒤 학습 정확도"},
})

TOL = dict(rtol=1e-7, atol=1e-9)


# ---------------------------------------------------------------- inputs (child and parent alike)

def conv_case(seed: int, k: int, shape):
    """x, w, b, conv_param and an upstream dout for case k: shape = (N, C, H, W, F, HH, WW, stride, pad)."""
    N, C, H, W, F, HH, WW, stride, pad = shape
    rng = np.random.default_rng(seed * 1000 + k)
    x = rng.standard_normal((N, C, H, W))
    w = rng.standard_normal((F, C, HH, WW))
    b = rng.standard_normal(F)
    H_out, W_out = (H + 2 * pad - HH) // stride + 1, (W + 2 * pad - WW) // stride + 1
    dout = rng.standard_normal((N, F, H_out, W_out))
    return x, w, b, {"stride": stride, "pad": pad}, dout


def pool_case(seed: int, k: int, shape, ties: bool = False):
    """x, pool_param and dout for case k: shape = (N, C, H, W, pool_height, pool_width, stride).
    With `ties`, x holds small integers, so windows often have several maxima."""
    N, C, H, W, ph, pw, stride = shape
    rng = np.random.default_rng(seed * 1000 + k)
    x = rng.integers(0, 3, (N, C, H, W)).astype(np.float64) if ties else rng.standard_normal((N, C, H, W))
    H_out, W_out = (H - ph) // stride + 1, (W - pw) // stride + 1
    dout = rng.standard_normal((N, C, H_out, W_out))
    return x, {"pool_height": ph, "pool_width": pw, "stride": stride}, dout


LECTURE_POOL = np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]], dtype=np.float64)  # -> [[6, 8], [3, 4]]

CONV_FORWARD = [(2, 3, 7, 9, 4, 3, 3, 1, 1), (2, 2, 9, 7, 3, 3, 3, 2, 1), (1, 3, 6, 8, 2, 2, 4, 2, 0),
                (2, 3, 8, 8, 2, 5, 5, 1, 2)]
CONV_BACKWARD = [(2, 2, 5, 5, 2, 3, 3, 1, 1), (2, 2, 7, 5, 3, 3, 3, 2, 1), (1, 2, 4, 6, 2, 2, 2, 2, 0)]
CONV_EDGE = [(1, 1, 5, 5, 1, 1, 1, 1, 0), (2, 3, 7, 7, 2, 3, 3, 3, 1), (1, 2, 4, 4, 3, 6, 6, 1, 1),
             (3, 1, 1, 9, 2, 1, 3, 2, 1)]
POOL_FORWARD = [(2, 3, 8, 8, 2, 2, 2), (2, 2, 7, 9, 3, 3, 2), (1, 2, 6, 8, 2, 4, 2)]
POOL_BACKWARD = [(2, 2, 6, 6, 2, 2, 2), (1, 2, 7, 7, 3, 3, 2), (2, 1, 5, 6, 2, 3, 1)]
POOL_TIES = [(2, 3, 6, 6, 2, 2, 2), (2, 2, 7, 7, 3, 3, 2), (1, 2, 5, 5, 2, 2, 1)]
POOL_EDGE = [(1, 1, 2, 2, 2, 2, 2), (3, 2, 5, 4, 1, 1, 1), (1, 1, 3, 9, 3, 1, 2)]
SIZES = [(7, 3, 1, 0), (7, 3, 2, 0), (7, 3, 1, 1), (32, 5, 1, 2), (227, 11, 4, 0)]   # 5, 3, 7, 32, 55
NOT_WHOLE = [(7, 3, 3, 0), (32, 5, 2, 0)]                                         # 2.33 and 14.5 + 1
SPEED = (4, 3, 32, 32, 8, 3, 3, 1, 1)   # a CIFAR-sized batch for the speed part


# ---------------------------------------------------------------- the torch side (parent only)

def torch_conv(x, w, b, conv_param, dout):
    """out, dx, dw, db of torch.nn.functional.conv2d in float64."""
    import torch
    import torch.nn.functional as F
    xt, wt, bt = (torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (x, w, b))
    out = F.conv2d(xt, wt, bt, stride=conv_param["stride"], padding=conv_param["pad"])
    if dout is None:   # forward only
        return out.detach().numpy(), None, None, None
    (out * torch.tensor(dout, dtype=torch.float64)).sum().backward()   # a scalar: no sympy import
    return out.detach().numpy(), xt.grad.numpy(), wt.grad.numpy(), bt.grad.numpy()


def torch_pool(x, pool_param, dout):
    """out, dx of torch.nn.functional.max_pool2d in float64 (a tie sends the gradient to the first maximum)."""
    import torch
    import torch.nn.functional as F
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    out = F.max_pool2d(xt, (pool_param["pool_height"], pool_param["pool_width"]), stride=pool_param["stride"])
    if dout is None:   # forward only
        return out.detach().numpy(), None
    (out * torch.tensor(dout, dtype=torch.float64)).sum().backward()   # a scalar: no sympy import
    return out.detach().numpy(), xt.grad.numpy()


def matches(g, candidates) -> bool:
    return any(np.shape(g) == np.shape(c) and np.allclose(g, c, rtol=1e-6, atol=1e-8) for c in candidates)


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
    for name in ("sizes", "is_int", "raised"):
        if name not in got:
            return Verdict(0.0, t("judge.missing_key", name=name))
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
                out[f"dx_{k}_num"] = eval_numerical_gradient_array(lambda v: fwd(v, w, b, cp)[0], x, dout)
                out[f"dw_{k}_num"] = eval_numerical_gradient_array(lambda v: fwd(x, v, b, cp)[0], w, dout)
                out[f"db_{k}_num"] = eval_numerical_gradient_array(lambda v: fwd(x, w, v, cp)[0], b, dout)
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
        ("a4.hint.flipped", lambda g, e: matches(g, flipped)),
        ("a4.hint.bias", lambda g, e: matches(g, no_bias)),
    ]


def judge_conv_forward(seed, cases):
    def judge_fn(got, expected, ctx):
        exp, flipped, no_bias = conv_expected(seed, cases)
        keys = [f"out_{k}" for k in range(len(cases))]
        return judge.close(keys=keys, hints=conv_hints(flipped, no_bias), **TOL)(got, exp, ctx)
    return judge_fn


def judge_conv_backward(seed, cases, numeric=True):
    def judge_fn(got, expected, ctx):
        exp, flipped, no_bias = conv_expected(seed, cases)
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


def backward_only(grads_judge, full_judge):
    """A backward part passes on its gradients alone (a wrong forward output costs the forward's
    parts, not this one); when a gradient is wrong, the message is the full judge's, which can say
    whether the forward or the backward half is at fault."""
    def judge_fn(got, expected, ctx):
        verdict = grads_judge(got, expected, ctx)
        return verdict if verdict.passed else full_judge(got, expected, ctx)
    return judge_fn


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


# ---------------------------------------------------------------- max pooling

def pool_forward_call(ctx):
    layers = ctx.load("conv_layers")
    out = {"lecture": layers.max_pool_forward_naive(LECTURE_POOL[None, None].copy(),
                                                    {"pool_height": 2, "pool_width": 2, "stride": 2})[0]}
    for k, shape in enumerate(POOL_FORWARD):
        x, pp, _ = pool_case(ctx.seed, k, shape)
        out[f"out_{k}"] = layers.max_pool_forward_naive(x, pp)[0]
    return out


def judge_pool_forward(seed):
    def judge_fn(got, expected, ctx):
        import torch
        import torch.nn.functional as F
        exp = {"lecture": F.max_pool2d(torch.tensor(LECTURE_POOL[None, None]), 2, 2).numpy()}
        for k, shape in enumerate(POOL_FORWARD):
            x, pp, dout = pool_case(seed, k, shape)
            exp[f"out_{k}"] = torch_pool(x, pp, dout)[0]
        return judge.close(**TOL)(got, exp, ctx)
    return judge_fn


def pool_backward_call(cases, ties: bool, numeric: bool):
    def call(ctx):
        layers = ctx.load("conv_layers")
        out = {}
        for k, shape in enumerate(cases):
            x, pp, dout = pool_case(ctx.seed, k, shape, ties)
            y, cache = layers.max_pool_forward_naive(x.copy(), pp)
            out[f"out_{k}"], out[f"dx_{k}"] = y, layers.max_pool_backward_naive(dout.copy(), cache)
            if numeric:
                out[f"dx_{k}_num"] = eval_numerical_gradient_array(
                    lambda v: layers.max_pool_forward_naive(v, pp)[0], x, dout)
        return out
    return call


def judge_pool_backward(part, seed, cases, ties: bool, numeric: bool):
    """torch's outputs and gradients; a wrong dx that equals a classic mistake's (the gradient to every
    element of the window, or to every tied maximum: solutions/mistakes/) is named."""
    def judge_fn(got, expected, ctx):
        exp = {}
        for k, shape in enumerate(cases):
            x, pp, dout = pool_case(seed, k, shape, ties)
            exp[f"out_{k}"], exp[f"dx_{k}"] = torch_pool(x, pp, dout)
        found = mistakes.variants("a4_cnn_layers", part, mistakes.seed_of(ctx, seed))
        hints = [(key, lambda g, e, key=key: matches(g, [v for k2, arrays in found if k2 == key
                                                          for v in arrays.values()]))
                 for key in ("a4.hint.pool_all", "a4.hint.pool_ties")]
        n = range(len(cases))
        if numeric:
            grads = {f"dx_{k}": f"dx_{k}_num" for k in n}
            return backward_only(judge.gradient(values=(), grads=grads, hints=hints, **TOL),
                                 judge.gradient(values=tuple(f"out_{k}" for k in n), grads=grads, hints=hints,
                                                **TOL))(got, exp, ctx)
        return judge.close(hints=hints, **TOL)(got, exp, ctx)
    return judge_fn


# ---------------------------------------------------------------- the ConvNet

NET = dict(input_dim=(3, 8, 8), num_filters=3, filter_size=3, hidden_dim=7, num_classes=4)
PARAMS = ("W1", "b1", "W2", "b2", "W3", "b3")


def net_data(seed: int):
    """Fixed parameters (so the student's initialisation does not matter), X and y for the loss check."""
    rng = np.random.default_rng(seed)
    C, H, W = NET["input_dim"]
    F, k, hd, nc = NET["num_filters"], NET["filter_size"], NET["hidden_dim"], NET["num_classes"]
    shapes = {"W1": (F, C, k, k), "b1": (F,), "W2": (F * H // 2 * W // 2, hd), "b2": (hd,), "W3": (hd, nc),
              "b3": (nc,)}
    params = {name: rng.standard_normal(shape) * (0.3 if name[0] == "W" else 0.1) for name, shape in shapes.items()}
    X = rng.standard_normal((5, C, H, W))
    y = rng.integers(0, nc, 5)
    return params, X, y


INIT_SCALE = 0.05


def stand_in_layers() -> dict:
    """The conv and pool layers as torch computes them (float64, autograd): what ThreeLayerConvNet
    calls in convnet_loss, so that the part judges the network's own code (init, wiring, loss, reg)
    and a wrong layer costs only the layer's parts. Torch, not the reference's NumPy."""
    def conv_forward(x, w, b, conv_param):
        dtype = np.result_type(x, w)
        out = torch_conv(x, w, b, conv_param, None)[0]
        return out.astype(dtype), ("stand-in conv", x, w, b, conv_param)

    def conv_backward(dout, cache):
        _, x, w, b, conv_param = cache
        _, dx, dw, db = torch_conv(x, w, b, conv_param, dout)
        return dx.astype(x.dtype), dw.astype(w.dtype), db.astype(b.dtype)

    def pool_forward(x, pool_param):
        return torch_pool(x, pool_param, None)[0].astype(x.dtype), ("stand-in pool", x, pool_param)

    def pool_backward(dout, cache):
        _, x, pool_param = cache
        return torch_pool(x, pool_param, dout)[1].astype(x.dtype)

    return {"conv_forward_naive": conv_forward, "conv_backward_naive": conv_backward,
            "conv_forward_im2col": conv_forward, "conv_backward_im2col": conv_backward,
            "max_pool_forward_naive": pool_forward, "max_pool_backward_naive": pool_backward}


def convnet_loss_call(ctx):
    """ThreeLayerConvNet with the conv and pool layers it imported replaced by `stand_in_layers`
    (in cnn.py and in conv_layers.py, put back afterwards)."""
    cnn = ctx.load("cnn")
    modules = [cnn] + ([ctx.load("conv_layers")] if (Path(ctx.dir) / "conv_layers.py").is_file() else [])
    with stand_ins(modules, stand_in_layers()):
        return convnet_loss_outputs(ctx, cnn)


def convnet_loss_outputs(ctx, cnn):
    np.random.seed(ctx.seed)
    model = cnn.ThreeLayerConvNet(**NET, weight_scale=1e-2, reg=0.1, dtype=np.float64)
    out = {f"shape_{name}": np.array(np.shape(model.params.get(name, ())), dtype=np.int64) for name in PARAMS}
    big = cnn.ThreeLayerConvNet(input_dim=(3, 16, 16), num_filters=8, filter_size=5, hidden_dim=50,
                                weight_scale=INIT_SCALE)   # default dtype: float32
    out["init_std"] = np.array([np.std(big.params[n]) for n in ("W1", "W2", "W3")], dtype=np.float64)
    out["init_bias"] = np.array([np.max(np.abs(big.params[n])) for n in ("b1", "b2", "b3")], dtype=np.float64)
    out["init_float32"] = np.array([big.params[n].dtype == np.float32 for n in PARAMS])
    params, X, y = net_data(ctx.seed)
    model.params = {name: v.copy() for name, v in params.items()}
    out["scores"] = model.loss(X)
    loss, grads = model.loss(X, y)
    out["loss"] = np.float64(loss)
    for name in PARAMS:
        out[f"d{name}"] = grads[name]
        out[f"d{name}_num"] = eval_numerical_gradient(lambda _: model.loss(X, y)[0], model.params[name])
    return out


def judge_convnet_loss(seed):
    def judge_fn(got, expected, ctx):
        shapes = judge.exact(keys=[f"shape_{n}" for n in PARAMS])(got, expected, ctx)
        if not shapes.passed:
            return shapes
        for name, std in zip(("W1", "W2", "W3"), got["init_std"]):
            if not 0.8 * INIT_SCALE <= std <= 1.2 * INIT_SCALE:
                return Verdict(0.0, ctx.t("a4.init.std", name=name, scale=INIT_SCALE, got=std), {"std": float(std)})
        if np.any(got["init_bias"] != 0):
            return Verdict(0.0, ctx.t("a4.init.bias"))
        if not np.all(got["init_float32"]):
            return Verdict(0.0, ctx.t("a4.init.dtype"))
        params, _, _ = net_data(seed)
        reg_term = 0.5 * 0.1 * sum(np.sum(params[n] ** 2) for n in ("W1", "W2", "W3"))
        hints = [("a4.hint.reg", lambda g, e: g.size == 1 and (np.isclose(g - e, reg_term) or np.isclose(e - g, reg_term)))]
        return judge.gradient(values=("scores", "loss"), grads={f"d{n}": f"d{n}_num" for n in PARAMS},
                              rtol=1e-6, atol=1e-8, hints=hints)(got, expected, ctx)
    return judge_fn


def overfit_data(seed: int):
    """50 random 16x16 images with random labels: the child trains on them, the parent makes the
    labels again from the seed to compute the accuracy itself."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((50, 3, 16, 16))
    y = rng.integers(0, 10, 50)
    return X, y


def overfit_call(ctx):
    """Adam on 50 random 16x16 images with random labels: a correct network memorises them."""
    cnn = ctx.load("cnn")
    X, y = overfit_data(ctx.seed)
    np.random.seed(ctx.seed)
    model = cnn.ThreeLayerConvNet(input_dim=(3, 16, 16), num_filters=8, filter_size=3, hidden_dim=64,
                                  weight_scale=1e-2, dtype=np.float64)
    m = {k: np.zeros_like(v) for k, v in model.params.items()}
    v = {k: np.zeros_like(p) for k, p in model.params.items()}
    for step in range(1, 31):
        _, grads = model.loss(X, y)
        for k in model.params:
            m[k] = 0.9 * m[k] + 0.1 * grads[k]
            v[k] = 0.999 * v[k] + 0.001 * grads[k] ** 2
            model.params[k] = model.params[k] - 1e-2 * (m[k] / (1 - 0.9 ** step)) / (
                np.sqrt(v[k] / (1 - 0.999 ** step)) + 1e-8)
    # raw scores only: the parent computes the training accuracy (judge_overfit)
    return {"scores": model.loss(X)}


def judge_overfit(seed: int):
    def judge_fn(got, expected, ctx):
        labels = lambda: overfit_data(seed)[1]
        return judge.accuracy(labels, ctx.t("a4.overfit.what"), num_classes=10)(got, expected, ctx)
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


CHECKS = [
    Check("conv_output_size", sizes_call, judge_sizes,
          doc="conv_output_size on the lectures' examples, and ValueError when the filter does not fit"),
    Check("conv_forward_naive", conv_forward_call("conv_forward_naive", CONV_FORWARD),
          judge_conv_forward(1, CONV_FORWARD), seed=1,
          doc="conv_forward_naive against torch conv2d (float64), with strides and padding"),
    Check("conv_backward_naive", conv_backward_call("conv_forward_naive", "conv_backward_naive", CONV_BACKWARD),
          judge_conv_backward(2, CONV_BACKWARD), seed=2,
          doc="conv_backward_naive against torch autograd and the numerical gradient"),
    Check("max_pool_forward_naive", pool_forward_call, judge_pool_forward(3), seed=3,
          doc="max_pool_forward_naive on the lectures' 4x4 example and against torch max_pool2d"),
    Check("max_pool_backward_naive", pool_backward_call(POOL_BACKWARD, ties=False, numeric=True),
          judge_pool_backward("max_pool_backward_naive", 4, POOL_BACKWARD, ties=False, numeric=True), seed=4,
          doc="max_pool_backward_naive against torch autograd and the numerical gradient"),
    Check("max_pool_ties", pool_backward_call(POOL_TIES, ties=True, numeric=False),
          judge_pool_backward("max_pool_ties", 5, POOL_TIES, ties=True, numeric=False), seed=5,
          doc="max pooling forward and backward when several elements tie for the maximum"),
    Check("conv_forward_im2col", conv_forward_call("conv_forward_im2col", CONV_FORWARD),
          judge_conv_forward(6, CONV_FORWARD), seed=6,
          doc="conv_forward_im2col against torch conv2d (float64)"),
    Check("conv_backward_im2col", conv_backward_call("conv_forward_im2col", "conv_backward_im2col", CONV_BACKWARD),
          judge_conv_backward(7, CONV_BACKWARD), seed=7,
          doc="conv_backward_im2col against torch autograd and the numerical gradient"),
    Check("edge_shapes_hidden", edge_call, judge_edge, hidden=True, seed=8,
          uses=tuple(f"conv_layers.{name}" for name in EDGE_FUNCTIONS),
          doc="naive and im2col convolution (forward, backward) and pooling on edge shapes: a sixth of the points "
              "for each of the six functions"),
    Check("convnet_loss", convnet_loss_call, judge_convnet_loss(9), seed=9,
          uses=("cnn.ThreeLayerConvNet.__init__", "cnn.ThreeLayerConvNet.loss"),
          doc="ThreeLayerConvNet: parameter shapes and initialisation, scores, loss with reg, gradients (with "
              "torch's conv and pool layers in place of yours, which are judged in their own parts)"),
    Check("convnet_overfit", overfit_call, judge_overfit(10), seed=10,
          doc="ThreeLayerConvNet memorises 50 images"),
    Check("speed_im2col", speed_call("conv_forward_im2col", "conv_backward_im2col"),
          judge.speed(judge.close(rtol=1e-6, atol=1e-8, hints=[("a4.hint.padded_dx", padded_dx)]),
                      "conv_forward_naive + conv_backward_naive"),
          timed=True, baseline=speed_call("conv_forward_naive", "conv_backward_naive"),
          doc="im2col forward + backward at least min_ratio times faster than the reference naive version"),
]
