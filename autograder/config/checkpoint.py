"""Checkpoints in one place: the file a5 and a6 submissions carry, and how large it may be.

Each assignment's `max_checkpoint_mb` in course.yml is the limit: `pack` refuses a larger file, and the
grader's parent gives it 0 (`bad_checkpoint`) from the size the child reports. The child itself never
opens a file over LOAD_CEILING_MB, whatever the course says (it would only run into its memory limit).
"""
from __future__ import annotations

CHECKPOINT = "checkpoint.pt"
CHECKPOINT_ASSIGNMENTS = ("a5_cifar10_gpu", "a6_rnn_stock")
DEFAULT_MAX_MB = 100.0          # `max_checkpoint_mb` where course.yml sets none
LOAD_CEILING_MB = 1024


def max_checkpoint_mb(assignment) -> float:
    """The course's limit for `assignment` (a config.course.Assignment; None: the default)."""
    return float(getattr(assignment, "max_checkpoint_mb", DEFAULT_MAX_MB))
