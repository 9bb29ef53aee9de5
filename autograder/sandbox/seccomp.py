"""A seccomp filter, written as classic BPF (no library needed): sockets other than AF_UNIX,
io_uring, bpf, perf_event_open, userfaultfd, ptrace, the kernel keyring and new namespaces fail
with EPERM; a foreign system call ABI kills the process.
"""
from __future__ import annotations

import ctypes
import os
import sys

from autograder.sandbox.syscalls import libc, syscall

# (audit arch, syscall numbers) of the architectures the filter knows (asm/unistd_64.h).
SECCOMP_ARCHES = {
    "x86_64": (0xC000003E, dict(socket=41, clone=56, clone3=435, unshare=272, setns=308, ptrace=101, bpf=321,
                                perf_event_open=298, userfaultfd=323, keyctl=250, add_key=248, request_key=249,
                                io_uring_setup=425, io_uring_enter=426, io_uring_register=427, seccomp=317)),
    "aarch64": (0xC00000B7, dict(socket=198, clone=220, clone3=435, unshare=97, setns=268, ptrace=117, bpf=280,
                                 perf_event_open=241, userfaultfd=282, keyctl=219, add_key=217, request_key=218,
                                 io_uring_setup=425, io_uring_enter=426, io_uring_register=427, seccomp=277)),
}
DENIED_SYSCALLS = ("unshare", "setns", "ptrace", "bpf", "perf_event_open", "userfaultfd", "keyctl", "add_key",
                   "request_key", "io_uring_setup", "io_uring_enter", "io_uring_register")
CLONE_NAMESPACES = 0x00020000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000
AF_UNIX = 1
SECCOMP_RET_KILL_PROCESS, SECCOMP_RET_ERRNO, SECCOMP_RET_ALLOW = 0x80000000, 0x00050000, 0x7FFF0000
PR_SET_SECCOMP, SECCOMP_MODE_FILTER, SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC = 22, 2, 1, 1


class _SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class _SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter))]


def seccomp_program(machine: str) -> list[tuple[int, int, int, int]] | None:
    """The classic BPF program of the filter (see the module's docstring), None for an unknown
    architecture. A foreign system call ABI (x32, i386 on x86_64) kills the process."""
    if machine not in SECCOMP_ARCHES:
        return None
    arch, nr = SECCOMP_ARCHES[machine]
    LD, JEQ, JGE, JSET, RET = 0x20, 0x15, 0x35, 0x45, 0x06
    eperm, enosys, allow = SECCOMP_RET_ERRNO | 1, SECCOMP_RET_ERRNO | 38, SECCOMP_RET_ALLOW
    arg0 = 16   # offsetof(struct seccomp_data, args[0]), its low 32 bits on a little-endian machine
    prog = [(LD, 0, 0, 4), (JEQ, 1, 0, arch), (RET, 0, 0, SECCOMP_RET_KILL_PROCESS), (LD, 0, 0, 0)]
    if machine == "x86_64":
        prog += [(JGE, 0, 1, 0x40000000), (RET, 0, 0, SECCOMP_RET_KILL_PROCESS)]
    for name in DENIED_SYSCALLS:
        prog += [(JEQ, 0, 1, nr[name]), (RET, 0, 0, eperm)]
    prog += [(JEQ, 0, 1, nr["clone3"]), (RET, 0, 0, enosys)]   # its flags are out of reach: the C library falls back to clone
    prog += [(JEQ, 0, 4, nr["clone"]), (LD, 0, 0, arg0), (JSET, 0, 1, CLONE_NAMESPACES), (RET, 0, 0, eperm),
             (RET, 0, 0, allow)]
    prog += [(JEQ, 0, 4, nr["socket"]), (LD, 0, 0, arg0), (JEQ, 0, 1, AF_UNIX), (RET, 0, 0, allow),
             (RET, 0, 0, eperm)]
    prog += [(RET, 0, 0, allow)]
    return prog


def seccomp() -> bool:
    """Install the filter on this process (all its threads) and whatever it starts. Needs no new
    privileges set first. True when it is in force."""
    machine = os.uname().machine if sys.platform.startswith("linux") else ""
    prog = seccomp_program(machine)
    if prog is None:
        return False
    filters = (_SockFilter * len(prog))(*[_SockFilter(*ins) for ins in prog])
    fprog = _SockFprog(len(prog), filters)
    nr = SECCOMP_ARCHES[machine][1]["seccomp"]
    if syscall(nr, ctypes.c_uint(SECCOMP_SET_MODE_FILTER), ctypes.c_uint(SECCOMP_FILTER_FLAG_TSYNC),
                ctypes.byref(fprog)) == 0:
        return True
    return libc().prctl(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), ctypes.byref(fprog), 0, 0) == 0
