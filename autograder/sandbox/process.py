"""One child process as the parent sees it: its captured output, how it ended, its CPU seconds.

`ForkedChild` (a child of the fork server) and `StartedChild` (a fresh interpreter where there is none)
stop a child the same way; `exit_status` names how a child ended; `session_cpu` and `cpu_used`
count the CPU seconds of every process a child left behind, from /proc.
"""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time


from autograder.sandbox import forkserver
from autograder.sandbox import fences as sandbox
from autograder.sandbox.files import tmp_sweep




# ---------------------------------------------------------------------------- captured output

class Capture:
    """stdout + stderr of a session: the first and last `keep // 2` bytes, and the total."""

    def __init__(self, keep: int):
        self.keep, self.head, self.tail, self.total = keep, bytearray(), bytearray(), 0

    def add(self, data: bytes) -> None:
        self.total += len(data)
        room = self.keep // 2 - len(self.head)
        if room > 0:
            self.head += data[:room]
            data = data[room:]
        if data:
            self.tail += data
            del self.tail[:max(0, len(self.tail) - self.keep // 2)]

    def text(self) -> str:
        cut = self.total - len(self.head) - len(self.tail)
        data = bytes(self.head) + (f"\n[... {cut} bytes cut ...]\n".encode() if cut > 0 else b"") + bytes(self.tail)
        return data.decode("utf-8", "replace")


# ---------------------------------------------------------------------------- one child

class ForkedChild:
    """A child forked by the fork server."""

    def __init__(self, server, pid):
        self.server, self.pid = server, pid

    def kill(self, sweep: bool) -> tuple[int, bool]:
        return self._reap(True, sweep)

    def wait(self, sweep: bool) -> tuple[int, bool]:
        return self._reap(False, sweep)

    def _reap(self, kill, sweep):
        try:
            return self.server.reap(self.pid, kill=kill, grace=2.0, sweep=sweep)
        except forkserver.ServerDied:
            try:
                os.killpg(self.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            return -signal.SIGKILL, True


class StartedChild:
    """A child started as a fresh interpreter (no fork server on this system)."""

    def __init__(self, proc, scratch):
        self.proc, self.scratch = proc, scratch

    def kill(self, sweep: bool) -> tuple[int, bool]:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        code = self.proc.wait()
        shutil.rmtree(self.scratch, ignore_errors=True)
        if os.geteuid() == 0:   # what the sandbox's (unique) user left in /tmp and /dev/shm
            tmp_sweep(sandbox.SANDBOX_UID_BASE + self.proc.pid)
        return code, True

    def wait(self, sweep: bool) -> tuple[int, bool]:
        try:
            code = self.proc.wait(timeout=2.0)
        except subprocess.TimeoutExpired:
            return self.kill(sweep)
        self.kill(sweep)
        return code, False


def exit_status(code: int, killed: bool = False) -> tuple[str, str]:
    """(status, text) for a child whose control line closed: it ended by itself with `code`
    (negative or 128+N: signal N), or `killed` by us because it went on without answering."""
    if killed:
        return "crashed", "none: it stopped answering the grader"
    sig = -code if code < 0 else code - 128 if code > 128 else 0
    if sig == signal.SIGXCPU:
        return "timeout", "CPU time limit"
    name = f" ({signal.Signals(sig).name})" if sig in signal.Signals._value2member_map_ else ""
    if sig == signal.SIGKILL:
        return "memory_limit", f"{code}{name}"
    return "crashed", f"{code}{name}"


def clipped(value, limit: int) -> str:
    """A reply's field as a short string (the child's word: any JSON, however nested)."""
    if isinstance(value, str):
        return value[:limit]
    try:
        return str(value)[:limit]
    except Exception:
        return "?"


class OutputLimit(Exception):
    """The child printed more than `Limits.output_max_bytes`."""


# ---------------------------------------------------------------------------- CPU accounting

_TICK_S = 1.0 / (os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100)


def _process_cpu_s(pid: int, fields: list[bytes]) -> float:
    """CPU seconds the kernel accounts to one process: all its threads, the exited ones included
    (its CPU clock, in ns), plus its reaped children (ticks). Falls back to the threads'
    schedstat (ns), then to utime + stime (ticks)."""
    children = (int(fields[13]) + int(fields[14])) * _TICK_S      # cutime + cstime
    try:
        return time.clock_gettime_ns(((~pid) << 3) | 2) / 1e9 + children   # MAKE_PROCESS_CPUCLOCK(pid, SCHED)
    except (OSError, AttributeError, OverflowError):
        pass
    try:
        total = 0
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/schedstat", "rb") as f:
                total += int(f.read().split()[0])
        return total / 1e9 + children
    except (OSError, ValueError, IndexError):
        return (int(fields[11]) + int(fields[12])) * _TICK_S + children


def _read_small(path: str) -> bytes:
    """A small /proc file in one read (no buffered file object: the scan reads hundreds)."""
    fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        return os.read(fd, 4096)
    finally:
        os.close(fd)


def session_cpu(sid: int, uid: int | None = None) -> dict[int, float]:
    """{pid: CPU seconds} of every process in session `sid` (the child calls setsid; with a PID
    namespace its keeper leads the session and the grandchild runs the code) or, where the
    sandbox gave the child a user of its own, running as `uid` (a process that left the session)."""
    found = {}
    try:
        names = os.listdir("/proc")
    except OSError:
        return found
    for name in names:
        if not name.isdigit():
            continue
        try:
            fields = _read_small(f"/proc/{name}/stat").rsplit(b")", 1)[1].split()   # after "pid (comm)"
            pid = int(name)
            if int(fields[3]) != sid and (uid is None or os.stat(f"/proc/{name}").st_uid != uid):
                continue
            found[pid] = _process_cpu_s(pid, fields)
        except (OSError, ValueError, IndexError):
            continue   # it ended while we looked
    return found


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds a session spent between two `session_cpu` readings: the processes that lived
    through it count their growth, the ones that started in between count in full (a process that
    ended and was reaped by a member counts in that member's children's time)."""
    return sum(max(0.0, s - before.get(pid, 0.0)) for pid, s in after.items())
