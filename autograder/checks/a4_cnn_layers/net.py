"""ThreeLayerConvNet: initialisation, loss with reg and gradients (with torch's conv and pool
layers standing in for the student's), and 50 images memorised (the accuracy computed in the
parent from raw scores, on labels it rebuilds from the seed: ctx.given)."""
from pathlib import Path

import numpy as np

from autograder.checks.a4_cnn_layers.cases import torch_conv, torch_pool
from autograder.model import judge
from autograder.model.check import Verdict
from autograder.model.gradcheck import numerical_gradients
from autograder.model.judge import near
from autograder.model.per_function import stand_ins

NET = dict(input_dim=(3, 8, 8), num_filters=3, filter_size=3, hidden_dim=7, num_classes=4)
PARAMS = ("W1", "b1", "W2", "b2", "W3", "b3")
INIT_SCALE = 0.05
REG = 0.1


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
    model = cnn.ThreeLayerConvNet(**NET, weight_scale=1e-2, reg=REG, dtype=np.float64)
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
    out.update({f"d{name}": grads[name] for name in PARAMS})
    out.update(numerical_gradients(lambda *_: model.loss(X, y)[0], {name: model.params[name] for name in PARAMS}))
    return out


def reg_hints(ctx, name):
    """A loss off by exactly the regularisation term (on the check's own weights) names it."""
    params = ctx.given[0]
    reg_term = 0.5 * REG * sum(np.sum(params[n] ** 2) for n in ("W1", "W2", "W3"))
    return [("a4.hint.reg", lambda g, e: g.size == 1 and near(np.abs(g - e), reg_term, 1e-5, 1e-8))]


CONVNET_GRADIENTS = judge.gradient(values=("scores", "loss"), grads={f"d{n}": f"d{n}_num" for n in PARAMS},
                                   rtol=1e-6, atol=1e-8, hints=reg_hints)
PARAM_SHAPES = judge.exact(keys=[f"shape_{n}" for n in PARAMS])


def judge_convnet_loss(got, expected, ctx):
    shapes = PARAM_SHAPES(got, expected, ctx)
    if not shapes.passed:
        return shapes
    for name, std in zip(("W1", "W2", "W3"), got["init_std"]):
        if not 0.8 * INIT_SCALE <= std <= 1.2 * INIT_SCALE:
            return Verdict(0.0, ctx.t("a4.init.std", name=name, scale=INIT_SCALE, got=std), {"std": float(std)})
    if np.any(got["init_bias"] != 0):
        return Verdict(0.0, ctx.t("a4.init.bias"))
    if not np.all(got["init_float32"]):
        return Verdict(0.0, ctx.t("a4.init.dtype"))
    return CONVNET_GRADIENTS(got, expected, ctx)


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


def judge_overfit(got, expected, ctx):
    return judge.accuracy(lambda: ctx.given[1], ctx.t("a4.overfit.what"), num_classes=10)(got, expected, ctx)
