"""The child process: the only place student code runs.

The fork server (`autograder.sandbox.forkserver`) forks it with numpy and the assignment's check
definitions already imported, fences it in (`autograder.sandbox.fences.enter`) and calls `serve`. Where
there is no fork server it is started as

    python -P -m autograder.sandbox.child AID CODE_DIR CMD_FD CTL_FD LIMITS_JSON SCRATCH [EXPOSE...]   (in /)

It knows the checks' calls and their fixed inputs; never reference outputs, judges' verdicts or
scores. It reads commands as JSON lines on CMD_FD:
``{"n": 3, "token": "9f..", "part": "dists_two_loops", "seed": 0, "baseline": false}``. It first
says hello on CTL_FD (``{"hello": {fences}}``), then answers each command with one JSON line
``{"n": 3, "token": "9f..", "status": "ok", "size": 1234}`` followed by `size` bytes: the arrays
as an .npz (plain numeric arrays, never pickle). stdin is /dev/null; stdout and stderr go to a
pipe the parent reads and cuts.
"""
from __future__ import annotations

import functools
import importlib
import io
import json
import os
import sys
import traceback
import types
from pathlib import Path


class SubmissionProblem(Exception):
    """The submission cannot even be loaded: a missing file, a syntax or import error."""

    def __init__(self, status: str, file: str, error: str = "", line: int = 0):
        super().__init__(error)
        self.status, self.file, self.error, self.line = status, file, error, line


# `not_implemented` replies for a result that is None: `error` says which kind, `where` names the
# function (RETURNED_NONE, `line` = 1 + the index of the None item in a returned tuple, 0 = the whole
# result) or the check's output (NONE_VALUE: a method or nested call whose name the child did not see).
RETURNED_NONE = "returned None"
NONE_VALUE = "None value"


class StudentModule:
    """What `ctx.load` hands a check: the student's module, seen through a thin proxy.

    Attribute access is forwarded as is (a name the module lacks raises the module's own
    AttributeError, which `run_one` turns into `missing`), and each plain function is wrapped so
    that a result of None (a function left with `pass`, or `return out, cache` with `out = None`)
    is remembered with the function's name: when the call then fails, the reply says which
    function is not implemented yet instead of blaming the arrays."""

    __slots__ = ("_module",)

    def __init__(self, module):
        object.__setattr__(self, "_module", module)

    def __getattr__(self, name: str):
        value = getattr(self._module, name)
        if isinstance(value, types.FunctionType):
            return _remember_none(value, Path(self._module.__file__ or "?").name)
        return value

    def __setattr__(self, name: str, value) -> None:
        setattr(self._module, name, value)

    def __dir__(self):
        return dir(self._module)

    def __repr__(self) -> str:
        return repr(self._module)


NONE_RESULTS: list[tuple[str, int, str]] = []   # (function, item, file) of this command's None results


def none_item(result) -> int | None:
    """0 when `result` is None, 1 + i when item i of a returned tuple is None, else None."""
    if result is None:
        return 0
    if isinstance(result, tuple):
        return next((i + 1 for i, v in enumerate(result) if v is None), None)
    return None


def _remember_none(fn, file: str):
    @functools.wraps(fn)
    def call(*args, **kwargs):
        result = fn(*args, **kwargs)
        item = none_item(result)
        if item is not None and len(NONE_RESULTS) < 8:
            NONE_RESULTS.append((fn.__name__, item, file))
        return result
    return call


def make_loader(code_dir: Path):
    def load(name: str):
        path = code_dir / f"{name}.py"
        if not path.is_file():
            raise SubmissionProblem("missing_file", path.name)
        if name in sys.modules:
            return StudentModule(sys.modules[name])
        try:
            return StudentModule(importlib.import_module(name))
        except SyntaxError as exc:
            raise SubmissionProblem("syntax_error", Path(exc.filename or path).name, exc.msg or "", exc.lineno or 0)
        except NotImplementedError:
            raise
        except Exception as exc:  # ImportError and whatever the module's top level raised
            file, line = _student_place(exc.__traceback__, code_dir)
            raise SubmissionProblem("import_error", file or path.name, f"{type(exc).__name__}: {exc}", line)
    return load


def _student_place(tb, code_dir: Path) -> tuple[str, int]:
    """(file name, line) of the innermost frame in the student's folder (("", 0) when none)."""
    frame = innermost_student_frame(tb, code_dir)
    return (Path(frame.filename).name, frame.lineno or 0) if frame else ("", 0)


def _in_folder(obj, code_dir: Path) -> str:
    """The file name of a module (or of the module defining a class) that lives in the student's folder."""
    try:
        file = getattr(obj, "__file__", None) or ""
        if file and Path(file).resolve().is_relative_to(code_dir):
            return Path(file).name
    except (OSError, ValueError, TypeError):
        pass
    return ""


