"""a5's held-out images through the student's network, fast on a grading worker's one CPU thread (or
on the grading machine's GPU) and with the float32 predictions of a plain forward pass:

    outs = forward_all(model, images)     # [(batch, 10) logits, ...], in the child

Each speed-up is the same arithmetic up to rounding, and each falls back where it would change a
student's scores: channels-last memory, batch norms folded into their convolutions and ReLU in place
(`folded`), freed memory kept for the next batch (`keep_freed_memory`), 50 images a batch.
`python -m bench heldout` measures them against the kit's earlier plain pass and counts changed labels.
"""
from __future__ import annotations

import ctypes

import numpy as np
import torch
from torch.fx.experimental.optimization import fuse   # here, not in the child: a child that dropped its uid
                                                      # cannot import what its parent had not

NUM_CLASSES = 10
BATCH = 50                      # images per forward pass on the CPU (bench heldout: fastest on one core)
GPU_BATCH = 1000                # images per forward pass on a GPU
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3      # glibc's mallopt parameters
KEEP_BELOW, TRIM_ABOVE = 32 << 20, 1 << 30       # heap blocks up to 32 MB; give memory back above 1 GB


def forward_all(model, images: np.ndarray, devices: list | None = None) -> list:
    """The model's outputs on `images` (N, 3, 32, 32), a batch at a time, without gradients: on the
    grading machine's GPU when it has one (TF32 off: float32 arithmetic as on the CPU), else on the CPU,
    50 images a batch, with freed memory kept for the next batch (`keep_freed_memory`) and batch norms
    folded into their convolutions (`folded`). Each is the same float32 arithmetic up to rounding;
    `python -m bench heldout` measures the speed-up and checks that no prediction changes.
    Channels-last memory first, the layout convolutions run fastest in; a model whose forward needs the
    default layout (`x.view(len(x), -1)` after a convolution), or fails on the GPU, runs again in the
    default layout, then on the CPU; the last failure is the caller's to report. `devices` replaces
    `inference_devices()` (the bench measures the CPU on any machine).
    Stops at the first output that is not (batch, NUM_CLASSES) logits, for the caller to report."""
    keep_freed_memory()
    tries = [(device, layout) for device in devices or inference_devices()
             for layout in (torch.channels_last, torch.contiguous_format)]
    for device, layout in tries[:-1]:
        try:
            return _forward(model, images, device, layout)
        except Exception:
            continue
    return _forward(model, images, *tries[-1])


def _forward(model, images: np.ndarray, device, layout) -> list:
    batch = BATCH if device.type == "cpu" else GPU_BATCH
    outs, net = [], model.to(device=device, memory_format=layout)
    with torch.no_grad():
        for i in range(0, len(images), batch):
            x = torch.from_numpy(images[i:i + batch]).to(device).contiguous(memory_format=layout)
            if i == 0:
                net = folded(net, x).to(memory_format=layout)
            out = net(x)
            outs.append(out)
            if not isinstance(out, torch.Tensor) or out.dim() != 2 or out.shape[1] != NUM_CLASSES:
                break
    return outs


def folded(net, x):
    """A copy of `net` for inference (torch.fx): each batch norm that alone follows a convolution folded
    into its weights, and each ReLU whose input is a fresh layer output it alone reads applied in place;
    two passes over the activations less per stage (`python -m bench heldout` measures the whole). `net`
    itself where its forward cannot be traced, or where the copy's scores on the batch `x` are not
    `net`'s up to rounding with the same predictions (a convolution shared by two paths, one without
    its batch norm, would be folded for both)."""
    try:
        fast = relu_in_place(fuse(net))
        want, got = net(x), fast(x)
        if (isinstance(want, torch.Tensor) and isinstance(got, torch.Tensor) and want.shape == got.shape
                and want.dim() == 2 and torch.equal(want.argmax(1), got.argmax(1))
                and torch.allclose(want, got, rtol=1e-4, atol=1e-4)):
            return fast
    except Exception:       # untraceable (control flow on values), a batch norm without running stats, ...
        pass
    return net


FRESH_OUTPUTS = (torch.nn.Conv2d, torch.nn.Linear, torch.nn.BatchNorm2d, torch.nn.BatchNorm1d)
RELUS = (torch.relu, torch.nn.functional.relu)


def relu_in_place(graph_module):
    """The traced module with `torch.relu_` for each ReLU (module or function) whose input is the output
    of a convolution, linear layer or batch norm that nothing else reads."""
    modules = dict(graph_module.named_modules())
    for node in list(graph_module.graph.nodes):
        is_relu = ((node.op == "call_module" and isinstance(modules.get(node.target), torch.nn.ReLU))
                   or (node.op == "call_function" and node.target in RELUS))
        source = node.args[0] if is_relu and node.args else None
        if (source is None or not hasattr(source, "users") or len(source.users) != 1
                or source.op != "call_module" or not isinstance(modules.get(source.target), FRESH_OUTPUTS)):
            continue
        with graph_module.graph.inserting_after(node):
            in_place = graph_module.graph.call_function(torch.relu_, (source,))
        node.replace_all_uses_with(in_place)
        graph_module.graph.erase_node(node)
    graph_module.recompile()
    return graph_module


def inference_devices() -> list:
    """Where the held-out images run, in order of preference: the GPU (with TF32 off, so that a
    prediction is the one float32 makes) when this machine has one CUDA can open, then the CPU."""
    try:
        if torch.cuda.is_available():
            torch.backends.cudnn.allow_tf32 = False
            torch.backends.cuda.matmul.allow_tf32 = False
            return [torch.device("cuda"), torch.device("cpu")]
    except Exception:       # a driver the sandbox does not let open: the CPU
        pass
    return [torch.device("cpu")]


def keep_freed_memory() -> None:
    """Keep the memory a batch frees for the next batch. By default glibc hands each freed block of a
    few MB back to the kernel (an activation of 50 images, 32 channels, 32 x 32 is 6.5 MB) and the next
    batch page-faults it back in, zeroed: a third of a small net's CPU time on the held-out images
    (`python -m bench heldout`). Heap blocks up to 32 MB, and no trimming below 1 GB, stop that; the
    arithmetic is unchanged. Nothing happens where the C library has no mallopt."""
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, KEEP_BELOW)
        mallopt(M_TRIM_THRESHOLD, TRIM_ABOVE)
