"""The notebook's set-up cell: right after its title, how to run it where `check` and `pack` work
(the student zip's folder; on Colab, the cell that installs the kit from the zip), in the notebook's
language, from the templates the student README uses (`notebook_setup.md`, `colab_cell.md`).

    nb = with_setup_cell(nb, "a2_svm_softmax", "ko")
"""
from __future__ import annotations

import copy

from autograder.release.texts import render

CELL_ID = "setup-steps"


def setup_cell(aid: str, top: str, lang: str) -> dict:
    text = render("notebook_setup.md", aid=aid, top=top, lang=lang).strip() + "\n"
    return {"cell_type": "markdown", "id": CELL_ID, "metadata": {}, "source": text.splitlines(keepends=True)}


def with_setup_cell(nb: dict, aid: str, lang: str, course_id: str) -> dict:
    """`nb` with the set-up cell after its first cell (the title), once."""
    nb = copy.deepcopy(nb)
    cells = nb.get("cells", [])
    if cells and not any(c.get("id") == CELL_ID for c in cells):
        cells.insert(1, setup_cell(aid, f"{course_id}-{aid}", lang))
    return nb
