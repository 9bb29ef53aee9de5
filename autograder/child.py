"""The child process: the only place student code runs.

    python -m autograder.child AID CODE_DIR OUT_DIR CMD_FD CTL_FD

It imports the assignment's check definitions (calls and their fixed inputs; never reference
outputs, judges' verdicts or scores), then serves commands read as JSON lines from CMD_FD:
``{"n": 3, "part": "dists_two_loops", "seed": 0, "baseline": false}``. For each it runs the
call, writes the arrays to ``OUT_DIR/<n>.npz`` (plain numeric arrays: never pickle) and answers
one JSON line on CTL_FD: ``{"n": 3, "status": "ok"}`` or a status with the error. stdin is
/dev/null and stdout/stderr go to files the parent reads, cut at a size limit.
"""
from __future__ import annotations

import importlib
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
        if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_):
            raise TypeError(f"{name} is not a numeric array (dtype {array.dtype})")
        arrays[str(name)] = array
    return arrays


def serve(aid: str, code_dir: Path, out_dir: Path, cmd_fd: int, ctl_fd: int) -> None:
    import numpy as np

    from autograder.check import CallContext
    from autograder.checks import load_checks

    checks = {c.part: c for c in load_checks(aid)}
    ctl = os.fdopen(ctl_fd, "w", buffering=1)
    cmds = os.fdopen(cmd_fd, "r")
    os.chdir(code_dir)
    sys.path.insert(0, str(code_dir))
    load = make_loader(code_dir)

    for line in cmds:
        cmd = json.loads(line)
        check = checks[cmd["part"]]
        call = check.baseline if cmd.get("baseline") else check.call
        reply = {"n": cmd["n"], "status": "ok"}
        try:
            outputs = call(CallContext(load=load, seed=cmd["seed"], dir=str(code_dir), inputs=cmd.get("inputs")))
            try:
                arrays = to_arrays(outputs)
            except (TypeError, ValueError) as exc:
                reply.update(status="bad_output", error=str(exc))
            else:
                np.savez(out_dir / f"{cmd['n']}.npz", **arrays)
        except SubmissionProblem as exc:
            reply.update(status=exc.status, file=exc.file, error=exc.error, line=exc.line)
        except NotImplementedError as exc:
            reply.update(status="not_implemented", where=student_frame(exc.__traceback__, code_dir))
        except MemoryError:
            reply.update(status="memory_limit")
        except BaseException as exc:  # SystemExit and KeyboardInterrupt included: the child keeps serving
            reply.update(status="crashed", error=f"{type(exc).__name__}: {exc}"[:500],
                         where=student_frame(exc.__traceback__, code_dir))
        ctl.write(json.dumps(reply) + "\n")


def main(argv: list[str]) -> None:
    aid, code_dir, out_dir, cmd_fd, ctl_fd = argv
    serve(aid, Path(code_dir).resolve(), Path(out_dir).resolve(), int(cmd_fd), int(ctl_fd))


if __name__ == "__main__":
    main(sys.argv[1:])
