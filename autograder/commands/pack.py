"""pack: the student's submission zip, after a self-check that reports but never blocks."""
from __future__ import annotations

from pathlib import Path

from autograder.commands import add_aid, add_lang, language
from autograder.config.course import load_course
from autograder.config.messages import translator
from autograder.student.pack import PackError, pack, submission_files
from autograder.config.paths import ASSIGNMENTS
from autograder.student.selfcheck import self_check

HELP = "self-check, then zip exactly the files the grader reads (submit the zip as <aid>.zip)"


def add_arguments(parser) -> None:
    add_aid(parser)
    parser.add_argument("--dir", type=Path, default=None, help="the folder with your code (default: assignments/AID)")
    parser.add_argument("--out", type=Path, default=None, help="the zip to write (default: ./AID.zip)")
    add_lang(parser)


def run(args) -> int:
    course = load_course()
    lang = language(args, course)
    t = translator(lang)
    folder = args.dir or ASSIGNMENTS / args.aid
    out = args.out or Path(f"{args.aid}.zip")
    if not folder.is_dir():
        print(t("pack.no_folder", dir=folder))
        return 2
    try:
        _, report = self_check(course, args.aid, folder, lang)
        print(report)
    except Exception as exc:  # the self-check informs; it never stops a student from submitting
        print(t("pack.check_failed", error=f"{type(exc).__name__}: {exc}"))
    print()
    try:
        pack(course, args.aid, folder, out, t)
    except PackError as exc:
        print(t("pack.refused", reason=str(exc)))
        return 1
    print(t("pack.written", zip=out, n=len(submission_files(args.aid))))
    return 0
