"""demo: the kit's main job on a bundled sample cohort, into out/."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

from autograder.grading.batch import run_batch
from autograder.commands import add_lang, language
from autograder.config.course import ASSIGNMENT_IDS, load_course
from autograder.config.paths import ROOT
from autograder.report.csvs import course_canvas_csv, grades_csv
from autograder.student.table import render

HELP = "build a sample cohort (reference, stub, typical mistakes), grade it into out/ and print a summary"


def sample_students():
    """tests/data/samples of the kit's clone (the sample cohort lives with the tests, never in a zip)."""
    if not (ROOT / "tests" / "data" / "samples" / "__init__.py").is_file():
        raise SystemExit(f"demo: no sample students in {ROOT / 'tests' / 'data' / 'samples'}; "
                         "run the demo from a clone of the kit (git clone ...; make demo)")
    if str(ROOT) not in sys.path:          # the `autograder` script run from another folder
        sys.path.insert(0, str(ROOT))
    from tests.data import samples
    return samples


def add_arguments(parser) -> None:
    parser.add_argument("--out", type=Path, default=ROOT / "out", help="output folder (default: out/)")
    parser.add_argument("--workers", type=int, default=2, metavar="N", help="submissions graded at once (default 2)")
    parser.add_argument("--only", action="append", choices=ASSIGNMENT_IDS, metavar="AID",
                        help="release and grade only this assignment (repeat for more; default: all)")
    add_lang(parser)


def run(args) -> int:
    course = load_course()
    lang = language(args, course)
    out = args.out
    if out.exists():
        shutil.rmtree(out)
    from autograder.release.pipeline import demo_release
    demo_release(course, out / "release", lang, args.only)   # the release and its gate first, into out/release
    rows, graded = [], {}
    for aid in args.only or ASSIGNMENT_IDS:
        submissions = out / "submissions" / aid
        samples = sample_students().build_cohort(aid, submissions)
        if not samples:
            continue
        print(f"grading {aid}: {len(samples)} sample students ...", flush=True)
        records = run_batch(course, aid, submissions, out / aid, lang=lang, workers=args.workers)
        graded[aid] = list(records.values())
        for sample in samples:
            rec = records[sample.student]
            problems = sorted({r.status for r in rec.results if r.status != "passed"})
            rows.append([aid, sample.student, f"{rec.total:g}/{rec.max_total:g}", ", ".join(problems) or "-",
                         sample.note])
    # the whole sample cohort in one gradebook: every assignment's rows, and one LMS row a student
    (out / "grades.csv").write_text(grades_csv([rec for recs in graded.values() for rec in recs]), encoding="utf-8")
    (out / "canvas.csv").write_text(course_canvas_csv(graded, {aid: course.assignments[aid].total_points
                                                               for aid in graded}), encoding="utf-8")
    print()
    print(render(["assignment", "student", "score", "statuses", "sample"], rows))
    print(f"\ngradebook of the whole cohort: {out / 'grades.csv'} and {out / 'canvas.csv'}")
    print(f"per assignment ({', '.join(graded)}) in {out}/<aid>/: grades.csv, canvas.csv, report.html and "
          f"<student_id>/results.json + feedback.html")
    return 0
