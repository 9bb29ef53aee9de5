"""simple_net and deep_net: model.py's two networks, each on its own.

SimpleConvNet: the child fills each parameter with the check's weights of that shape (the shapes are
all different, so the layer names are the student's own business) and returns raw scores; the parent
computes the scores of conv1 - ReLU - conv2 - ReLU - pool - fc1 - ReLU - fc2 with torch in float64.
DeepConvNet: hooks record what the forward calls (convolutions with their channels and map sizes, batch
norms, dropouts); the parent judges that record, the output shapes and what is random in which mode.
"""
from __future__ import annotations

from collections import Counter

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from autograder.model.check import Verdict
from autograder.model.judge import fmt, index_str, malformed

SIMPLE_SHAPES = ((32, 3, 3, 3), (32,), (64, 32, 3, 3), (64,), (128, 64 * 14 * 14), (128,), (10, 128), (10,))
SIMPLE_DROPOUT = (0.25, 0.5)
N_IMAGES = 4
DEEP_WIDTHS, DEEP_P = (64, 128, 256), 0.3
SMALL_WIDTHS, SMALL_P = (8, 16, 32), 0.1
CONV, BN, DROPOUT, LINEAR = 1, 2, 3, 4
NAMES = {CONV: "Conv2d", BN: "BatchNorm2d", DROPOUT: "Dropout", LINEAR: "Linear"}


def images(seed: int) -> np.ndarray:
    return np.random.default_rng(seed).standard_normal((N_IMAGES, 3, 32, 32)).astype(np.float32)


def simple_data(seed: int):
    """{shape: float32 weights} (biases small, weights scaled by 1 / sqrt(fan-in)) and the images."""
    rng = np.random.default_rng(seed + 1000)
    weights = {}
    for shape in SIMPLE_SHAPES:
        fan_in = int(np.prod(shape[1:])) if len(shape) > 1 else 10
        weights[shape] = (rng.standard_normal(shape) * (1.5 / np.sqrt(fan_in))).astype(np.float32)
    return weights, images(seed)


def _scores(value) -> np.ndarray | None:
    return value.detach().double().cpu().numpy() if isinstance(value, torch.Tensor) else None


def _kind(value) -> np.ndarray:
    return np.frombuffer(type(value).__name__.encode()[:100], dtype=np.uint8)


def _outputs(net, x, out: dict, prefix: str) -> bool:
    """Scores twice in training mode, then twice in eval mode; False when they are not tensors."""
    for mode in ("train", "eval"):
        getattr(net, mode)()
        for k in range(2):
            with torch.no_grad():
                y = net(x)
            if _scores(y) is None:
                out[f"{prefix}not_tensor"] = _kind(y)
                return False
            out[f"{prefix}{mode}{k}"] = _scores(y)
    return True


def simple_call(ctx):
    model = ctx.load("model")
    torch.manual_seed(ctx.seed)
    net = model.SimpleConvNet()
    if not isinstance(net, nn.Module):
        return {"not_module": _kind(net)}
    weights, x = simple_data(ctx.seed)
    params = list(net.parameters())
    shapes = np.zeros((len(params), 5), dtype=np.int64)   # ndim, then the sizes
    with torch.no_grad():
        for i, p in enumerate(params):
            shapes[i, 0] = p.dim()
            shapes[i, 1:1 + min(p.dim(), 4)] = tuple(p.shape)[:4]
            if tuple(p.shape) in weights:
                p.copy_(torch.from_numpy(weights[tuple(p.shape)]))
    out = {"shapes": shapes,
           "dropout_p": np.array(sorted(m.p for m in net.modules() if isinstance(m, nn.Dropout)), dtype=np.float64)}
    _outputs(net, torch.from_numpy(x), out, "")
    return out


def simple_expected(seed: int) -> np.ndarray:
    """The parent's scores of the MNIST example with the check's weights, float64."""
    weights, x = simple_data(seed)
    w = [torch.from_numpy(weights[s]).double() for s in SIMPLE_SHAPES]
    h = F.relu(F.conv2d(torch.from_numpy(x).double(), w[0], w[1]))
    h = F.max_pool2d(F.relu(F.conv2d(h, w[2], w[3])), 2)
    h = F.relu(F.linear(h.flatten(1), w[4], w[5]))
    return F.linear(h, w[6], w[7]).numpy()