def missing_name(exc: BaseException, code_dir: Path) -> tuple[str, str] | None:
    """(file, name) when an AttributeError is the check asking the student's module for a name it
    lacks (name: "function", or "Class.method" for a class or an instance of a student class).
    An AttributeError raised inside the student's own code is theirs to fix at its line: None."""
    if not isinstance(exc, AttributeError) or student_frame(exc.__traceback__, code_dir):
        return None
    obj, name = getattr(exc, "obj", None), getattr(exc, "name", None)
    if not isinstance(name, str) or obj is None:
        return None
    if isinstance(obj, types.ModuleType):
        file = _in_folder(obj, code_dir)
        return (file, name) if file else None
    cls = obj if isinstance(obj, type) else type(obj)
    file = _in_folder(sys.modules.get(getattr(cls, "__module__", "") or ""), code_dir)
    return (file, f"{cls.__name__}.{name}") if file else None


def none_reply(outputs, exc: BaseException | None, code_dir: Path) -> dict | None:
    """The `not_implemented` reply for a call that failed on a None the student's code returned:
    an output the check could not read is None (exc is None), or an exception about a NoneType
    was raised outside the student's code (unpacking it, say). None when that is not the case."""
    name = None
    if isinstance(outputs, dict):
        name = next((str(k) for k, v in outputs.items() if v is None or none_item(v) is not None), None)
    if exc is None and name is None:
        return None
    if exc is not None and ("NoneType" not in str(exc) or student_frame(exc.__traceback__, code_dir)):
        return None
    if NONE_RESULTS:
        function, item, file = NONE_RESULTS[0]
        return {"status": "not_implemented", "error": RETURNED_NONE, "where": function, "line": item, "file": file}
    return {"status": "not_implemented", "error": NONE_VALUE, "where": name or ""}


def forget_modules(code_dir: Path) -> None:
    """Drop the modules imported from the code folder, so the next load reads the files again."""
    for name, module in list(sys.modules.items()):
        try:
            if Path(getattr(module, "__file__", None) or "/").resolve().is_relative_to(code_dir):
                del sys.modules[name]
        except (OSError, ValueError, TypeError):
            continue
    importlib.invalidate_caches()


def innermost_student_frame(tb, code_dir: Path):
    """The innermost traceback frame (a FrameSummary) in the student's folder, or None."""
    found = None
    for frame in traceback.extract_tb(tb):
        try:
            if Path(frame.filename).resolve().is_relative_to(code_dir):
                found = frame
        except (OSError, ValueError):
            continue
    return found


def student_frame(tb, code_dir: Path) -> str:
    """'file.py:42 in function' for the innermost frame in the student's folder."""
    frame = innermost_student_frame(tb, code_dir)
    return f"{Path(frame.filename).name}:{frame.lineno} in {frame.name}" if frame else ""


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

    from autograder.model.check import CallContext
    reply, payload = {"status": "ok"}, b""
    check = checks.get(cmd.get("part"))
    if check is None:
        return {"status": "crashed", "error": f"unknown part {cmd.get('part')!r}"}, b""
    call = check.baseline if cmd.get("baseline") else check.call
    NONE_RESULTS.clear()
    outputs = None
    try:
        outputs = call(CallContext(load=load, seed=int(cmd["seed"]), dir=str(code_dir), inputs=cmd.get("inputs"),
                                   repeat=int(cmd.get("repeat", 0)), vary=float(cmd.get("vary", 0.0))))
        try:
            buf = io.BytesIO()
            np.savez(buf, **to_arrays(outputs))
            payload = buf.getvalue()
        except (TypeError, ValueError) as exc:
            reply.update(none_reply(outputs, None, code_dir) or {"status": "bad_output", "error": str(exc)})
    except SubmissionProblem as exc:
        reply.update(status=exc.status, file=exc.file, error=exc.error, line=exc.line)
    except NotImplementedError as exc:
        reply.update(status="not_implemented", where=student_frame(exc.__traceback__, code_dir))
    except BaseException as exc:  # SystemExit and KeyboardInterrupt included: the child keeps serving
        missing = missing_name(exc, code_dir)
        if missing is not None:
            reply.update(status="missing", file=missing[0], error=missing[1])
        elif out_of_memory(exc):
            reply.update(status="memory_limit")
        else:
            reply.update(none_reply(outputs, exc, code_dir) or
                         {"status": "crashed", "error": f"{type(exc).__name__}: {exc}"[:500],
                          "where": student_frame(exc.__traceback__, code_dir)})
    payload = payload if reply["status"] == "ok" else b""
    NONE_RESULTS.clear()
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

    from autograder.sandbox import fences as sandbox
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
    from autograder.sandbox.child import main as module_main
    module_main(sys.argv[1:])
