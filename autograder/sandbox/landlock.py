"""Landlock (Linux 5.13+, no root needed): what a sandboxed process may read, write and reach.
"""
from __future__ import annotations

import ctypes
import functools
import os
import stat
import sys

from autograder.sandbox.syscalls import syscall
from autograder.sandbox.view import HIDDEN_INSIDE, has_gpu, read_only_sources, under

LANDLOCK_SETTING = "AUTOGRADER_LANDLOCK"       # "0": behave as on a kernel without Landlock (tests)


# linux/landlock.h; the system call numbers are the same on every architecture.
LANDLOCK_CREATE_RULESET, LANDLOCK_ADD_RULE, LANDLOCK_RESTRICT_SELF = 444, 445, 446
LANDLOCK_CREATE_RULESET_VERSION, LANDLOCK_RULE_PATH_BENEATH = 1, 1
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
FS_REFER, FS_TRUNCATE, FS_IOCTL_DEV = 1 << 13, 1 << 14, 1 << 15
NET_BIND_TCP, NET_CONNECT_TCP = 1, 2
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1, 2
READ = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR
FILE_ONLY = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV   # rights a file's rule may hold
DEVICES_RW = ("null", "zero", "full")
DEVICES_R = ("random", "urandom")


class _RulesetAttr(ctypes.Structure):
    _fields_ = [("handled_access_fs", ctypes.c_uint64), ("handled_access_net", ctypes.c_uint64),
                ("scoped", ctypes.c_uint64)]


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


def landlock_abi() -> int:
    """The kernel's Landlock ABI version; 0 where there is none (old kernel, not enabled, not Linux)
    or where `AUTOGRADER_LANDLOCK=0` asks to behave as on such a kernel (the kit's tests do)."""
    if not sys.platform.startswith("linux") or os.environ.get(LANDLOCK_SETTING, "1") == "0":
        return 0
    version = syscall(LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0),
                       ctypes.c_uint32(LANDLOCK_CREATE_RULESET_VERSION))
    return max(0, version)


def _all_fs(abi: int) -> int:
    rights = (1 << 13) - 1
    if abi >= 2:
        rights |= FS_REFER
    if abi >= 3:
        rights |= FS_TRUNCATE
    if abi >= 5:
        rights |= FS_IOCTL_DEV
    return rights


@functools.lru_cache(maxsize=None)
def _open_up(source: str) -> tuple[str, ...]:
    """`source`, or where it holds a hidden folder, its entries down to that folder's siblings
    (the folders split so may still be listed: `listed_only`)."""
    inside = [h for h in HIDDEN_INSIDE if under(h, source) and h != source]
    if not inside:
        return (source,)
    paths, stack = [], [source]
    while stack:
        top = stack.pop()
        listed_only.add(top)
        for name in os.listdir(top):
            path = os.path.join(top, name)
            if any(under(h, path) for h in inside):
                if not any(h == path for h in inside):
                    stack.append(path)
                continue
            paths.append(path)
    return tuple(paths)


listed_only: set[str] = set()   # folders split by `_open_up`: their names may be listed, nothing read


def landlock_read_paths(expose) -> list[str]:
    """What the child may read: what a mount namespace would show (`read_only_sources`), with
    the folders that hold something hidden (the shipped reference outputs) opened up entry by entry."""
    paths = []
    for source in read_only_sources(expose):
        paths += _open_up(source)
    if has_gpu():   # the CUDA driver reads its devices' descriptions there
        paths += ["/sys", "/proc"]
    else:
        paths += ["/sys/devices/system/cpu"]   # CPU counts for the BLAS and torch
    try:
        paths.append("/proc/" + os.readlink("/proc/self"))   # its own process's files only
    except OSError:
        pass
    return paths


def landlock_ruleset(read, write, devices_rw, abi: int, listed=()) -> int | None:
    """A Landlock ruleset (its descriptor) that lets a process read `read`, read and write `write`
    and the devices `devices_rw`, list the folders `listed` (the names in them and below, not what
    the files hold), and nothing else on the file system; with ABI 4+ no TCP, with
    ABI 6+ no signal nor abstract UNIX socket outside the sandbox. Made while every path can still
    be opened (before the drop to the sandbox's user); None where the kernel refuses."""
    handled = _all_fs(abi)
    attr = _RulesetAttr(handled, NET_BIND_TCP | NET_CONNECT_TCP if abi >= 4 else 0,
                        SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL if abi >= 6 else 0)
    size = 8 if abi < 4 else 16 if abi < 6 else 24
    ruleset = syscall(LANDLOCK_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return None
    rules = [(p, READ) for p in read] + [(p, handled) for p in write] + \
            [(p, FS_READ_FILE | FS_WRITE_FILE | FS_TRUNCATE | FS_IOCTL_DEV) for p in devices_rw] + \
            [(p, FS_READ_DIR) for p in listed]
    for path, rights in rules:
        try:
            fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
        except OSError:
            continue
        try:
            if not stat.S_ISDIR(os.fstat(fd).st_mode):
                rights &= FILE_ONLY
            rule = _PathBeneath(rights & handled, fd)
            syscall(LANDLOCK_ADD_RULE, ctypes.c_int(ruleset), ctypes.c_int(LANDLOCK_RULE_PATH_BENEATH),
                     ctypes.byref(rule), ctypes.c_uint32(0))
        finally:
            os.close(fd)
    return ruleset


def landlock_restrict(ruleset: int) -> bool:
    """Put this process (and whatever it starts) under `ruleset`, then close it. Needs no new
    privileges set first (or CAP_SYS_ADMIN). True when the restriction is in force."""
    try:
        return syscall(LANDLOCK_RESTRICT_SELF, ctypes.c_int(ruleset), ctypes.c_uint32(0)) == 0
    finally:
        os.close(ruleset)
