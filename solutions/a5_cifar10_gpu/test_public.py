"""The public checks of this assignment as pytest tests: run `pytest` in this folder.

Each test is one graded part; a failure says what was expected and what came back.
The same checks run with `python -m autograder check a5_cifar10_gpu`.
"""
from autograder.student.selfcheck import public_tests

results, test_part = public_tests("a5_cifar10_gpu", __file__)
