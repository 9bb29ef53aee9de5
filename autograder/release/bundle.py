"""What a release hands out: one student zip and one Gradescope autograder zip per assignment,
and manifest.json.

Student zip ``<aid>.zip``: a small copy of the kit, so the notebook's ``../../datasets`` and
``python -m autograder check <aid>`` work offline, with no solutions/ anywhere::

    <course>-<aid>/assignments/<aid>/...          the student files, notebook, test_public.py
    <course>-<aid>/datasets/data_utils.py (+ the CSVs the assignment reads)
    <course>-<aid>/autograder/...                 the kit, with only this assignment's PUBLIC checks
    <course>-<aid>/autograder/reference_outputs/<aid>/<part>.npz   the reference's outputs of the
                                                  public checks (fixed seeds); speed parts are timed
                                                  against the student's own baseline function
    <course>-<aid>/autograder/reference_outputs/<aid>/<part>.mistakes.npz   what the typical
                                                  mistakes return on those checks, for the hints
                                                  (computed here from solutions/mistakes/<aid>.py,
                                                  which is never shipped: no code that computes)
    <course>-<aid>/course.yml, requirements.txt, pytest.ini, README.md

Gradescope zip ``<aid>-gradescope.zip`` (staff only; Gradescope unzips it into /autograder/source):
``setup.sh`` (pinned requirements), ``run_autograder`` (grades /autograder/submission into
/autograder/results/results.json; every path can be overridden by an environment variable),
the kit with every check, the reference solutions/<aid>/ (and solutions/mistakes/<aid>.py, the
hints' simulators) and the data helpers.
"""
from __future__ import annotations

import ast
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from autograder import __version__
from autograder.course import ASSIGNMENT_IDS, Course
from autograder.grading import SECRET_FILE, checks_for, gradescope_secret, limits_for, part_limits
from autograder.paths import ASSIGNMENTS, DATASETS, ROOT, SOLUTIONS
from autograder.release.generate import SKIP_DIRS, SKIP_SUFFIXES, student_files

PACKAGE = ROOT / "autograder"
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


class BundleError(ValueError):
    """A bundle cannot be made; the message names the file and the line."""


@dataclass
class Bundle:
    """A zip's content before it is written: archive name -> bytes (executable names listed)."""
    name: str
    files: dict[str, bytes]
    executable: frozenset = frozenset()

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            for arcname in sorted(self.files):
                info = zipfile.ZipInfo(arcname, ZIP_DATE)
                info.external_attr = (0o755 if arcname in self.executable else 0o644) << 16
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, self.files[arcname])
        return path


# ---------------------------------------------------------------- public checks only

def _hidden_flag(call: ast.Call, filename: str) -> bool:
    for kw in call.keywords:
        if kw.arg == "hidden":
            if not isinstance(kw.value, ast.Constant):
                raise BundleError(f"{filename}:{call.lineno}: hidden= must be a literal True or False "
                                  "so the release can leave hidden checks out of the student zip")
            return bool(kw.value.value)
    return False


def _is_check(node) -> bool:
    return isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "Check"


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


def _defined_name(node) -> str | None:
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return node.name
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        if len(targets) == 1 and isinstance(targets[0], ast.Name):
            return targets[0].id
    return None


def _span(node) -> tuple[int, int]:
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return first, node.end_lineno


def public_check_source(text: str, filename: str = "<checks>") -> tuple[str, list[tuple[int, int]]]:
    """A check module without its hidden checks, nor the helpers only they used.

    Returns the new text and the removed (first, last) line ranges. Each hidden ``Check(...)``
    must sit on lines of its own inside the CHECKS list literal."""
    tree = ast.parse(text, filename)
    lines = text.splitlines(keepends=True)
    public_before = part_names(tree, hidden=False)
    removed: list[tuple[int, int]] = []
    hidden_nodes = []
    for lst in check_lists(tree):
        for elt in lst.elts:
            if _is_check(elt) and _hidden_flag(elt, filename):
                head = lines[elt.lineno - 1][: elt.col_offset]
                tail = lines[elt.end_lineno - 1].encode()[elt.end_col_offset:].decode().strip()
                if head.strip() or tail not in ("", ","):
                    raise BundleError(f"{filename}:{elt.lineno}: put each hidden Check(...) on lines of its "
                                      "own so the release can leave it out of the student zip")
                removed.append((elt.lineno, elt.end_lineno))
                hidden_nodes.append(elt)
    # helpers that only hidden checks (or other removed helpers) use go too
    wanted_by_hidden = _names_used(hidden_nodes)
    body = list(tree.body)
    gone: set[int] = set()
    while True:
        kept = [n for i, n in enumerate(body) if i not in gone]
        changed = False
        for i, node in enumerate(body):
            name = _defined_name(node)
            if i in gone or name is None or name not in wanted_by_hidden or name == "CHECKS":
                continue
            others = [n for n in kept if n is not node]
            used_elsewhere = name in _names_used(_without(others, hidden_nodes))
            if not used_elsewhere:
                gone.add(i)
                removed.append(_span(node))
                wanted_by_hidden |= _names_used([node])
                changed = True
        if not changed:
            break
    drop = set()
    for first, last in removed:
        drop.update(range(first, last + 1))
    out = "".join(line for number, line in enumerate(lines, start=1) if number not in drop)
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


