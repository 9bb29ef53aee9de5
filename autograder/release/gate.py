"""The release gate: small named steps, each testable alone, each failure naming step, file and line.

    course     course.yml loads, every assignment is present, parts and checks match, points add
               up, dates and lectures are in order
    leak       no line of a solution block, hidden test or hidden check is in a student file or zip,
               no solutions/ path in a zip, and no solution LOGIC in any shipped .py file, the kit's
               own modules included: no function that is a reference function (or a private mistake
               simulator) renamed, no statement that computes what a solution block computes
               (autograder.release.logic)
    reference  the reference passes every check (public and hidden)
    stub       the generated student version fails every graded check
    mutation   the checks catch at least release.min_kill_rate of the reference's automatic mutants
    notebooks  real `nbgrader generate_assignment` accepts every notebook and each runs top to bottom

A step returns a list of `Problem`s; an empty list is a pass. The leak step lives in leak.py; where
a check is written (for the line a problem names) in check_source.py.
"""
from __future__ import annotations

import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from autograder.checks import load_checks
from autograder.config.course import ASSIGNMENT_IDS, Course, CourseError, load_course
from autograder.config.paths import SOLUTIONS
from autograder.grading.reference import grade_dir
from autograder.release.check_source import check_line, check_where, rel
from autograder.release.leak import folder_files, secret_lines, step_leak
from autograder.release.logic import solution_logic
from autograder.release.problem import Problem

__all__ = ["STEPS", "Problem", "GateReport", "run_gate", "step_course", "step_leak", "step_reference", "step_stub",
           "step_mutation", "step_notebooks", "secret_lines", "folder_files", "check_line"]

STEPS = ("course", "leak", "reference", "stub", "mutation", "notebooks")


# ---------------------------------------------------------------- course

def yaml_line(path: Path, keys: list[str]) -> int:
    """1-based line of a dotted key in a YAML file (0 when not found)."""
    try:
        node = yaml.compose(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):
        return 0
    line = 0
    for key in keys:
        if isinstance(node, yaml.MappingNode):
            match = next(((k, v) for k, v in node.value if k.value == key), None)
            if match is None:
                return line
            line, node = match[0].start_mark.line + 1, match[1]
        elif isinstance(node, yaml.SequenceNode) and key.isdigit() and int(key) < len(node.value):
            node = node.value[int(key)]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def course_error_line(path: Path, message: str) -> int:
    m = re.match(r"[^:]+: ([\w.\[\]-]+):", message)
    if not m:
        m2 = re.search(r"line (\d+)", message)
        return int(m2.group(1)) if m2 else 0
    keys = [k for k in re.split(r"[.\[\]]+", m.group(1)) if k]
    return yaml_line(path, keys)


def step_course(path: Path | None = None, solutions: Path = SOLUTIONS) -> tuple[Course | None, list[Problem]]:
    """course.yml is consistent with itself and with the checks."""
    from autograder.config.paths import course_file
    path = Path(path or course_file())
    name = rel(path)
    try:
        course = load_course(path)
    except CourseError as exc:
        return None, [Problem("course", name, course_error_line(path, str(exc)), str(exc))]
    problems = []
    for aid in ASSIGNMENT_IDS:
        a = course.assignments[aid]
        checks = load_checks(aid)
        checks_file = check_where(aid, "")[0]
        if not (solutions / aid).is_dir() or not checks:
            continue      # not ready: no reference or no checks yet (the release skips it)
        for check in checks:
            if check.part not in a.parts:
                problems.append(Problem("course", *check_where(aid, check.part),
                                        f"check {check.part} has no part in course.yml assignments.{aid}.parts"))
        for part in a.parts:
            if part not in {c.part for c in checks}:
                problems.append(Problem("course", name, yaml_line(path, ["assignments", aid, "parts", part]),
                                        f"part {part} of {aid} has no check in {checks_file}"))
        if checks and a.total_points <= 0:
            problems.append(Problem("course", name, yaml_line(path, ["assignments", aid, "parts"]),
                                    f"{aid}: the parts' points add up to {a.total_points:g}"))
        for check in checks:
            part = a.parts.get(check.part)
            if part is not None and check.timed and not part.min_ratio:
                problems.append(Problem("course", name, yaml_line(path, ["assignments", aid, "parts", check.part]),
                                        f"speed part {check.part} needs min_ratio"))
    lectures = [course.assignments[aid].lecture for aid in ASSIGNMENT_IDS]
    for prev, aid, lec in zip(ASSIGNMENT_IDS, ASSIGNMENT_IDS[1:], lectures[1:]):
        if lec < course.assignments[prev].lecture:
            problems.append(Problem("course", name, yaml_line(path, ["assignments", aid, "lecture"]),
                                    f"{aid} comes after {prev} but its lecture {lec} is earlier"))
    for i, (cname, cohort) in enumerate(course.cohorts.items()):
        for prev, aid in zip(ASSIGNMENT_IDS, ASSIGNMENT_IDS[1:]):
            a, b = cohort.dates[prev], cohort.dates[aid]
            if b.release < a.release:
                problems.append(Problem("course", name, yaml_line(path, ["cohorts", str(i), "dates", aid]),
                                        f"cohort {cname}: {aid} is released ({b.release.isoformat()}) before "
                                        f"{prev} ({a.release.isoformat()})"))
            if b.due < a.due:
                problems.append(Problem("course", name, yaml_line(path, ["cohorts", str(i), "dates", aid]),
                                        f"cohort {cname}: {aid} is due ({b.due.isoformat()}) before "
                                        f"{prev} ({a.due.isoformat()})"))
    return course, problems


