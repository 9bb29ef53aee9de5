"""a4's convolution against PyTorch: the reference im2col forward and backward against
torch.nn.functional.conv2d (CPU, float64, autograd for the backward) on CIFAR-sized shapes, and the
naive loops against im2col. Ratios > 1 mean slower than the baseline; the goal for im2col is
within 1.5x of torch.

    python -m bench conv

Both sides run on one thread (NumPy's BLAS and torch), as the grader's child process does, so the
ratios compare the code rather than how busy the machine's other cores are.
"""

import numpy as np

from bench import best_of, load_reference, on_one_thread

GOAL = 1.5
SHAPES = [  # (N, C, H, W, F, HH, WW, stride, pad): CIFAR-10 batches through a first and a deeper layer
    (64, 3, 32, 32, 32, 7, 7, 1, 3),
    (64, 3, 32, 32, 32, 5, 5, 1, 2),
    (64, 32, 16, 16, 64, 3, 3, 1, 1),
    (64, 64, 15, 15, 64, 3, 3, 2, 1),
]
NAIVE_SHAPE = (4, 3, 32, 32, 8, 3, 3, 1, 1)


def inputs(shape, seed=0):
    N, C, H, W, F, HH, WW, stride, pad = shape
    rng = np.random.default_rng(seed)
    x, w, b = rng.standard_normal((N, C, H, W)), rng.standard_normal((F, C, HH, WW)), rng.standard_normal(F)
    H_out, W_out = (H + 2 * pad - HH) // stride + 1, (W + 2 * pad - WW) // stride + 1
    return x, w, b, {"stride": stride, "pad": pad}, rng.standard_normal((N, F, H_out, W_out))


def against_torch(layers, shape):
    import torch
    import torch.nn.functional as F
    x, w, b, cp, dout = inputs(shape)
    xt, wt, bt = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    dt = torch.tensor(dout)

    def torch_forward():
        with torch.no_grad():
            return F.conv2d(xt, wt, bt, stride=cp["stride"], padding=cp["pad"])

    out_t = F.conv2d(xt, wt, bt, stride=cp["stride"], padding=cp["pad"])

    def torch_backward():
        return torch.autograd.grad(out_t, (xt, wt, bt), dt, retain_graph=True)

    _, cache = layers.conv_forward_im2col(x, w, b, cp)
    t_fwd = best_of(lambda: layers.conv_forward_im2col(x, w, b, cp))
    t_bwd = best_of(lambda: layers.conv_backward_im2col(dout, cache))
    tt_fwd, tt_bwd = best_of(torch_forward), best_of(torch_backward)
    out, _ = layers.conv_forward_im2col(x, w, b, cp)
    err = float(np.max(np.abs(out - out_t.detach().numpy())))
    return t_fwd, tt_fwd, t_bwd, tt_bwd, err


def main():
    on_one_thread(__name__)


def measure():
    import torch
    torch.set_num_threads(1)
    layers = load_reference("a4_cnn_layers", "conv_layers.py")
    print(f"torch {torch.__version__} on {torch.get_num_threads()} thread(s), one BLAS thread, numpy {np.__version__}; float64, CPU; "
          f"best of 5 runs")
    print(f"{'shape (N, C, H, W) * (F, C, HH, WW) s p':44s} {'im2col fwd':>11s} {'torch fwd':>10s} {'ratio':>6s}"
          f" {'im2col bwd':>11s} {'torch bwd':>10s} {'ratio':>6s}")
    worst = 0.0
    for shape in SHAPES:
        N, C, H, W, F, HH, WW, s, p = shape
        t_fwd, tt_fwd, t_bwd, tt_bwd, err = against_torch(layers, shape)
        assert err < 1e-9, f"im2col and torch disagree by {err}"
        worst = max(worst, t_fwd / tt_fwd, t_bwd / tt_bwd)
        label = f"({N}, {C}, {H}, {W}) * ({F}, {C}, {HH}, {WW}) s{s} p{p}"
        print(f"{label:44s} {t_fwd * 1e3:9.1f}ms {tt_fwd * 1e3:8.1f}ms {t_fwd / tt_fwd:5.2f}x"
              f" {t_bwd * 1e3:9.1f}ms {tt_bwd * 1e3:8.1f}ms {t_bwd / tt_bwd:5.2f}x")
    verdict = "meets" if worst <= GOAL else "misses"
    print(f"im2col against torch: worst ratio {worst:.2f}x ({verdict} the goal of {GOAL}x)")

    x, w, b, cp, dout = inputs(NAIVE_SHAPE)

    def naive():
        _, cache = layers.conv_forward_naive(x, w, b, cp)
        layers.conv_backward_naive(dout, cache)

    def im2col():
        _, cache = layers.conv_forward_im2col(x, w, b, cp)
        layers.conv_backward_im2col(dout, cache)

    t_naive, t_im2col = best_of(naive, repeat=2), best_of(im2col)
    N, C, H, W, F, HH, WW, s, p = NAIVE_SHAPE
    print(f"naive against im2col, forward + backward on ({N}, {C}, {H}, {W}) * ({F}, {C}, {HH}, {WW}): "
          f"{t_naive * 1e3:.1f} ms against {t_im2col * 1e3:.2f} ms, im2col {t_naive / t_im2col:.0f}x faster "
          f"(the graded speed part asks the students for 20x)")
