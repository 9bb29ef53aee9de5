"""a5's held-out grading on the CPU (`python -m bench heldout`): the reference's build_model() with its
checkpoint.pt on BENCH_HELDOUT_IMAGES (default 2000) normalised CIFAR-10-sized images, one thread, as a
grading worker runs it, in CPU seconds scaled to the 10,000 test images:

- before: no gradients, 500 images a batch, PyTorch's default memory layout (the kit until #19);
- now: `forward_all` of the a5 checks (100 a batch, channels-last memory).

It prints both, their ratio (goal: at most 12 s a student-thread) and whether any predicted label changed
(goal: none; the float32 logits differ by rounding only).
"""
from __future__ import annotations

import os
import time

import numpy as np

from autograder.config.paths import SOLUTIONS

AID = "a5_cifar10_gpu"
ENV_IMAGES = "BENCH_HELDOUT_IMAGES"
TEST_IMAGES = 10_000


def reference_model():
    import torch
    from autograder.model.loader import load_module
    net = load_module(SOLUTIONS / AID / "model.py").build_model()
    state = torch.load(SOLUTIONS / AID / "checkpoint.pt", map_location="cpu", weights_only=True)
    net.load_state_dict({k: v.float() for k, v in state.items()}, strict=True)
    return net.eval()


def before(net, images: np.ndarray):
    import torch
    with torch.no_grad():
        return torch.cat([net(torch.from_numpy(images[i:i + 500])) for i in range(0, len(images), 500)])


def clocked(fn, *args):
    start = time.process_time()
    out = fn(*args)
    return time.process_time() - start, out


def main() -> None:
    import torch
    from autograder.checks.a5_cifar10_gpu.checkpoint import forward_all
    torch.set_num_threads(1)
    n = int(os.environ.get(ENV_IMAGES, "2000"))
    images = np.random.default_rng(0).standard_normal((n, 3, 32, 32)).astype(np.float32)
    net = reference_model()
    old_s, old = clocked(before, net, images)
    new_s, outs = clocked(forward_all, net, images)
    new = torch.cat(outs)
    scale = TEST_IMAGES / n
    changed = int((old.argmax(1) != new.argmax(1)).sum())
    print(f"{AID} reference ({sum(p.numel() for p in net.parameters()):,} parameters), {n} images, 1 thread, "
          f"CPU seconds per {TEST_IMAGES:,} images:")
    print(f"  before {old_s * scale:.1f} s, now {new_s * scale:.1f} s: {old_s / new_s:.2f}x   (goal: now <= 12 s)")
    print(f"  predicted labels changed: {changed} of {n}; largest logit difference "
          f"{float((old - new).abs().max()):.1e}   (goal: 0 changed)")
