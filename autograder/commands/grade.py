"""grade: the instructor's batch over a cohort's submissions."""
from __future__ import annotations

from pathlib import Path

from autograder.batch import grade_cohort
from autograder.commands import add_aid, add_lang, language
from autograder.course import load_course
from autograder.messages import translator

HELP = "grade every submission of an assignment: grades.csv and per-student results in OUT"


def add_arguments(parser) -> None:
    add_aid(parser)
    parser.add_argument("--submissions", type=Path, required=True,
                        help="folder of <student_id>/<aid>/ submissions (nbgrader's submitted/ layout)")
    parser.add_argument("--out", type=Path, required=True, help="where grades.csv and the reports go")
    add_lang(parser)


def run(args) -> int:
    course = load_course()
    if not args.submissions.is_dir():
        print(f"error: {args.submissions} is not a folder")
        return 2
    graded = grade_cohort(course, args.aid, args.submissions, args.out, translator(language(args, course)))
    print(f"graded {len(graded)} submissions of {args.aid} into {args.out / 'grades.csv'}")
    return 0