def _without(nodes, hidden_nodes):
    """The module's nodes with the hidden Check(...) calls blanked out (they are being removed)."""
    hidden_ids = {id(h) for h in hidden_nodes}
    result = []
    for node in nodes:
        if any(id(n) in hidden_ids for n in ast.walk(node)):
            node = _Blank(hidden_ids).visit(_copy(node))
        result.append(node)
    return result


def _copy(node):
    import copy
    clone = copy.deepcopy(node)
    # deepcopy gives new ids: remember the originals by position
    for a, b in zip(ast.walk(node), ast.walk(clone)):
        b._orig_id = id(a)
    return clone


class _Blank(ast.NodeTransformer):
    def __init__(self, ids):
        self.ids = ids

    def generic_visit(self, node):
        if getattr(node, "_orig_id", None) in self.ids:
            return ast.Constant(None)
        return super().generic_visit(node)


def hidden_check_lines(aid: str) -> list[tuple[int, str]]:
    """(line number, line) of the hidden checks of `aid` and the helpers only they use."""
    path = PACKAGE / "checks" / f"{aid}.py"
    if not path.is_file():
        return []
    text = path.read_text(encoding="utf-8")
    _, removed = public_check_source(text, str(path.relative_to(ROOT)))
    lines = text.splitlines()
    return [(n, lines[n - 1]) for first, last in removed for n in range(first, last + 1)]


# ---------------------------------------------------------------- pieces of the zips

def package_files(aid: str, public_only: bool) -> dict[str, bytes]:
    """autograder/ for one assignment: its own checks (public ones only, for students), no other
    assignment's checks or reference outputs, no sample students (they hold solution edits)."""
    files = {}
    for path in sorted(PACKAGE.rglob("*")):
        rel = path.relative_to(ROOT)
        parts = rel.parts
        if not path.is_file() or SKIP_DIRS & set(parts) or path.suffix in (".pyc",):
            continue
        if parts[1] == "checks" and path.stem in ASSIGNMENT_IDS and path.stem != aid:   # shared helpers ship
            continue
        if parts[1] == "samples" and path.stem != "__init__":
            continue
        if parts[1] == "reference_outputs":
            continue
        data = path.read_bytes()
        if parts[1] == "checks" and path.stem == aid and public_only:
            data = public_check_source(data.decode("utf-8"), rel.as_posix())[0].encode("utf-8")
        files[rel.as_posix()] = data
    return files


def data_files(aid: str, sources: list[Path]) -> dict[str, bytes]:
    """datasets/data_utils.py and the CSVs the assignment reads: named in its files or checks,
    or the default of a data_utils loader it calls (load_zoo -> data-04-zoo.csv)."""
    helper = DATASETS / "data_utils.py"
    files = {"datasets/data_utils.py": helper.read_bytes()} if helper.is_file() else {}
    if (DATASETS / "manifest.json").is_file():   # `python -m autograder data ...` verifies against it
        files["datasets/manifest.json"] = (DATASETS / "manifest.json").read_bytes()
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in sources if p.is_file())
    loaders = {}
    if helper.is_file():
        for node in ast.parse(helper.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef):
                for default in node.args.defaults + node.args.kw_defaults:
                    segment = ast.unparse(default) if default is not None else ""
                    for csv in re.findall(r"[\w.-]+\.csv", segment):
                        loaders.setdefault(csv, set()).add(node.name)
    for csv in sorted(DATASETS.glob("*.csv")):
        callers = loaders.get(csv.name, set())
        if csv.name in text or any(re.search(rf"\b{re.escape(f)}\s*\(", text) for f in callers):
            files[f"datasets/{csv.name}"] = csv.read_bytes()
    return files


