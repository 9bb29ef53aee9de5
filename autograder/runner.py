"""Parent side of the child process: send a call, clock it, read back validated arrays.

`run_checks(aid, code_dir, checks, limits)` returns ``{part: Outcome}``. A child that dies or
runs past its time is killed with its whole process group and a fresh one serves the remaining
parts, so one bad part never costs the others.
"""
from __future__ import annotations

import json
import os
import select
import signal
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

from autograder.check import Check, Outcome
from autograder.sandbox import Limits, spawn

MAX_ARRAY_BYTES = 512 * 1024 * 1024


def read_arrays(path: Path) -> dict:
    """Load a child's .npz without ever unpickling; refuse anything that is not a plain array."""
    arrays = {}
    try:
        with np.load(path, allow_pickle=False) as data:
            for name in data.files:
                array = data[name]
                if array.dtype == object or array.nbytes > MAX_ARRAY_BYTES:
                    raise ValueError(f"{name}: unsupported array")
                arrays[name] = array
    except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
        raise ValueError(f"unreadable output ({exc})") from None
    return arrays


class ChildSession:
    """One child process serving calls; restarted after a crash or a timeout."""

    def __init__(self, aid: str, code_dir: Path, limits: Limits):
        self.aid, self.code_dir, self.limits = aid, Path(code_dir).resolve(), limits
        self.tmp = tempfile.TemporaryDirectory(prefix="autograder-")
        self.out_dir = Path(self.tmp.name) / "out"
        self.out_dir.mkdir()
        self.log_path = Path(self.tmp.name) / "output.log"
        self.proc = None
        self.n = 0

    def _start(self):
        self.proc, self.cmd_w, self.ctl_r = spawn(self.aid, self.code_dir, self.out_dir, self.log_path, self.limits)
        self.ctl_buf = b""

    def _stop(self):
        if self.proc is None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        for fd in (self.cmd_w, self.ctl_r):
            try:
                os.close(fd)
            except OSError:
                pass
        self.proc = None

    def _read_reply(self, deadline: float) -> dict | None:
        """The next JSON line on the control pipe, None on EOF; raises TimeoutError."""
        while b"\n" not in self.ctl_buf:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError
            ready, _, _ = select.select([self.ctl_r], [], [], left)
            if not ready:
                raise TimeoutError
            chunk = os.read(self.ctl_r, 65536)
            if not chunk:
                return None
            self.ctl_buf += chunk
        line, self.ctl_buf = self.ctl_buf.split(b"\n", 1)
        try:
            return json.loads(line)
        except ValueError:
            return {"status": "bad_output", "error": "garbled reply"}

    def call(self, part: str, seed: int, baseline: bool = False, wall_s: float | None = None) -> Outcome:
        if self.proc is None:
            self._start()
        self.n += 1
        n = self.n
        wall_s = wall_s or self.limits.wall_s
        cmd = json.dumps({"n": n, "part": part, "seed": seed, "baseline": baseline}) + "\n"
        start = time.perf_counter()
        try:
            os.write(self.cmd_w, cmd.encode())
            while True:
                reply = self._read_reply(start + wall_s)
                if reply is None or reply.get("n") == n:
                    break
        except TimeoutError:
            self._stop()
            return Outcome("timeout", seconds=wall_s)
        except BrokenPipeError:
            reply = None
        seconds = time.perf_counter() - start
        if reply is None:
            code = self.proc.wait() if self.proc else None
            self._stop()
            return Outcome("crashed", seconds=seconds, error=f"exit status {code}")
        status = reply.get("status", "bad_output")
        outcome = Outcome(status, seconds=seconds, error=str(reply.get("error", ""))[:500],
                          where=str(reply.get("where", "")), file=str(reply.get("file", "")),
                          line=int(reply.get("line") or 0))
        if status == "ok":
            try:
                outcome.outputs = read_arrays(self.out_dir / f"{n}.npz")
            except ValueError as exc:
                outcome.status, outcome.error = "bad_output", str(exc)
        return outcome

    def output(self) -> str:
        """What the child printed, cut to the limit."""
        try:
            data = self.log_path.read_bytes()
        except OSError:
            return ""
        limit = self.limits.output_bytes
        if len(data) > limit:
            data = data[:limit // 2] + b"\n[... cut ...]\n" + data[-limit // 2:]
        return data.decode("utf-8", "replace")

    def close(self):
        self._stop()
        self.tmp.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def run_checks(aid: str, code_dir: Path, checks: list[Check], limits: Limits, *,
               seeds: dict[str, int] | None = None, baseline: bool = False,
               part_limits: dict[str, float] | None = None) -> tuple[dict[str, Outcome], str]:
    """Run every check's call in one child; timed checks keep the fastest of `repeat` runs.

    `seeds` overrides a check's own seed (timed parts get a fresh one each run); `baseline`
    runs the timed checks' baseline call instead (the reference's clock). Returns the outcomes
    and the child's captured output.
    """
    seeds = seeds or {}
    part_limits = part_limits or {}
    outcomes = {}
    with ChildSession(aid, code_dir, limits) as session:
        for check in checks:
            seed = seeds.get(check.part, check.seed)
            wall = part_limits.get(check.part)
            best = session.call(check.part, seed, wall_s=wall)
            for _ in range(check.repeat - 1 if check.timed and best.status == "ok" else 0):
                again = session.call(check.part, seed, wall_s=wall)
                if again.status != "ok":
                    best = again
                    break
                if again.seconds < best.seconds:
                    best = again
            if baseline and check.timed and check.baseline is not None and best.status == "ok":
                times = [session.call(check.part, seed, baseline=True, wall_s=wall) for _ in range(check.repeat)]
                best.baseline_seconds = min(o.seconds for o in times)
            outcomes[check.part] = best
        output = session.output()
    return outcomes, output
