"""How the child process is started and fenced in.

This is the seam between "run student code" and "run it safely": `Limits` says what the child
may use, `spawn` starts `autograder.child` with those limits, in its own process group, with a
scrubbed environment, stdin from /dev/null and stdout/stderr into files.
"""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from autograder.paths import ROOT


@dataclass(frozen=True)
class Limits:
    wall_s: float = 60.0            # per call, enforced by the parent (process group killed)
    memory_mb: int | None = 4096    # address space of the child
    cpu_s: int | None = None        # CPU seconds of the whole child; None: derived from wall_s
    output_bytes: int = 64_000      # stdout + stderr kept for the feedback


def child_env() -> dict[str, str]:
    """A scrubbed environment: nothing of the grader's own, one thread per BLAS for fair timings."""
    env = {
        "PATH": os.path.dirname(sys.executable) + ":/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "PYTHONDONTWRITEBYTECODE": "1",
        "PYTHONHASHSEED": "0",
        "LANG": "C.UTF-8",
        "HOME": "/nonexistent",
        "MPLBACKEND": "Agg",
    }
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"
    return env


def _apply_limits(limits: Limits):
    def preexec():
        if limits.memory_mb:
            size = limits.memory_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))
        cpu = limits.cpu_s
        if cpu:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    return preexec


def spawn(aid: str, code_dir: Path, out_dir: Path, log_path: Path, limits: Limits):
    """Start a child serving checks of `aid` on `code_dir`; returns (process, cmd_w, ctl_r)."""
    cmd_r, cmd_w = os.pipe()
    ctl_r, ctl_w = os.pipe()
    log = open(log_path, "ab")
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "autograder.child", aid, str(code_dir), str(out_dir), str(cmd_r), str(ctl_w)],
            stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            pass_fds=(cmd_r, ctl_w), cwd=str(code_dir), env=child_env(),
            start_new_session=True, preexec_fn=_apply_limits(limits),
        )
    finally:
        os.close(cmd_r)
        os.close(ctl_w)
        log.close()
    return proc, cmd_w, ctl_r
