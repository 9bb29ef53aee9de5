"""Every solutions/<aid>/<aid>.ipynb: well-formed nbgrader metadata, real nbgrader accepts it, the
generated student notebook equals nbgrader's release, and the reference notebook runs top to bottom.

Assignments whose notebook does not exist yet are simply not collected.
"""
from __future__ import annotations

import json

import pytest

from autograder.config.paths import ASSIGNMENTS
from autograder.release.generate import student_text
from autograder.release.notebooks import (cell_sources, execute_notebook, find_notebooks, nbgrader_generate,
                                          released_notebook)
from tests.conftest import KERNELS

NOTEBOOKS = find_notebooks()
AIDS = sorted(NOTEBOOKS) or [pytest.param(None, marks=pytest.mark.skip(reason="no notebook in solutions/ yet"))]
NBGRADER_KEYS = {"grade", "grade_id", "locked", "schema_version", "solution"}


@pytest.fixture(scope="module")
def nbgrader_run(tmp_path_factory):
    """ONE real `nbgrader generate_assignment "*"` over every notebook (nbgrader is slow to start)."""
    workdir = tmp_path_factory.mktemp("nbgrader")
    return workdir, nbgrader_generate(NOTEBOOKS, workdir)


@pytest.mark.parametrize("aid", AIDS)
def test_notebook_metadata(aid):
    nb = json.loads(NOTEBOOKS[aid].read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    ids = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert not cell.get("outputs"), f"cell {i}: commit the notebook without outputs"
            assert cell.get("execution_count") is None, f"cell {i}: execution_count should be null"
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta is None:
            continue
        assert NBGRADER_KEYS <= set(meta), f"cell {i}: nbgrader metadata lacks {NBGRADER_KEYS - set(meta)}"
        assert meta["schema_version"] == 3, f"cell {i}"
        ids.append(meta["grade_id"])
        if meta["grade"]:
            assert meta.get("points", 0) > 0, f"cell {i} ({meta['grade_id']}): a graded cell needs points"
        if meta["grade"] and not meta["solution"]:
            assert meta["locked"], f"cell {i} ({meta['grade_id']}): an autograded test cell must be locked"
        if meta["solution"]:
            assert not meta["locked"], f"cell {i} ({meta['grade_id']}): a solution cell (or a manually graded " \
                                       "answer) cannot be locked"
    duplicates = {g for g in ids if ids.count(g) > 1}
    assert not duplicates, f"grade_id used twice: {duplicates}"
    assert any(c.get("metadata", {}).get("nbgrader", {}).get("solution") for c in nb["cells"]), \
        "the notebook has no solution cell"


@pytest.mark.parametrize("aid", AIDS)
def test_real_nbgrader_accepts_the_notebook(nbgrader_run, aid):
    workdir, problems = nbgrader_run
    assert aid not in problems, problems.get(aid)
    released = released_notebook(workdir, aid)
    assert released.is_file()
    text = released.read_text(encoding="utf-8")
    assert "### BEGIN SOLUTION" not in text and "### BEGIN HIDDEN TESTS" not in text


@pytest.mark.parametrize("aid", AIDS)
def test_student_notebook_is_what_nbgrader_releases(nbgrader_run, aid):
    """The kit's own strip gives, cell for cell, the sources nbgrader gives (and assignments/ holds it)."""
    workdir, problems = nbgrader_run
    assert aid not in problems, problems.get(aid)
    ours = json.loads(student_text(NOTEBOOKS[aid]))
    ours = [(c["cell_type"], "".join(c["source"]) if isinstance(c["source"], list) else c["source"])
            for c in ours["cells"]]
    assert ours == cell_sources(released_notebook(workdir, aid))
    committed = ASSIGNMENTS / aid / f"{aid}.ipynb"
    assert committed.is_file(), "run `python -m autograder.release.generate`"
    assert cell_sources(committed) == ours


@KERNELS
@pytest.mark.slow
@pytest.mark.parametrize("aid", AIDS)
def test_reference_notebook_runs_top_to_bottom(aid):
    problem = execute_notebook(NOTEBOOKS[aid])
    assert problem is None, problem
