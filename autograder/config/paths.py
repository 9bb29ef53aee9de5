"""Where the kit's folders are. Everything else finds them through these names."""
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
COURSE_FILE = Path(os.environ.get("AUTOGRADER_COURSE", ROOT / "course.yml"))  # another course file: set the variable
SOLUTIONS = ROOT / "solutions"
ASSIGNMENTS = ROOT / "assignments"
DATASETS = ROOT / "datasets"
CACHE = ROOT / ".cache"
