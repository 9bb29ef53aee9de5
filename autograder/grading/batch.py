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
graded still gets its rows, and a failure of the grader itself on one student (grading, judging
or writing their files) is recorded as `grader_error` for that student, flagged in report.html and
graded again by `--resume`: the batch never stops for a submission, and grades.csv, canvas.csv and
report.html are always written.
"""
from __future__ import annotations

import contextlib
import hashlib
import shutil
import sys
import tempfile
import time
import traceback
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from autograder import __version__
from autograder.checks import check_sources
from autograder.model.check import Result
from autograder.grading.collect import find_submissions, stage
from autograder.config.course import Course
from autograder.grading.reference import ReferenceRun, checks_for, grade_dir, prepare_reference
from autograder.grading.secret import course_secret
from autograder.grading.evidence import late_verdict
from autograder.grading.late import read_extensions, read_submitted_at
from autograder.grading.similarity import cohort_similarity, similarity_rows
from autograder.grading.withheld import Withholding
from autograder.report.csvs import csv_text
from autograder.report.record import write_atomic
from autograder.config.messages import register, translator
from autograder.report import StudentRecord, load_record, write_cohort, write_student

KIT = Path(__file__).resolve().parents[1]   # autograder/


register({
    "batch.grader_error": {"en": "the grader itself failed on this submission ({error}): a fault of the grading "
                                 "kit, not of your code; it is flagged to the course staff, who will regrade it",
                           "ko": "채점기 자체가 이 제출물에서 오류를 냈습니다({error}). 여러분의 코드가 아니라 채점 도구의 "
                                 "결함이며, 조교에게 표시되어 다시 채점됩니다"},
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
    for path in [*check_sources(aid), KIT / "grading" / "reference.py", KIT / "model" / "judge.py"]:
        if path.is_file():
            h.update(path.read_bytes())
    h.update(hashlib.sha256(b"secret|" + course_secret(course)).digest())   # a rotated secret: new inputs
    return h.hexdigest()[:16]


def grade_one(course: Course, aid: str, student: str, source: Path | None, staging: Path, t,
              cohort: str | None, previous: dict[str, StudentRecord] | None,
              key: str = "", reference: ReferenceRun | None = None, *, lang: str | None = None,
              times: dict | None = None, extensions: dict | None = None) -> tuple[StudentRecord, bool]:
    """Collect, grade and judge one student; returns the record and whether it was kept from before.
    Whatever fails in the kit on this submission gives its rows `grader_error`: never the batch's end."""
    start = time.perf_counter()
    try:
        sub = stage(student, source, staging, aid, t)
        # lateness is worked out again every time (a new --submitted-at file or extension counts at once)
        late = {} if sub.folder is None else late_verdict(course, cohort, aid, student, source, sub.folder,
                                                          (times or {}).get(student), extensions or {}).as_dict()
        old = (previous or {}).get(student)
        if (old is not None and (old.digest, old.problem, old.key) == (sub.digest, sub.problem, key)
                and not any(r.status == "grader_error" for r in old.results)):
            old.late = late
            return old, True
        output, withheld, mistakes = "", {}, {}
        if sub.folder is None:
            results = problem_results(course, aid, "missing_file", sub.problem)
        else:
            tw = Withholding(lang or course.language)   # hidden parts' numbers held back (withheld.py)
            results, output = grade_dir(course, aid, sub.folder, tw, reference=reference, student=student)
            withheld, mistakes = tw.withheld(results), tw.mistakes(results)
        record = StudentRecord(student=student, assignment=aid, results=results, late=late,
                               output=output[-OUTPUT_KEEP:], problem=sub.problem, notes=sub.notes,
                               digest=sub.digest, key=key, seconds=time.perf_counter() - start,
                               withheld=withheld, mistakes=mistakes)
        return record, False
    except Exception as exc:  # the kit's own failure on this one submission: recorded, never fatal
        return error_record(course, aid, student, t, exc, key, time.perf_counter() - start), False
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def error_record(course: Course, aid: str, student: str, t, exc: BaseException, key: str = "",
                 seconds: float = 0.0) -> StudentRecord:
    """Every part `grader_error`, with the reason (for the staff; the student is told it is not
    their fault). No digest: `--resume` grades this student again."""
    traceback.print_exception(exc, file=sys.stderr)
    error = f"{type(exc).__name__}: {exc}"[:300]
    return StudentRecord(student=student, assignment=aid, key=key, seconds=seconds,
                         results=problem_results(course, aid, "grader_error", t("batch.grader_error", error=error)))


