"""data: download (cifar10, with torchvision's downloader) or locate a data set, and verify its checksums."""
from __future__ import annotations

import sys
from pathlib import Path

from autograder.config.data import DataError, download_cifar10, entry, load_manifest, verify
from autograder.config.paths import DATASETS

HELP = "download (cifar10) or locate (stock, zoo) a data set and verify it against datasets/manifest.json"


def add_arguments(parser) -> None:
    parser.add_argument("name", metavar="NAME", help="cifar10, stock or zoo")
    parser.add_argument("--root", type=Path, default=DATASETS, help="the data folder (default: datasets/)")


def run(args) -> int:
    try:
        manifest = load_manifest()
        info = entry(args.name, manifest)
        if args.name == "cifar10":
            folder = download_cifar10(args.root, manifest)
        else:
            folder = verify(args.name, args.root, manifest)
    except DataError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"{args.name}: {len(info['files'])} file(s) in {folder} match the manifest "
          f"(source {info['url']}, licence: {info['licence']})")
    return 0