def assignment_sources(aid: str) -> list[Path]:
    src = SOLUTIONS / aid
    return [src / rel for rel in student_files(src)] + [PACKAGE / "checks" / f"{aid}.py"]


def public_reference(course: Course, aid: str, src: Path | None = None) -> dict[str, bytes]:
    """autograder/reference_outputs/<aid>/<part>.npz: the reference's outputs of every public
    check at its fixed seed (what the student's offline self-check compares with)."""
    from autograder.runner import run_checks
    assignment = course.assignments[aid]
    checks = checks_for(aid, hidden=False)
    outcomes, _ = run_checks(aid, Path(src or SOLUTIONS / aid), checks, limits_for(assignment),
                             part_limits=part_limits(assignment))
    files = {}
    for check in checks:
        outcome = outcomes[check.part]
        if outcome.status != "ok":
            from autograder.release.gate import check_line
            raise BundleError(f"autograder/checks/{aid}.py:{check_line(aid, check.part)}: public reference "
                              f"outputs: the reference gives {outcome.status} on {check.part} {outcome.error}".strip())
        buf = io.BytesIO()
        np.savez(buf, **outcome.outputs)
        files[f"autograder/reference_outputs/{aid}/{check.part}.npz"] = buf.getvalue()
    return files


def mistake_files(aid: str) -> dict[str, bytes]:
    """The public checks' mistake signatures as arrays (autograder.checks.mistakes.release_files)."""
    from autograder.checks.mistakes import release_files
    return release_files(aid, checks_for(aid, hidden=False))


STUDENT_README = """# {title} ({aid})

{course_title}. Released {release}, due {due}.

- Set up once (Python 3.11; PyTorch makes this a few GB):

      python3 -m venv .venv && . .venv/bin/activate
      pip install -r requirements.txt

- Work in `assignments/{aid}/`: open `{aid}.ipynb` with Jupyter and fill in every
  `# YOUR CODE HERE` block in the notebook and the `.py` files.
- Self-check, offline (public checks only; the course staff grade hidden checks too):

      python -m autograder check {aid}            # a table of parts, points and messages
      python -m pytest assignments/{aid}          # the same checks as pytest tests

  Speed parts are timed against your own slower version (say, the two-loop distances): make that
  one right first.
- Hand in: `python -m autograder pack {aid}`.

처음 한 번: `python3 -m venv .venv && . .venv/bin/activate && pip install -r requirements.txt`
과제 폴더 `assignments/{aid}/`에서 노트북과 `.py` 파일의 `# YOUR CODE HERE` 부분을 채우세요.
`python -m autograder check {aid}` 로 공개 검사를 오프라인에서 실행할 수 있습니다 (숨은 검사는 채점 때 실행됩니다).
"""

PYTEST_INI = "[pytest]\npythonpath = .\naddopts = -p no:cacheprovider\n"


def student_bundle(course: Course, aid: str, cohort: str, assignments: Path = ASSIGNMENTS) -> Bundle:
    top = f"{course.id}-{aid}"
    files: dict[str, bytes] = {}
    src = assignments / aid
    for rel in student_files(src):
        files[f"assignments/{aid}/{rel.as_posix()}"] = (src / rel).read_bytes()
    files.update(package_files(aid, public_only=True))
    files.update(public_reference(course, aid))
    files.update(mistake_files(aid))
    files.update(data_files(aid, assignment_sources(aid)))
    files["course.yml"] = course.path.read_bytes()
    files["requirements.txt"] = (ROOT / "requirements.txt").read_bytes()
    files["pytest.ini"] = PYTEST_INI.encode()
    dates = course.cohort(cohort).dates[aid]
    a = course.assignments[aid]
    files["README.md"] = STUDENT_README.format(title=a.title, aid=aid, course_title=course.title,
                                               release=dates.release.isoformat(),
                                               due=dates.due.isoformat()).encode("utf-8")
    return Bundle(f"{aid}.zip", {f"{top}/{name}": data for name, data in files.items()})


SETUP_SH = """#!/usr/bin/env bash
# Gradescope runs this once when it builds the autograder image: install the kit's pinned requirements.
set -euo pipefail
cd "$(dirname "$0")"
PYTHON="${PYTHON:-python3}"
"$PYTHON" -m pip install --no-cache-dir --upgrade pip
# CPU wheels of torch are enough to grade (and much smaller); override PIP_EXTRA_INDEX_URL to change it.
export PIP_EXTRA_INDEX_URL="${PIP_EXTRA_INDEX_URL:-https://download.pytorch.org/whl/cpu}"
"$PYTHON" -m pip install --no-cache-dir -r requirements.txt
# Student code runs as a user of its own (the sandbox drops to 1000000+pid, no groups) under Landlock
# and seccomp; the reference and the kit's caches are readable by root alone.
chmod -R go-rwx solutions autograder/reference_outputs .autograder-secret 2>/dev/null || true   # .cache/: the grader protects it
"""

