"""Mutation testing of the checks: small automatic bugs in the reference must be caught.

For every graded function (a function holding a `### BEGIN SOLUTION` block) `mutants_of` makes
mutants of the code inside the block with Python's ast: a flipped operator, an off-by-one index,
slice or range, a dropped term, a swapped axis, a changed constant. Each mutant is the reference
with one source span replaced, so its label points at the file, line and text:

    k_nearest_neighbor.py:104 compute_distances_no_loops: flip_operator `a - b` -> `a + b`

`run_mutants` runs each mutant in its own child (two workers side by side) and calls it killed as
soon as one check scores below the reference.
"""
from __future__ import annotations

import ast
import random
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from autograder.model.check import Check
from autograder.config.course import Course
from autograder.grading.reference import checks_for, judge_outcomes, limits_for, part_limits, reference_outcomes
from autograder.config.paths import SOLUTIONS
from autograder.release.strip import BEGIN_SOLUTION, END_SOLUTION
from autograder.sandbox.runner import prepared_inputs, run_checks
from autograder.sandbox.session import ChildSession

KINDS = ("flip_operator", "off_by_one", "drop_term", "swap_axis", "change_constant")
FLIP = {ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Div, ast.Div: ast.Mult, ast.FloorDiv: ast.Mult,
        ast.Pow: ast.Mult, ast.MatMult: ast.Mult, ast.Mod: ast.FloorDiv}
FLIP_CMP = {ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
            ast.NotEq: ast.Eq, ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In}
SIMPLE = (ast.Name, ast.Constant, ast.Call, ast.Attribute, ast.Subscript)


@dataclass(frozen=True)
class Mutant:
    file: str           # path relative to the solution folder
    function: str       # qualified name of the graded function
    line: int           # where the replaced span starts (1-based) ...
    col: int            # ... and its column (characters)
    end_line: int
    end_col: int
    kind: str           # one of KINDS
    before: str
    after: str

    @property
    def label(self) -> str:
        return f"{self.file}:{self.line} {self.function}: {self.kind} `{self.before}` -> `{self.after}`"

    def apply(self, text: str) -> str:
        """The file's text with this mutant's span replaced."""
        lines = text.splitlines(keepends=True)
        start = sum(len(x) for x in lines[: self.line - 1]) + self.col
        end = sum(len(x) for x in lines[: self.end_line - 1]) + self.end_col
        return text[:start] + self.after + text[end:]


def solution_ranges(text: str) -> list[tuple[int, int]]:
    """(first, last) line numbers strictly inside each solution block."""
    ranges, start = [], None
    for number, line in enumerate(text.splitlines(), start=1):
        if line.strip() == BEGIN_SOLUTION:
            start = number + 1
        elif line.strip() == END_SOLUTION and start is not None:
            ranges.append((start, number - 1))
            start = None
    return ranges


def graded_functions(tree: ast.AST, ranges: list[tuple[int, int]]) -> list[tuple[str, ast.AST, list]]:
    """(qualified name, node, its solution ranges) of every innermost function holding a block."""
    found: dict[str, tuple[ast.AST, list]] = {}

    def visit(node, prefix):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    mine = [r for r in ranges if child.lineno <= r[0] and r[1] <= child.end_lineno]
                    if mine:
                        found[name] = (child, mine)
                visit(child, name + ".")
            else:
                visit(child, prefix)
    visit(tree, "")
    # a block inside a nested function belongs to the innermost one
    result = []
    for name, (node, mine) in found.items():
        inner = [r for other, (_, rs) in found.items() if other.startswith(name + ".") for r in rs]
        mine = [r for r in mine if r not in inner]
        if mine:
            result.append((name, node, mine))
    return result


def _inside(node, ranges) -> bool:
    return hasattr(node, "lineno") and any(a <= node.lineno and node.end_lineno <= b for a, b in ranges)


def _plus(node: ast.expr, delta: int) -> ast.expr:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return ast.Constant(node.value + delta)
    return ast.BinOp(node, ast.Add() if delta > 0 else ast.Sub(), ast.Constant(abs(delta)))


def _text(node: ast.AST) -> str:
    text = ast.unparse(node)
    return f"({text})" if isinstance(node, ast.expr) and not isinstance(node, SIMPLE) else text


