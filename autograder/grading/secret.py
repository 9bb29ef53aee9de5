"""The course secret and what it derives: each student's hidden seeds and timed runs' shifts.

The secret lives next to course.yml (`SECRET_FILE`, mode 0600, made on first use) or in
$AUTOGRADER_SECRET; `secret_inputs` derives one student's seeds by HMAC from it, the assignment,
the part and the student id, so regrading reproduces them and no student's fit another's.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
from pathlib import Path


from autograder.model.check import Check
from autograder.config.course import Course


# A student zip has no solutions/: it ships the reference outputs of the public checks here instead
# (written by the release, fixed seeds). Speed parts are then clocked against the student's own
# baseline function (for a1 the student's two-loop version), on the student's machine.


SECRET_FILE = ".autograder-secret"     # next to course.yml; never in a release (see README)
SECRET_ENV = "AUTOGRADER_SECRET"       # overrides the file
_secret_lock = threading.Lock()


def secret_path(course: Course) -> Path:
    return Path(course.path).resolve().parent / SECRET_FILE


def course_secret(course: Course) -> bytes:
    """The course secret: $AUTOGRADER_SECRET, else the file next to course.yml, made on first use
    (64 hex digits, mode 0600; made atomically, so concurrent graders agree on one). Rotating it
    (deleting or replacing the file) changes every student's hidden inputs from then on."""
    env = os.environ.get(SECRET_ENV, "").strip()
    if env:
        return env.encode()
    path = secret_path(course)
    with _secret_lock:
        if not path.is_file():
            tmp = path.with_name(f"{SECRET_FILE}.{os.getpid()}.{threading.get_ident()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32) + "\n")
            try:
                os.link(tmp, path)          # fails if another grader made it first: theirs wins
            except FileExistsError:
                pass
            finally:
                tmp.unlink()
        text = path.read_text(encoding="ascii").strip()
        try:
            if path.stat().st_mode & 0o077 and path.stat().st_uid == os.geteuid():
                path.chmod(0o600)           # a file put there by hand: readable by the grader only
        except OSError:
            pass
    if len(text) < 32:
        raise ValueError(f"{path}: the course secret is too short (delete the file to make a new one)")
    return text.encode()


def gradescope_secret(course: Course, aid: str) -> str:
    """The secret a Gradescope autograder zip carries (root's alone there): derived from the course
    secret and the assignment, so the course secret itself never leaves the course folder and a
    leaked zip tells nothing of the other assignments' or the local grader's hidden inputs."""
    return hmac.new(course_secret(course), f"gradescope|{aid}".encode(), hashlib.sha256).hexdigest()


def derive(secret: bytes, aid: str, part: str, student: str, run) -> int:
    """A 64-bit number only the secret's holder can work out: HMAC-SHA256 of (assignment, part,
    student, run)."""
    msg = json.dumps([aid, part, student, run]).encode()
    return int.from_bytes(hmac.new(secret, msg, hashlib.sha256).digest()[:8], "big")


def secret_inputs(secret: bytes, aid: str, checks: list[Check], student: str
                  ) -> tuple[dict[str, int], dict[str, list[float]]]:
    """One student's seeds (hidden checks and timed parts) and timed runs' shifts (`vary`; run 0's
    is 0: the full answer at the seed). Public untimed checks keep their fixed seeds, as do checks
    that write input files (`Check.inputs`)."""
    seeds, variations = {}, {}
    for check in checks:
        if not (check.hidden or check.timed) or check.inputs is not None:
            continue
        seeds[check.part] = derive(secret, aid, check.part, student, "seed") % 2**31
        if check.timed:
            variations[check.part] = [0.0] + [0.05 + derive(secret, aid, check.part, student, k) % 1000 / 1000
                                              for k in range(1, max(check.repeat, 2))]
    return seeds, variations
