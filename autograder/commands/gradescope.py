"""Gradescope's side of the release: what `run_autograder` runs on Gradescope's machine.

    python -m autograder.commands.gradescope AID --submission /autograder/submission \
        --results /autograder/results/results.json [--metadata /autograder/submission_metadata.json]

The submission is what the student uploaded: the files themselves, a folder `<aid>/`, or the zip
that `python -m autograder pack` made. It is staged safely (autograder.grading.collect), graded with every
check (hidden ones get `after_due_date`), and results.json is written in Gradescope's format.
Gradescope applies its own late policy, so none is applied here. Whatever happens, a results.json
is written: a submission that cannot be graded still gets its rows and a message.

Gradescope runs this as root without CAP_SYS_ADMIN (no namespaces): the student's code runs as a
user of its own under Landlock and seccomp (autograder.sandbox.fences), and the kit's `solutions/`,
shipped reference outputs and `.cache/` are made root's alone first (here and in run_autograder).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from autograder.grading.batch import problem_results
from autograder.grading.collect import stage
from autograder.config.course import load_course
from autograder.config.paths import ROOT
from autograder.grading.reference import grade_dir
from autograder.config.messages import translator
from autograder.report.gradescope import results_json
from autograder.grading.withheld import Withholding
from autograder.report import StudentRecord
from autograder.sandbox.fences import protect_secrets


def find_source(submission: Path, aid: str) -> Path | None:
    """The folder or zip to stage: <aid>/ or <aid>.zip when the upload has one, a single zip when
    that is all there is, else the upload folder itself."""
    if not submission.is_dir():
        return None
    for candidate in (submission / aid, submission / f"{aid}.zip"):
        if candidate.exists():
            return candidate
    entries = [p for p in submission.iterdir() if not p.name.startswith(".")]
    zips = [p for p in entries if p.suffix == ".zip" and p.is_file()]
    if len(zips) == 1 and not any(p.suffix in (".py", ".ipynb") for p in entries):
        return zips[0]
    return submission if entries else None


def student_id(metadata: Path | None) -> str:
    try:
        users = json.loads(metadata.read_text(encoding="utf-8")).get("users") or []
        return str(users[0].get("sid") or users[0].get("email") or users[0].get("name")) if users else "submission"
    except (OSError, ValueError, AttributeError, TypeError):
        return "submission"


def grade_submission(aid: str, submission: Path, results: Path, metadata: Path | None = None) -> dict:
    start = time.perf_counter()
    protect_secrets()   # run_autograder does it too; here for any other way in
    course = load_course()
    t = translator(course.language)
    student = student_id(metadata)
    with tempfile.TemporaryDirectory(prefix="gradescope-") as tmp:
        os.chmod(tmp, 0o755)   # the sandbox's own user must be able to reach the staged copy
        sub = stage(student, find_source(submission, aid), Path(tmp), aid, t)
        if sub.problem:
            record = StudentRecord(student, aid, problem_results(course, aid, "missing_file", sub.problem),
                                   problem=sub.problem, notes=[sub.problem] + list(sub.notes))
        else:
            tw = Withholding(course.language)   # hidden parts' numbers held back in results.json (withheld.py)
            graded, output = grade_dir(course, aid, sub.folder, tw, student=student)
            record = StudentRecord(student, aid, graded, output=output, notes=list(sub.notes),
                                   withheld=tw.withheld(graded), mistakes=tw.mistakes(graded))
    record.seconds = time.perf_counter() - start
    results.parent.mkdir(parents=True, exist_ok=True)
    text = results_json(record, t)
    results.write_text(text, encoding="utf-8")
    return json.loads(text)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m autograder.commands.gradescope")
    parser.add_argument("aid")
    parser.add_argument("--submission", type=Path, default=Path("/autograder/submission"))
    parser.add_argument("--results", type=Path, default=Path("/autograder/results/results.json"))
    parser.add_argument("--metadata", type=Path, default=None)
    args = parser.parse_args(argv)
    try:
        data = grade_submission(args.aid, args.submission, args.results, args.metadata)
    except Exception as exc:  # the grader itself broke: Gradescope still needs a results.json
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps({"score": 0, "output": f"the autograder failed: {type(exc).__name__}: "
                                                                  f"{exc}; tell the course staff", "tests": []}),
                                encoding="utf-8")
        print(f"autograder failed: {exc}", file=sys.stderr)
        return 1
    print(f"{args.aid}: {data['score']:g} points -> {args.results} (graded by the kit {ROOT})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
