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

The kit's one way to name a mistake from its numbers is a hint pair ``(message key,
predicate(got, expected))`` for `judge.close`, `exact`, `gradient` or `lecture`: `fits` makes one
from what the mistake returns (an array, or a function of the expected one: simulating it there
reveals nothing), `known` gives the precomputed ones of the check being judged, at the seed its
call ran with.
"""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from autograder.config.paths import SOLUTIONS
from autograder.model.judge import near
from autograder.model.loader import load_module

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
                module = load_module(path, f"autograder_private_mistakes_{aid}")
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


def hints(found: list[tuple[str, dict]], name: str, rtol=1e-6, atol=1e-9) -> list:
    """compare_array hints for the array `name`: the student's value equals a mistake's."""
    return [fits(key, arrays[name], rtol, atol) for key, arrays in found if name in arrays]


def fits(key: str, value, rtol=1e-6, atol=1e-9) -> tuple:
    """The hint "your array is what mistake `key` returns": `value` is that array, or a function of
    the expected array giving it (``fits("a3.hint.not_averaged", lambda e: e * n)``)."""
    if callable(value):
        return key, lambda g, e: near(g, value(e), rtol, atol)
    return key, lambda g, e: near(g, value, rtol, atol)


def known(rtol=1e-6, atol=1e-9, aid: str | None = None):
    """``hints=`` for a judge: the typical mistakes of the check being judged (`variants` of
    ctx.aid's ctx.check.part at ctx.seed, the seed its call ran with), for each array by name."""
    def hints_of(ctx, name: str) -> list:
        if ctx.check is None or ctx.seed is None:
            return []
        key = (aid or ctx.aid, ctx.check.part, int(ctx.seed))
        found = ctx.__dict__.setdefault("_mistakes", {})
        if key not in found:
            found[key] = variants(*key)
        return hints(found[key], name, rtol, atol)
    return hints_of


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
