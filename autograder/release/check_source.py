"""What the gate and the bundler both read from an assignment's check source: where each
`Check("part", ...)` is written, which checks are hidden, and the public version a student zip
ships (the hidden checks cut out, with the helpers and imports only they use).

An assignment's checks are `autograder/checks/<aid>.py` or a package `autograder/checks/<aid>/`.
In a package, every module that defines a `CHECKS` list is cut like a single file, and a module
named `hidden.py` or `hidden_*.py` is staff-only: it never ships in a student zip.
"""
from __future__ import annotations

import ast
import copy
import re
from pathlib import Path

from autograder.checks import CHECKS_DIR, check_sources
from autograder.config.paths import ROOT

PACKAGE = ROOT / "autograder"
STAFF_ONLY = re.compile(r"^hidden(_\w+)?\.py$")


class BundleError(ValueError):
    """A bundle cannot be made; the message names the file and the line."""


def rel(path) -> str:
    """`path` relative to the kit's root, as written in problems and zips."""
    path = Path(path)
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return str(path)


def is_staff_only(path) -> bool:
    """A module of a checks package that only the course staff get (never in a student zip)."""
    return bool(STAFF_ONLY.match(Path(path).name))


# ---------------------------------------------------------------- where checks are written

def _is_check(node) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Check"


def check_where(aid: str, part: str) -> tuple[str, int]:
    """(file, line) of the `Check("part", ...)` of `aid`: the file relative to the kit's root, the
    line 0 when it is not found (the file is then the checks module, or the package's __init__)."""
    sources = check_sources(aid)
    for path in sources:
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (OSError, SyntaxError):
            continue
        for node in ast.walk(tree):
            if _is_check(node) and node.args and isinstance(node.args[0], ast.Constant) \
                    and node.args[0].value == part:
                return rel(path), node.lineno
    package = CHECKS_DIR / aid
    return rel(package / "__init__.py" if package.is_dir() else CHECKS_DIR / f"{aid}.py"), 0


def check_line(aid: str, part: str) -> int:
    """Line of the Check("part", ...) of `aid` (0 when not found)."""
    return check_where(aid, part)[1]


# ---------------------------------------------------------------- hidden and public checks

def _hidden_flag(call: ast.Call, filename: str) -> bool:
    for kw in call.keywords:
        if kw.arg == "hidden":
            if not isinstance(kw.value, ast.Constant):
                raise BundleError(f"{filename}:{call.lineno}: hidden= must be a literal True or False "
                                  "so the release can leave hidden checks out of the student zip")
            return bool(kw.value.value)
    return False


def check_lists(tree: ast.Module) -> list[ast.List]:
    """The list literals assigned (or added) to the module's CHECKS."""
    lists = []
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(
            node, (ast.AugAssign, ast.AnnAssign)) else []
        if any(isinstance(t, ast.Name) and t.id == "CHECKS" for t in targets) and node.value is not None:
            lists.extend(n for n in ast.walk(node.value) if isinstance(n, ast.List))
    return lists


def part_names(tree: ast.Module, hidden: bool | None = None) -> list[str]:
    """Part names of the Check(...) literals in CHECKS (only hidden or public ones when asked)."""
    names = []
    for lst in check_lists(tree):
        for elt in lst.elts:
            if _is_check(elt) and elt.args and isinstance(elt.args[0], ast.Constant):
                if hidden is None or _hidden_flag(elt, "") == hidden:
                    names.append(elt.args[0].value)
    return names


def _names_used(nodes) -> set[str]:
    used = set()
    for node in nodes:
        for n in ast.walk(node):
            if isinstance(n, ast.Name):
                used.add(n.id)
            elif isinstance(n, ast.Attribute):
                used.add(n.attr)
    return used


def _defined_names(node) -> set[str]:
    """The names a top-level statement binds (a def, a class, one assignment, an import)."""
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if len(targets) == 1 and isinstance(targets[0], ast.Name):
            return {targets[0].id}
    if isinstance(node, (ast.Import, ast.ImportFrom)) and not any(a.name == "*" for a in node.names):
        return {(a.asname or a.name).split(".")[0] for a in node.names}
    return set()


def _span(node) -> tuple[int, int]:
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return first, node.end_lineno


def _hidden_checks(tree: ast.Module, lines: list[str], filename: str) -> list[ast.Call]:
    hidden = []
    for lst in check_lists(tree):
        for elt in lst.elts:
            if _is_check(elt) and _hidden_flag(elt, filename):
                head = lines[elt.lineno - 1][: elt.col_offset]
                tail = lines[elt.end_lineno - 1].encode()[elt.end_col_offset:].decode().strip()
                if head.strip() or tail not in ("", ","):
                    raise BundleError(f"{filename}:{elt.lineno}: put each hidden Check(...) on lines of its "
                                      "own so the release can leave it out of the student zip")
                hidden.append(elt)
    return hidden