# ---------------------------------------------------------------- reference, stub

def step_reference(course: Course, aid: str, t, ref_dir: Path | None = None) -> list[Problem]:
    """The reference passes every check, public and hidden."""
    results, _ = grade_dir(course, aid, Path(ref_dir or SOLUTIONS / aid), t, ref_dir=ref_dir)
    return [Problem("reference", *check_where(aid, r.part),
                    f"the reference does not pass {r.part}: {r.status}: {r.message}")
            for r in results if r.status != "passed"]


def step_stub(course: Course, aid: str, t, stub_dir: Path) -> list[Problem]:
    """The student version fails every graded check (a check that cannot fail is a defect)."""
    results, _ = grade_dir(course, aid, Path(stub_dir), t)
    return [Problem("stub", *check_where(aid, r.part),
                    f"{r.part} gives the untouched student version {r.score:g}/{r.max_score:g} ({r.status}): "
                    "a check that cannot fail")
            for r in results if r.max_score > 0 and (r.status == "passed" or r.score > 0)]


# ---------------------------------------------------------------- mutation

def step_mutation(course: Course, aid: str, t, src: Path | None = None, log=None):
    """Mutants of every graded function: the kill rate must reach release.min_kill_rate.
    Returns (problems, report)."""
    from autograder.release.mutate import assignment_mutants, run_mutants
    settings = course.release
    min_rate = course.assignments[aid].min_kill_rate
    min_rate = settings.min_kill_rate if min_rate is None else min_rate
    src = Path(src or SOLUTIONS / aid)
    mutants = assignment_mutants(aid, settings.max_mutants_per_function, src)
    report = run_mutants(course, aid, mutants, t, budget_s=settings.mutation_budget_s, src=src)
    problems = []
    rate = report.kill_rate
    if mutants and rate is None:
        problems.append(Problem("mutation", rel(src), 0, "no mutant ran within mutation_budget_s"))
    elif rate is not None and rate < min_rate:
        for m in report.survived:
            problems.append(Problem("mutation", f"{rel(src)}/{m.file}", m.line,
                                    f"{m.function}: {m.kind} `{m.before}` -> `{m.after}` passes every check "
                                    f"(kill rate {rate:.0%} < {min_rate:.0%})"))
    return problems, report


# ---------------------------------------------------------------- notebooks

def step_notebooks(notebooks: dict[str, Path], workdir: Path | None = None, execute: bool = True,
                   seconds: dict | None = None) -> list[Problem]:
    """nbgrader accepts every notebook (one call for all) and each runs top to bottom (two at a
    time); `seconds` gets each notebook's run time."""
    from autograder.release.notebooks import execute_notebook, nbgrader_generate
    problems = []
    with tempfile.TemporaryDirectory(prefix="nbgrader-") as tmp:
        for aid, reason in nbgrader_generate(notebooks, Path(workdir or tmp)).items():
            problems.append(Problem("notebooks", rel(notebooks[aid]), 0, f"nbgrader generate_assignment: {reason}"))
    if execute:
        from concurrent.futures import ThreadPoolExecutor

        def run(item):
            start = time.perf_counter()
            problem = execute_notebook(item[1])
            if seconds is not None:
                seconds[item[0]] = time.perf_counter() - start
            return problem
        with ThreadPoolExecutor(max_workers=2) as pool:     # each notebook has its own kernel process
            outcomes = list(pool.map(run, notebooks.items()))
        for (aid, path), problem in zip(notebooks.items(), outcomes):
            if problem:
                m = re.search(r" cell (\d+)(?: \(line (\d+)\))?: (.*)$", problem, re.S)
                cell, line, text = (m.group(1), m.group(2), m.group(3)) if m else ("?", None, problem)
                problems.append(Problem("notebooks", f"{rel(path)} cell {cell}", int(line or 0),
                                        f"does not run: {text}"))
    return problems


# ---------------------------------------------------------------- the whole gate

