"""Grading a folder and a cohort: the reference, time limits, collection, lateness, the batch."""
