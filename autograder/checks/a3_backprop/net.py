"""TwoLayerNet: initialisation, loss and gradients (with stand-in layers, so that only fc_net.py
counts), and XOR learnt end to end (the accuracy computed in the parent)."""
from pathlib import Path

import numpy as np
import torch  # imported here so that the fork server loads it once, before any sandbox is fenced in
import torch.nn.functional as F

from autograder.model import judge
from autograder.model.check import Verdict
from autograder.model.gradcheck import numerical_gradients
from autograder.model.judge import near
from autograder.model.per_function import stand_ins

PARAMS = ("W1", "b1", "W2", "b2")


def two_layer_init(ctx):
    np.random.seed(ctx.seed)
    net = ctx.load("fc_net").TwoLayerNet(input_dim=300, hidden_dim=200, num_classes=10, weight_scale=0.05, reg=0.1)
    out = {}
    for name in PARAMS:
        value = np.asarray(net.params[name])
        out[f"{name}_shape"] = np.array(value.shape, dtype=np.int64)
        out[f"{name}_std"] = value.std() if value.size else np.nan
        out[f"{name}_absmax"] = np.abs(value).max() if value.size else np.nan
    return out


def two_layer_init_judge(got, expected, ctx):
    t = ctx.t
    for name in PARAMS:
        shape = tuple(expected[f"{name}_shape"].tolist())
        if tuple(np.asarray(got.get(f"{name}_shape", ())).tolist()) != shape:
            return Verdict(0.0, t("a3.init.shape", name=name, expected=shape,
                                  got=tuple(np.asarray(got.get(f"{name}_shape", ())).tolist())))
    for name in ("b1", "b2"):
        if got[f"{name}_absmax"] != 0:
            return Verdict(0.0, t("a3.init.bias", name=name))
    for name in ("W1", "W2"):
        std = float(got[f"{name}_std"])
        if not abs(std - 0.05) <= 0.05 * 0.1:
            return Verdict(0.0, t("a3.init.scale", name=name, expected=0.05, got=std))
    return Verdict(1.0, t("a3.init.ok"))


def two_layer_inputs(seed, n=5, d=6, h=7, c=4):
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n, d))
    y = rng.integers(0, c, n)
    params = {"W1": rng.standard_normal((d, h)) * 0.5, "b1": rng.standard_normal(h) * 0.1,
              "W2": rng.standard_normal((h, c)) * 0.5, "b2": rng.standard_normal(c) * 0.1}
    return X, y, params


def torch_grads(fn, arrays, dout=None):
    """fn on the arrays as float64 torch tensors: its value, or (dout given) the gradients of
    sum(dout * fn) with respect to each array, by autograd."""
    tensors = [torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=dout is not None) for a in arrays]
    value = fn(*tensors)
    if dout is None:
        return value.detach().numpy()
    # a scalar's backward: backward(dout) would import sympy (torch's shape checks), 0.8 s per child
    (value * torch.as_tensor(np.asarray(dout, dtype=np.float64))).sum().backward()
    return [tensor.grad.numpy() for tensor in tensors]


def stand_in_layers() -> dict:
    """The layers TwoLayerNet calls, as torch computes them (float64, autograd): the net's parts
    then judge fc_net.py's own code (wiring, loss, reg, grads) and a wrong layer costs only the
    layer's parts. Torch, not the reference's NumPy."""
    def affine(x, w, b):
        return F.linear(x.reshape(x.shape[0], -1), w.T, b)

    def affine_forward(x, w, b):
        return torch_grads(affine, (x, w, b)).astype(np.result_type(x, w)), ("stand-in affine", x, w, b)

    def affine_backward(dout, cache):
        _, x, w, b = cache
        return tuple(torch_grads(affine, (x, w, b), dout))

    def relu_forward(x):
        return torch_grads(F.relu, (x,)).astype(np.asarray(x).dtype), ("stand-in relu", x)

    def relu_backward(dout, cache):
        return torch_grads(F.relu, (cache[1],), dout)[0]

    def softmax_loss(x, y):
        labels = torch.as_tensor(np.asarray(y), dtype=torch.long)
        cross_entropy = lambda scores: F.cross_entropy(scores, labels)   # the mean over the batch
        return float(torch_grads(cross_entropy, (x,))), torch_grads(cross_entropy, (x,), 1.0)[0]

    return {"affine_forward": affine_forward, "affine_backward": affine_backward, "relu_forward": relu_forward,
            "relu_backward": relu_backward, "softmax_loss": softmax_loss}


def two_layer_loss_call(reg):
    """TwoLayerNet.loss with the layers it uses replaced by `stand_in_layers` (in fc_net.py and
    in layers.py, put back afterwards)."""
    def call(ctx):
        fc_net = ctx.load("fc_net")
        modules = [fc_net] + ([ctx.load("layers")] if (Path(ctx.dir) / "layers.py").is_file() else [])
        with stand_ins(modules, stand_in_layers()):
            return two_layer_loss_outputs(ctx, fc_net, reg)
    return call


def two_layer_loss_outputs(ctx, fc_net, reg):
    X, y, params = two_layer_inputs(ctx.seed)
    n, d = X.shape
    net = fc_net.TwoLayerNet(input_dim=d, hidden_dim=params["W1"].shape[1],
                             num_classes=params["W2"].shape[1], weight_scale=0.1, reg=reg)
    net.params = {k: v.copy() for k, v in params.items()}
    out = {"scores": net.loss(X.copy())}
    loss, grads = net.loss(X.copy(), y.copy())
    out["loss"] = loss
    out.update({f"d{name}": grads[name] for name in PARAMS})
    out.update(numerical_gradients(lambda *_: net.loss(X, y)[0], {name: net.params[name] for name in PARAMS}))
    return out


def two_layer_judge(reg):
    """judge.gradient on scores, loss and every gradient; with reg, a regularisation term or gradient
    off by the expected amount (worked out from the check's own weights, ctx.given) is named."""
    def hints(ctx, name):
        if not reg:
            return []
        _, _, params = ctx.given
        ws = [params["W1"], params["W2"]]
        reg_sum = 0.5 * reg * sum(np.sum(w * w) for w in ws)
        return [("a3.hint.reg_grad", lambda g, e: any(g.shape == w.shape and (near(g - e, -reg * w, 1e-5)
                                                      or near(g - e, reg * w, 1e-5)) for w in ws)),
                ("a3.hint.reg_loss", lambda g, e: g.size == 1 and any(near(g - e, k * reg_sum, 1e-6)
                                                                      for k in (-1, 1)))]
    return judge.gradient(values=("loss", "scores"), grads={f"d{name}": f"d{name}_num" for name in PARAMS},
                          rtol=1e-6, atol=1e-8, hints=hints)


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


def two_layer_xor(ctx):
    """Full-batch gradient descent on XOR with the student's TwoLayerNet (its loss and grads)."""
    np.random.seed(ctx.seed)
    net = ctx.load("fc_net").TwoLayerNet(input_dim=2, hidden_dim=32, num_classes=2, weight_scale=1.0, reg=0.0)
    for _ in range(500):
        _, grads = net.loss(XOR_X.copy(), XOR_Y.copy())
        for name in net.params:
            net.params[name] = net.params[name] - 0.5 * grads[name]
    # raw scores only: the parent computes the accuracy against XOR_Y (xor_judge)
    return {"scores": net.loss(XOR_X.copy())}


def xor_judge(got, expected, ctx):
    """The training accuracy, computed here from the scores: nothing the child computed is trusted."""
    return judge.accuracy(lambda: XOR_Y, ctx.t("a3.xor.what"), num_classes=2)(got, expected, ctx)