def candidates(func: ast.AST, ranges) -> list[tuple[str, ast.AST, ast.AST]]:
    """(kind, original node, replacement node) for every mutation site inside the solution ranges."""
    out = []
    index_consts = set()
    for node in ast.walk(func):
        if isinstance(node, ast.Subscript):
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            index_consts.update(id(p) for p in parts if isinstance(p, ast.Constant))
            for s in parts:
                if isinstance(s, ast.Slice):
                    index_consts.update(id(b) for b in (s.lower, s.upper) if isinstance(b, ast.Constant))
    for node in ast.walk(func):
        if not _inside(node, ranges):
            continue
        if isinstance(node, ast.BinOp):
            if type(node.op) in FLIP:
                out.append(("flip_operator", node, ast.BinOp(node.left, FLIP[type(node.op)](), node.right)))
            if isinstance(node.op, (ast.Add, ast.Sub, ast.Mult)):
                out.append(("drop_term", node, node.left))
                out.append(("drop_term", node, node.right))
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            out.append(("flip_operator", node, node.operand))
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 and type(node.ops[0]) in FLIP_CMP:
            out.append(("flip_operator", node, ast.Compare(node.left, [FLIP_CMP[type(node.ops[0])]()],
                                                           node.comparators)))
        elif isinstance(node, ast.BoolOp):
            other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
            out.append(("flip_operator", node, ast.BoolOp(other, node.values)))
        elif isinstance(node, ast.AugAssign) and type(node.op) in FLIP:
            out.append(("flip_operator", node, ast.AugAssign(node.target, FLIP[type(node.op)](), node.value)))
        elif isinstance(node, ast.Subscript):
            parts = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
            for s in parts:
                if isinstance(s, ast.Slice):
                    for bound in (s.lower, s.upper):
                        if bound is not None:
                            out.append(("off_by_one", bound, _plus(bound, 1)))
                elif isinstance(s, (ast.Name, ast.Constant, ast.BinOp)) and not (
                        isinstance(s, ast.Constant) and not isinstance(s.value, int)):
                    out.append(("off_by_one", s, _plus(s, 1)))
        elif isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name) and node.func.id == "range" and node.args:
                arg = node.args[-1] if len(node.args) == 1 else node.args[0]
                out.append(("off_by_one", arg, _plus(arg, -1 if len(node.args) == 1 else 1)))
            for kw in node.keywords:
                if kw.arg in ("axis", "dim") and isinstance(kw.value, (ast.Constant, ast.UnaryOp)):
                    try:
                        value = ast.literal_eval(kw.value)
                    except ValueError:
                        continue
                    if isinstance(value, int):
                        swapped = {0: 1, 1: 0, -1: 0}.get(value, 0)
                        out.append(("swap_axis", kw.value, ast.Constant(swapped)))
                    elif value is None:
                        out.append(("swap_axis", kw.value, ast.Constant(0)))
                elif kw.arg == "keepdims" and isinstance(kw.value, ast.Constant):
                    out.append(("swap_axis", kw.value, ast.Constant(not kw.value.value)))
        elif isinstance(node, ast.Attribute) and node.attr == "T":
            out.append(("swap_axis", node, node.value))
        elif isinstance(node, ast.Constant) and id(node) not in index_consts:
            v = node.value
            if isinstance(v, bool):
                out.append(("change_constant", node, ast.Constant(not v)))
            elif isinstance(v, int):
                out.append(("change_constant", node, ast.Constant(v + 1)))
            elif isinstance(v, float):
                out.append(("change_constant", node, ast.Constant(v * 2 if v else 1.0)))
    return out


def spread(items: list, rng: random.Random) -> list:
    """The items in a deterministic shuffled order, so a cap samples the whole function."""
    items = list(items)
    rng.shuffle(items)
    return items


def mutants_of(path: Path, rel: str, max_per_function: int) -> list[Mutant]:
    """At most `max_per_function` mutants of each graded function in the file at `path`,
    taken round-robin over the kinds of mutation."""
    text = path.read_text(encoding="utf-8")
    ranges = solution_ranges(text)
    if not ranges:
        return []
    tree = ast.parse(text)
    lines = text.splitlines(keepends=True)
    mutants = []
    for name, func, mine in graded_functions(tree, ranges):
        by_kind: dict[str, list[Mutant]] = {k: [] for k in KINDS}
        seen = set()
        for kind, node, new in candidates(func, mine):
            m = _mutant(rel, name, kind, node, new, lines, text)
            if m is None or m.after == m.before:
                continue
            mutated = m.apply(text)
            if mutated in seen:
                continue
            try:
                ast.parse(mutated)
            except SyntaxError:
                continue
            seen.add(mutated)
            by_kind[kind].append(m)
        rng = random.Random(f"{rel}:{name}")
        queues = [spread(by_kind[k], rng) for k in KINDS]
        chosen = []
        while len(chosen) < max_per_function and any(queues):
            for q in queues:
                if q and len(chosen) < max_per_function:
                    chosen.append(q.pop(0))
        mutants.extend(sorted(chosen, key=lambda m: (m.line, m.col, m.kind, m.after)))
    return mutants


def _mutant(rel, name, kind, node, new, lines, text) -> Mutant | None:
    if not hasattr(node, "end_lineno") or node.end_lineno is None:
        return None
    # ast columns are UTF-8 byte offsets; Mutant keeps character offsets
    col = len(lines[node.lineno - 1].encode("utf-8")[: node.col_offset].decode("utf-8", "replace"))
    end_col = len(lines[node.end_lineno - 1].encode("utf-8")[: node.end_col_offset].decode("utf-8", "replace"))
    before = ast.get_source_segment(text, node) or ast.unparse(node)
    return Mutant(rel, name, node.lineno, col, node.end_lineno, end_col, kind, before, _text(new))


def graded_files(aid: str) -> tuple[str, ...]:
    """The files whose code the checks judge: a check module's GRADED_FILES, or () for every file.
    (a5's checks judge model.py and train.py's graded functions, not its main().)"""
    import importlib
    return tuple(getattr(importlib.import_module(f"autograder.checks.{aid}"), "GRADED_FILES", ()))


