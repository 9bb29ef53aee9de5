"""Keeping the interpreter's modules importable for the sandbox's user where they live under a
folder it cannot enter (a 0700 home: pyenv, conda).
"""
from __future__ import annotations

import functools
import os
import sys

from autograder.sandbox.view import under

def _others_reach(path: str) -> bool:
    """Whether a user that is neither the owner nor in the group (the sandbox's unique user) can
    list `path` and traverse every folder above it."""
    try:
        if os.stat(path).st_mode & 0o005 != 0o005:
            return False
        while path not in ("/", ""):
            path = os.path.dirname(path)
            if not os.stat(path).st_mode & 0o001:
                return False
    except OSError:
        return False
    return True


@functools.lru_cache(maxsize=8)
def closed_entries(path: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The folders of `path` the sandbox's user cannot reach, with their real paths."""
    return tuple((entry, os.path.realpath(entry)) for entry in path
                 if entry and os.path.isabs(entry) and os.path.isdir(entry) and not _others_reach(entry))


@functools.lru_cache(maxsize=8)
def packages_under(tops: tuple[str, ...], count: int) -> tuple[str, ...]:
    """The imported packages with a folder under `tops` (`count`: how many modules there were, so
    that what the fork server worked out is used only while nothing was imported since). Worked out
    once: touching every module in each child costs milliseconds of copied pages."""
    found = []
    for name, module in list(sys.modules.items()):
        search = getattr(module, "__path__", None)
        if isinstance(search, list) and any(isinstance(p, str) and under(p, t) for p in search for t in tops):
            found.append(name)
    return tuple(found)


def reach_through_descriptors() -> int:
    """Keep the interpreter's modules importable after the drop to the sandbox's user where they
    live under a folder it cannot enter (a 0700 home: pyenv, conda): each such sys.path folder is
    opened now, while we still may, and replaced in sys.path and in the __path__ of the packages
    already imported with /proc/self/fd/N/...; a process may always follow its own descriptors'
    links, and the walk from there checks no folder above. Returns how many were opened."""
    opened: dict[str, str] = {}
    for entry, real in closed_entries(tuple(sys.path)):
        if entry not in opened:
            try:
                fd = os.open(real, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
            except OSError:
                continue
            opened[entry] = f"/proc/self/fd/{fd}"
            if real != entry:
                opened[real] = opened[entry]
    if not opened:
        return 0
    tops = sorted(opened, key=lambda t: (-len(t), t))   # longest first; the same order as `prime`'s

    def through(path):
        if isinstance(path, str):
            for top in tops:
                if under(path, top):
                    return opened[top] + path[len(top):]
        return path

    sys.path[:] = [through(p) for p in sys.path]
    for name in packages_under(tuple(tops), len(sys.modules)):
        search = getattr(sys.modules.get(name), "__path__", None)
        if isinstance(search, list):
            search[:] = [through(p) for p in search]
    sys.path_importer_cache.clear()
    return len(set(opened.values()))
