"""gradebook: several assignments' grade outputs merged into the course gradebook, late days charged."""
from __future__ import annotations

from pathlib import Path

from autograder.commands import add_lang, language
from autograder.config.course import load_course
from autograder.config.messages import translator

HELP = ("merge grade outputs (OUT folders) into DIR/gradebook.csv, gradebook.html and gradebook_canvas.csv, "
        "charging late days in due-date order (course.yml late_policy: free_late_days, penalty_per_day)")


def add_arguments(parser) -> None:
    parser.add_argument("--grades", type=Path, nargs="+", required=True, metavar="OUT",
                        help="the --out folders of `grade`, one an assignment")
    parser.add_argument("--out", type=Path, required=True, metavar="DIR", help="where the gradebook goes")
    parser.add_argument("--cohort", default=None, help="the cohort whose dates and late policy apply "
                                                       "(default: the first)")
    add_lang(parser)


def run(args) -> int:
    from autograder.report.gradebook import gradebook_rows, write_gradebook

    course = load_course()
    missing = [str(p) for p in args.grades if not p.is_dir()]
    if missing:
        print(f"error: --grades {', '.join(missing)}: not a folder (give the --out folders of `grade`)")
        return 2
    lang = language(args, course)
    rows = gradebook_rows(course, args.cohort, args.grades)
    files = write_gradebook(args.out, rows, course, args.cohort, translator(lang), lang)
    students = len({r.student for r in rows})
    charged = sum(1 for r in rows if r.penalty)
    print(f"gradebook of {students} student(s), {len({r.assignment for r in rows})} assignment(s) "
          f"({charged} charged for lateness): {', '.join(str(f) for f in files)}")
    return 0
