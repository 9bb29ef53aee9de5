"""Parent side of the child process: send a call, clock it, read back validated arrays.

`run_checks(aid, code_dir, checks, limits)` returns ``({part: Outcome}, output)``. Children come
from the assignment's fork server (`autograder.sandbox.forkserver`; a fresh interpreter per child only
where there is none), each fenced in by `autograder.sandbox.fences`. A child that dies, runs past its
time or prints past the limit is killed with its whole process group (and PID namespace) and a
fresh one serves the remaining parts, so one bad part never costs the others.

Nothing the child sends is trusted: replies are JSON lines that must echo the command's number
and a random token (a reply written ahead of time is thrown away), arrays come back as .npz
bytes whose headers are checked (numeric dtypes, sizes) before anything is loaded, with
``allow_pickle=False``; stdout and stderr are read from a pipe and kept as a head and a tail.
"""
from __future__ import annotations

import contextlib
import fcntl
import io
import json
import math
import os
import hashlib
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

from autograder.sandbox import forkserver
from autograder.sandbox import fences as sandbox
from autograder.model.check import RUN_STATUSES, Check, Outcome, default_variations, run_key
from autograder.config.paths import CACHE
from autograder.sandbox.fences import Limits, child_env

MAX_ARRAY_BYTES = 64 * 1024 * 1024       # one array (the largest a check returns is under 1 MB)
MAX_REPLY_BYTES = 64 * 1024 * 1024       # all the arrays of one call
MAX_KEPT_BYTES = 256 * 1024 * 1024       # all the arrays one submission's replies leave in the grader
MAX_ARRAYS = 256
HELLO_TIMEOUT_S = 120.0                  # a child's setup (imports where there is no fork server)


# ---------------------------------------------------------------------------- arrays

def read_npz_bytes(data: bytes) -> dict:
    """Load an .npz without ever unpickling; refuse anything that is not a plain numeric array.
    Every member's header is read and checked before its data is."""
    arrays = {}
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
            if len(infos) > MAX_ARRAYS:
                raise ValueError(f"{len(infos)} arrays (at most {MAX_ARRAYS})")
            if sum(info.file_size for info in infos) > MAX_REPLY_BYTES + 4096 * len(infos):
                raise ValueError("more array data than a reply may hold")
            for info in infos:
                name = info.filename[:-4] if info.filename.endswith(".npy") else info.filename
                if not info.filename.endswith(".npy") or info.file_size > MAX_ARRAY_BYTES + 4096:
                    raise ValueError(f"{name}: not an array of a readable size")
                if info.compress_type != zipfile.ZIP_STORED:   # np.savez stores: a compressed member
                    raise ValueError(f"{name}: compressed")    # could inflate far past the reply's size
                with z.open(info) as f:
                    version = np.lib.format.read_magic(f)
                    if version == (1, 0):
                        shape, fortran, dtype = np.lib.format.read_array_header_1_0(f)
                    elif version == (2, 0):
                        shape, fortran, dtype = np.lib.format.read_array_header_2_0(f)
                    else:
                        raise ValueError(f"{name}: unsupported format {version}")
                    if dtype.hasobject or dtype.fields is not None or dtype.kind not in "biuf":
                        raise ValueError(f"{name}: dtype {dtype} is not a plain numeric type")
                    if len(shape) > 32 or any(int(s) < 0 for s in shape):
                        raise ValueError(f"{name}: bad shape {shape}")
                    nbytes = math.prod(int(s) for s in shape) * dtype.itemsize
                    if nbytes > MAX_ARRAY_BYTES or nbytes > info.file_size:
                        raise ValueError(f"{name}: {nbytes} bytes of data claimed, {info.file_size} present")
                    data_bytes = f.read(nbytes)   # the data follows the header checked above
                if len(data_bytes) != nbytes:
                    raise ValueError(f"{name}: {len(data_bytes)} bytes of data for {nbytes} claimed")
                arrays[name] = np.frombuffer(bytearray(data_bytes), dtype=dtype).reshape(
                    tuple(int(s) for s in shape), order="F" if fortran else "C")
    except Exception as exc:   # whatever a crafted header makes numpy or zipfile raise (OverflowError, ...)
        detail = str(exc) if isinstance(exc, ValueError) else f"{type(exc).__name__}: {exc}"
        raise ValueError(f"unreadable output ({detail})"[:500]) from None
    return arrays


