"""The command-line verbs, one module each (see autograder/cli.py)."""
from __future__ import annotations

from autograder.config.course import ASSIGNMENT_IDS, LANGUAGES, Course


def add_aid(parser) -> None:
    parser.add_argument("aid", choices=ASSIGNMENT_IDS, metavar="AID", help="assignment id, e.g. a1_knn_linear")


def add_lang(parser) -> None:
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the messages (default: the language in course.yml)")


def language(args, course: Course) -> str:
    return args.lang or course.language
