"""Run every benchmark module in bench/ (or the ones named: python -m bench conv knn)."""
import importlib
import pkgutil
import sys
from pathlib import Path

SKIP = {"gpu"}   # bench.gpu needs CUDA: `make bench-gpu`


def main(names: list[str]) -> int:
    available = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
                       if not m.name.startswith("_") and m.name not in SKIP)
    for name in names or available:
        print(f"\n=== bench.{name} ===", flush=True)
        importlib.import_module(f"bench.{name}").main()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
