"""a5's held-out grading on the CPU (`python -m bench heldout`): the reference's build_model() with its
checkpoint.pt on BENCH_HELDOUT_IMAGES (default 2000) normalised CIFAR-10-sized images, one thread, as a
grading worker runs it, in CPU seconds scaled to the 10,000 test images:

- before: no gradients, 500 images a batch, PyTorch's default memory layout (the kit until #19);
- now: `forward_all` of the a5 checks on the CPU (50 a batch, channels-last memory, freed memory kept
  for the next batch instead of page-faulting back in, batch norms folded into their convolutions).

Each side runs twice and keeps its best, `before` first: `now` changes the process's allocator for good.
It prints both, their ratio (goal: at most 12 s a student-thread), the page faults of each, and whether any
predicted label changed (goal: none; the float32 logits differ by rounding only).
"""
from __future__ import annotations

import os
import resource
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


def clocked(fn, *args, runs: int = 2):
    """(best CPU seconds of `runs` calls, page faults of the last call, its output)."""
    best = float("inf")
    for _ in range(runs):
        faults, start = resource.getrusage(resource.RUSAGE_SELF).ru_minflt, time.process_time()
        out = fn(*args)
        best = min(best, time.process_time() - start)
        faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults
    return best, faults, out


def main() -> None:
    import torch
    from autograder.checks.a5_cifar10_gpu.inference import forward_all
    torch.set_num_threads(1)
    n = int(os.environ.get(ENV_IMAGES, "2000"))
    images = np.random.default_rng(0).standard_normal((n, 3, 32, 32)).astype(np.float32)
    net = reference_model()
    old_s, old_faults, old = clocked(before, net, images)
    new_s, new_faults, outs = clocked(forward_all, net, images, [torch.device("cpu")])
    new = torch.cat(outs)
    scale = TEST_IMAGES / n
    changed = int((old.argmax(1) != new.argmax(1)).sum())
    print(f"{AID} reference ({sum(p.numel() for p in net.parameters()):,} parameters), {n} images, 1 thread, "
          f"CPU seconds per {TEST_IMAGES:,} images:")
    print(f"  before {old_s * scale:.1f} s, now {new_s * scale:.1f} s: {old_s / new_s:.2f}x   (goal: now <= 12 s)")
    print(f"  page faults per run: before {old_faults:,}, now {new_faults:,}")
    print(f"  predicted labels changed: {changed} of {n}; largest logit difference "
          f"{float((old - new).abs().max()):.1e}   (goal: 0 changed)")