def _shape_list(shapes: np.ndarray) -> list[tuple]:
    return [tuple(int(v) for v in row[1:1 + int(row[0])]) for row in np.asarray(shapes)]


def mode_verdict(got: dict, t, name: str, prefix: str = "") -> Verdict | None:
    """The common part of both nets: scores of shape (N, 10), fixed in eval mode, random in training mode."""
    if f"{prefix}not_tensor" in got:
        kind = bytes(np.asarray(got[f"{prefix}not_tensor"], dtype=np.uint8)).decode("utf-8", "replace")
        return Verdict(0.0, t("a5.net.not_tensor", name=name, kind=kind), status="bad_output")
    keys = [f"{prefix}{m}{k}" for m in ("train", "eval") for k in range(2)]
    bad = malformed(got, t, keys)
    if bad is not None:
        return bad
    for key in keys:
        if np.shape(got[key]) != (N_IMAGES, 10):
            return Verdict(0.0, t("a5.net.out_shape", name=name, n=N_IMAGES, got=np.shape(got[key])))
    if not np.array_equal(got[f"{prefix}eval0"], got[f"{prefix}eval1"]):
        return Verdict(0.0, t("a5.net.eval_random", name=name))
    if np.array_equal(got[f"{prefix}train0"], got[f"{prefix}train1"]):
        return Verdict(0.0, t("a5.net.no_dropout", name=name))
    return None


def judge_simple(got, expected, ctx):
    t = ctx.t
    if "not_module" in got:
        kind = bytes(np.asarray(got["not_module"], dtype=np.uint8)).decode("utf-8", "replace")
        return Verdict(0.0, t("a5.net.not_module", name="SimpleConvNet", kind=kind), status="bad_output")
    shapes = _shape_list(got.get("shapes", np.zeros((0, 5))))
    if Counter(shapes) != Counter(SIMPLE_SHAPES):
        return Verdict(0.0, t("a5.net.shapes", got=", ".join(map(str, shapes)) or "-",
                              expected=", ".join(map(str, SIMPLE_SHAPES))))
    verdict = mode_verdict(got, t, "SimpleConvNet")
    if verdict is not None:
        return verdict
    dropout = tuple(float(p) for p in np.asarray(got.get("dropout_p", ())))
    if dropout and dropout != SIMPLE_DROPOUT:
        return Verdict(0.0, t("a5.net.dropout_p", name="SimpleConvNet", got=dropout, expected=SIMPLE_DROPOUT))
    want, scores = simple_expected(ctx.seed), np.asarray(got["eval0"], dtype=np.float64)
    bad = ~np.isclose(scores, want, rtol=1e-4, atol=1e-4)
    if bad.any():
        idx = np.unravel_index(int(np.argmax(np.where(bad, np.abs(scores - want), -1))), want.shape)
        return Verdict(0.0, t("a5.net.forward", index=index_str(idx), expected=fmt(want[idx], scores[idx]),
                              got=fmt(scores[idx], want[idx])), {"index": list(map(int, idx))})
    return Verdict(1.0, t("a5.simple.ok"))


# ---------------------------------------------------------------------------- DeepConvNet

def deep_params(widths=DEEP_WIDTHS) -> int:
    """The parameters of the described DeepConvNet: convs with biases, batch norms' scale and shift, the classifier."""
    total, c_in = 0, 3
    for c in widths:
        total += (c_in * 9 * c + c) + (c * 9 * c + c) + 4 * c
        c_in = c
    return total + widths[-1] * 16 * 10 + 10


def _record(net):
    """Hooks that note each Conv2d, BatchNorm2d, Dropout and Linear call: (kind, channels, map size, p * 1000)."""
    calls, handles = [], []

    def hook(module, inputs, output):
        size = int(output.shape[-1]) if isinstance(output, torch.Tensor) and output.dim() == 4 else 0
        if isinstance(module, nn.Conv2d):
            calls.append((CONV, module.out_channels, size, 0))
        elif isinstance(module, nn.BatchNorm2d):
            calls.append((BN, module.num_features, size, 0))
        elif isinstance(module, nn.Dropout):
            calls.append((DROPOUT, 0, 0, round(module.p * 1000)))
        elif isinstance(module, nn.Linear):
            calls.append((LINEAR, module.out_features, 0, 0))
    for m in net.modules():
        handles.append(m.register_forward_hook(hook))
    return calls, handles


