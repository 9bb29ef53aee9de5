"""Where the kit's folders are. Everything else finds them through these names."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COURSE_ENV = "AUTOGRADER_COURSE"     # another course file: set the variable, or pass --course FILE to any verb
COURSE_FILE = Path(os.environ.get(COURSE_ENV) or ROOT / "course.yml")   # as it was when the kit was imported
SOLUTIONS = ROOT / "solutions"
ASSIGNMENTS = ROOT / "assignments"
DATASETS = ROOT / "datasets"
CACHE = ROOT / ".cache"


def course_file() -> Path:
    """The course file in force now: $AUTOGRADER_COURSE (which `--course FILE` sets), else course.yml."""
    return Path(os.environ.get(COURSE_ENV) or ROOT / "course.yml")
