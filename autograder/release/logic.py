"""Solution logic in shipped code, found by its shape rather than by its text.

The gate's line check finds a solution line copied as it is. Reference logic also ships in other
forms: a kit module's helper that is a graded function renamed, or a "mistake simulator" that is
the reference with a flag flipped (a3's `_adam`, `_momentum`, `_scaled` did). Two fingerprints,
both on the AST, so neither spacing, comments, docstrings nor names hide anything:

- functions: every function of the reference that holds a solution block, and every function of
  the private mistake simulators (solutions/mistakes/<aid>.py), with docstrings removed and every
  name and argument renamed in order of appearance. A shipped function (nested ones and methods
  too) with the same fingerprint is a leak;
- signatures: every statement inside a solution block, and every sub-expression of one, that
  computes enough (`MIN_OPS` operations or calls, `MIN_EXPR_OPS` for a part of one), with its
  operands abstracted: names, `config["m"]`, `self.reg` and float constants become placeholders
  numbered by first appearance, so
  `config["m"] = b1 * config["m"] + (1 - b1) * dw` is the Adam line whatever its names. Signatures
  that the student version of the files also has (given code) are not secret.
"""
from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

from autograder.release.strip import solution_blocks, strip_source

MIN_OPS = 3                 # operations + calls in a statement's signature: fewer is everyday code (`a = b - c * d`)
MIN_EXPR_OPS = 6            # in a sub-expression's: `reg * np.sum(W * W)` or `(W - F + 2 * P) / S` are textbook
MIN_FUNCTION_NODES = 25     # smaller functions (`return x + 1`) are too common to count
MODULES = {"np", "numpy", "torch", "F", "nn", "math", "scipy"}   # calls through these keep their name


@dataclass
class Logic:
    """Fingerprints of one assignment's solution logic: fingerprint -> where it comes from."""
    functions: dict[str, str] = field(default_factory=dict)
    signatures: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Finding:
    line: int
    function: str           # the shipped function it is in ('' at module level)
    origin: str             # file:line (and name) in solutions/
    text: str               # the shipped code, one line


# ---------------------------------------------------------------- fingerprints

def function_key(fn) -> str:
    """A function without docstrings, annotations and decorators, every name and argument renamed
    in order of appearance: equal for renamed copies. One pass, no copy of the tree."""
    names: dict[str, str] = {}
    out: list[str] = []

    def canon(name: str) -> str:
        return names.setdefault(name, f"v{len(names)}")

    def visit(node):
        if isinstance(node, list):
            out.append("[")
            for item in node:
                visit(item)
            out.append("]")
            return
        if not isinstance(node, ast.AST):
            out.append(repr(node))
            return
        out.append(type(node).__name__ + "(")
        if isinstance(node, ast.Name):
            out.append(canon(node.id))
        elif isinstance(node, ast.arg):
            out.append(canon(node.arg))
        else:
            for field_name, value in ast.iter_fields(node):
                if field_name in ("ctx", "type_comment", "kind", "returns", "annotation", "decorator_list"):
                    continue
                if field_name == "name" and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                    out.append(canon(value) if node is not fn else "f")
                    continue
                if field_name == "body" and isinstance(value, list) and value and _is_docstring(value[0]):
                    value = value[1:]
                visit(value)
        out.append(")")
    visit(fn)
    return "".join(out)


def _is_docstring(stmt) -> bool:
    return isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant) and isinstance(stmt.value.value, str)


def _is_leaf(node) -> bool:
    if isinstance(node, ast.Name):
        return True
    if isinstance(node, ast.Constant):
        return isinstance(node.value, float)
    if isinstance(node, ast.Attribute):
        return _is_leaf(node.value)
    if isinstance(node, ast.Subscript):
        return _is_leaf(node.value) and isinstance(node.slice, ast.Constant)
    return False


def _ops(node, memo: dict | None = None) -> int:
    """Operations and calls in `node` (counted once per node with `memo`, bottom up)."""
    if memo is not None and id(node) in memo:
        return memo[id(node)]
    own = int(isinstance(node, (ast.BinOp, ast.Call, ast.Compare, ast.BoolOp, ast.IfExp))
              or (isinstance(node, ast.UnaryOp) and not isinstance(node.operand, ast.Constant)))
    count = own + sum(_ops(child, memo) for child in ast.iter_child_nodes(node))
    if memo is not None:
        memo[id(node)] = count
    return count


def _sig(node, names: dict[str, str]) -> str:
    if _is_leaf(node):
        return names.setdefault(ast.dump(node, include_attributes=False), f"_{len(names)}")
    if isinstance(node, ast.Call):
        func = node.func
        if isinstance(func, ast.Name) or _dotted(func):
            head = ast.unparse(func)                    # np.sqrt, np.random.rand, range, len
        elif isinstance(func, ast.Attribute):
            head = _sig(func.value, names) + "." + func.attr    # x.mean(axis=0): the method, not the name
        else:
            head = _sig(func, names)
        args = [_sig(a, names) for a in node.args]
        args += [f"{k.arg}={_sig(k.value, names)}" for k in node.keywords]
        return f"{head}({','.join(args)})"
    if isinstance(node, ast.AST):
        parts = []
        for name, value in ast.iter_fields(node):
            if name in ("ctx", "type_comment", "kind"):
                continue
            if isinstance(value, list):
                parts.append("[" + ",".join(_sig(v, names) for v in value) + "]")
            else:
                parts.append(_sig(value, names))
        return f"{type(node).__name__}({','.join(parts)})"
    return repr(node)      # a constant's value, None


