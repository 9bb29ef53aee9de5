"""The gate's leak step: no line of a solution block, hidden test or hidden check is in a student
file or zip, no solutions/ path in a zip, no hidden check or staff-only checks module shipped, and
no solution LOGIC in any shipped .py file, the kit's own modules included: no function that is a
reference function (or a private mistake simulator) renamed, no statement that computes what a
solution block computes (autograder.release.logic).
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

from autograder.config.paths import SOLUTIONS
from autograder.release.check_source import hidden_check_lines, is_staff_only, part_names, public_checks, rel
from autograder.release.generate import student_files
from autograder.release.logic import Finding, Logic, find_logic, solution_logic
from autograder.release.problem import Problem
from autograder.release.strip import notebook_solution_lines, solution_blocks

TRIVIAL = re.compile(r"^(return|pass|continue|break|else:|try:|finally:|except\w*:|raiseNotImplementedError\(\)|"
                     r"#YOURCODEHERE|YOURANSWERHERE|[()\[\]{}:,.]*)$")
MIN_CHARS = 8       # shorter lines (after removing spaces) are too common to count as a leak
MIN_TOKENS = 3      # so are lines of one or two names: `return out`, `loss /= N`, `grads = {}`
MIN_INSIDE = 16     # a secret line this long is found inside longer lines too
COMMON = re.compile(r"^[\w,()]+=[\w.]+\.shape(\[[\d:-]+\])?$")   # `N, C, H, W = x.shape` is everywhere


def normalise(line: str) -> str:
    """A line without its comment and without any whitespace ('' for trivial lines)."""
    code = line.strip()
    if "#" in code:
        head, _, _ = code.partition("#")
        if head.count('"') % 2 == 0 and head.count("'") % 2 == 0:
            code = head
    code = re.sub(r"\s+", "", code)
    if len(code) < MIN_CHARS or TRIVIAL.match(code) or COMMON.match(code) or len(re.findall(r"[A-Za-z_]\w*|\d+", code)) < MIN_TOKENS:
        return ""
    return code


def cell_source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def secret_lines(aid: str, solutions: Path = SOLUTIONS, include_hidden_checks: bool = True) -> dict[str, str]:
    """{normalised line: 'file:line'} of everything students must not see: solution blocks and
    hidden tests of solutions/<aid>/, hidden checks of autograder/checks/<aid>; lines that are
    also given to students (outside the blocks) are not secret."""
    src = solutions / aid
    secret, public = {}, set()
    for relpath in student_files(src) if src.is_dir() else []:
        path = src / relpath
        if path.suffix not in (".py", ".ipynb"):
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".py":
            hidden = {n for n, _ in solution_blocks(text)}
            for n, line in solution_blocks(text):
                secret.setdefault(normalise(line), f"{rel(path)}:{n}")
            public.update(normalise(line) for n, line in enumerate(text.splitlines(), start=1) if n not in hidden)
        else:
            marked = notebook_solution_lines(text)
            for cell, n, line in marked:
                secret.setdefault(normalise(line), f"{rel(path)} cell {cell} line {n}")
            inside = {(c, n) for c, n, _ in marked}
            for c, cell in enumerate(json.loads(text).get("cells", [])):
                public.update(normalise(line) for n, line in enumerate(cell_source(cell).splitlines(), start=1)
                              if (c, n) not in inside)
    secret = {k: v for k, v in secret.items() if k not in public}
    if include_hidden_checks:
        # a hidden check's line that the public checks share is not secret; a SOLUTION line stays secret
        # wherever it is, the public checks module included (that is how a3's simulators shipped)
        shared = {normalise(line) for text, _ in public_checks(aid).values() for line in text.splitlines()}
        for file, n, line in hidden_check_lines(aid):
            key = normalise(line)
            if key not in shared and not is_import(line):
                secret.setdefault(key, f"{file}:{n} (hidden check)")
    secret.pop("", None)
    return secret


def is_import(line: str) -> bool:
    """An import statement: it reveals nothing, and the same import is everywhere."""
    try:
        return isinstance(ast.parse(line.strip()).body[0], (ast.Import, ast.ImportFrom))
    except (SyntaxError, IndexError):
        return False


def text_lines(name: str, data: bytes) -> list[tuple[str, str, bool]]:
    """(where, line, is code) of a text file; notebooks by cell. Binary files give nothing."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return []
    if "\x00" in text:
        return []
    if name.endswith(".ipynb"):
        try:
            cells = json.loads(text).get("cells", [])
        except ValueError:
            cells = None
        if cells is not None:
            return [(f"{name} cell {c} line {n}", line, cell.get("cell_type") == "code")
                    for c, cell in enumerate(cells) for n, line in enumerate(cell_source(cell).splitlines(), start=1)]
    return [(f"{name}:{n}", line, name.endswith(".py")) for n, line in enumerate(text.splitlines(), start=1)]


