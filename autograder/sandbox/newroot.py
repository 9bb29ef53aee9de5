"""The sandbox's own root in a mount namespace: a tmpfs holding the view (`view`) read-only, a
fresh /dev, /tmp, /dev/shm and /proc, entered with pivot_root.
"""
from __future__ import annotations

import os

from autograder.sandbox.syscalls import (MNT_DETACH, MS_BIND, MS_NODEV, MS_NOEXEC, MS_NOSUID, MS_PRIVATE,
                                           MS_RDONLY, MS_REC, MS_REMOUNT, check, libc, mount)
from autograder.sandbox.view import HIDDEN_INSIDE, has_gpu, read_only_sources

def _bind_read_only(source: str, root: str) -> None:
    target = root + source
    if os.path.islink(source):
        os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
        if not os.path.lexists(target):
            os.symlink(os.readlink(source), target)
        return
    if os.path.isdir(source):
        os.makedirs(target, mode=0o755, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
        open(target, "a").close()
    mount(source, target, None, MS_BIND | MS_REC)
    mount(None, target, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID)


def build_root(root: str, expose, tmp_mb: int, proc: bool) -> None:
    """Make `root` (an empty folder) a tmpfs holding the sandbox's view of the machine."""
    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("sandbox", root, "tmpfs", MS_NOSUID | MS_NODEV, f"size={tmp_mb}m,mode=755")
    # /tmp first: a shown folder that lives under /tmp (a test's, an inputs folder) is bound on top of it
    os.makedirs(root + "/tmp", mode=0o1777)
    mount("tmp", root + "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, f"size={tmp_mb}m,mode=1777")
    for source in read_only_sources(expose):
        _bind_read_only(source, root)
    for inner in HIDDEN_INSIDE:   # shown folders may hold something that must not be: cover it
        if os.path.isdir(root + inner):
            mount("hidden", root + inner, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV, "size=4k,mode=555")
    dev = root + "/dev"
    os.makedirs(dev, mode=0o755)
    mount("dev", dev, "tmpfs", MS_NOSUID | MS_NOEXEC, "size=64k,mode=755")
    for name in ["null", "zero", "full", "random", "urandom", "tty"] + \
            [n for n in os.listdir("/dev") if n.startswith("nvidia")]:
        if os.path.exists("/dev/" + name) and not os.path.isdir("/dev/" + name):
            open(f"{dev}/{name}", "a").close()
            mount("/dev/" + name, f"{dev}/{name}", None, MS_BIND)
    for name, target in (("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"),
                         ("stdout", "/proc/self/fd/1"), ("stderr", "/proc/self/fd/2")):
        os.symlink(target, f"{dev}/{name}")
    os.makedirs(dev + "/shm", mode=0o1777)
    mount("shm", dev + "/shm", "tmpfs", MS_NOSUID | MS_NODEV, f"size={tmp_mb}m,mode=1777")
    if has_gpu():   # the CUDA driver reads the devices' descriptions there
        _bind_read_only("/sys", root)
    if proc:
        os.makedirs(root + "/proc", mode=0o555)
        mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)


def switch_root(root: str) -> str:
    """pivot_root into `root` and drop the old root entirely (chroot where pivot_root fails)."""
    os.chdir(root)
    try:
        check(libc().syscall(155 if os.uname().machine == "x86_64" else 41, b".", b"."), "pivot_root")
        check(libc().umount2(b".", MNT_DETACH), "umount old root")
        how = "pivot_root"
    except OSError:
        os.chroot(".")
        how = "chroot"
    os.chdir("/")
    return how
