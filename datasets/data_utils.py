"""Data helpers for the notebooks and the kit: CIFAR-10 in its real python pickle format, the zoo CSV.

Plain NumPy, no kit imports, so it ships to students as it is. In a notebook:

    import sys; sys.path.insert(0, "../../datasets")
    from data_utils import cifar10_dir, load_cifar10
    X_train, y_train, X_test, y_test = load_cifar10(cifar10_dir())

`cifar10_dir()` is the real data when it is there (``python -m autograder data cifar10`` puts it
in datasets/), else the folder named by $CIFAR10_DIR, else a small generated fixture in exactly
the real format (written on first use), so that everything runs offline.
"""
from __future__ import annotations

import os
import pickle
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
CIFAR10_CLASSES = ("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck")
BATCH_FOLDER = "cifar-10-batches-py"
# The kit's CIFAR-10 normalisation (per channel, on pixels scaled to [0, 1]); a5's graded models see
# exactly this, and its augmentation is RandomCrop(32, padding=4) + RandomHorizontalFlip. Both live
# only here: cifar10_transforms (per image, torchvision), augment_batch + normalize_batch (a batch, on
# any device) and normalize_cifar10 (NumPy).
CIFAR10_MEAN = (0.4914, 0.4822, 0.4465)
CIFAR10_STD = (0.2470, 0.2435, 0.2616)
CROP_PADDING = 4


def load_cifar10_batch(path):
    """One pickled batch -> X of shape (N, 32, 32, 3) float64 in [0, 255], y of shape (N,) int64."""
    with open(path, "rb") as f:
        batch = pickle.load(f, encoding="bytes")
    X = np.asarray(batch[b"data"], dtype=np.uint8).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    y = np.asarray(batch[b"labels"], dtype=np.int64)
    return X.astype(np.float64), y


def load_cifar10(root):
    """
    Load CIFAR-10 from `root`, a folder holding data_batch_1 .. data_batch_5 and test_batch
    (or holding the folder cifar-10-batches-py that does).

    Returns:
    - X_train: A numpy array of shape (N_train, 32, 32, 3), float64 pixel values in [0, 255].
    - y_train: A numpy array of shape (N_train,) of labels in 0..9.
    - X_test: A numpy array of shape (N_test, 32, 32, 3).
    - y_test: A numpy array of shape (N_test,).
    """
    root = Path(root)
    if (root / BATCH_FOLDER).is_dir():
        root = root / BATCH_FOLDER
    xs, ys = zip(*(load_cifar10_batch(root / f"data_batch_{b}") for b in range(1, 6)))
    X_test, y_test = load_cifar10_batch(root / "test_batch")
    return np.concatenate(xs), np.concatenate(ys), X_test, y_test


def make_cifar10_fixture(root, per_batch=200, n_test=200, seed=0):
    """
    Write a small CIFAR-10 look-alike in exactly the real format to root/cifar-10-batches-py/:
    data_batch_1..5, test_batch (dicts with b"batch_label", b"labels", b"data" uint8 (N, 3072),
    b"filenames") and batches.meta. Each class has its own colour and stripe pattern plus noise,
    so that a classifier can learn it, but not trivially. Returns the batch folder.
    """
    folder = Path(root) / BATCH_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(seed)
    colours = rng.uniform(90, 165, (10, 3))
    freqs = rng.uniform(0.15, 0.6, (10, 2))
    yy, xx = np.mgrid[0:32, 0:32]

    def images(n, label_seed):
        r = np.random.default_rng(label_seed)
        labels = r.integers(0, 10, n)
        phase = r.uniform(0, 2 * np.pi, (n, 1, 1))                       # each image shifts its stripes
        pattern = np.sin(freqs[labels, 0, None, None] * xx + freqs[labels, 1, None, None] * yy + phase)
        colour = colours[labels] + r.normal(0, 40, (n, 3))                 # and its colour
        img = colour[:, :, None, None] + 40 * pattern[:, None] + r.normal(0, 40, (n, 3, 32, 32))
        return np.clip(img, 0, 255).astype(np.uint8).reshape(n, 3072), labels

    def write(name, obj):   # whole or not at all: two processes may make the fixture at once
        part = folder / f"{name}.part-{os.getpid()}"
        with open(part, "wb") as f:
            pickle.dump(obj, f, protocol=2)
        os.replace(part, folder / name)

    def dump(name, n, label_seed, batch_label):
        data, labels = images(n, label_seed)
        batch = {b"batch_label": batch_label.encode(), b"labels": [int(v) for v in labels], b"data": data,
                 b"filenames": [f"fixture_{name}_{i}.png".encode() for i in range(n)]}
        write(name, batch)

    for b in range(1, 6):
        dump(f"data_batch_{b}", per_batch, seed * 100 + b, f"training batch {b} of 5")
    dump("test_batch", n_test, seed * 100 + 99, "testing batch 1 of 1")
    write("batches.meta", {b"num_cases_per_batch": per_batch, b"label_names": [c.encode() for c in CIFAR10_CLASSES],
                           b"num_vis": 3072})
    return folder