def _dotted(node) -> bool:
    while isinstance(node, ast.Attribute):
        node = node.value
    return isinstance(node, ast.Name) and node.id in MODULES


def signatures(stmt) -> list[str]:
    """The statement's own signature (targets and value together, so `a = b * a + ...` keeps its
    shape) with `MIN_OPS` or more operations, and those of its sub-expressions with `MIN_EXPR_OPS`."""
    out, memo = [], {}
    value = getattr(stmt, "value", None)
    if value is None or _ops(value, memo) < MIN_OPS:
        return out
    if isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return)):
        out.append("S:" + _sig(stmt, {}))
    if _ops(value, memo) >= MIN_EXPR_OPS:
        for n in ast.walk(value):
            if isinstance(n, ast.expr) and not isinstance(n, ast.Lambda) and _ops(n, memo) >= MIN_EXPR_OPS:
                out.append("E:" + _sig(n, {}))
    return out


def _simple_statements(tree):
    for n in ast.walk(tree):
        if isinstance(n, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Return, ast.Expr)):
            yield n


def _functions(tree):
    for n in ast.walk(tree):
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield n


def _qualnames(tree) -> dict[int, str]:
    """id(node) -> the qualified name of the innermost function or class holding it (`_adam.rule`)."""
    out: dict[int, str] = {}

    def visit(node, name):
        for child in ast.iter_child_nodes(node):
            inner = name
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                inner = f"{name}.{child.name}" if name else child.name
            out[id(child)] = inner
            visit(child, inner)
    visit(tree, "")
    return out


def _size(node) -> int:
    return sum(1 for _ in ast.walk(node))


# ---------------------------------------------------------------- what is secret

def solution_logic(aid: str, solutions: Path) -> Logic:
    """The fingerprints of solutions/<aid>/*.py's solution blocks and of solutions/mistakes/<aid>.py."""
    logic, public = Logic(), set()
    src = solutions / aid
    for path in sorted(src.rglob("*.py")) if src.is_dir() else []:
        if "__pycache__" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        inside = {n for n, _ in solution_blocks(text)}
        if not inside:
            continue
        try:
            tree = ast.parse(text, str(path))
            stub = ast.parse(strip_source(text, str(path)))
        except (SyntaxError, ValueError):
            continue
        where = _rel(path, solutions)
        for fn in _functions(tree):
            lines = set(range(fn.lineno, fn.end_lineno + 1))
            if lines & inside and _size(fn) >= MIN_FUNCTION_NODES:
                logic.functions.setdefault(function_key(fn), f"{where}:{fn.lineno} ({fn.name})")
        for stmt in _simple_statements(tree):
            if stmt.lineno in inside:
                for sig in signatures(stmt):
                    logic.signatures.setdefault(sig, f"{where}:{stmt.lineno}")
        for stmt in _simple_statements(stub):
            public.update(signatures(stmt))
    private = solutions / "mistakes" / f"{aid}.py"
    if private.is_file():
        try:
            tree = ast.parse(private.read_text(encoding="utf-8"), str(private))
        except SyntaxError:
            tree = ast.Module(body=[], type_ignores=[])
        for fn in _functions(tree):
            if _size(fn) >= MIN_FUNCTION_NODES:
                logic.functions.setdefault(function_key(fn), f"{_rel(private, solutions)}:{fn.lineno} ({fn.name})")
    logic.signatures = {k: v for k, v in logic.signatures.items() if k not in public}
    return logic


def _rel(path: Path, solutions: Path) -> str:
    return f"solutions/{path.relative_to(solutions).as_posix()}"


# ---------------------------------------------------------------- what ships

def find_logic(text: str, logic: Logic, filename: str = "<shipped>") -> list[Finding]:
    """Solution logic in one shipped Python file: whole functions first (a nested function of a
    matching one is not named again), then signatures outside those."""
    try:
        tree = ast.parse(text, filename)
    except (SyntaxError, ValueError):
        return []
    lines = text.splitlines()
    found, covered = [], set()
    owner = _qualnames(tree)
    for fn in sorted(_functions(tree), key=lambda f: (f.lineno, -f.end_lineno)):
        if fn.lineno in covered:
            continue
        origin = logic.functions.get(function_key(fn))
        if origin:
            found.append(Finding(fn.lineno, owner.get(id(fn), fn.name), origin, lines[fn.lineno - 1].strip()))
            covered.update(range(fn.lineno, fn.end_lineno + 1))
    for stmt in _simple_statements(tree):
        if stmt.lineno in covered:
            continue
        for sig in signatures(stmt):
            if sig in logic.signatures:
                found.append(Finding(stmt.lineno, owner.get(id(stmt), ""), logic.signatures[sig],
                                     lines[stmt.lineno - 1].strip()))
                break
    return sorted(found, key=lambda f: f.line)
