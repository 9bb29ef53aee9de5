"""What typical mistakes return, for the judges' hints, without shipping code that computes it.

A hint such as "Adam without bias correction" compares the student's wrong answer with what that
mistake returns on the check's inputs. The code that simulates a mistake is a correct computation
with a flag flipped, so it is reference logic: it lives in ``solutions/mistakes/<aid>.py``
(``variants(part, seed)``), which no student zip ships and no child sees. Judges run in the
parent and ask here:

- on the grader's machine (the private module is there) the outputs are computed, for any seed;
- in a student's offline kit they are read from the arrays the release wrote next to the public
  reference outputs, ``autograder/reference_outputs/<aid>/<part>.mistakes.npz`` (public checks,
  fixed seeds only); anywhere else there is simply no hint.
"""
from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import numpy as np

from autograder.config.paths import SOLUTIONS

PRIVATE = SOLUTIONS / "mistakes"                     # the simulators, one module per assignment
SHIPPED = Path(__file__).resolve().parent.parent / "reference_outputs"   # a student zip's arrays
SUFFIX = ".mistakes.npz"

_modules: dict[str, object] = {}


def _private(aid: str):
    """The assignment's simulators, or None where they are not (a student's kit, a child)."""
    if aid not in _modules:
        path = PRIVATE / f"{aid}.py"
        module = None
        try:
            if path.is_file():
                spec = importlib.util.spec_from_file_location(f"autograder_private_mistakes_{aid}", path)
                module = importlib.util.module_from_spec(spec)
                spec.loader.exec_module(module)
        except (OSError, ImportError):     # unreadable (a fenced child): no hints, never a crash
            module = None
        _modules[aid] = module
    return _modules[aid]


def has_private(aid: str) -> bool:
    return _private(aid) is not None


def variants(aid: str, part: str, seed: int) -> list[tuple[str, dict[str, np.ndarray]]]:
    """[(message key, {array name: what that mistake returns})] for one check at one seed."""
    module = _private(aid)
    if module is not None:
        return module.variants(part, seed)
    return read_shipped(SHIPPED / aid / f"{part}{SUFFIX}", seed)


def seed_of(ctx, default: int) -> int:
    """The seed the call ran with when the judge is told it (hidden checks may run at a student's own
    seed), else the check's fixed one."""
    seed = getattr(ctx, "seed", None)
    return default if seed is None else int(seed)


def hints(found: list[tuple[str, dict]], name: str, rtol=1e-6, atol=1e-9) -> list:
    """compare_array hints for the array `name`: the student's value equals a mistake's."""
    def same(g, v):
        g, v = np.asarray(g, dtype=np.float64), np.asarray(v, dtype=np.float64)
        return g.shape == v.shape and bool(np.allclose(g, v, rtol=rtol, atol=atol, equal_nan=True))
    return [(key, lambda g, e, v=arrays[name]: same(g, v)) for key, arrays in found if name in arrays]


# ---------------------------------------------------------------- the shipped form

def to_npz(found: list[tuple[str, dict]], seed: int) -> bytes:
    """One check's variants as an .npz (numbers and strings only: nothing to unpickle)."""
    arrays = {"seed": np.int64(seed), "keys": np.array([key for key, _ in found], dtype=np.str_)}
    for i, (_, values) in enumerate(found):
        arrays[f"names{i}"] = np.array(sorted(values), dtype=np.str_)
        for j, name in enumerate(sorted(values)):
            arrays[f"v{i}_{j}"] = np.asarray(values[name])
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def read_shipped(path: Path, seed: int) -> list[tuple[str, dict[str, np.ndarray]]]:
    """The variants a release wrote for `path`'s check; [] when absent or made for another seed."""
    try:
        with np.load(path, allow_pickle=False) as data:
            if int(data["seed"]) != int(seed):
                return []
            found = []
            for i, key in enumerate(data["keys"].tolist()):
                names = data[f"names{i}"].tolist()
                found.append((str(key), {name: data[f"v{i}_{j}"] for j, name in enumerate(names)}))
            return found
    except (OSError, KeyError, ValueError):
        return []


def release_files(aid: str, checks) -> dict[str, bytes]:
    """autograder/reference_outputs/<aid>/<part>.mistakes.npz for the given (public) checks, computed
    here from the private simulators. Nothing when the assignment has none."""
    module = _private(aid)
    if module is None:
        return {}
    files = {}
    for check in checks:
        found = module.variants(check.part, check.seed)
        if found:
            files[f"autograder/reference_outputs/{aid}/{check.part}{SUFFIX}"] = to_npz(found, check.seed)
    return files
