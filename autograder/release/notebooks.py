"""The notebooks of the release: real nbgrader accepts them, and they run top to bottom.

    found = find_notebooks()                         # {aid: solutions/<aid>/<aid>.ipynb}
    problems = nbgrader_generate(found, tmp_dir)     # {aid: error text}; {} when nbgrader accepts all
    problem = execute_notebook(found[aid])           # None, or "file cell N: error"

`nbgrader_generate` runs ONE `nbgrader generate_assignment "*"` on a throw-away course folder
holding every notebook (nbgrader takes seconds just to start). `execute_notebook` runs a notebook
with nbclient in its own folder (as a student would), with the kit on PYTHONPATH, without saving
any output.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import sys
from pathlib import Path

from autograder.config.course import ASSIGNMENT_IDS
from autograder.config.paths import ROOT, SOLUTIONS
from autograder.release.bilingual import default_language, monolingual_text
from autograder.release.generate import source_notebook_text

NBGRADER_TIMEOUT_S = 300
CELL_TIMEOUT_S = 600


def find_notebooks(solutions: Path = SOLUTIONS) -> dict[str, Path]:
    """{aid: solutions/<aid>/<aid>.ipynb} for every assignment whose notebook exists."""
    return {aid: solutions / aid / f"{aid}.ipynb" for aid in ASSIGNMENT_IDS
            if (solutions / aid / f"{aid}.ipynb").is_file()}


def tool_env() -> dict[str, str]:
    """The environment for nbgrader and kernels: the venv's bin/ first (nbgrader shells out to alembic),
    the kit importable, a headless matplotlib."""
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    env["PYTHONPATH"] = str(ROOT) + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    env["MPLBACKEND"] = "Agg"
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def nbgrader_course(notebooks: dict[str, Path], workdir: Path, lang: str | None = None) -> Path:
    """A throw-away nbgrader course folder with source/<aid>/<aid>.ipynb, each notebook in `lang`
    (default the course's language: what students get); returns its root."""
    root = Path(workdir) / "nbgrader_course"
    if root.exists():
        shutil.rmtree(root)
    lang = lang or default_language()
    for aid, path in notebooks.items():
        (root / "source" / aid).mkdir(parents=True)
        text = source_notebook_text(Path(path), lang)   # what student_text strips, for nbgrader to strip
        (root / "source" / aid / f"{aid}.ipynb").write_text(text, encoding="utf-8")
    (root / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.root = {str(root)!r}\n"
        f"c.CourseDirectory.db_url = {('sqlite:///' + str(root / 'gradebook.db'))!r}\n", encoding="utf-8")
    return root


def nbgrader_generate(notebooks: dict[str, Path], workdir: Path, lang: str | None = None) -> dict[str, str]:
    """Run real `nbgrader generate_assignment` on every notebook in one call.

    Returns {aid: what nbgrader said} for each notebook it did not accept ({} when all pass);
    the released notebooks are in workdir/nbgrader_course/release/<aid>/<aid>.ipynb.
    """
    if not notebooks:
        return {}
    root = nbgrader_course(notebooks, workdir, lang)
    exe = Path(sys.executable).with_name("nbgrader")
    cmd = [str(exe)] if exe.is_file() else [sys.executable, "-m", "nbgrader"]
    cmd += ["generate_assignment", "*", "--force", "--create", "--log-level=ERROR"]
    try:
        proc = subprocess.run(cmd, cwd=root, env=tool_env(), capture_output=True, text=True,
                              timeout=NBGRADER_TIMEOUT_S)
        log, code = proc.stdout + proc.stderr, proc.returncode
    except (OSError, subprocess.TimeoutExpired) as exc:
        return {aid: f"nbgrader did not run: {exc}" for aid in notebooks}
    problems = {}
    for aid in notebooks:
        released = root / "release" / aid / f"{aid}.ipynb"
        if not released.is_file() or re.search(rf"error processing assignment '{re.escape(aid)}'", log):
            problems[aid] = nbgrader_reason(log, aid)
    if code != 0 and not problems:
        problems = {aid: nbgrader_reason(log, aid) for aid in notebooks}
    return problems


def nbgrader_reason(log: str, aid: str) -> str:
    """The lines of nbgrader's log that say what went wrong (short)."""
    lines = [line.strip() for line in log.splitlines() if line.strip()]
    keep = [line for line in lines if "Error" in line or "error" in line or aid in line]
    text = " | ".join((keep or lines)[-6:])
    return text[-1500:] or "nbgrader generate_assignment failed without a message"


def released_notebook(workdir: Path, aid: str) -> Path:
    return Path(workdir) / "nbgrader_course" / "release" / aid / f"{aid}.ipynb"


def cell_sources(path: Path) -> list[tuple[str, str]]:
    """(cell type, source) of every cell of a notebook file."""
    nb = json.loads(Path(path).read_text(encoding="utf-8"))
    out = []
    for cell in nb.get("cells", []):
        source = cell.get("source", "")
        out.append((cell.get("cell_type", ""), "".join(source) if isinstance(source, list) else source))
    return out


def execute_notebook(path: Path, timeout_s: float = CELL_TIMEOUT_S, cwd: Path | None = None,
                     lang: str | None = None) -> str | None:
    """Run every cell of the notebook at `path` in a fresh python3 kernel. None when it runs
    through; else 'path cell N (line L): error'. Nothing is saved, and nothing the notebook writes
    (a checkpoint, a plot) lands in the source folder: without `cwd` it runs in a scratch copy of
    that folder, two levels below the kit's root like the original, so `../../datasets` holds.
    With `lang`, the bilingual notebook runs as released in that language (its labels translated)."""
    if cwd is None:
        with tempfile.TemporaryDirectory(prefix=".nbrun-", dir=ROOT) as scratch:
            copy = Path(scratch) / Path(path).parent.name
            shutil.copytree(Path(path).parent, copy, ignore=shutil.ignore_patterns("__pycache__"))
            if lang:
                target = copy / Path(path).name
                target.write_text(monolingual_text(Path(path).read_text(encoding="utf-8"), lang), encoding="utf-8")
                return execute_notebook(target, timeout_s, cwd=copy)
            return execute_notebook(path, timeout_s, cwd=copy)
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # not JSON, not a notebook
        return f"{path}: not a readable notebook ({type(exc).__name__}: {exc})"
    client = NotebookClient(nb, timeout=timeout_s, kernel_name="python3", allow_errors=False,
                            resources={"metadata": {"path": str(cwd or path.parent)}})
    try:
        client.execute(env=tool_env(), cwd=str(cwd or path.parent))
    except (CellExecutionError, CellTimeoutError, DeadKernelError) as exc:
        index = failing_cell(nb)
        where = f"{path} cell {index}" if index is not None else str(path)
        line = failing_line(nb, index) if index is not None else None
        if line:
            where += f" (line {line})"
        summary = str(exc).strip().splitlines()
        reason = next((s for s in reversed(summary) if s.strip()), type(exc).__name__)
        if isinstance(exc, CellTimeoutError):
            reason = f"timed out after {timeout_s:g} s"
        return f"{where}: {ansi_free(reason)[:500]}"
    return None


def failing_cell(nb) -> int | None:
    """Index of the last code cell that ran (the one that failed), counting every cell from 0."""
    last = None
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return i
        if cell.get("execution_count") is not None:
            last = i
    if last is None:
        return next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), None)
    # the cell after the last one that finished is the one that was running
    for j in range(last + 1, len(nb.cells)):
        if nb.cells[j].cell_type == "code":
            return j
    return last


def failing_line(nb, index: int) -> int | None:
    """Line of the cell where the error was raised, from the traceback of the cell's error output."""
    for out in nb.cells[index].get("outputs", []):
        if out.get("output_type") == "error":
            for frame in reversed(out.get("traceback", [])):
                m = re.search(r"^\D*?(?:-+>|Line)\s*(\d+)", ansi_free(frame), re.M)
                if m:
                    return int(m.group(1))
    return None


def ansi_free(text: str) -> str:
    return re.sub(r"\x1b\[[0-9;]*m", "", text)