def cifar10_dir():
    """The real CIFAR-10 if downloaded, else $CIFAR10_DIR, else the generated fixture."""
    real = HERE / BATCH_FOLDER
    if (real / "test_batch").is_file():
        return real
    if os.environ.get("CIFAR10_DIR"):
        return Path(os.environ["CIFAR10_DIR"])
    fixture = HERE / "cifar-10-fixture" / BATCH_FOLDER
    if not (fixture / "batches.meta").is_file():
        make_cifar10_fixture(fixture.parent)
    return fixture


def normalize_cifar10(X):
    """
    The kit's normalisation in NumPy.

    Inputs:
    - X: A numpy array of shape (N, 32, 32, 3), pixel values in [0, 255] (as load_cifar10 returns).

    Returns:
    - A float32 array of shape (N, 3, 32, 32): (X / 255 - mean) / std per channel, channels first.
    """
    X = np.asarray(X, dtype=np.float32) / 255.0
    X = (X - np.array(CIFAR10_MEAN, dtype=np.float32)) / np.array(CIFAR10_STD, dtype=np.float32)
    return np.ascontiguousarray(X.transpose(0, 3, 1, 2))


def cifar10_transforms(train=True):
    """torchvision's per-image transforms: the kit's augmentation (training only), then ToTensor and
    the kit's normalisation. Use with cifar10_dataset(..., transform=...) and a DataLoader."""
    from torchvision import transforms as T
    steps = [T.RandomCrop(32, padding=CROP_PADDING), T.RandomHorizontalFlip()] if train else []
    return T.Compose(steps + [T.ToTensor(), T.Normalize(CIFAR10_MEAN, CIFAR10_STD)])


def normalize_batch(x):
    """
    The kit's normalisation in torch, on the batch's device.

    Inputs:
    - x: A torch tensor of shape (N, 3, H, W), pixel values in [0, 255] (uint8 or float).

    Returns:
    - A float32 tensor of the same shape, equal to normalize_cifar10 of the same images.
    """
    import torch
    mean = torch.tensor(CIFAR10_MEAN, device=x.device).view(1, 3, 1, 1)
    std = torch.tensor(CIFAR10_STD, device=x.device).view(1, 3, 1, 1)
    return (x.float() / 255.0 - mean) / std


def augment_batch(x, padding=CROP_PADDING):
    """
    The augmentation of cifar10_transforms(train=True) on a whole batch at once, on the batch's
    device (a GPU keeps up with it): each image gets its own random 32x32 crop of the image
    zero-padded by `padding` (black, as RandomCrop pads), then a left-right flip with probability 1/2.
    Apply it to raw pixels, before normalize_batch, in the same order as the per-image transforms.

    Inputs:
    - x: A torch tensor of shape (N, C, H, W) of raw pixels (uint8 or float).

    Returns:
    - A tensor of the same shape, dtype and device.
    """
    import torch
    N, C, H, W = x.shape
    padded = torch.nn.functional.pad(x, (padding, padding, padding, padding))
    dy = torch.randint(0, 2 * padding + 1, (N, 1, 1), device=x.device)
    dx = torch.randint(0, 2 * padding + 1, (N, 1, 1), device=x.device)
    rows = dy + torch.arange(H, device=x.device).view(1, H, 1)                   # (N, H, 1)
    cols = torch.arange(W, device=x.device).view(1, 1, W)
    flip = torch.rand(N, 1, 1, device=x.device) < 0.5
    cols = dx + torch.where(flip, W - 1 - cols, cols)                             # (N, 1, W)
    n = torch.arange(N, device=x.device).view(N, 1, 1)
    return padded.permute(0, 2, 3, 1)[n, rows, cols].permute(0, 3, 1, 2).contiguous()


