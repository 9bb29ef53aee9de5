"""a4's inputs (made from a seed, the same in the child and the parent), their shapes, and the
torch side the judges and the ConvNet's stand-in layers compute with (float64, autograd)."""
import numpy as np

TOL = dict(rtol=1e-7, atol=1e-9)


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
POOL_FORWARD = [(2, 3, 8, 8, 2, 2, 2), (2, 2, 7, 9, 3, 3, 2), (1, 2, 6, 8, 2, 4, 2)]
POOL_BACKWARD = [(2, 2, 6, 6, 2, 2, 2), (1, 2, 7, 7, 3, 3, 2), (2, 1, 5, 6, 2, 3, 1)]
POOL_TIES = [(2, 3, 6, 6, 2, 2, 2), (2, 2, 7, 7, 3, 3, 2), (1, 2, 5, 5, 2, 2, 1)]
SIZES = [(7, 3, 1, 0), (7, 3, 2, 0), (7, 3, 1, 1), (32, 5, 1, 2), (227, 11, 4, 0)]   # 5, 3, 7, 32, 55
NOT_WHOLE = [(7, 3, 3, 0), (32, 5, 2, 0)]                                         # 2.33 and 14.5 + 1
SPEED = (4, 3, 32, 32, 8, 3, 3, 1, 1)   # a CIFAR-sized batch for the speed part


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


def backward_only(grads_judge, full_judge):
    """A backward part passes on its gradients alone (a wrong forward output costs the forward's
    parts, not this one); when a gradient is wrong, the message is the full judge's, which can say
    whether the forward or the backward half is at fault."""
    def judge_fn(got, expected, ctx):
        verdict = grads_judge(got, expected, ctx)
        return verdict if verdict.passed else full_judge(got, expected, ctx)
    return judge_fn