@dataclass
class GateReport:
    problems: list[Problem] = field(default_factory=list)
    rows: dict[str, dict] = field(default_factory=dict)      # per assignment: what the summary shows
    seconds: dict[str, float] = field(default_factory=dict)  # per step

    @property
    def passed(self) -> bool:
        return not self.problems


def progress(log, step: str, target: str, problems: list[Problem], seconds: float, extra: str = "") -> None:
    status = "ok" if not problems else f"FAILED ({len(problems)})"
    log(f"  gate {step:<10} {target:<16} {status:<12} {seconds:6.1f} s  {extra}".rstrip())
    for p in problems[:20]:
        log(f"      {p}")
    if len(problems) > 20:
        log(f"      ... and {len(problems) - 20} more")


def run_gate(course: Course, aids: list[str], t, *, student_zips: dict[str, dict[str, bytes]] | None = None,
             stubs: Path | None = None, mutation: bool = True, notebooks: bool = True,
             course_path: Path | None = None, log=print) -> GateReport:
    """Every step over every assignment in `aids`; `student_zips` maps aid -> {member: bytes} of the
    student zip about to be written; `stubs` is the folder holding the generated <aid>/ folders."""
    from autograder.config.paths import ASSIGNMENTS
    from autograder.release.notebooks import find_notebooks
    stubs = Path(stubs or ASSIGNMENTS)
    report = GateReport()

    def timed(step, target, fn, extra=lambda result: ""):
        start = time.perf_counter()
        result = fn()
        problems = result[0] if isinstance(result, tuple) else result
        seconds = time.perf_counter() - start
        report.problems.extend(problems)
        report.seconds[step] = report.seconds.get(step, 0.0) + seconds
        if target in report.rows:
            report.rows[target]["seconds"] += seconds
        progress(log, step, target, problems, seconds, extra(result))
        return result

    timed("course", "course.yml", lambda: step_course(course_path)[1])
    for aid in aids:
        report.rows[aid] = {"checks": "", "reference": "-", "stub": "-", "kill_rate": "-", "notebook": "-",
                            "seconds": 0.0}
        checks = load_checks(aid)
        report.rows[aid]["checks"] = f"{sum(not c.hidden for c in checks)}+{sum(c.hidden for c in checks)} hidden"
    for aid in aids:
        secrets, logic = secret_lines(aid), solution_logic(aid, SOLUTIONS)
        problems = timed("leak", aid, lambda: step_leak(aid, folder_files(stubs / aid), rel(stubs / aid), secrets,
                                                        logic)
                         + (step_leak(aid, student_zips[aid], f"{aid}.zip", secrets, logic)
                            if student_zips and aid in student_zips else []))
        report.rows[aid]["leak"] = "ok" if not problems else "LEAK"
    for aid in aids:
        problems = timed("reference", aid, lambda: step_reference(course, aid, t))
        report.rows[aid]["reference"] = "passes" if not problems else f"{len(problems)} fail"
    for aid in aids:
        problems = timed("stub", aid, lambda: step_stub(course, aid, t, stubs / aid))
        report.rows[aid]["stub"] = "fails all" if not problems else f"{len(problems)} pass"
    for aid in aids:
        if not mutation:
            report.rows[aid]["kill_rate"] = "skipped"
            continue
        if report.rows[aid]["reference"] != "passes":
            report.rows[aid]["kill_rate"] = "not run"
            continue
        problems, mr = timed("mutation", aid, lambda: step_mutation(course, aid, t),
                             lambda r: mutation_note(r[1]))
        report.rows[aid]["kill_rate"] = (f"{mr.kill_rate:.0%} ({len(mr.killed)}/{mr.run})"
                                         if mr.kill_rate is not None else "no mutants")
        report.rows[aid]["mutation"] = mr
    found = {aid: p for aid, p in find_notebooks().items() if aid in aids}
    if notebooks and found:
        took: dict[str, float] = {}
        problems = timed("notebooks", ", ".join(a.split("_")[0] for a in found),
                         lambda: step_notebooks(found, seconds=took))
        for aid, path in found.items():
            bad = [p for p in problems if p.file.startswith(rel(path))]
            report.rows[aid]["notebook"] = ("runs" if not bad else "FAILS") + f" ({took.get(aid, 0):.0f} s)"
            report.rows[aid]["seconds"] += took.get(aid, 0.0)
    for aid in aids:
        if aid not in found:
            report.rows[aid]["notebook"] = "none"
        elif not notebooks:
            report.rows[aid]["notebook"] = "skipped"
    return report


def mutation_note(report) -> str:
    if report.kill_rate is None:
        return "no mutants"
    note = f"kill rate {report.kill_rate:.0%} ({len(report.killed)}/{report.run})"
    if report.not_run:
        note += f", {len(report.not_run)} not run (budget)"
    return note
