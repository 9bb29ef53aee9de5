"""The release's nbgrader course folder with real nbgrader, end to end, and `grade --nbgrader`.

The course folder is written as the release writes OUT/nbgrader/; then nbgrader's own commands run in it
as course staff run them: `generate_assignment`, the students' submissions in submitted/ (the reference
student: the source notebook and the reference's .py files; the stub student: the release as handed out),
`autograde` (which must leave the students' .py files alone and find the data), the kit's
`grade <aid> --nbgrader DIR`, `export` and `generate_feedback`. nbgrader's totals must be the kit's.
"""
from __future__ import annotations

import csv
import html
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.config.paths import ROOT, SOLUTIONS
from autograder.grading.nbgrader_gradebook import part_cell_id
from autograder.release.nbgrader_course import course_notebook, graded_files, write_nbgrader_course
from autograder.release.notebooks import tool_env
from tests.conftest import KERNELS

AID = "a1_knn_linear"


def nbgrader(folder: Path, *args: str) -> str:
    """One real nbgrader command in the course folder; its log."""
    exe = Path(sys.executable).with_name("nbgrader")
    proc = subprocess.run([str(exe), *args], cwd=folder, env=tool_env(), capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    return proc.stdout + proc.stderr


def test_the_course_notebook_holds_a_task_cell_per_part_and_no_points_of_its_own(course):
    nb = course_notebook(course, AID)
    meta = [c["metadata"].get("nbgrader", {}) for c in nb["cells"]]
    tasks = {m["grade_id"]: m["points"] for m in meta if m.get("task")}
    parts = course.assignments[AID].parts
    assert tasks == {part_cell_id(p): spec.points for p, spec in parts.items() if spec.points > 0}
    assert all(m.get("points", 0) == 0 for m in meta if m.get("grade"))
    sources = "".join(c["source"] for c in nb["cells"])
    assert "../../datasets" not in sources and '"datasets"' in sources


def test_the_config_keeps_every_graded_file_the_students(course, tmp_path):
    folder = write_nbgrader_course(course, [AID], tmp_path / "nbgrader")
    config = (folder / "nbgrader_config.py").read_text()
    assert "c.Autograde.exclude_overwriting" in config
    assert set(graded_files(AID)) == {"k_nearest_neighbor.py", "linear_score.py"}
    assert all(f'"{name}"' in config for name in graded_files(AID))
    source = folder / "source" / AID
    assert (source / "datasets" / "data_utils.py").is_file()
    for name in graded_files(AID):   # the student versions: nbgrader copies .py files verbatim
        assert "raise NotImplementedError" in (source / name).read_text()


def test_grade_nbgrader_refuses_a_folder_that_is_not_a_course(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", AID, "--nbgrader", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode != 0 and "nbgrader_config.py" in proc.stdout + proc.stderr


@KERNELS
@pytest.mark.slow
def test_nbgrader_pipeline_records_the_kits_grades(course, tmp_path):
    folder = write_nbgrader_course(course, [AID], tmp_path / "nbgrader")
    nbgrader(folder, "generate_assignment", AID, "--create")
    released = folder / "release" / AID
    assert "### BEGIN SOLUTION" not in (released / f"{AID}.ipynb").read_text()
    students = {"ref": folder / "submitted" / "ref" / AID, "stub": folder / "submitted" / "stub" / AID}
    for path in students.values():
        shutil.copytree(released, path)
    for name in graded_files(AID):
        shutil.copy(SOLUTIONS / AID / name, students["ref"] / name)
    shutil.copy(folder / "source" / AID / f"{AID}.ipynb", students["ref"] / f"{AID}.ipynb")

    nbgrader(folder, "autograde", AID)
    for name in graded_files(AID):   # the students' own files, never the source's
        assert (folder / "autograded" / "ref" / AID / name).read_text() == (SOLUTIONS / AID / name).read_text()
    nb = json.loads((folder / "autograded" / "ref" / AID / f"{AID}.ipynb").read_text())
    errors = [o.get("ename") for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert not errors, errors   # the data paths resolve there: the reference's notebook runs through

    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", AID, "--nbgrader", str(folder),
                           "--no-progress"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]

    kit = {}
    with open(folder / "kit_grades" / AID / "grades.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            kit[row["student_id"]] = kit.get(row["student_id"], 0.0) + float(row["score"])
    nbgrader(folder, "export", "--to", str(tmp_path / "export.csv"))
    with open(tmp_path / "export.csv", encoding="utf-8") as f:
        exported = {row["student_id"]: row for row in csv.DictReader(f)}
    total = course.assignments[AID].total_points
    assert kit == {"ref": total, "stub": 0.0}
    assert {s: float(row["score"]) for s, row in exported.items()} == kit
    assert {float(row["max_score"]) for row in exported.values()} == {total}

    nbgrader(folder, "generate_feedback", AID)
    feedback = (folder / "feedback" / "stub" / AID / f"{AID}.html").read_text(encoding="utf-8")
    results = json.loads((folder / "kit_grades" / AID / "stub" / "results.json").read_text(encoding="utf-8"))
    first = results["tests"][0]
    assert part_cell_id(first["name"]) in feedback and html.escape(first["output"], quote=False) in feedback
