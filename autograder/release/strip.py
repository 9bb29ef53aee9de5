"""Strip solutions and hidden tests, the way nbgrader's markers say, from .py files and notebooks.

    ### BEGIN SOLUTION          ->  # YOUR CODE HERE
    ...reference code...            raise NotImplementedError()
    ### END SOLUTION

    ### BEGIN HIDDEN TESTS      ->  (nothing)
    ...
    ### END HIDDEN TESTS

The replacement keeps the indentation of the BEGIN marker. Unbalanced markers raise
`MarkerError` naming the file and the line.
"""
from __future__ import annotations

import copy
import json

BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
STUB = ["# YOUR CODE HERE", "raise NotImplementedError()"]
TEXT_STUB = ["YOUR ANSWER HERE"]          # nbgrader's stub for written (markdown) answers


class MarkerError(ValueError):
    pass


def strip_source(text: str, filename: str = "<source>", stub: list[str] = STUB) -> str:
    """The student version of one file's (or one cell's) text; `stub` replaces each solution block."""
    out: list[str] = []
    open_marker, open_line = None, 0
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        marker = line.strip()
        if marker in (BEGIN_SOLUTION, BEGIN_HIDDEN):
            if open_marker:
                raise MarkerError(f"{filename}:{number}: {marker} inside the block opened at line {open_line}")
            open_marker, open_line = marker, number
            if marker == BEGIN_SOLUTION:
                indent = line[: len(line) - len(line.lstrip())]
                out.extend(indent + s + "\n" for s in stub)
        elif marker in (END_SOLUTION, END_HIDDEN):
            expected = END_SOLUTION if open_marker == BEGIN_SOLUTION else END_HIDDEN
            if marker != expected:
                raise MarkerError(f"{filename}:{number}: {marker} without a matching BEGIN")
            open_marker = None
        elif open_marker is None:
            out.append(line)
    if open_marker:
        raise MarkerError(f"{filename}:{open_line}: {open_marker} is never closed")
    result = "".join(out)
    if text.endswith("\n") is False and result.endswith("\n"):
        result = result[:-1]
    return result


def solution_blocks(text: str) -> list[tuple[int, str]]:
    """(line number, line) of every line inside a solution or hidden-tests block."""
    lines, inside = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        marker = line.strip()
        if marker in (BEGIN_SOLUTION, BEGIN_HIDDEN):
            inside = True
        elif marker in (END_SOLUTION, END_HIDDEN):
            inside = False
        elif inside:
            lines.append((number, line))
    return lines


def is_solution_cell(cell: dict) -> bool:
    return bool(cell.get("metadata", {}).get("nbgrader", {}).get("solution"))


def notebook_solution_lines(text: str) -> list[tuple[int, int, str]]:
    """(cell index, line number in the cell, line) of every answer line of a notebook: lines inside
    solution or hidden-test blocks, and every line of a solution cell without markers."""
    lines = []
    for i, cell in enumerate(json.loads(text).get("cells", [])):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        block = solution_blocks(source)
        if not block and is_solution_cell(cell) and BEGIN_SOLUTION not in source:
            block = list(enumerate(source.splitlines(), start=1))
        lines.extend((i, n, line) for n, line in block)
    return lines


def strip_notebook(text: str, filename: str = "<notebook>") -> str:
    """The student version of a notebook: every cell stripped, outputs and counts cleared,
    nbgrader's cell metadata kept."""
    nb = json.loads(text)
    nb = copy.deepcopy(nb)
    for i, cell in enumerate(nb.get("cells", [])):
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else source
        code = cell.get("cell_type") == "code"
        stripped = strip_source(source, f"{filename} cell {i}", STUB if code else TEXT_STUB)
        if is_solution_cell(cell) and stripped == source:
            # a solution cell without markers is all answer: nbgrader replaces it whole
            stripped = "\n".join(STUB if code else TEXT_STUB)
        cell["source"] = stripped
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
