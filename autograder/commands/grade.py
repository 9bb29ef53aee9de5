"""grade: the instructor's batch over a cohort's submissions."""
from __future__ import annotations

from pathlib import Path

from autograder.grading.batch import run_batch
from autograder.grading.collect import stray_entries
from autograder.commands import add_aid, add_lang, language
from autograder.config.course import load_course
from autograder.sandbox.fences import fences_summary

HELP = ("grade every submission of an assignment into OUT: grades.csv, canvas.csv, report.html and "
        "<student_id>/results.json + feedback.html")


def add_arguments(parser) -> None:
    add_aid(parser)
    parser.add_argument("--submissions", type=Path, required=True,
                        help="folder of <student_id>/<aid>/ folders or <student_id>/<aid>.zip (nbgrader's submitted/)")
    parser.add_argument("--out", type=Path, required=True, help="where grades.csv and the reports go")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="submissions graded at the same time (default 1)")
    parser.add_argument("--resume", action="store_true",
                        help="keep the students already graded in OUT (same submission), grade the rest")
    parser.add_argument("--cohort", default=None, help="the cohort in course.yml whose due date and late "
                                                       "policy apply (default: the first)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    add_lang(parser)


def run(args) -> int:
    course = load_course()
    if not args.submissions.is_dir():
        print(f"error: {args.submissions} is not a folder")
        return 2
    if args.workers < 1:
        print("error: --workers must be at least 1")
        return 2
    course.cohort(args.cohort)   # an unknown cohort is a CourseError before anything runs
    records = run_batch(course, args.aid, args.submissions, args.out, lang=language(args, course),
                        workers=args.workers, resume=args.resume, cohort=args.cohort,
                        progress=not args.no_progress)
    total = course.assignments[args.aid].total_points
    scores = [r.total for r in records.values()]
    mean = sum(scores) / len(scores) if scores else 0.0
    stray = stray_entries(args.submissions)
    if stray:
        shown = ", ".join(stray[:10]) + (f" and {len(stray) - 10} more" if len(stray) > 10 else "")
        print(f"warning: not graded, not a student folder: {shown} (a submission goes in "
              f"<student_id>/{args.aid}/ or <student_id>/{args.aid}.zip)")
    if not records:
        print(f"warning: no submissions found in {args.submissions}: expected <student_id>/{args.aid}/ folders "
              f"or <student_id>/{args.aid}.zip files")
    print(f"graded {len(records)} submission(s) of {args.aid} (mean {mean:.1f}/{total:g}) into {args.out}/: "
          f"grades.csv, canvas.csv, report.html, <student_id>/results.json + feedback.html")
    fences, warnings = fences_summary()   # which sandbox fences held for every child of this batch
    print(fences)
    for warning in warnings:
        print(warning)
    return 0
