"""The data sets of the course: where they come from and whether the files on disk are the right ones.

    python -m autograder data cifar10 [--root DIR]   # download with torchvision, then verify the md5s
    python -m autograder data zoo                     # locate datasets/data-04-zoo.csv, verify its sha256

`datasets/manifest.json` lists, for each data set, its source URL, licence and the checksum of every
file. Every failure is a `DataError` with one line that says what to do, never a traceback.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from autograder.config.paths import DATASETS

MANIFEST = DATASETS / "manifest.json"


class DataError(Exception):
    """A data set is missing, cannot be downloaded or does not match its checksum."""


def load_manifest(path: Path = MANIFEST) -> dict:
    try:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"cannot read the data manifest {path}: {exc}") from None


def file_digest(path: Path, algorithm: str) -> str:
    h = hashlib.new(algorithm)
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def verify_files(folder: Path, files: dict) -> list[str]:
    """Problems with `files` ({name: {"md5" or "sha256": hex}}) in `folder`; [] when all match."""
    problems = []
    for name, sums in files.items():
        path = Path(folder) / name
        if not path.is_file():
            problems.append(f"{name} is missing")
            continue
        for algorithm in ("sha256", "md5"):
            if algorithm in sums and file_digest(path, algorithm) != sums[algorithm]:
                problems.append(f"{name}: {algorithm} does not match the manifest")
    return problems


def entry(name: str, manifest: dict | None = None) -> dict:
    manifest = manifest if manifest is not None else load_manifest()
    if name not in manifest:
        raise DataError(f"unknown data set {name!r} (known: {', '.join(sorted(manifest))})")
    return manifest[name]


def verify(name: str, root: Path = DATASETS, manifest: dict | None = None) -> Path:
    """The folder holding data set `name` under `root`, after checking every file; raises DataError."""
    info = entry(name, manifest)
    folder = Path(root) / info.get("folder", "")
    if info.get("folder") and Path(root).name == info["folder"]:
        folder = Path(root)
    problems = verify_files(folder, info["files"])
    if problems:
        hint = f"run: python -m autograder data {name}" + ("" if Path(root) == DATASETS else f" --root {root}")
        raise DataError(f"{name} in {folder}: {'; '.join(problems)} ({hint})")
    return folder


def download_cifar10(root: Path = DATASETS, manifest: dict | None = None) -> Path:
    """torchvision's downloader (it checks the archive's md5), then our own check of every file."""
    info = entry("cifar10", manifest)
    try:
        return verify("cifar10", root, manifest)   # already there: nothing to fetch
    except DataError:
        pass
    try:
        from torchvision.datasets import CIFAR10
    except ImportError as exc:
        raise DataError(f"torchvision is needed to download cifar10 ({exc}); run make venv") from None
    Path(root).mkdir(parents=True, exist_ok=True)
    try:
        CIFAR10(str(root), train=True, download=True)
    except Exception as exc:  # no network, a proxy, a truncated download, a full disk
        reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:300]
        raise DataError(f"could not download cifar10 from {info['url']} ({reason}); check the network, or "
                        f"copy {info['archive']['file']} into {root} and extract it there") from None
    return verify("cifar10", root, manifest)
