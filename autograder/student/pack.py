"""The student's submission zip: exactly the files the grader reads, checked before they go.

    zip_path = pack(course, "a1_knn_linear", Path("assignments/a1_knn_linear"), Path("a1_knn_linear.zip"), t)

The zip holds the assignment's code files (the `.py` files of the student release, less the public
tests), the notebook, for a5 and a6 `checkpoint.pt`, nbgrader's `timestamp.txt` and `SHA256SUMS`.
Members sit at the top level, so the zip placed as `<student_id>/<aid>.zip` is what `grade` reads.
A problem the student can fix (a missing file, a file that is not valid Python, a notebook that is
not valid JSON, a checkpoint over the size limit) raises `PackError` with the fix in the message.
"""
from __future__ import annotations

import ast
import datetime as dt
import hashlib
import json
import zipfile
from pathlib import Path

from autograder.config.checkpoint import CHECKPOINT, CHECKPOINT_ASSIGNMENTS, max_checkpoint_mb
from autograder.config.course import Course
from autograder.config.paths import ASSIGNMENTS, SOLUTIONS
from autograder.release.generate import student_files

NOT_SUBMITTED = {"test_public.py"}


class PackError(ValueError):
    """A reason not to write the zip, already translated, with the fix."""


def submission_files(aid: str) -> list[str]:
    """The names `pack` puts in the zip for `aid` (besides timestamp.txt and SHA256SUMS)."""
    release = ASSIGNMENTS / aid if (ASSIGNMENTS / aid).is_dir() else SOLUTIONS / aid
    names = [str(rel) for rel in student_files(release) if rel.suffix == ".py" and rel.name not in NOT_SUBMITTED]
    names.append(f"{aid}.ipynb")
    if aid in CHECKPOINT_ASSIGNMENTS:
        names.append(CHECKPOINT)
    return names


def validate(course: Course, aid: str, folder: Path, names: list[str], t) -> None:
    """Refuse, with the fix, anything the grader could not read."""
    for name in names:
        path = folder / name
        if not path.is_file():
            raise PackError(t("pack.missing", file=name, dir=folder))
        if path.suffix == ".py":
            try:
                ast.parse(path.read_bytes(), filename=name)
            except (SyntaxError, ValueError) as exc:
                raise PackError(t("pack.not_python", file=name, line=getattr(exc, "lineno", 0) or 0,
                                  error=getattr(exc, "msg", str(exc)))) from None
        elif path.suffix == ".ipynb":
            try:
                json.loads(path.read_text(encoding="utf-8"))
            except (ValueError, UnicodeDecodeError) as exc:
                raise PackError(t("pack.not_json", file=name, error=str(exc)[:200])) from None
        elif path.name == CHECKPOINT:
            limit = max_checkpoint_mb(course.assignments[aid])
            size_mb = path.stat().st_size / 2**20
            if size_mb > limit:
                raise PackError(t("pack.checkpoint_too_large", size=size_mb, limit=limit))


def nbgrader_timestamp(now: dt.datetime | None = None) -> str:
    """nbgrader's timestamp.txt format: '2026-09-20 14:03:11.123456 UTC'."""
    now = now or dt.datetime.now(dt.timezone.utc)
    return now.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def pack(course: Course, aid: str, folder: Path, out: Path, t, now: dt.datetime | None = None) -> Path:
    names = submission_files(aid)
    validate(course, aid, folder, names, t)
    sums = []
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in names:
            data = (folder / name).read_bytes()
            zf.writestr(name, data)
            sums.append(f"{hashlib.sha256(data).hexdigest()}  {name}")
        stamp = nbgrader_timestamp(now) + "\n"
        zf.writestr("timestamp.txt", stamp)
        sums.append(f"{hashlib.sha256(stamp.encode()).hexdigest()}  timestamp.txt")
        zf.writestr("SHA256SUMS", "\n".join(sums) + "\n")
    tmp.replace(out)
    return out