def leaked(line: str, is_code: bool, secrets: dict[str, str], inside) -> str:
    """The secret (normalised) that `line` gives away, or ''.

    Exact matches count everywhere (a comment that is a commented-out solution line too); a long
    solution statement inside a longer line of code counts as well (after `;` or `:`), but not
    inside prose, where instructions may describe what to compute."""
    key = normalise(line)
    if key in secrets:
        return key
    if not key and "#" in line:
        body = normalise(line.split("#", 1)[1])
        if body in secrets:
            return body
    if key and is_code and inside is not None:
        m = inside.search(key)
        if m:
            return m.group(1)
    return ""


def shipped_hidden_checks(aid: str, name: str, data: bytes) -> str:
    """What `name` (a member of a student file set) gives away of `aid`'s hidden checks, or ''."""
    m = re.search(rf"autograder/checks/{re.escape(aid)}(\.py|/.+\.py)$", name)
    if not m:
        return ""
    if is_staff_only(name):
        return "a staff-only checks module shipped"
    try:
        hidden = part_names(ast.parse(data.decode("utf-8")), hidden=True)
    except (SyntaxError, UnicodeDecodeError, ValueError):
        hidden = []
    return f"hidden checks shipped: {', '.join(hidden)}" if hidden else ""


def step_leak(aid: str, files: dict[str, bytes], where: str, secrets: dict[str, str] | None = None,
              logic: Logic | None = None) -> list[Problem]:
    """No secret line in `files` ({name: bytes}, a folder or a zip's members, labelled `where`),
    no member under solutions/, no hidden check in a shipped checks module, and no solution logic
    in any .py file (see autograder.release.logic)."""
    secrets = secret_lines(aid) if secrets is None else secrets
    logic = solution_logic(aid, SOLUTIONS) if logic is None else logic
    long = sorted((k for k, origin in secrets.items() if len(k) >= MIN_INSIDE and "(hidden check)" not in origin),
                  key=len, reverse=True)
    # a whole solution statement inside a longer line: `print(1); <secret>`, `if ok: <secret>`
    inside = re.compile("(?:^|[;:])(" + "|".join(map(re.escape, long)) + ")(?:;|$)") if long else None
    problems = []
    for name, data in sorted(files.items()):
        if re.search(r"(^|/)solutions(/|$)", name):
            problems.append(Problem("leak", f"{where}/{name}", 0, "a solutions/ path in a student file set"))
            continue
        shipped = shipped_hidden_checks(aid, name, data)
        if shipped:
            problems.append(Problem("leak", f"{where}/{name}", 0, shipped))
        seen = set()
        for loc, line, is_code in text_lines(name, data):
            key = leaked(line, is_code, secrets, inside)
            if key:
                file, _, lineno = loc.rpartition(":") if " cell " not in loc else (loc, "", "0")
                seen.add(int(lineno or 0))
                problems.append(Problem("leak", f"{where}/{file}", int(lineno or 0),
                                        f"`{line.strip()}` is from {secrets[key]}"))
        if name.endswith(".py"):
            try:
                text = data.decode("utf-8")
            except UnicodeDecodeError:
                continue
            for f in find_logic(text, logic, name):
                if f.line not in seen:
                    problems.append(Problem("leak", f"{where}/{name}", f.line, logic_message(f)))
    return problems


def logic_message(f: Finding) -> str:
    where = f"function {f.function}" if f.function else "module level"
    return f"solution logic in {where}: `{f.text}` computes what {f.origin} computes"


def folder_files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts}
