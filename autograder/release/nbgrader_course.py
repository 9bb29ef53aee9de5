"""The release's nbgrader course folder, OUT/nbgrader/, for courses that hand out and collect with nbgrader.

    write_nbgrader_course(course, ["a1_knn_linear"], out / "nbgrader")

Run nbgrader inside it (`nbgrader generate_assignment <aid>`, `nbgrader autograde <aid>`), then
`python -m autograder grade <aid> --nbgrader OUT/nbgrader` puts the kit's scores into its gradebook.

    nbgrader_config.py          the course id; `Autograde.exclude_overwriting` names every .py file of each
                                assignment, so autograde never replaces a student's graded files with the
                                source's; a cell timeout long enough for the notebooks
    source/<aid>/<aid>.ipynb    the reference notebook in the course's language (nbgrader strips its solution cells)
    source/<aid>/*.py           the STUDENT versions (nbgrader copies .py files verbatim, so the kit strips them)
    source/<aid>/datasets/      data_utils.py and the CSVs the assignment reads; the notebook's "../../datasets"
                                becomes "datasets" (submitted/ and autograded/ lie a level deeper than source/)

The kit grades the .py files; the notebook's own test cells stay test cells (nbgrader strips their hidden
tests, runs them and shows which fail) with 0 points, and one task cell per part of course.yml,
`autograder-<part>` with that part's points, holds the kit's score: nbgrader's totals are the kit's totals.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from autograder.config.course import Course
from autograder.config.messages import register, translator
from autograder.config.paths import ASSIGNMENTS, SOLUTIONS
from autograder.grading.nbgrader_gradebook import part_cell_id
from autograder.release.bilingual import monolingual
from autograder.release.generate import student_files

CELL_TIMEOUT_S = 600                 # nbgrader's default (30 s) is too short for the training cells
NOT_SHIPPED = {"test_public.py"}     # the offline self-check needs the kit's student zip, not nbgrader
DATA_PATH = re.compile(r"""(["'])\.\./\.\./datasets""")

register({
    "nbgrader.parts_heading": {
        "en": "## Graded by the course's autograder\n\nThe parts below are graded from your `.py` files by the "
              "course's autograder (public and hidden checks), not by the cells above; their scores and "
              "messages appear here in your feedback.",
        "ko": "## 자동 채점기의 채점 항목\n\n아래 항목은 위의 셀이 아니라 과목의 자동 채점기가 여러분의 `.py` 파일을 "
              "채점합니다 (공개 검사와 숨은 검사). 점수와 메시지는 피드백의 이 자리에 나옵니다."},
    "nbgrader.part": {"en": "**{part}** ({points:g} points)", "ko": "**{part}** ({points:g}점)"},
})


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def _task_cell(cell_id: str, text: str, points: float | None) -> dict:
    meta = {"grade": False, "grade_id": cell_id, "locked": True, "schema_version": 3, "solution": False,
            "task": points is not None}
    if points is not None:
        meta["points"] = points
    return {"cell_type": "markdown", "id": cell_id, "metadata": {"nbgrader": meta}, "source": text}


def course_notebook(course: Course, aid: str, solutions: Path = SOLUTIONS) -> dict:
    """The reference notebook as the nbgrader course's source: one language, data paths that resolve in
    the assignment's own folder, no points of its own, a task cell per part of the kit."""
    nb = json.loads((solutions / aid / f"{aid}.ipynb").read_text(encoding="utf-8"))
    nb = monolingual(nb, course.language)
    t = translator(course.language)
    for cell in nb["cells"]:
        cell["source"] = DATA_PATH.sub(r"\1datasets", _source(cell))
        meta = cell.get("metadata", {}).get("nbgrader")
        if meta and meta.get("grade"):
            meta["points"] = 0.0   # still a test cell (hidden tests stripped, failures shown); the parts score
    nb["cells"].append(_task_cell("autograder-parts-heading", t("nbgrader.parts_heading"), None))
    for part, spec in course.assignments[aid].parts.items():
        if spec.points > 0:   # nbgrader wants points on a task cell; a 0-point part has nothing to hold
            nb["cells"].append(_task_cell(part_cell_id(part), t("nbgrader.part", part=part, points=spec.points),
                                          float(spec.points)))
    return nb


def graded_files(aid: str, assignments: Path = ASSIGNMENTS) -> list[str]:
    """The student's .py files of `aid` (relative, POSIX), which autograde must leave as submitted."""
    return [rel.as_posix() for rel in student_files(assignments / aid)
            if rel.suffix == ".py" and rel.name not in NOT_SHIPPED]


def course_files(course: Course, aid: str, assignments: Path = ASSIGNMENTS) -> dict[str, bytes]:
    """source/<aid>/... of the course folder: {path relative to the folder: bytes}."""
    from autograder.release.bundle import assignment_sources, data_files
    top = f"source/{aid}"
    files = {f"{top}/{aid}.ipynb": (json.dumps(course_notebook(course, aid), indent=1, ensure_ascii=False,
                                               sort_keys=True) + "\n").encode("utf-8")}
    for rel in graded_files(aid, assignments):
        files[f"{top}/{rel}"] = (assignments / aid / rel).read_bytes()
    for name, data in data_files(aid, assignment_sources(aid)).items():
        files[f"{top}/{name}"] = data
    return files


def config_text(course: Course, aids: list[str], assignments: Path = ASSIGNMENTS) -> str:
    keep = {aid: graded_files(aid, assignments) for aid in aids}
    return (
        "# nbgrader's configuration of this course, written by `python -m autograder release`.\n"
        "# Run nbgrader in this folder; `python -m autograder grade <aid> --nbgrader .` records the kit's scores.\n"
        "c = get_config()  # noqa: F821 (nbgrader provides it)\n"
        f"c.CourseDirectory.course_id = {course.id!r}\n"
        "# the students' .py files are what the kit grades: autograde must not replace them with the source's\n"
        f"c.Autograde.exclude_overwriting = {json.dumps(keep, indent=4)}\n"
        f"c.Execute.timeout = {CELL_TIMEOUT_S}\n")


def write_nbgrader_course(course: Course, aids: list[str], folder: Path,
                          assignments: Path = ASSIGNMENTS) -> Path:
    """Write the course folder (nbgrader_config.py, source/<aid>/ for each of `aids`); returns it."""
    folder = Path(folder)
    for aid in aids:
        for name, data in course_files(course, aid, assignments).items():
            path = folder / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "nbgrader_config.py").write_text(config_text(course, aids, assignments), encoding="utf-8")
    return folder
