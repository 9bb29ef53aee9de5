"""The child process: the only place student code runs.

The fork server (`autograder.forkserver`) forks it with numpy and the assignment's check
definitions already imported, fences it in (`autograder.sandbox.enter`) and calls `serve`. Where
there is no fork server it is started as

    python -m autograder.child AID CODE_DIR CMD_FD CTL_FD LIMITS_JSON SCRATCH [EXPOSE...]

It knows the checks' calls and their fixed inputs; never reference outputs, judges' verdicts or
scores. It reads commands as JSON lines on CMD_FD:
``{"n": 3, "token": "9f..", "part": "dists_two_loops", "seed": 0, "baseline": false}``. It first
says hello on CTL_FD (``{"hello": {fences}}``), then answers each command with one JSON line
``{"n": 3, "token": "9f..", "status": "ok", "size": 1234}`` followed by `size` bytes: the arrays
as an .npz (plain numeric arrays, never pickle). stdin is /dev/null; stdout and stderr go to a
pipe the parent reads and cuts.
"""
from __future__ import annotations

import importlib
import io
import json
import os
import sys
import traceback
from pathlib import Path


class SubmissionProblem(Exception):
    """The submission cannot even be loaded: a missing file, a syntax or import error."""

    def __init__(self, status: str, file: str, error: str = "", line: int = 0):
        super().__init__(error)
        self.status, self.file, self.error, self.line = status, file, error, line


def make_loader(code_dir: Path):
    def load(name: str):
        path = code_dir / f"{name}.py"
        if not path.is_file():
            raise SubmissionProblem("missing_file", path.name)
        if name in sys.modules:
            return sys.modules[name]
        try:
            return importlib.import_module(name)
        except SyntaxError as exc:
            raise SubmissionProblem("syntax_error", Path(exc.filename or path).name, exc.msg or "", exc.lineno or 0)
        except NotImplementedError:
            raise
        except Exception as exc:  # ImportError and whatever the module's top level raised
            raise SubmissionProblem("import_error", path.name, f"{type(exc).__name__}: {exc}")
    return load


def forget_modules(code_dir: Path) -> None:
    """Drop the modules imported from the code folder, so the next load reads the files again."""
    for name, module in list(sys.modules.items()):
        try:
            if Path(getattr(module, "__file__", None) or "/").resolve().is_relative_to(code_dir):
                del sys.modules[name]
        except (OSError, ValueError, TypeError):
            continue
    importlib.invalidate_caches()


def student_frame(tb, code_dir: Path) -> str:
    """'file.py:42 in function' for the innermost frame in the student's folder."""
    where = ""
    for frame in traceback.extract_tb(tb):
        try:
            if Path(frame.filename).resolve().is_relative_to(code_dir):
                where = f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}"
        except (OSError, ValueError):
            continue
    return where


def to_arrays(outputs) -> dict:
    """Validate what a call returned: a dict of names to numeric arrays, nothing else."""
    import numpy as np
    if not isinstance(outputs, dict):
        raise TypeError(f"a check call returned {type(outputs).__name__}, not a dict")
    arrays = {}
    for name, value in outputs.items():
        if hasattr(value, "detach"):  # a torch tensor
            value = value.detach().cpu().numpy()
        array = np.asarray(value)
        if array.dtype.kind not in "biuf":
            raise TypeError(f"{name} is not a numeric array (dtype {array.dtype})")
        arrays[str(name)] = array
    return arrays


def out_of_memory(exc: BaseException) -> bool:
    text = str(exc).lower()
    return isinstance(exc, MemoryError) or (isinstance(exc, RuntimeError) and "alloc" in text and "memory" in text)


def run_one(cmd: dict, checks: dict, load, code_dir: Path) -> tuple[dict, bytes]:
    """One command: the reply's fields and the .npz bytes (empty unless the status is ok)."""
    import numpy as np

    from autograder.check import CallContext
    reply, payload = {"status": "ok"}, b""
    check = checks.get(cmd.get("part"))
    if check is None:
        return {"status": "crashed", "error": f"unknown part {cmd.get('part')!r}"}, b""
    call = check.baseline if cmd.get("baseline") else check.call
    try:
        outputs = call(CallContext(load=load, seed=int(cmd["seed"]), dir=str(code_dir), inputs=cmd.get("inputs"),
                                   repeat=int(cmd.get("repeat", 0)), vary=float(cmd.get("vary", 0.0))))
        try:
            buf = io.BytesIO()
            np.savez(buf, **to_arrays(outputs))
            payload = buf.getvalue()
        except (TypeError, ValueError) as exc:
            reply.update(status="bad_output", error=str(exc))
    except SubmissionProblem as exc:
        reply.update(status=exc.status, file=exc.file, error=exc.error, line=exc.line)
    except NotImplementedError as exc:
        reply.update(status="not_implemented", where=student_frame(exc.__traceback__, code_dir))
    except BaseException as exc:  # SystemExit and KeyboardInterrupt included: the child keeps serving
        if out_of_memory(exc):
            reply.update(status="memory_limit")
        else:
            reply.update(status="crashed", error=f"{type(exc).__name__}: {exc}"[:500],
                         where=student_frame(exc.__traceback__, code_dir))
    return reply, payload


def serve(aid: str, code_dir: Path, cmd_fd: int, ctl_fd: int, fences: dict | None = None) -> None:
    from autograder.checks import load_checks

    me = os.getpid()
    checks = {c.part: c for c in load_checks(aid)}
    ctl = os.fdopen(ctl_fd, "wb", buffering=0)
    cmds = os.fdopen(cmd_fd, "rb")
    os.chdir(code_dir)
    sys.path.insert(0, str(code_dir))
    load = make_loader(code_dir)
    ctl.write(json.dumps({"hello": fences or {}}).encode() + b"\n")

    for line in cmds:
        cmd = json.loads(line)
        if cmd.get("fresh"):
            forget_modules(code_dir)
        reply, payload = run_one(cmd, checks, load, code_dir)
        if os.getpid() != me:   # a process the student forked came back here: it must not answer
            os._exit(0)
        reply.update(n=cmd["n"], token=cmd.get("token"), size=len(payload))
        ctl.write(json.dumps(reply).encode() + b"\n" + payload)   # one write: atomic when small


def main(argv: list[str]) -> None:
    """No fork server (not Linux): fence this process in after the imports, then serve."""
    import numpy  # noqa: F401  (imported before the fences, as the fork server does)

    from autograder import sandbox
    from autograder.checks import load_checks
    aid, code_dir, cmd_fd, ctl_fd, limits_json, scratch, *expose = argv
    load_checks(aid)
    limits = sandbox.Limits(**json.loads(limits_json))
    try:
        box, fences = sandbox.enter(Path(code_dir), limits, expose, scratch)
    except OSError as exc:
        os.write(int(ctl_fd), json.dumps({"fatal": f"{type(exc).__name__}: {exc}"[:500]}).encode() + b"\n")
        raise SystemExit(71)
    serve(aid, box, int(cmd_fd), int(ctl_fd), fences)


if __name__ == "__main__":
    # Serve from the importable module, not from __main__, so that SubmissionProblem and friends
    # are the very classes the check modules import.
    from autograder.child import main as module_main
    module_main(sys.argv[1:])