RUN_AUTOGRADER = """#!/usr/bin/env bash
# Gradescope runs this for every submission: grade {aid} in /autograder/submission and write
# /autograder/results/results.json (Gradescope's format). Paths can be overridden for tests:
# AUTOGRADER_ROOT (default /autograder), SUBMISSION_DIR, RESULTS_DIR, KIT_DIR, PYTHON.
set -uo pipefail
ROOT="${{AUTOGRADER_ROOT:-/autograder}}"
SUBMISSION="${{SUBMISSION_DIR:-$ROOT/submission}}"
RESULTS="${{RESULTS_DIR:-$ROOT/results}}"
KIT="${{KIT_DIR:-$(cd "$(dirname "$0")" && pwd)}}"
PYTHON="${{PYTHON:-python3}}"
mkdir -p "$RESULTS"
# The reference solutions and shipped reference outputs: root's alone before any student code runs
# (the grader itself makes .cache/ root's alone too, and reachable only where the sandbox is given a path).
chmod -R go-rwx "$KIT/solutions" "$KIT/autograder/reference_outputs" "$KIT/.autograder-secret" 2>/dev/null || true
cd "$KIT" && exec "$PYTHON" -m autograder.release.gradescope {aid} --submission "$SUBMISSION" \\
    --results "$RESULTS/results.json" --metadata "$ROOT/submission_metadata.json"
"""


def gradescope_bundle(course: Course, aid: str) -> Bundle:
    files: dict[str, bytes] = {}
    files.update(package_files(aid, public_only=False))
    src = SOLUTIONS / aid
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_file() and not SKIP_DIRS & set(rel.parts) and path.suffix not in SKIP_SUFFIXES | {".ipynb"}:
            files[f"solutions/{aid}/{rel.as_posix()}"] = path.read_bytes()
        elif path.is_file() and path.suffix in (".pt", ".npz") and not SKIP_DIRS & set(rel.parts):
            files[f"solutions/{aid}/{rel.as_posix()}"] = path.read_bytes()   # checkpoints the checks may need
    private = SOLUTIONS / "mistakes" / f"{aid}.py"       # the hints' simulators: staff only, like solutions/
    if private.is_file():
        files[f"solutions/mistakes/{aid}.py"] = private.read_bytes()
    files.update(data_files(aid, assignment_sources(aid)))
    files["course.yml"] = course.path.read_bytes()
    # hidden inputs there come from a secret derived for this zip alone (root's alone on Gradescope)
    files[SECRET_FILE] = (gradescope_secret(course, aid) + "\n").encode()
    files["requirements.txt"] = (ROOT / "requirements.txt").read_bytes()
    files["setup.sh"] = SETUP_SH.encode()
    files["run_autograder"] = RUN_AUTOGRADER.format(aid=aid).encode()
    return Bundle(f"{aid}-gradescope.zip", files, frozenset({"setup.sh", "run_autograder"}))


# ---------------------------------------------------------------- manifest

def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(course: Course, cohort: str, bundles: dict[str, list[Bundle]], written: dict[str, Path],
             summary: dict[str, dict]) -> dict:
    """course, cohort, dates, kit version, and the sha256 of every file written and zipped."""
    c = course.cohort(cohort)
    assignments = {}
    for aid in ASSIGNMENT_IDS:
        if aid not in bundles:
            continue
        a = course.assignments[aid]
        assignments[aid] = {
            "title": a.title, "release": c.dates[aid].release.isoformat(), "due": c.dates[aid].due.isoformat(),
            "points": a.total_points,
            "zips": {b.name: {"sha256": sha256(written[b.name].read_bytes()),
                              "files": {name: sha256(data) for name, data in sorted(b.files.items())}}
                     for b in bundles[aid]},
            **summary.get(aid, {}),
        }
    return {"course": course.id, "title": course.title, "cohort": c.name, "kit_version": __version__,
            "late_policy": vars(c.late_policy), "assignments": assignments,
            "files": {name: sha256(path.read_bytes()) for name, path in sorted(written.items())}}


def write_manifest(folder: Path, data: dict) -> Path:
    path = folder / "manifest.json"
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
