"""grade: the instructor's batch over a cohort's submissions."""
from __future__ import annotations

from pathlib import Path

from autograder.grading.batch import run_batch
from autograder.grading.collect import stray_entries
from autograder.grading.nbgrader_gradebook import nbgrader_folders, record_in_gradebook
from autograder.commands import add_aid, add_lang, language
from autograder.checks import course_for
from autograder.report.csvs import roster_canvas
from autograder.report.roster import RosterError, read_roster
from autograder.sandbox.fence_record import fences_summary

HELP = ("grade every submission of an assignment into OUT: grades.csv, canvas.csv, report.html and "
        "<student_id>/results.json + feedback.html")


def add_arguments(parser) -> None:
    add_aid(parser)
    parser.add_argument("--submissions", type=Path, default=None,
                        help="folder of <student_id>/<aid>/ folders or <student_id>/<aid>.zip (nbgrader's submitted/)")
    parser.add_argument("--out", type=Path, default=None, help="where grades.csv and the reports go "
                                                                "(with --nbgrader: DIR/kit_grades/<aid>)")
    parser.add_argument("--nbgrader", type=Path, default=None, metavar="DIR",
                        help="an nbgrader course folder: grade DIR/submitted/ and record each part's score in "
                             "DIR's gradebook (nbgrader export, formgrader, generate_feedback show them)")
    parser.add_argument("--workers", type=int, default=1, metavar="N",
                        help="submissions graded at the same time (default 1)")
    parser.add_argument("--resume", action="store_true",
                        help="keep the students already graded in OUT (same submission), grade the rest")
    parser.add_argument("--cohort", default=None, help="the cohort in course.yml whose due date and late "
                                                       "policy apply (default: the first)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    parser.add_argument("--roster", type=Path, default=None, metavar="FILE",
                        help="class roster CSV (student_id,name,sis_user_id,section, or Canvas's gradebook export) "
                             "that fills canvas.csv's Student, ID, SIS and Section columns")
    parser.add_argument("--reveal", choices=["hidden"], default=None,
                        help="show hidden checks' inputs and expected/actual numbers in feedback.html and "
                             "results.json (after the due date); without it a hidden part shows its status, "
                             "points and named mistake only (grades.csv always has the full message)")
    parser.add_argument("--submitted-at", type=Path, default=None, metavar="FILE",
                        help="trusted submission times, CSV student_id,submitted_at (ISO 8601 with a zone, e.g. "
                             "the LMS's export): they decide lateness over any timestamp.txt")
    parser.add_argument("--corpus", type=Path, default=None, metavar="DIR",
                        help="known solutions, DIR/<name>/<aid>/*.py, compared with every submission too "
                             "(OUT/similarity.csv: a flag for the staff, never a change of any score)")
    add_lang(parser)


def run(args) -> int:
    course = course_for(args.aid)   # a misspelt part in course.yml: one line, before any grading
    if args.nbgrader:   # an nbgrader course folder: its submitted/ in, the kit's scores into its gradebook
        args.submissions, out = nbgrader_folders(args.nbgrader, args.aid)
        args.out = args.out or out
    if args.submissions is None or args.out is None:
        print("error: give --submissions DIR and --out OUT, or --nbgrader COURSE_DIR")
        return 2
    if not args.submissions.is_dir():
        print(f"error: {args.submissions} is not a folder")
        return 2
    if args.workers < 1:
        print("error: --workers must be at least 1")
        return 2
    course.cohort(args.cohort)   # an unknown cohort is a CourseError before anything runs
    for flag, path in (("--submitted-at", args.submitted_at), ("--corpus", args.corpus)):
        if path is not None and not path.exists():
            print(f"error: {flag} {path}: no such file or folder")
            return 2
    try:
        roster = read_roster(args.roster) if args.roster else None   # a bad roster: one line, before grading
    except RosterError as exc:
        print(f"error: {exc}")
        return 2
    records = run_batch(course, args.aid, args.submissions, args.out, lang=language(args, course),
                        workers=args.workers, resume=args.resume, cohort=args.cohort,
                        progress=not args.no_progress, reveal=args.reveal == "hidden",
                        submitted_at=args.submitted_at, corpus=args.corpus)
    total = course.assignments[args.aid].total_points
    if roster is not None:
        roster_canvas(args.out, list(records.values()), args.aid, total, roster)
    scores = [r.total for r in records.values()]
    mean = sum(scores) / len(scores) if scores else 0.0
    stray = stray_entries(args.submissions)
    if stray:
        shown = ", ".join(stray[:10]) + (f" and {len(stray) - 10} more" if len(stray) > 10 else "")
        print(f"warning: not graded, not a student folder: {shown} (a submission goes in "
              f"<student_id>/{args.aid}/ or <student_id>/{args.aid}.zip)")
    if not records:
        print(f"warning: no submissions found in {args.submissions}: expected <student_id>/{args.aid}/ folders "
              f"or <student_id>/{args.aid}.zip files")
    print(f"graded {len(records)} submission(s) of {args.aid} (mean {mean:.1f}/{total:g}) into {args.out}/: "
          f"grades.csv, canvas.csv, report.html, <student_id>/results.json + feedback.html")
    flagged = sorted(r.student for r in records.values() if r.late_flag)
    if flagged:
        print(f"warning: {len(flagged)} timestamp(s) disagree with their submission's evidence (see grades.csv "
              f"late_flag and report.html): {', '.join(flagged[:10])}")
    if args.nbgrader:
        for line in record_in_gradebook(args.nbgrader, args.aid, records, language(args, course)):
            print(line)
    fences, warnings = fences_summary()   # which sandbox fences held for every child of this batch
    print(fences)
    for warning in warnings:
        print(warning)
    return 0