_TORCH_CIFAR10 = None


def cifar10_dataset(root, train=True, transform=None):
    """
    torchvision's CIFAR10 dataset over `root` (the real data or the generated fixture; a folder that
    holds cifar-10-batches-py, or that folder itself). The batches are read with load_cifar10_batch
    and no md5 is checked here (`python -m autograder data cifar10` verifies the real files), so the
    fixture works too. `.data` is uint8 (N, 32, 32, 3), `.targets` a list of N labels.
    """
    global _TORCH_CIFAR10
    if _TORCH_CIFAR10 is None:
        from torchvision.datasets import CIFAR10, VisionDataset

        class KitCIFAR10(CIFAR10):
            def __init__(self, root, train=True, transform=None, target_transform=None):
                root = Path(root)
                folder = root if root.name == BATCH_FOLDER or (root / "test_batch").is_file() else root / BATCH_FOLDER
                VisionDataset.__init__(self, str(folder.parent), transform=transform,
                                       target_transform=target_transform)
                self.train = train
                names = [f"data_batch_{b}" for b in range(1, 6)] if train else ["test_batch"]
                xs, ys = zip(*(load_cifar10_batch(folder / name) for name in names))
                self.data = np.concatenate(xs).astype(np.uint8)
                self.targets = [int(v) for v in np.concatenate(ys)]
                self.classes = list(CIFAR10_CLASSES)
                self.class_to_idx = {c: i for i, c in enumerate(self.classes)}

        KitCIFAR10.__module__, KitCIFAR10.__qualname__ = __name__, "KitCIFAR10"
        globals()["KitCIFAR10"] = _TORCH_CIFAR10 = KitCIFAR10   # picklable for DataLoader workers
    return _TORCH_CIFAR10(root, train=train, transform=transform)


def load_zoo(path=HERE / "data-04-zoo.csv"):
    """
    The UCI zoo data (CC BY 4.0) as the lectures use it: comment lines start with '#'.

    Returns:
    - X: A numpy array of shape (101, 16) of float64 features (15 booleans and the leg count).
    - y: A numpy array of shape (101,) of int64 classes in 0..6.
    """
    data = np.loadtxt(path, delimiter=",", comments="#", dtype=np.float64)
    return data[:, :-1], data[:, -1].astype(np.int64)


# Fonts with Hangul, in the order tried: Windows, macOS, Linux (fonts-nanum, fonts-noto-cjk), Colab.
KOREAN_FONTS = ("Malgun Gothic", "AppleGothic", "Apple SD Gothic Neo", "NanumGothic", "Noto Sans CJK KR",
                "Noto Sans KR", "Noto Sans CJK JP", "UnDotum")


def use_korean_font():
    """Let matplotlib draw Korean titles and labels: put the first installed font with Hangul after
    the default font (matplotlib falls back glyph by glyph). Returns its name, or None when no such
    font is installed (then Korean shows as boxes, silently; on Linux: apt install fonts-noto-cjk)."""
    import warnings

    import matplotlib
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = next((name for name in KOREAN_FONTS if name in installed), None)
    if found is None:
        warnings.filterwarnings("ignore", message=r"Glyph \d+ .* missing from")
        return None
    # a list of families: matplotlib falls back along it glyph by glyph (Latin from the default font)
    matplotlib.rcParams["font.family"] = [matplotlib.rcParams["font.sans-serif"][0], found]
    matplotlib.rcParams["axes.unicode_minus"] = False      # Korean fonts often lack the minus sign
    return found
