"""assignments/ is exactly what the generator makes from solutions/ now (every assignment)."""
import pytest

from autograder.config.course import ASSIGNMENT_IDS
from autograder.config.paths import ASSIGNMENTS, SOLUTIONS
from autograder.release.generate import generate_assignment

AIDS = [aid for aid in ASSIGNMENT_IDS if (SOLUTIONS / aid).is_dir()]


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and "__pycache__" not in p.parts and ".ipynb_checkpoints" not in p.parts}


@pytest.mark.parametrize("aid", AIDS)
def test_assignments_folder_is_what_the_generator_makes(tmp_path, aid):
    written = generate_assignment(aid, SOLUTIONS, tmp_path)
    assert written, f"nothing generated for {aid}"
    expected, committed = files_of(tmp_path / aid), files_of(ASSIGNMENTS / aid)
    assert sorted(committed) == sorted(expected), "run `python -m autograder.release.generate` (or make assignments)"
    stale = [name for name in expected if committed[name] != expected[name]]
    assert not stale, f"out of date in assignments/{aid}/: {stale}; run `python -m autograder.release.generate`"


@pytest.mark.parametrize("aid", AIDS)
def test_student_files_hold_no_solution_marker(aid):
    for name, data in files_of(ASSIGNMENTS / aid).items():
        text = data.decode("utf-8", "replace")
        assert "### BEGIN SOLUTION" not in text and "### BEGIN HIDDEN TESTS" not in text, name