def deep_call(ctx):
    model = ctx.load("model")
    out = {}
    for prefix, kwargs in (("", {}), ("small_", {"widths": SMALL_WIDTHS, "dropout": SMALL_P})):
        torch.manual_seed(ctx.seed)
        net = model.DeepConvNet(**kwargs)
        if not isinstance(net, nn.Module):
            return {"not_module": _kind(net)}
        out[f"{prefix}params"] = np.array(sum(p.numel() for p in net.parameters()), dtype=np.int64)
        norms = [m for m in net.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
        before = [m.running_mean.clone() for m in norms if m.running_mean is not None]
        calls, handles = _record(net)
        net.train()
        with torch.no_grad():
            net(torch.from_numpy(images(ctx.seed)))
        out[f"{prefix}calls"] = np.array(calls, dtype=np.int64).reshape(-1, 4)
        after = [m.running_mean for m in norms if m.running_mean is not None]
        out[f"{prefix}running"] = np.array(bool(before) and all(not torch.equal(a, b) for a, b in zip(before, after)))
        for h in handles:
            h.remove()
        if not _outputs(net, torch.from_numpy(images(ctx.seed)), out, prefix):
            return out
    return out


def judge_deep_calls(got, t, prefix, widths, p) -> Verdict | None:
    calls = np.asarray(got[f"{prefix}calls"]).reshape(-1, 4)
    convs = [i for i, c in enumerate(calls) if c[0] == CONV]
    channels = [int(calls[i][1]) for i in convs]
    want = [c for c in widths for _ in range(2)]
    if channels != want:
        return Verdict(0.0, t("a5.deep.convs", widths=widths, got=channels, expected=want))
    for n, i in enumerate(convs):
        nxt = calls[i + 1] if i + 1 < len(calls) else None
        if nxt is None or nxt[0] != BN or nxt[1] != calls[i][1]:
            after = "-" if nxt is None else f"{NAMES[int(nxt[0])]}({int(nxt[1]) or ''})"
            return Verdict(0.0, t("a5.deep.bn", conv=n + 1, after=after))
    sizes = [int(calls[i][2]) for i in convs]
    want_sizes = [32 >> (k // 2) for k in range(len(want))]
    if sizes != want_sizes:
        return Verdict(0.0, t("a5.deep.sizes", got=sizes, expected=want_sizes))
    drops = tuple(int(c[3]) / 1000 for c in calls if c[0] == DROPOUT)
    if drops != (p,):
        return Verdict(0.0, t("a5.net.dropout_p", name=f"DeepConvNet(dropout={p:g})", got=drops or "-",
                              expected=(p,)))
    if not bool(got[f"{prefix}running"]):
        return Verdict(0.0, t("a5.deep.running"))
    return None


def judge_deep(got, expected, ctx):
    t = ctx.t
    if "not_module" in got:
        kind = bytes(np.asarray(got["not_module"], dtype=np.uint8)).decode("utf-8", "replace")
        return Verdict(0.0, t("a5.net.not_module", name="DeepConvNet", kind=kind), status="bad_output")
    for prefix, widths, p in (("", DEEP_WIDTHS, DEEP_P), ("small_", SMALL_WIDTHS, SMALL_P)):
        name = "DeepConvNet()" if not prefix else f"DeepConvNet(widths={widths}, dropout={p:g})"
        bad = malformed(got, t, [f"{prefix}calls", f"{prefix}params", f"{prefix}running"])
        verdict = bad or judge_deep_calls(got, t, prefix, widths, p) or mode_verdict(got, t, name, prefix)
        if verdict is not None:
            return verdict
        if int(got[f"{prefix}params"]) != deep_params(widths):
            return Verdict(0.0, t("a5.deep.params", got=int(got[f"{prefix}params"]), expected=deep_params(widths)))
    return Verdict(1.0, t("a5.deep.ok", widths=DEEP_WIDTHS, p=DEEP_P))
