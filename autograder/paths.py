"""Where the kit's folders are. Everything else finds them through these names."""
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COURSE_FILE = ROOT / "course.yml"
SOLUTIONS = ROOT / "solutions"
ASSIGNMENTS = ROOT / "assignments"
DATASETS = ROOT / "datasets"
CACHE = ROOT / ".cache"
