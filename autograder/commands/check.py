"""check: the student's self-check on a folder (public checks only).

Inside an assignment folder it checks that folder (see autograder/student/folder.py); anywhere else
`--dir FOLDER`, or a refusal that names the folder it expected."""
from __future__ import annotations

import sys
from pathlib import Path

from autograder.checks import course_for
from autograder.commands import add_lang
from autograder.config.course import ASSIGNMENT_IDS, load_course
from autograder.config.messages import translator
from autograder.student.folder import POSIX_ONLY, FolderError, assignment_folder, delegate

HELP = "run the public checks on your code and print a table of parts; exit 0 only if all pass"


def add_folder_arguments(parser) -> None:
    parser.add_argument("aid", nargs="?", choices=ASSIGNMENT_IDS, metavar="AID", default=None,
                        help="assignment id, e.g. a1_knn_linear (default: the assignment folder you are in)")
    parser.add_argument("--dir", type=Path, default=None,
                        help="the folder with your code (default: the assignment folder you are in, "
                             "or assignments/AID below it)")


def add_arguments(parser) -> None:
    add_folder_arguments(parser)
    add_lang(parser)


def locate(args) -> tuple[str | None, Path | None, int | None]:
    """(aid, folder, None) to go on here, or (None, None, exit status) when refused or run by the
    folder's own kit."""
    try:
        aid, folder = assignment_folder(args.aid, args.dir)
    except FolderError as exc:
        print(translator(args.lang or load_course().language)(exc.key, **exc.values), file=sys.stderr)
        return None, None, 2
    status = delegate(folder, getattr(args, "argv", None) or sys.argv[1:])
    return (None, None, status) if status is not None else (aid, folder, None)


def run(args) -> int:
    aid, code_dir, status = locate(args)
    if status is not None:
        return status
    course = course_for(aid)
    lang = args.lang or course.language
    try:
        from autograder.student.selfcheck import self_check   # the sandbox's modules: POSIX only
    except ImportError as exc:
        if exc.name not in POSIX_ONLY:
            raise
        print(translator(lang)("check.posix_only", module=exc.name), file=sys.stderr)
        return 2
    results, report = self_check(course, aid, code_dir, lang)
    print(report)
    return 0 if results and all(r.status == "passed" for r in results) else 1
