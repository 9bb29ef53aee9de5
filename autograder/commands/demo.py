"""demo: the kit's main job on a bundled sample cohort, into out/."""
from __future__ import annotations

import shutil
from pathlib import Path

from autograder.batch import grade_cohort
from autograder.commands import add_lang, language
from autograder.course import ASSIGNMENT_IDS, load_course
from autograder.messages import translator
from autograder.paths import ROOT
from autograder.samples import build_cohort
from autograder.table import render

HELP = "build a sample cohort (reference, stub, typical mistakes), grade it into out/ and print a summary"


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, default=ROOT / "out", help="output folder (default: out/)")
    add_lang(parser)


def run(args) -> int:
    course = load_course()
    t = translator(language(args, course))
    out = args.out
    if out.exists():
        shutil.rmtree(out)
    rows = []
    for aid in ASSIGNMENT_IDS:
        submissions = out / "submissions"
        samples = build_cohort(aid, submissions)
        if not samples:
            continue
        print(f"grading {aid}: {len(samples)} sample students ...", flush=True)
        graded = grade_cohort(course, aid, submissions, out / aid, t)
        for sample in samples:
            results = graded[sample.student]
            score = sum(r.score for r in results)
            total = sum(r.max_score for r in results)
            problems = sorted({r.status for r in results if r.status != "passed"})
            rows.append([aid, sample.student, f"{score:g}/{total:g}", ", ".join(problems) or "-", sample.note])
    print()
    print(render(["assignment", "student", "score", "statuses", "sample"], rows))
    print(f"\noutputs in {out}/<aid>/ (grades.csv)")
    return 0
