"""What a sandbox sees of the machine: the system folders, the Python installation, the kit's
`autograder` package and the folders a check exposes; never the reference solutions, the caches
or the reference outputs a release ships. The mount namespace (`newroot`) and Landlock
(`landlock`) both show exactly this.
"""
from __future__ import annotations

import functools
import os
import sys

from autograder.config.paths import ROOT

# Inside the folders the sandbox sees, what it must not: the reference outputs a release ships.
HIDDEN_INSIDE = (str(ROOT / "autograder" / "reference_outputs"),)
# Never shown, whatever else is: the reference solutions and the kit's caches (reference outputs).
HIDDEN = (str(ROOT / "solutions"), str(ROOT / ".cache"))
SYSTEM_FOLDERS = ("/usr", "/etc", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/opt")


def has_gpu() -> bool:
    return os.path.exists("/dev/nvidiactl")


def under(path: str, top: str) -> bool:
    return path == top or path.startswith(top.rstrip("/") + "/")


@functools.lru_cache(maxsize=None)
def interpreter_paths() -> tuple[str, ...]:
    """The Python installation: its prefixes, standard library and site-packages folders (and the
    sys.path entries inside them), nothing else of sys.path: not the working folder, not a folder
    a .pth file or PYTHONPATH added (an editable install adds the kit's root)."""
    import site
    import sysconfig
    prefixes = [sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix]
    paths = list(prefixes)
    paths += [v for k, v in sysconfig.get_paths().items() if k in ("stdlib", "platstdlib", "purelib", "platlib")]
    try:
        paths += list(site.getsitepackages())
    except AttributeError:   # an old virtualenv's site module
        pass
    paths += [p for p in sys.path if p and os.path.isabs(p) and any(under(p, x) for x in prefixes)]
    return tuple(paths)


def _shown(paths) -> list[str]:
    """`paths` without what must never be shown (or what holds it), duplicates and nested ones."""
    keep = []
    for p in map(os.path.abspath, paths):
        if not os.path.lexists(p):
            continue
        if any(under(h, p) for h in HIDDEN):
            continue  # the kit's root (or above): would show the reference solutions
        if any(under(p, k) for k in keep):
            continue
        keep = [k for k in keep if not under(k, p)] + [p]
    return keep


def read_only_sources(expose) -> list[str]:
    """What the sandbox sees of the machine, besides its own folder: the system folders, the
    interpreter, the kit's `autograder` package and the folders in `expose`."""
    return _shown([*_base_sources(), *map(str, expose)])


@functools.lru_cache(maxsize=None)
def _base_sources() -> tuple[str, ...]:
    """The part of `read_only_sources` that is the same for every child (worked out once, in the
    fork server: `prime`)."""
    return tuple(_shown([*SYSTEM_FOLDERS, *interpreter_paths(), str(ROOT / "autograder")]))