def assignment_mutants(aid: str, max_per_function: int, src: Path | None = None) -> list[Mutant]:
    src = src or SOLUTIONS / aid
    graded = graded_files(aid)
    mutants = []
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src).as_posix()
        if "__pycache__" in path.parts or path.name.startswith("test_") or (graded and rel not in graded):
            continue
        mutants.extend(mutants_of(path, rel, max_per_function))
    return mutants


@dataclass
class MutationReport:
    aid: str
    total: int = 0
    killed: list[tuple[Mutant, str]] = field(default_factory=list)     # mutant, the part that caught it
    survived: list[Mutant] = field(default_factory=list)
    not_run: list[Mutant] = field(default_factory=list)                 # the time budget ran out
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def run(self) -> int:
        return len(self.killed) + len(self.survived)

    @property
    def kill_rate(self) -> float | None:
        return len(self.killed) / self.run if self.run else None


def run_mutants(course: Course, aid: str, mutants: list[Mutant], t, *, budget_s: float = 120.0,
                workers: int = 2, src: Path | None = None, log=None) -> MutationReport:
    """Run every mutant against the untimed checks (public and hidden); killed when any part
    scores below the reference. Speed parts are left out: their clock says nothing about bugs."""
    src = Path(src or SOLUTIONS / aid)
    assignment = course.assignments[aid]
    checks = [c for c in checks_for(aid, hidden=True) if not c.timed]
    report = MutationReport(aid, total=len(mutants))
    start = time.perf_counter()
    if not mutants or not checks:
        return report
    reference = reference_outcomes(assignment, checks, {}, src)
    # What the reference itself scores, graded like a student (some parts need no reference run)
    ref_run, _ = run_checks(aid, src, checks, limits_for(assignment), part_limits=part_limits(assignment))
    full = {r.part: r.score for r in judge_outcomes(assignment, checks, ref_run, reference, t)}
    deadline = start + budget_s
    lock = threading.Lock()
    queue = list(mutants)
    shared = {}

    def worker():
        with tempfile.TemporaryDirectory(prefix="mutants-") as tmp:
            scratch = Path(tmp) / aid
            shutil.copytree(src, scratch, ignore=shutil.ignore_patterns("__pycache__", "*.ipynb"))
            seconds: dict[str, float] = {}
            walls = calibrate(scratch, assignment, checks, seconds, shared["inputs"])
            ordered = sorted(checks, key=lambda c: seconds.get(c.part, 0.0))   # cheap checks first
            while True:
                with lock:
                    if not queue:
                        return
                    mutant = queue.pop(0)
                    if time.perf_counter() > deadline:
                        report.not_run.append(mutant)
                        continue
                verdict = run_one(scratch, mutant, assignment, ordered, reference, full, walls, t, shared["inputs"])
                with lock:
                    if verdict is None:
                        report.survived.append(mutant)
                    else:
                        report.killed.append((mutant, verdict))

    with prepared_inputs(checks, {}) as inputs:   # the same input files for every mutant
        shared["inputs"] = inputs
        threads = [threading.Thread(target=worker, daemon=True) for _ in range(max(1, min(workers, len(mutants))))]
        for th in threads:
            th.start()
        for th in threads:
            th.join()
    report.survived.sort(key=lambda m: (m.file, m.line, m.col))
    report.seconds = time.perf_counter() - start
    return report


def calibrate(code_dir: Path, assignment, checks: list[Check], seconds: dict, inputs=None) -> dict[str, float]:
    """Per part wall limit for mutants: generous over the reference's own time, never above the
    part's limit (a mutant that loops forever is caught by its timeout). Fills `seconds` with the
    reference's time of each part."""
    limits = part_limits(assignment)
    walls = {}
    with ChildSession(assignment.id, code_dir, limits_for(assignment), inputs=inputs) as session:
        for check in checks:
            limit = limits.get(check.part, assignment.time_limit_s)
            outcome = session.call(check.part, check.seed, wall_s=limit)
            walls[check.part] = min(limit, max(5.0, 20 * outcome.seconds))
            seconds[check.part] = outcome.seconds
    return walls


def run_one(scratch: Path, mutant: Mutant, assignment, checks, reference, full, walls, t, inputs=None) -> str | None:
    """The part that catches the mutant (and how), or None when it survives every check.
    Each mutant gets its own child, so nothing of the previous one lingers."""
    path = scratch / mutant.file
    original = path.read_text(encoding="utf-8")
    path.write_text(mutant.apply(original), encoding="utf-8")
    try:
        with ChildSession(assignment.id, scratch, limits_for(assignment), inputs=inputs) as session:
            for check in checks:
                outcome = session.call(check.part, check.seed, wall_s=walls[check.part])
                with np.errstate(all="ignore"):
                    result = judge_outcomes(assignment, [check], {check.part: outcome}, reference, t)[0]
                if result.score < full[check.part] - 1e-9:
                    return f"{check.part}: {result.status}"
        return None
    finally:
        path.write_text(original, encoding="utf-8")
