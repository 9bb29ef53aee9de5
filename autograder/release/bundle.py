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
    <course>-<aid>/course.yml, requirements.txt (what this assignment imports: no torch before a5),
                                                  pyproject.toml (pip install -e . makes the kit importable
                                                  anywhere), pytest.ini, README.md

Gradescope zip ``<aid>-gradescope.zip`` (staff only; Gradescope unzips it into /autograder/source):
``setup.sh`` (pinned requirements), ``run_autograder`` (grades /autograder/submission into
/autograder/results/results.json; every path can be overridden by an environment variable),
the kit with every check, the reference solutions/<aid>/ (and solutions/mistakes/<aid>.py, the
hints' simulators) and the data helpers.

The texts (README.md, pytest.ini, setup.sh, run_autograder) are templates in release/templates/
(texts.py renders them); what a student zip keeps of the checks is check_source.py's.
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
from autograder.checks import check_sources
from autograder.config.course import ASSIGNMENT_IDS, Course
from autograder.config.paths import ASSIGNMENTS, DATASETS, ROOT, SOLUTIONS
from autograder.grading.reference import checks_for, limits_for, part_limits
from autograder.grading.secret import SECRET_FILE, gradescope_secret
from autograder.release.check_source import PACKAGE, BundleError, check_where, is_staff_only, public_checks
from autograder.release.generate import SKIP_DIRS, SKIP_SUFFIXES, student_files, student_text
from autograder.release.texts import render
from autograder.release.requirements import (needs_torch, student_packages, student_pyproject,
                                              student_requirements)

__all__ = ["Bundle", "BundleError", "package_files", "data_files", "assignment_sources", "public_reference",
           "mistake_files", "student_bundle", "gradescope_bundle", "manifest", "write_manifest"]
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


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


# ---------------------------------------------------------------- pieces of the zips

def package_files(aid: str, public_only: bool) -> dict[str, bytes]:
    """autograder/ for one assignment: its own checks (for students the public version: hidden
    checks cut out, no staff-only module; see check_source.py), no other assignment's checks,
    no reference outputs (public_reference adds this assignment's)."""
    public = public_checks(aid) if public_only else {}
    files = {}
    for path in sorted(PACKAGE.rglob("*")):
        parts = path.relative_to(ROOT).parts
        if not path.is_file() or SKIP_DIRS & set(parts) or path.suffix in (".pyc",) or parts[1] == "reference_outputs":
            continue
        if parts[1] == "checks" and len(parts) > 2 and Path(parts[2]).stem in ASSIGNMENT_IDS:
            if Path(parts[2]).stem != aid or (public_only and is_staff_only(path)):
                continue                                   # the shared helpers of checks/ ship
        name = path.relative_to(ROOT).as_posix()
        files[name] = public[name][0].encode("utf-8") if name in public else path.read_bytes()
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
    return [src / rel for rel in student_files(src)] + check_sources(aid)


def public_reference(course: Course, aid: str, src: Path | None = None) -> dict[str, bytes]:
    """autograder/reference_outputs/<aid>/<part>.npz: the reference's outputs of every public
    check at its fixed seed (what the student's offline self-check compares with)."""
    from autograder.sandbox.runner import run_checks
    assignment = course.assignments[aid]
    checks = checks_for(aid, hidden=False)
    outcomes, _ = run_checks(aid, Path(src or SOLUTIONS / aid), checks, limits_for(assignment),
                             part_limits=part_limits(assignment))
    files = {}
    for check in checks:
        outcome = outcomes[check.part]
        if outcome.status != "ok":
            file, line = check_where(aid, check.part)
            raise BundleError(f"{file}:{line}: public reference "
                              f"outputs: the reference gives {outcome.status} on {check.part} {outcome.error}".strip())
        buf = io.BytesIO()
        np.savez(buf, **outcome.outputs)
        files[f"autograder/reference_outputs/{aid}/{check.part}.npz"] = buf.getvalue()
    return files


def mistake_files(aid: str) -> dict[str, bytes]:
    """The public checks' mistake signatures as arrays (autograder.model.mistakes.release_files)."""
    from autograder.model.mistakes import release_files
    return release_files(aid, checks_for(aid, hidden=False))


def student_bundle(course: Course, aid: str, cohort: str, assignments: Path = ASSIGNMENTS,
                   lang: str | None = None) -> Bundle:
    """The student zip; its notebook and README in `lang` (default the course's language)."""
    top = f"{course.id}-{aid}"
    files: dict[str, bytes] = {}
    src = assignments / aid
    lang = lang or course.language
    for rel in student_files(src):
        files[f"assignments/{aid}/{rel.as_posix()}"] = (src / rel).read_bytes()
    notebook = SOLUTIONS / aid / f"{aid}.ipynb"
    if lang != course.language and notebook.is_file():      # assignments/ holds the course's language
        files[f"assignments/{aid}/{aid}.ipynb"] = student_text(notebook, lang)
    files.update(package_files(aid, public_only=True))
    files.update(public_reference(course, aid))
    files.update(mistake_files(aid))
    files.update(data_files(aid, assignment_sources(aid)))
    files["course.yml"] = course.path.read_bytes()
    # only what this assignment imports (no torch before a5), and the kit installable in place
    files["requirements.txt"] = student_requirements(aid, files).encode()
    files["pyproject.toml"] = student_pyproject(aid, files).encode()
    files["pytest.ini"] = render("pytest.ini").encode()
    dates = course.cohort(cohort).dates[aid]
    a = course.assignments[aid]
    files["README.md"] = render("student_README.md", title=a.title_in(lang), aid=aid, course_title=course.title_in(lang),
                                lang=lang, description=a.description_in(lang),
                                release=dates.release.isoformat(), due=dates.due.isoformat(), top=top,
                                torch=needs_torch(student_packages(aid, files))).encode("utf-8")
    return Bundle(f"{aid}.zip", {f"{top}/{name}": data for name, data in files.items()})


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
    files["setup.sh"] = render("setup.sh").encode()
    files["run_autograder"] = render("run_autograder", aid=aid).encode()
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
