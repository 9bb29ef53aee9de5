"""A child session: send a call, clock it, read back validated arrays.

`ChildSession(aid, code_dir, limits)` starts a fenced child (from the assignment's fork server,
or a fresh interpreter where there is none) and serves `call(part, seed)`s. A child that dies,
runs past its time or prints past the limit is killed with its whole process group (and PID
namespace), and the next call starts a fresh one.

Nothing the child sends is trusted: replies are JSON lines that must echo the command's number
and a random token (a reply written ahead of time is thrown away), arrays come back as .npz
bytes read by `autograder.sandbox.protocol`; stdout and stderr are read from a pipe and kept as a
head and a tail.
"""
from __future__ import annotations

import fcntl
import json
import os
import hashlib
import secrets
import select
import subprocess
import tempfile
import time
from pathlib import Path


from autograder.sandbox import forkserver
from autograder.sandbox import fences as sandbox
from autograder.model.check import RUN_STATUSES, Outcome
from autograder.sandbox.fence_record import record_fences
from autograder.sandbox.fences import Limits, child_env

from autograder.sandbox import protocol
from autograder.sandbox.process import (Capture, OutputLimit, ForkedChild, StartedChild, clipped, cpu_used, exit_status,
                                        session_cpu)

HELLO_TIMEOUT_S = 120.0                  # a child's setup (imports where there is no fork server)



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
                self.child = ForkedChild(server, pid)
            else:
                scratch = tempfile.mkdtemp(prefix="autograder-")
                os.chmod(scratch, 0o711)
                sandbox.protect_secrets()
                proc = subprocess.Popen(
                    sandbox.python_command("autograder.sandbox.child", self.aid, str(self.code_dir), str(cmd_r), str(ctl_w),
                                           json.dumps(self.limits.to_dict()), scratch, *self.expose),
                    stdin=subprocess.DEVNULL, stdout=out_w, stderr=out_w, pass_fds=(cmd_r, ctl_w),
                    env=child_env(), start_new_session=True, cwd="/")
                self.child = StartedChild(proc, scratch)
        finally:
            for fd in (cmd_r, ctl_w, out_w):
                os.close(fd)
        try:
            hello = self._read_reply(time.perf_counter() + max(HELLO_TIMEOUT_S, self.limits.wall_s))
        except TimeoutError:
            hello = None
        if hello and isinstance(hello.get("hello"), dict):
            self.fences = hello["hello"]
            record_fences(self.fences)   # the batch's summary says which fences held
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
        if size < 0 or size > protocol.MAX_REPLY_BYTES:
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
            return Outcome("bad_output", seconds=seconds, error=f"unknown status {clipped(status, 50)!r}")
        try:
            line = int(reply.get("line") or 0)
        except Exception:   # Infinity, NaN, a list: the line is the child's word, never trusted
            line = 0
        outcome = Outcome(status, seconds=seconds, error=clipped(reply.get("error", ""), 500),
                          where=clipped(reply.get("where", ""), 200), file=clipped(reply.get("file", ""), 200), line=line)
        if status == "ok":
            payload = reply.get("payload", b"")
            try:
                if self.kept + len(payload) > protocol.MAX_KEPT_BYTES:   # the grader's memory is bounded per submission
                    raise ValueError(f"replies of more than {protocol.MAX_KEPT_BYTES >> 20} MB in all")
                outcome.outputs = protocol.read_npz_bytes(payload)
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
