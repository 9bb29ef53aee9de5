"""Plain-text tables that line up with Korean text (wide characters take two columns)."""
from __future__ import annotations

import unicodedata

from autograder.model.safe_text import safe_text


def width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def pad(text: str, n: int) -> str:
    return text + " " * max(0, n - width(text))


def render(headers: list[str], rows: list[list[str]]) -> str:
    """Every column but the last is padded; the last (a message) runs free."""
    cols = len(headers)
    rows = [[safe_text(cell) for cell in row] for row in rows]   # a student's message may hold anything
    widths = [max(width(str(r[i])) for r in [headers] + rows) for i in range(cols - 1)]
    lines = []
    for i, row in enumerate([headers] + rows):
        cells = [pad(str(row[j]), widths[j]) for j in range(cols - 1)] + [str(row[-1])]
        lines.append("  ".join(cells).rstrip())
        if i == 0:
            lines.append("  ".join("-" * w for w in widths) + "  " + "-" * max(7, width(headers[-1])))
    return "\n".join(lines)
