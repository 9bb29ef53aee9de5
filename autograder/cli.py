"""`python -m autograder <verb> ...`: one module per verb in autograder/commands/.

Each verb module has HELP, `add_arguments(parser)` and `run(args) -> exit status`. A bad
course.yml or a bad argument ends with one clear line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from pathlib import Path

from autograder.config.course import CourseError
from autograder.config.paths import COURSE_ENV
from autograder.student.folder import POSIX_ONLY

VERBS = ("check", "grade", "release", "pack", "data", "demo", "gradebook")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Auto-graded assignment kit for an introductory deep-learning course.")
    sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    for verb in VERBS:
        try:
            module = importlib.import_module(f"autograder.commands.{verb}")
        except ImportError as exc:   # a verb whose packages are not installed here (a student's set-up)
            p = sub.add_parser(verb, help=f"(not available here: {exc})", add_help=False)
            p.add_argument("rest", nargs=argparse.REMAINDER)
            p.set_defaults(run=_unavailable(verb, exc))
            continue
        p = sub.add_parser(verb, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        add_course(p)
        p.set_defaults(run=module.run)
    return parser


def add_course(parser) -> None:
    parser.add_argument("--course", type=Path, default=None, metavar="FILE",
                        help=f"another course file (default: ${COURSE_ENV}, else course.yml of the kit); "
                             "paths in it are relative to its own folder")


def _unavailable(verb: str, exc: ImportError):
    def run(args) -> int:
        if getattr(exc, "name", None) in POSIX_ONLY:
            print(f"error: `{verb}` needs Linux or macOS (its sandbox uses {exc.name}); on Windows run it in "
                  "WSL (Ubuntu) or on Colab", file=sys.stderr)
        else:
            print(f"error: `{verb}` needs a package that is not installed here ({exc}); install the kit's full "
                  f"requirements.txt to use it", file=sys.stderr)
        return 2
    return run


def use_course(path: Path | None) -> None:
    """`--course FILE`: the course file of this run and of every process it starts."""
    if path is None:
        return
    if not path.is_file():
        raise CourseError(f"--course {path}: no such file")
    os.environ[COURSE_ENV] = str(path.resolve())


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)   # what a verb may run again (student/folder.py)
    before = os.environ.get(COURSE_ENV)
    try:
        use_course(getattr(args, "course", None))
        return int(args.run(args) or 0)
    except CourseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    finally:   # called in-process (a notebook, a test), --course holds for this call only
        if before is None:
            os.environ.pop(COURSE_ENV, None)
        else:
            os.environ[COURSE_ENV] = before
