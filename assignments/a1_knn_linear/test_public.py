"""The public checks of this assignment as pytest tests: run `pytest` in this folder.

Each test is one graded part; a failure says what was expected and what came back.
The same checks run with `python -m autograder check a1_knn_linear`.
"""
from autograder.student.selfcheck import public_tests

results, test_part = public_tests("a1_knn_linear", __file__)
