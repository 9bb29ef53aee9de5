"""check: the student's self-check on a folder (public checks only)."""
from __future__ import annotations

from pathlib import Path

from autograder.commands import add_aid, add_lang, language
from autograder.config.course import load_course
from autograder.config.messages import translator
from autograder.config.paths import ASSIGNMENTS
from autograder.student.selfcheck import self_check

HELP = "run the public checks on your code and print a table of parts; exit 0 only if all pass"


def add_arguments(parser) -> None:
    add_aid(parser)
    parser.add_argument("--dir", type=Path, default=None, help="the folder with your code (default: assignments/AID)")
    add_lang(parser)


def run(args) -> int:
    course = load_course()
    code_dir = args.dir or ASSIGNMENTS / args.aid
    if not code_dir.is_dir():
        print(translator(language(args, course))("pack.no_folder", dir=code_dir))
        return 2
    results, report = self_check(course, args.aid, code_dir, language(args, course))
    print(report)
    return 0 if results and all(r.status == "passed" for r in results) else 1