def read_arrays(path: Path) -> dict:
    """An .npz file (the reference cache) read as strictly as a child's reply."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise ValueError(f"unreadable output ({exc})") from None
    return read_npz_bytes(data)


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

class _Forked:
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


class _Started:
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
            sandbox.tmp_sweep(sandbox.SANDBOX_UID_BASE + self.proc.pid)
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


def _text(value, limit: int) -> str:
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


class ChildSession:
    """One child process serving calls; restarted after a crash, a timeout or too much output.

    `expose` are folders the child may read (read-only) besides its own copy of `code_dir`;
    `inputs`, a folder the parent prepared, is exposed and handed to every call as `ctx.inputs`.
    """

    def __init__(self, aid: str, code_dir: Path, limits: Limits, *, expose=(), inputs: str | Path | None = None):
        self.aid, self.code_dir, self.limits = aid, Path(code_dir).resolve(), limits
        self.inputs = str(Path(inputs).resolve()) if inputs else None
        self.expose = [str(Path(p).resolve()) for p in expose] + ([self.inputs] if self.inputs else [])
        self.capture = Capture(limits.output_bytes)
        self.child = None
        self.fences: dict = {}
        self.n = 0
        self._token_key = secrets.token_bytes(16)   # each call's token: unguessable by the child
        self.kept = 0          # bytes of arrays taken from this submission's replies so far

    # -- starting and stopping
    def _start(self) -> str:
        """Start a child; '' when it is ready, otherwise why not."""
        cmd_r, self.cmd_w = os.pipe()
        self.ctl_r, ctl_w = os.pipe()
        self.out_r, out_w = os.pipe()
        for fd in (self.ctl_r, self.out_r):
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) | os.O_NONBLOCK)
        self.ctl_buf, self.out_total = bytearray(), 0
        try:
            if forkserver.available():
                server = forkserver.server_for(self.aid)
                try:
                    pid = server.spawn(str(self.code_dir), self.limits.to_dict(), self.expose, (cmd_r, ctl_w, out_w))
                except forkserver.ServerDied:
                    server = forkserver.server_for(self.aid, dead=server)   # restarted once
                    pid = server.spawn(str(self.code_dir), self.limits.to_dict(), self.expose, (cmd_r, ctl_w, out_w))
                self.child = _Forked(server, pid)
            else:
                scratch = tempfile.mkdtemp(prefix="autograder-")
                os.chmod(scratch, 0o711)
                sandbox.protect_secrets()
                proc = subprocess.Popen(
                    sandbox.python_command("autograder.sandbox.child", self.aid, str(self.code_dir), str(cmd_r), str(ctl_w),
                                           json.dumps(self.limits.to_dict()), scratch, *self.expose),
                    stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w, pass_fds=(cmd_r, ctl_w),
                    env=child_env(), start_new_session=True, cwd="/")
                self.child = _Started(proc, scratch)
        finally:
            for fd in (cmd_r, ctl_w, out_w):
                os.close(fd)
        try:
            hello = self._read_reply(time.perf_counter() + max(HELLO_TIMEOUT_S, self.limits.wall_s))
        except TimeoutError:
            hello = None
        if hello and isinstance(hello.get("hello"), dict):
            self.fences = hello["hello"]
            sandbox.record_fences(self.fences)   # the batch's summary says which fences held
            return ""
        why = str((hello or {}).get("fatal") or "the sandbox did not start")
        self._stop(kill=True)
        return why

    def _stop(self, kill: bool = True) -> tuple[int, bool]:
        """End the child (and everything it started): its exit code and whether we killed it."""
        if self.child is None:
            return 0, False
        self._drain_output()
        sweep = not self.fences.get("pidns", False)
        code = self.child.kill(sweep) if kill else self.child.wait(sweep)
        self._drain_output()
        for fd in (self.cmd_w, self.ctl_r, self.out_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.child = None
        return code

    # -- reading
    def _drain_output(self) -> bool:
        """Read what the child printed so far; False once it printed more than the hard limit."""
        while self.out_total <= self.limits.output_max_bytes:
            try:
                chunk = os.read(self.out_r, 1 << 16)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                break
            self.out_total += len(chunk)
            self.capture.add(chunk)
        return self.out_total <= self.limits.output_max_bytes

    def _parse(self) -> dict | None:
        """A whole reply (JSON line plus its payload) from the buffer, or None for more bytes."""
        buf = self.ctl_buf
        end = buf.find(b"\n")
        if end < 0:
            if len(buf) > 1 << 20:
                del buf[:]
                return {"status": "bad_output", "error": "garbled reply"}
            return None
        line = bytes(buf[:end])
        try:
            reply = json.loads(line)
            if not isinstance(reply, dict):
                raise ValueError
            size = int(reply.get("size") or 0)
        except Exception:   # not JSON, too deeply nested (RecursionError), a size of Infinity (OverflowError)
            del buf[:end + 1]
            return {"status": "bad_output", "error": "garbled reply"}
        if size < 0 or size > MAX_REPLY_BYTES:
            del buf[:end + 1]
            return {"status": "bad_output", "error": f"reply of {size} bytes"}
        if len(buf) - end - 1 < size:
            return None
        reply["payload"] = bytes(buf[end + 1:end + 1 + size])
        del buf[:end + 1 + size]
        return reply

    def _read_reply(self, deadline: float) -> dict | None:
        """The next reply; None on EOF; raises TimeoutError, or OutputLimit past the output limit."""
        while True:
            reply = self._parse()
            if reply is not None:
                return reply
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self.ctl_r, self.out_r], [], [], left)
            if self.out_r in ready and not self._drain_output():
                raise OutputLimit
            if self.ctl_r in ready:
                try:
                    chunk = os.read(self.ctl_r, 1 << 20)
                except BlockingIOError:
                    continue
                if not chunk:
                    return None
                self.ctl_buf += chunk

    def _discard_stale(self) -> None:
        """Throw away what the child wrote between calls (bounded: what it writes later is
        skipped anyway, since a reply must echo the command's random token)."""
        del self.ctl_buf[:]
        for _ in range(64):
            try:
                if not os.read(self.ctl_r, 1 << 20):
                    return
            except (BlockingIOError, OSError):
                return

    # -- calling
    def call(self, part: str, seed: int, baseline: bool = False, wall_s: float | None = None,
             fresh: bool = False, repeat: int = 0, vary: float = 0.0, cpu: bool = False) -> Outcome:
        """Run one check's call; `fresh` gives it a new child, which copies the code folder again
        (the release's mutation step swaps files between calls). `seconds` is the wall time of the
        round trip or, with `cpu`, the CPU time the kernel accounted to the child's processes
        during it (the timed parts' clock: the machine's load does not move it); the wall limit
        stays a time-out either way."""
        if fresh and self.child is not None:
            self._stop()
        for _ in range(2):
            if self.child is None:
                why = self._start()
                if why:
                    return Outcome("crashed", error=why)
            self.n += 1
            n = self.n
            token = hashlib.blake2b(n.to_bytes(8, 'little'), key=self._token_key, digest_size=8).hexdigest()
            self._discard_stale()
            cmd = {"n": n, "token": token, "part": part, "seed": int(seed), "baseline": baseline,
                   "repeat": int(repeat), "vary": float(vary)}
            if self.inputs:
                cmd["inputs"] = self.inputs
            try:
                before = self._cpu() if cpu else {}
                os.write(self.cmd_w, (json.dumps(cmd) + "\n").encode())
                break
            except BrokenPipeError:   # it ended between calls: once more with a fresh child
                self._stop()
        else:
            return Outcome("crashed", error="the child ended before the call")
        wall_s = wall_s or self.limits.wall_s
        start = time.perf_counter()
        try:
            while True:
                reply = self._read_reply(start + wall_s)
                if reply is None or (reply.get("n") == n and reply.get("token") == token):
                    break
        except TimeoutError:
            self._stop()
            return Outcome("timeout", seconds=wall_s)
        except OutputLimit:
            self._stop()
            return Outcome("output_limit", seconds=time.perf_counter() - start,
                           error=f"more than {self.limits.output_max_bytes} bytes")
        seconds = time.perf_counter() - start
        if cpu and reply is not None:
            seconds = cpu_used(before, self._cpu())
        if reply is None:
            status, text = exit_status(*self._stop(kill=False))
            return Outcome(status, seconds=seconds, error=text)
        status = reply.get("status")
        if not isinstance(status, str) or status not in RUN_STATUSES:
            return Outcome("bad_output", seconds=seconds, error=f"unknown status {_text(status, 50)!r}")
        try:
            line = int(reply.get("line") or 0)
        except Exception:   # Infinity, NaN, a list: the line is the child's word, never trusted
            line = 0
        outcome = Outcome(status, seconds=seconds, error=_text(reply.get("error", ""), 500),
                          where=_text(reply.get("where", ""), 200), file=_text(reply.get("file", ""), 200), line=line)
        if status == "ok":
            payload = reply.get("payload", b"")
            try:
                if self.kept + len(payload) > MAX_KEPT_BYTES:   # the grader's memory is bounded per submission
                    raise ValueError(f"replies of more than {MAX_KEPT_BYTES >> 20} MB in all")
                outcome.outputs = read_npz_bytes(payload)
                self.kept += len(payload)
            except ValueError as exc:
                outcome.status, outcome.error = "bad_output", str(exc)
        return outcome

    def _cpu(self) -> dict[int, float]:
        """The child's processes and their CPU seconds so far (`session_cpu`)."""
        child = self.child
        sid = getattr(child, "pid", None) or getattr(getattr(child, "proc", None), "pid", None)
        if sid is None:
            return {}
        uid = self.fences.get("uid")
        return session_cpu(int(sid), uid if isinstance(uid, int) else None)

    def output(self) -> str:
        """What the children printed, cut to the limit (head and tail)."""
        if self.child is not None:
            self._drain_output()
        return self.capture.text()

    def close(self):
        self._stop()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


SKIPPED = "skipped"     # Outcome.error of a part not run: a function it calls already ran out of time
BUDGET = "budget"       # Outcome.error of a part not run: the submission's time lost to hangs is spent


class Hangs:
    """Which student functions ran out of time, so that only the parts calling them are skipped.

    A part declares the functions it runs (`Check.uses`, "module.function"; a part that declares
    none stands for itself). When a part times out, its functions that no part has yet come back
    from are suspected, and later parts using a suspected function are not run. A module whose
    parts time out twice on different functions, none of its parts ever coming back, hangs on
    import (a loop at its top level): every later part using it is skipped, so such a module costs
    two time limits, not one per part.
    """

    def __init__(self):
        self.suspects: dict[str, str] = {}        # function or module -> the part it timed out in
        self.proven: set[str] = set()             # functions (and their modules) that came back
        self.strikes: dict[str, list[frozenset]] = {}

    @staticmethod
    def uses(check: Check) -> tuple[str, ...]:
        return tuple(check.uses) or (f"part:{check.part}",)

    @staticmethod
    def module(name: str) -> str | None:
        return None if name.startswith("part:") else name.split(".", 1)[0]

    def blocked(self, check: Check) -> str | None:
        """The suspected function (or module) this part would call, if any."""
        for name in self.uses(check):
            if name in self.suspects:
                return name
            module = self.module(name)
            if module in self.suspects:
                return f"{module}.py (import)"
        return None

    def record(self, check: Check, outcome: Outcome) -> None:
        names = self.uses(check)
        if outcome.status == "ok":
            self.proven.update(names)
            self.proven.update(m for m in map(self.module, names) if m)
            return
        if outcome.status != "timeout":
            return
        suspected = frozenset(n for n in names if n not in self.proven) or frozenset(names)
        for name in suspected:
            self.suspects.setdefault(name, check.part)
        for module in {self.module(n) for n in suspected} - {None} - self.proven:
            strikes = self.strikes.setdefault(module, [])
            if all(suspected != other for other in strikes):
                strikes.append(suspected)
            if len(strikes) >= 2:
                self.suspects.setdefault(module, check.part)


def timed_runs(session: ChildSession, check: Check, seed: int, wall, first: Outcome,
               variations: list[float], cpu: bool = True) -> Outcome:
    """The other `repeat - 1` runs of a timed part, run k on inputs varied by `variations[k]`,
    which the child learns only with run k, each clocked in CPU time (`ChildSession.call`).

    Run 0 (`first`, the full answer) checks correctness and warms up; the outcome's `seconds` is
    the least CPU time of the later runs, and it keeps every run's arrays (run k's as ``name@k``),
    so the judge checks each run against the reference's run k: no run's answer can be worked
    out during an earlier, slower run and handed back fast later. The reference's runs, which only
    give the answers to compare with, pass ``cpu=False`` (its clock is the baseline's).
    """
    times = []
    for k in range(1, max(check.repeat, 2)):
        again = session.call(check.part, seed, wall_s=wall, repeat=k, vary=variations[k % len(variations)],
                             cpu=cpu)
        if again.status != "ok":
            return again
        times.append(again.seconds)
        first.outputs.update({run_key(name, k): value for name, value in again.outputs.items()})
    first.seconds = min(times)
    return first


def baseline_runs(session: ChildSession, check: Check, seed: int, wall, runs: int) -> Outcome:
    """The baseline call (`check.baseline`, the reference's naive version) clocked as the student's
    timed runs are: the least CPU time of `runs` runs (a slow naive call: the first run's set-up
    is lost in it, no warm-up is paid for); a failed run's outcome."""
    times = []
    for k in range(1, max(runs, 1) + 1):
        outcome = session.call(check.part, seed, baseline=True, wall_s=wall, repeat=k, cpu=True)
        if outcome.status != "ok":
            return outcome
        times.append(outcome.seconds)
    return Outcome("ok", seconds=min(times))


@contextlib.contextmanager
def prepared_inputs(checks: list[Check], seeds: dict[str, int]):
    """A temporary folder holding the input files of the checks that write any (`Check.inputs`),
    readable by the sandbox's own user; None when no check writes inputs."""
    writers = [c for c in checks if c.inputs is not None]
    if not writers:
        yield None
        return
    # not under /tmp: the sandbox mounts a /tmp of its own over the exposed folders
    (CACHE / "inputs").mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="autograder-inputs-", dir=CACHE / "inputs") as folder:
        for check in writers:
            check.inputs(Path(folder), seeds.get(check.part, check.seed))
        os.chmod(folder, 0o755)
        yield folder


