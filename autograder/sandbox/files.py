"""The submission's files into the sandbox, and what a sandbox's user left in the shared temporary
folders out of it.
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

MAX_SUBMISSION_BYTES = 512 * 1024 * 1024
MAX_SUBMISSION_FILES = 2000


def read_submission(code_dir: Path) -> dict[str, bytes]:
    """Every regular file under code_dir (relative path -> bytes); symlinks, odd files and compiled
    code (__pycache__/, *.pyc) skipped."""
    files, total = {}, 0
    for top, dirs, names in os.walk(code_dir, followlinks=False):
        dirs[:] = [d for d in dirs if d != "__pycache__" and not os.path.islink(os.path.join(top, d))]
        for name in names:
            if name.endswith((".pyc", ".pyo")):   # compiled code is never run: only the sources
                continue
            path = os.path.join(top, name)
            try:
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
            except OSError:
                continue
            with os.fdopen(fd, "rb") as f:
                if not _is_regular(fd):
                    continue
                if total + os.fstat(fd).st_size > MAX_SUBMISSION_BYTES:
                    raise OSError("the submission is too large to grade")
                data = f.read(MAX_SUBMISSION_BYTES - total + 1)
            total += len(data)
            if total > MAX_SUBMISSION_BYTES or len(files) >= MAX_SUBMISSION_FILES:
                raise OSError("the submission is too large to grade")
            files[os.path.relpath(path, code_dir)] = data
    return files


def _is_regular(fd: int) -> bool:
    import stat
    return stat.S_ISREG(os.fstat(fd).st_mode)


def write_submission(files: dict[str, bytes], box: Path, uid: int | None) -> None:
    box.mkdir(parents=True, exist_ok=True)
    for rel, data in files.items():
        path = box / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    if uid is not None:
        for top, dirs, names in os.walk(box):
            os.chown(top, uid, uid)
            for name in names:
                os.chown(os.path.join(top, name), uid, uid)


def tmp_sweep(uid: int, folders=("/tmp", "/var/tmp", "/dev/shm")) -> int:
    """Remove what user `uid` (a sandbox's, unique) left in the shared temporary folders: its
    entries, found in the folders anyone may write to (where it could have made them). Returns
    how many entries were removed."""
    import shutil
    removed, stack = 0, [f for f in folders if os.path.isdir(f)]
    while stack:
        top = stack.pop()
        try:
            entries = list(os.scandir(top))
        except OSError:
            continue
        for entry in entries:
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if st.st_uid == uid:
                if stat.S_ISDIR(st.st_mode):
                    shutil.rmtree(entry.path, ignore_errors=True)
                else:
                    try:
                        os.unlink(entry.path)
                    except OSError:
                        continue
                removed += 1
            elif stat.S_ISDIR(st.st_mode) and st.st_mode & 0o002:   # others may write there: look inside
                stack.append(entry.path)
    return removed
