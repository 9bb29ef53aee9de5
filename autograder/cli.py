"""`python -m autograder <verb> ...`: one module per verb in autograder/commands/.

Each verb module has HELP, `add_arguments(parser)` and `run(args) -> exit status`. A bad
course.yml or a bad argument ends with one clear line on stderr, never a traceback.
"""
from __future__ import annotations

import argparse
import importlib
import sys

from autograder.config.course import CourseError

VERBS = ("check", "grade", "release", "pack", "data", "demo")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Auto-graded assignment kit for an introductory deep-learning course.")
    sub = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
    for verb in VERBS:
        module = importlib.import_module(f"autograder.commands.{verb}")
        p = sub.add_parser(verb, help=module.HELP, description=module.HELP)
        module.add_arguments(p)
        p.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except CourseError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
