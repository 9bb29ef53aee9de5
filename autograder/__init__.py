"""The auto-graded assignment kit for an introductory deep-learning course (CS231n sequence)."""

__version__ = "0.1.0"