def write_outputs(out: Path, record: StudentRecord, course: Course, title: str, t, lang: str,
                  reveal: bool = False) -> StudentRecord:
    """Write one student's files; when that fails, the student's rows say so (`grader_error`) and the
    files are written again from those rows. Returns the record that counts."""
    try:
        write_student(out, record, title, t, lang, reveal)
        return record
    except Exception as exc:
        failed = error_record(course, record.assignment, record.student, t, exc, record.key, record.seconds)
    try:
        write_student(out, failed, title, t, lang, reveal)
    except Exception as exc:   # OUT/<student_id>/ itself cannot be written: grades.csv still has the rows
        traceback.print_exception(exc, file=sys.stderr)
    return failed


def run_batch(course: Course, aid: str, submissions: Path, out: Path, *, lang: str | None = None,
              workers: int = 1, resume: bool = False, cohort: str | None = None,
              progress: bool = True, reveal: bool = False, submitted_at: Path | None = None,
              corpus: Path | None = None) -> dict[str, StudentRecord]:
    """Grade every student in `submissions` into `out`; returns {student_id: record}, sorted by id.
    `reveal`: hidden parts' numbers in feedback.html and results.json; `submitted_at`: the CSV of
    trusted submission times; `corpus`: known solutions for OUT/similarity.csv (similarity.py)."""
    lang = lang or course.language
    t = translator(lang)
    assignment = course.assignments[aid]
    out.mkdir(parents=True, exist_ok=True)
    found = find_submissions(submissions, aid)
    key = grading_key(course, aid, lang, cohort)
    times = read_submitted_at(submitted_at) if submitted_at else {}   # a bad file: one line, before grading
    extensions = read_extensions(course, course.cohort(cohort))
    previous = {}
    if resume:
        for student, _ in found:
            record = load_record(out / student, student, aid)
            if record is not None:
                previous[student] = record
    # The reference is prepared once, before the workers start: the public outputs (cached) and the
    # baselines' CPU time (measured now) for every student of the batch; hidden and timed parts run
    # on each student's own inputs in one reference child per worker (closed when the batch ends).
    reference = prepare_reference(course, aid) if len(previous) < len(found) else None
    records: dict[str, StudentRecord] = {}
    bar = None
    if progress:
        from tqdm import tqdm
        bar = tqdm(total=len(found), desc=aid, unit="student", file=sys.stderr, dynamic_ncols=True)
    with tempfile.TemporaryDirectory(prefix="autograder-staging-") as tmp, reference or contextlib.nullcontext():
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            futures = {pool.submit(grade_one, course, aid, student, source, Path(tmp) / str(i), t, cohort,
                                   previous, key, reference, lang=lang, times=times,
                                   extensions=extensions): student
                       for i, (student, source) in enumerate(found)}
            for future in as_completed(futures):
                student = futures[future]
                try:
                    record, _kept = future.result()
                except Exception as exc:   # grade_one records its own failures; this is the last fence
                    record = error_record(course, aid, student, t, exc, key)
                # a kept record's pages are written again too: --reveal or a new submission time changes them
                record = write_outputs(out, record, course, assignment.title_in(lang), t, lang, reveal)
                records[student] = record
                if bar is not None:
                    bar.update(1)
    if bar is not None:
        bar.close()
    ordered = [records[student] for student, _ in found]
    pairs = cohort_similarity(aid, found, corpus)   # a flag for the staff, never a change of any score
    write_atomic(out / "similarity.csv", csv_text(similarity_rows(pairs)))
    write_cohort(out, ordered, aid, assignment.title_in(lang), assignment.total_points, t, lang, similarity=pairs)
    return {r.student: r for r in ordered}