def run_checks(aid: str, code_dir: Path, checks: list[Check], limits: Limits, *,
               seeds: dict[str, int] | None = None, baseline: bool = False,
               part_limits: dict[str, float] | None = None, expose=(),
               inputs: str | Path | None = None,
               variations: dict[str, list[float]] | None = None,
               budget_s: float | None = None) -> tuple[dict[str, Outcome], str]:
    """Run every check's call in one child; timed checks keep the fastest of `repeat` runs.

    `seeds` overrides a check's own seed (timed parts get a fresh one each run); `variations`
    gives a timed part's secret per-run input shifts (default: `default_variations`); `baseline`
    also clocks the timed checks' baseline call (the reference's clock). Returns the outcomes and
    the children's captured output.

    A part that runs out of time gets the next part a fresh child; later parts that call a function
    that already ran out of time are not run (`Hangs`). `budget_s` bounds the time one submission
    may lose to parts that run out of time: once the limits of its timed-out parts add up to it,
    the remaining parts are `timeout` (error `BUDGET`). Only hangs count against it, never the
    time honest parts take, so a loaded machine cannot change which parts run; every honest part
    is bounded by its own limit, so the whole submission is bounded too.
    """
    seeds = seeds or {}
    variations = variations or {}
    part_limits = part_limits or {}
    outcomes = {}
    with contextlib.ExitStack() as stack:
        if inputs is None:   # checks that write input files (a5's test images) get them here
            inputs = stack.enter_context(prepared_inputs(checks, seeds))
        session = stack.enter_context(ChildSession(aid, code_dir, limits, expose=expose, inputs=inputs))
        hangs = Hangs()
        lost_s = 0.0   # the limits of the parts that ran out of time so far
        for check in checks:
            hung = hangs.blocked(check)
            if hung is not None:
                outcomes[check.part] = Outcome("timeout", error=SKIPPED, where=hung)
                continue
            if budget_s is not None and lost_s >= budget_s:
                outcomes[check.part] = Outcome("timeout", error=BUDGET, seconds=lost_s)
                continue
            seed = seeds.get(check.part, check.seed)
            wall = part_limits.get(check.part) or limits.wall_s
            best = session.call(check.part, seed, wall_s=wall)
            if best.status == "timeout":
                lost_s += wall
            hangs.record(check, best)
            if check.timed and best.status == "ok":
                best = timed_runs(session, check, seed, wall, best,
                                  variations.get(check.part) or default_variations(check.repeat))
            if baseline and check.timed and check.baseline is not None and best.status == "ok":
                best.baseline_seconds = baseline_runs(session, check, seed, wall, check.repeat).seconds
            outcomes[check.part] = best
        output = session.output()
    return outcomes, output
