"""The instructor's batch: every student's submission of one assignment, graded into OUT.

    records = run_batch(course, "a1_knn_linear", Path("submitted"), Path("out"), lang="en", workers=2)

For each student (in `workers` threads; each submission runs in its own sandboxed child, so the
threads only wait and judge): collect (a clean private copy of the folder or zip), grade
(`grading.grade_dir`), apply the late policy, then write OUT/<student_id>/results.json,
feedback.html and record.json, each atomically, record.json last. When every student is done:
OUT/grades.csv, OUT/canvas.csv and OUT/report.html.

With `resume=True` a student whose record.json is already in OUT, for the same submission
(same files, by sha256) graded under the same settings (`grading_key`), is kept as it is; the
others are graded. A submission that cannot be
graded still gets its rows, and a failure of the grader itself on one student is recorded as
`crashed` for that student: the batch never stops for a submission.
"""
from __future__ import annotations

import hashlib
import shutil
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from autograder import __version__
from autograder.check import Result
from autograder.collect import Submission, find_submissions, stage
from autograder.course import Course
from autograder.grading import ReferenceRun, checks_for, grade_dir, prepare_reference
from autograder.late import lateness_of
from autograder.messages import register, translator
from autograder.report import StudentRecord, load_record, write_cohort, write_student

CHECKS_DIR = Path(__file__).resolve().parent / "checks"

register({
    "batch.grader_error": {"en": "the grader failed on this submission ({error}); tell the course staff",
                           "ko": "채점기가 이 제출물에서 오류를 냈습니다({error}). 조교에게 알려 주세요"},
})

OUTPUT_KEEP = 16_000   # characters of captured output kept in a record


def problem_results(course: Course, aid: str, status: str, message: str) -> list[Result]:
    """One row per part, all with the same status and message (nothing could be graded)."""
    parts = course.assignments[aid].parts
    return [Result(part=c.part, score=0.0, max_score=parts[c.part].points, status=status, message=message,
                   hidden=c.hidden) for c in checks_for(aid, hidden=True)]


def grading_key(course: Course, aid: str, lang: str, cohort: str | None) -> str:
    """A digest of what a record's grades depend on besides the submission: the kit's version, the
    assignment's parts and limits, the checks' code, the cohort's dates and policy, the language.
    `--resume` regrades a student whose record was made under another key."""
    h = hashlib.sha256(f"{__version__}|{lang}|{course.assignments[aid]!r}|{course.cohort(cohort)!r}".encode())
    for path in (CHECKS_DIR / f"{aid}.py", CHECKS_DIR.parent / "grading.py", CHECKS_DIR.parent / "judge.py"):
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def grade_one(course: Course, aid: str, student: str, source: Path | None, staging: Path, t,
              cohort: str | None, previous: dict[str, StudentRecord] | None,
              key: str = "", reference: ReferenceRun | None = None) -> tuple[StudentRecord, bool]:
    """Collect, grade and judge one student; returns the record and whether it was kept from before."""
    start = time.perf_counter()
    try:
        sub = stage(student, source, staging, aid, t)
    except Exception as exc:  # an unreadable file, say: this student gets rows, the batch goes on
        sub = Submission(student=student, source=source,
                         problem=t("batch.grader_error", error=f"{type(exc).__name__}: {exc}"[:300]))
    try:
        old = (previous or {}).get(student)
        if old is not None and (old.digest, old.problem, old.key) == (sub.digest, sub.problem, key):
            return old, True
        policy = course.cohort(cohort)
        output = ""
        if sub.folder is None:
            results = problem_results(course, aid, "missing_file", sub.problem)
            late = {}
        else:
            late = lateness_of(sub.folder, policy.late_policy, policy.dates[aid].due).as_dict()
            try:
                results, output = grade_dir(course, aid, sub.folder, t, reference=reference)
            except Exception as exc:  # the kit's own failure on this one submission: recorded, never fatal
                traceback.print_exc(file=sys.stderr)
                error = f"{type(exc).__name__}: {exc}"[:300]
                results = problem_results(course, aid, "crashed", t("batch.grader_error", error=error))
        record = StudentRecord(student=student, assignment=aid, results=results, late=late,
                               output=output[-OUTPUT_KEEP:], problem=sub.problem, notes=sub.notes,
                               digest=sub.digest, key=key, seconds=time.perf_counter() - start)
        return record, False
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def run_batch(course: Course, aid: str, submissions: Path, out: Path, *, lang: str | None = None,
              workers: int = 1, resume: bool = False, cohort: str | None = None,
              progress: bool = True) -> dict[str, StudentRecord]:
    """Grade every student in `submissions` into `out`; returns {student_id: record}, sorted by id."""
    lang = lang or course.language
    t = translator(lang)
    assignment = course.assignments[aid]
    out.mkdir(parents=True, exist_ok=True)
    found = find_submissions(submissions, aid)
    key = grading_key(course, aid, lang, cohort)
    previous = {}
    if resume:
        for student, _ in found:
            record = load_record(out / student, student, aid)
            if record is not None:
                previous[student] = record
    # The reference runs once, before the workers start: the same outputs and the same baseline
    # clock (measured now, with a fresh seed for the timed parts) for every student of the batch.
    reference = prepare_reference(course, aid) if len(previous) < len(found) else None
    records: dict[str, StudentRecord] = {}
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=len(found), desc=aid, unit="student", file=sys.stderr, dynamic_ncols=True)
    with tempfile.TemporaryDirectory(prefix="autograder-staging-") as tmp:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            futures = {pool.submit(grade_one, course, aid, student, source, Path(tmp) / str(i), t, cohort,
                                   previous, key, reference): student
                       for i, (student, source) in enumerate(found)}
            for future in as_completed(futures):
                record, kept = future.result()
                if not kept:
                    write_student(out, record, assignment.title, t, lang)
                records[record.student] = record
                if bar is not None:
                    bar.update(1)
    if bar is not None:
        bar.close()
    ordered = [records[student] for student, _ in found]
    write_cohort(out, ordered, aid, assignment.title, assignment.total_points, t, lang)
    return {r.student: r for r in ordered}