def public_check_source(text: str, filename: str = "<checks>") -> tuple[str, list[tuple[int, int]]]:
    """A check module without its hidden checks, nor the helpers (and imported names) only they use.

    Returns the new text and the removed (first, last) line ranges (an import that keeps some of its
    names is rewritten in place). Each hidden ``Check(...)`` must sit on lines of its own inside the
    CHECKS list literal."""
    tree = ast.parse(text, filename)
    lines = text.splitlines(keepends=True)
    public_before = part_names(tree, hidden=False)
    hidden_nodes = _hidden_checks(tree, lines, filename)
    removed = [(elt.lineno, elt.end_lineno) for elt in hidden_nodes]
    # helpers that only hidden checks (or other removed helpers) use go too
    wanted_by_hidden = _names_used(hidden_nodes)
    body = [n for n in tree.body if not isinstance(n, (ast.Import, ast.ImportFrom))]
    gone: set[int] = set()
    changed = bool(hidden_nodes)
    while changed:
        changed = False
        kept = [n for i, n in enumerate(body) if i not in gone]
        for i, node in enumerate(body):
            names = _defined_names(node)
            if i in gone or not names or not names <= wanted_by_hidden or "CHECKS" in names:
                continue
            others = [n for n in kept if n is not node]
            if not names & _names_used(_without(others, hidden_nodes)):
                gone.add(i)
                removed.append(_span(node))
                wanted_by_hidden |= _names_used([node])
                changed = True
    imports = _imports_without(tree, lines, wanted_by_hidden,
                               _without([n for i, n in enumerate(body) if i not in gone], hidden_nodes))
    removed += [(first, last) for first, last, _ in imports]
    rewritten = {first: text for first, _, text in imports}
    drop = set()
    for first, last in removed:
        drop.update(range(first, last + 1))
    out = "".join(rewritten.get(number, "") if number in drop else line
                  for number, line in enumerate(lines, start=1))
    out = re.sub(r"\n{4,}", "\n\n\n", out)
    try:
        new_tree = ast.parse(out, filename)
    except SyntaxError as exc:
        raise BundleError(f"{filename}:{exc.lineno}: the public version of the checks does not parse "
                          f"({exc.msg})") from None
    if part_names(new_tree, hidden=True):
        raise BundleError(f"{filename}: hidden checks are left in the public version")
    if part_names(new_tree, hidden=False) != public_before:
        raise BundleError(f"{filename}: the public version lost public checks")
    return out, sorted(removed)


def _imports_without(tree: ast.Module, lines: list[str], wanted_by_hidden: set[str], kept) -> list:
    """(first line, last line, new text) of each top-level import that binds a name only hidden code
    uses: the statement without those names ('' when none is left), its trailing comment kept."""
    used = {n.id for node in kept for n in ast.walk(node) if isinstance(n, ast.Name)}
    found = []
    for node in tree.body:
        if not isinstance(node, (ast.Import, ast.ImportFrom)) or any(a.name == "*" for a in node.names):
            continue
        left = [a for a in node.names if (a.asname or a.name).split(".")[0] not in wanted_by_hidden
                or (a.asname or a.name).split(".")[0] in used]
        if len(left) == len(node.names):
            continue
        text = ""
        if left:
            statement = copy.copy(node)
            statement.names = left
            text = ast.unparse(statement) + lines[node.end_lineno - 1].encode()[node.end_col_offset:].decode()
        found.append((node.lineno, node.end_lineno, text))
    return found


def _without(nodes, hidden_nodes):
    """The module's nodes with the hidden Check(...) calls blanked out (they are being removed)."""
    hidden_ids = {id(h) for h in hidden_nodes}
    result = []
    for node in nodes:
        if any(id(n) in hidden_ids for n in ast.walk(node)):
            clone = copy.deepcopy(node)
            for a, b in zip(ast.walk(node), ast.walk(clone)):   # deepcopy gives new ids: keep the originals
                b._orig_id = id(a)
            node = _Blank(hidden_ids).visit(clone)
        result.append(node)
    return result


class _Blank(ast.NodeTransformer):
    def __init__(self, ids):
        self.ids = ids

    def generic_visit(self, node):
        if getattr(node, "_orig_id", None) in self.ids:
            return ast.Constant(None)
        return super().generic_visit(node)


def public_checks(aid: str) -> dict[str, tuple[str, list[tuple[int, int]]]]:
    """{file relative to the kit's root: (its public text, the removed line ranges)} for every
    module of `aid`'s checks that a student zip ships (staff-only modules left out)."""
    found = {}
    for path in check_sources(aid):
        if is_staff_only(path):
            continue
        name = rel(path)
        found[name] = public_check_source(path.read_text(encoding="utf-8"), name)
    return found


def hidden_check_lines(aid: str) -> list[tuple[str, int, str]]:
    """(file, line number, line) of what a student zip leaves out of `aid`'s checks: the hidden
    checks, the helpers only they use, and every line of a staff-only module."""
    found = []
    for path in check_sources(aid):
        lines = path.read_text(encoding="utf-8").splitlines()
        name = rel(path)
        if is_staff_only(path):
            found.extend((name, n, line) for n, line in enumerate(lines, start=1))
            continue
        _, removed = public_check_source("\n".join(lines) + "\n", name)
        found.extend((name, n, lines[n - 1]) for first, last in removed for n in range(first, last + 1))
    return found
