"""solutions/<aid>/ -> assignments/<aid>/: the student release, generated, never edited by hand.

.py files and notebooks are stripped (autograder.release.strip); other files are copied as they
are, except build litter and trained checkpoints, which never go to students.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from autograder.config.course import ASSIGNMENT_IDS
from autograder.config.paths import ASSIGNMENTS, SOLUTIONS
from autograder.release.bilingual import course_id, default_language, monolingual_text, notebook_text
from autograder.release.strip import strip_notebook, strip_source

SKIP_DIRS = {"__pycache__", ".ipynb_checkpoints", ".pytest_cache", "out"}
SKIP_SUFFIXES = {".pyc", ".pt", ".pth", ".npz", ".png"}


def student_files(src: Path) -> list[Path]:
    """The files of a solution folder that belong in the student release, relative, sorted."""
    files = []
    for path in sorted(src.rglob("*")):
        rel = path.relative_to(src)
        if path.is_file() and not SKIP_DIRS & set(rel.parts) and path.suffix not in SKIP_SUFFIXES:
            files.append(rel)
    return files


def student_text(path: Path, lang: str | None = None) -> bytes:
    """The student version of one file's content (a notebook in `lang`, default the course's)."""
    if path.suffix == ".py":
        return strip_source(path.read_text(encoding="utf-8"), str(path)).encode("utf-8")
    if path.suffix == ".ipynb":
        return strip_notebook(source_notebook_text(path, lang), str(path)).encode("utf-8")
    return path.read_bytes()


def source_notebook_text(path: Path, lang: str | None = None) -> str:
    """A solutions notebook in one language (default the course's), with its set-up cell after the
    title: what the strip (and nbgrader's generate_assignment, in the gate) start from."""
    lang = lang or default_language()
    text = monolingual_text(path.read_text(encoding="utf-8"), lang)
    if path.stem in ASSIGNMENT_IDS:   # <aid>.ipynb: how to set it up, right after its title
        from autograder.release.setup_cell import with_setup_cell   # jinja2: not in a student's kit (pack)
        text = notebook_text(with_setup_cell(json.loads(text), path.stem, lang, course_id()))
    return text


def generate_assignment(aid: str, solutions: Path = SOLUTIONS, out: Path = ASSIGNMENTS,
                        lang: str | None = None) -> list[Path]:
    """Write out/<aid>/ from solutions/<aid>/ (notebook in `lang`, default the course's); returns the files."""
    src, dst = solutions / aid, out / aid
    lang = lang or default_language()
    if not src.is_dir():
        return []
    if dst.exists():
        shutil.rmtree(dst)
    written = []
    for rel in student_files(src):
        target = dst / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(student_text(src / rel, lang))
        written.append(target)
    return written


def generate_all(solutions: Path = SOLUTIONS, out: Path = ASSIGNMENTS, lang: str | None = None) -> dict[str, list[Path]]:
    return {aid: generate_assignment(aid, solutions, out, lang) for aid in ASSIGNMENT_IDS}


if __name__ == "__main__":
    for aid, files in generate_all().items():
        if files:
            print(f"{aid}: {len(files)} files")
