"""One student's graded submission of one assignment: what every output is written from.

`StudentRecord` keeps the raw results (before the late penalty), the late verdict, the captured
output and how the submission was collected. It is saved as OUT/<student_id>/record.json, the
last file written for a student (atomically), so that `grade --resume` can trust what it finds.
"""
from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from autograder.model.check import Result
from autograder.model.safe_text import safe_data, safe_text

RECORD_NAME = "record.json"
RECORD_VERSION = 1


def jsonable(value):
    """Plain JSON values from numpy scalars and arrays; non-finite floats become strings."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, str):
        return safe_text(value, multiline=True)
    if value is None or isinstance(value, (bool, int, float)):
        return value
    return safe_text(str(value), multiline=True)


def safe_result(r: Result) -> Result:
    """`r` with its texts made safe (a message may quote the child's exception or a file name)."""
    return replace(r, part=safe_text(r.part), status=safe_text(r.status), message=safe_text(r.message, multiline=True),
                   details=safe_data(r.details or {}))


@dataclass
class StudentRecord:
    student: str
    assignment: str
    results: list[Result]                     # raw scores, before the late penalty
    late: dict = field(default_factory=dict)  # late.Lateness.as_dict()
    output: str = ""                          # what the student's code printed (already cut)
    problem: str = ""                         # why nothing could be graded ('' when graded)
    notes: list[str] = field(default_factory=list)   # what collecting skipped
    digest: str = ""                          # sha256 of the staged submission
    key: str = ""                             # what else the grades depend on (see batch.grading_key)
    seconds: float = 0.0                      # wall time of grading this student
    withheld: dict = field(default_factory=dict)  # {hidden part: its message, numbers held back} (withheld.py)
    mistakes: dict = field(default_factory=dict)  # {part: [message keys of the mistakes its message names]}

    def __post_init__(self):
        """Every text a record holds is safe to write (see safe_text.py), however it was built."""
        self.student = safe_text(self.student)
        self.output = safe_text(self.output, multiline=True)
        self.problem = safe_text(self.problem, multiline=True)
        self.notes = [safe_text(n, multiline=True) for n in self.notes]
        self.results = [safe_result(r) for r in self.results]
        self.withheld = {safe_text(k): safe_text(v, multiline=True) for k, v in (self.withheld or {}).items()}

    def shown_message(self, r: Result, reveal: bool) -> str:
        """What the student reads for part `r`: a hidden part's message without its numbers until
        `--reveal hidden` (a record made before the number-free message existed shows none)."""
        if reveal or not r.hidden:
            return r.message
        return self.withheld.get(r.part, "")

    def shown_details(self, r: Result, reveal: bool) -> dict:
        """A hidden part's diagnostic numbers only with `--reveal hidden`."""
        return (r.details or {}) if reveal or not r.hidden else {}

    @property
    def late_flag(self) -> str:
        """Where a pack-written timestamp disagrees with the submission's evidence ('' when it agrees)."""
        return str((self.late or {}).get("flag", "") or "")

    @property
    def share_off(self) -> float:
        return float(self.late.get("share", 0.0) or 0.0)

    def penalty(self, r: Result) -> float:
        """Points taken off part `r` for lateness."""
        return round(r.score * self.share_off, 4)

    def final(self, r: Result) -> float:
        """The points that count for part `r`."""
        return round(r.score - self.penalty(r), 4)

    @property
    def total(self) -> float:
        return round(sum(self.final(r) for r in self.results), 4)

    @property
    def raw_total(self) -> float:
        return round(sum(r.score for r in self.results), 4)

    @property
    def max_total(self) -> float:
        return round(sum(r.max_score for r in self.results), 4)

    def final_results(self) -> list[Result]:
        """The results with the late penalty applied to each score."""
        return [Result(**{**asdict(r), "score": self.final(r)}) for r in self.results]

    def to_json(self) -> str:
        data = asdict(self)
        data["version"] = RECORD_VERSION
        return json.dumps(jsonable(data), ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "StudentRecord":
        data = json.loads(text)
        if data.pop("version", None) != RECORD_VERSION:
            raise ValueError("record of another version")
        data["results"] = [Result(**r) for r in data["results"]]
        return cls(**data)


def write_atomic(path: Path, text: str, durable: bool = False) -> None:
    """Write `text` to `path` so that a reader sees the old file or the whole new one, never half;
    `durable` also waits for the disk (the record `--resume` trusts), not only for the rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        # errors="replace": the last fence, should anything unsafe ever get past safe_text
        with os.fdopen(fd, "w", encoding="utf-8", errors="replace", newline="") as f:
            f.write(text)
            if durable:
                f.flush()
                os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def load_record(folder: Path, student: str, aid: str) -> StudentRecord | None:
    """The saved record in OUT/<student>/, or None when absent, unreadable or someone else's."""
    try:
        record = StudentRecord.from_json((folder / RECORD_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError, TypeError, KeyError):
        return None
    if record.student != student or record.assignment != aid:
        return None
    return record
