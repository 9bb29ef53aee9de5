"""pack: the student's submission zip, after a self-check that reports but never blocks.

Like `check`, it works on the assignment folder you are in, or `--dir FOLDER`."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from autograder.checks import course_for
from autograder.commands import add_lang
from autograder.commands.check import add_folder_arguments, locate
from autograder.config.messages import translator
from autograder.grading.late import pack_warning
from autograder.student.pack import PackError, pack, submission_files

HELP = "self-check, then zip exactly the files the grader reads (submit the zip as <aid>.zip)"


def add_arguments(parser) -> None:
    add_folder_arguments(parser)
    parser.add_argument("--out", type=Path, default=None, help="the zip to write (default: ./AID.zip)")
    add_lang(parser)


def run(args) -> int:
    aid, folder, status = locate(args)
    if status is not None:
        return status
    course = course_for(aid)
    lang = args.lang or course.language
    t = translator(lang)
    out = args.out or Path(f"{aid}.zip")
    try:
        from autograder.student.selfcheck import self_check   # here: packing works where the sandbox cannot
        _, report = self_check(course, aid, folder, lang)
        print(report)
    except Exception as exc:  # the self-check informs; it never stops a student from submitting
        print(t("pack.check_failed", error=f"{type(exc).__name__}: {exc}"))
    print()
    now = dt.datetime.now(dt.timezone.utc)
    try:
        pack(course, aid, folder, out, t, now=now)
    except PackError as exc:
        print(t("pack.refused", reason=str(exc)))
        return 1
    print(t("pack.written", zip=out, n=len(submission_files(aid))))
    warning = pack_warning(course, aid, now, t)   # after the due date: what lateness will cost
    if warning:
        print(warning)
    return 0
