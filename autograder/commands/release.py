"""release: the cohort release and its gate (see autograder/release/pipeline.py)."""
from __future__ import annotations

from pathlib import Path

from autograder.commands import add_lang, language
from autograder.checks import course_for
from autograder.config.course import ASSIGNMENT_IDS

HELP = ("regenerate assignments/, run the release gate and, only if it passes, write the student zips, "
        "Gradescope autograder zips and manifest.json")


def add_arguments(parser) -> None:
    parser.add_argument("--cohort", default=None, help="cohort name in course.yml (default: the first)")
    parser.add_argument("--out", type=Path, required=True, help="where the zips and manifest.json go")
    parser.add_argument("--only", nargs="+", choices=ASSIGNMENT_IDS, metavar="AID", default=None,
                        help="release only these assignments")
    parser.add_argument("--skip-mutation", action="store_true",
                        help="opt out of the mutation step (not for a real release)")
    parser.add_argument("--skip-notebooks", action="store_true",
                        help="opt out of running the notebooks and nbgrader (not for a real release)")
    add_lang(parser)


def run(args) -> int:
    from autograder.config.messages import translator
    from autograder.release.pipeline import release

    course = course_for(*(args.only or ASSIGNMENT_IDS))   # part names checked: one line, no traceback
    lang = language(args, course)          # messages, and the notebooks and README of the student zips
    return release(course, args.cohort or course.cohort().name, args.out, translator(lang),
                   mutation=not args.skip_mutation, notebooks=not args.skip_notebooks, only=args.only, lang=lang)
