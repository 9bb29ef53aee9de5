"""A problem the release gate found: its step, file, line and what is wrong. A step returns a list
of them; an empty list is a pass."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    step: str
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"[{self.step}] {where}: {self.message}"
