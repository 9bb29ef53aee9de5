"""The public checks of this assignment as pytest tests: run `pytest` in this folder.

Each test is one graded part; a failure says what was expected and what came back.
The same checks run with `python -m autograder check a2_svm_softmax`.
"""
import pytest

from autograder.selfcheck import public_parts, run_public

AID = "a2_svm_softmax"


@pytest.fixture(scope="module")
def results():
    return run_public(AID, __file__)


@pytest.mark.parametrize("part", public_parts(AID))
def test_part(results, part):
    result = results[part]
    if result.status != "passed":
        pytest.fail(f"{part}: {result.status}: {result.message}", pytrace=False)
