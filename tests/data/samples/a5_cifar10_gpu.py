"""Sample students of a5_cifar10_gpu: checkpoints trained (seconds, on the CPU) or written by `build`.

The good student submits a small batch-norm net trained with the reference train.py on the graded
data (the generated fixture when the real CIFAR-10 is not downloaded; at most 1000 training
images, so that the demo stays fast). The others: the untouched stub, an untrained network, a
torch.compile'd model's keys, and a checkpoint that would run code when loaded.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from autograder.config.paths import DATASETS
from tests.data.samples import Sample

SMALL_NET = '''    return nn.Sequential(
        nn.Conv2d(3, 16, 3, padding=1), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(16, 32, 3, padding=1), nn.BatchNorm2d(32), nn.ReLU(), nn.MaxPool2d(2),
        nn.Conv2d(32, 64, 3, padding=1), nn.BatchNorm2d(64), nn.ReLU(), nn.AdaptiveAvgPool2d(1),
        nn.Flatten(), nn.Linear(64, 10))
'''


def run_train(folder: Path, *args: str) -> None:
    """The folder's own train.py, on the graded data, on the CPU."""
    from autograder.checks.a5_cifar10_gpu import data_root
    env = dict(os.environ, PYTHONPATH=str(DATASETS), OMP_NUM_THREADS="2", MKL_NUM_THREADS="2")
    cmd = [sys.executable, "train.py", "--data", str(data_root()), "--device", "cpu", "--limit", "1000",
           "--quiet", *args]
    proc = subprocess.run(cmd, cwd=folder, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"training the sample in {folder} failed:\n{proc.stderr[-2000:]}")


def load_model_module(folder: Path):
    from autograder.model.loader import load_module
    return load_module(folder / "model.py")


def train_small_net(folder: Path) -> None:
    run_train(folder, "--epochs", "12", "--batch-size", "32", "--lr", "5e-3")


def untrained(folder: Path, prefix: str = "") -> None:
    import torch
    torch.manual_seed(0)
    state = load_model_module(folder).build_model().state_dict()
    torch.save({prefix + k: v for k, v in state.items()}, folder / "checkpoint.pt")


class RunsCode:
    """Unpickling this calls os.system: what weights_only=True exists to refuse."""

    def __reduce__(self):
        return (os.system, ("echo this checkpoint ran code on the grader",))


def code_on_load(folder: Path) -> None:
    import torch
    torch.save({"classifier.2.weight": torch.zeros(10, 2048), "payload": RunsCode()}, folder / "checkpoint.pt")


SAMPLES = [
    Sample("kim-minjun", note="a small batch-norm net, trained for seconds on the data",
           edits=(("model.py", "    return DeepConvNet(widths=(32, 64, 128))\n", SMALL_NET),), build=train_small_net),
    Sample("이서연", base="stub", note="the untouched stub, no checkpoint"),
    Sample("park ji-ho", note="submitted an untrained network (random weights)", build=untrained),
    Sample("choi-yuna", note="saved the state_dict of a torch.compile'd model (keys start with _orig_mod.)",
           build=lambda folder: untrained(folder, "_orig_mod.")),
    Sample("jung-hoon", note="a checkpoint that would run code when loaded (refused by weights_only)",
           build=code_on_load),
]
