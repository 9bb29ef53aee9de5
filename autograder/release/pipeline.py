"""The cohort release: regenerate assignments/, build the zips in memory, run the gate, and only
when every step passes write the zips and manifest.json to OUT.

    status = release(course, "2026-fall", Path("out/release"), t)      # 0: released, 1: gate failed

Assignments whose solutions/<aid>/ does not exist yet are skipped (and said so).
"""
from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

from autograder.checks import load_checks
from autograder.config.course import ASSIGNMENT_IDS, Course
from autograder.config.messages import register
from autograder.config.paths import ASSIGNMENTS, SOLUTIONS
from autograder.release.bundle import BundleError, gradescope_bundle, manifest, student_bundle, write_manifest
from autograder.release.gate import run_gate
from autograder.release.generate import generate_all
from autograder.release.nbgrader_course import write_nbgrader_course
from autograder.release.problem import Problem
from autograder.release.strip import MarkerError
from autograder.student.table import render


def release(course: Course, cohort: str, out: Path, t, *, mutation: bool = True, notebooks: bool = True,
            only: list[str] | None = None, regenerate: bool = True, log=print, lang: str | None = None) -> int:
    start = time.perf_counter()
    cohort = course.cohort(cohort).name
    log(f"release of {course.id} for cohort {cohort} into {out}")
    problems: list[Problem] = []
    try:
        generated = generate_all() if regenerate else {}
    except MarkerError as exc:
        generated = {}
        problems.append(_problem("generate", str(exc)))
    log("  generate   assignments/     " + ", ".join(f"{aid.split('_')[0]}: {len(files)} files"
                                                      for aid, files in generated.items() if files))
    aids = [aid for aid in ready() if only is None or aid in only]
    for aid in ASSIGNMENT_IDS:
        if aid not in aids and (only is None or aid in only):
            why = f"no solutions/{aid}/ yet" if not (SOLUTIONS / aid).is_dir() else f"no autograder/checks/{aid}.py yet"
            log(f"  skip       {aid:<16} {why}")

    bundles = {}
    for aid in aids:
        try:
            bundles[aid] = [student_bundle(course, aid, cohort, lang=lang), gradescope_bundle(course, aid)]
        except (BundleError, MarkerError) as exc:
            problems.append(_problem("bundle", str(exc)))
    report = run_gate(course, aids, t, student_zips={aid: b[0].files for aid, b in bundles.items()},
                      stubs=ASSIGNMENTS, mutation=mutation, notebooks=notebooks, log=log)
    problems += report.problems

    rows = [[aid, r["checks"], r.get("leak", "-"), r["reference"], r["stub"], r["kill_rate"], r["notebook"],
             f"{r['seconds']:.1f}"] for aid, r in report.rows.items()]
    log("")
    log(render(["assignment", "checks", "leak", "reference", "stub", "kill rate", "notebook", "seconds"], rows))
    seconds = time.perf_counter() - start
    if problems or not aids:
        log("\n" + t("release.failed", n=len(problems), seconds=f"{seconds:.0f}", out=out))
        for p in problems[:40]:
            log(f"  {p}")
        if not aids:
            log("  " + t("release.none"))
        return 1

    out.mkdir(parents=True, exist_ok=True)
    staging = out / ".release-tmp"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    written = {}
    for aid in aids:
        for bundle in bundles[aid]:
            bundle.write(staging)
    for path in sorted(staging.iterdir()):
        target = out / path.name
        path.replace(target)
        written[path.name] = target
    staging.rmdir()
    nbgrader = write_nbgrader_course(course, aids, out / "nbgrader")   # for courses that run nbgrader
    log(f"  nbgrader   {nbgrader}/: nbgrader_config.py, source/<aid>/ (run nbgrader there)")
    summary = {aid: {"checks": r["checks"], "kill_rate": _rate(r)} for aid, r in report.rows.items()}
    path = write_manifest(out, manifest(course, cohort, bundles, written, summary))
    log("\n" + t("release.done", n=len(aids), seconds=f"{seconds:.0f}", zips=len(written), manifest=path.name,
                  out=out))
    return 0


def ready() -> list[str]:
    """The assignments a release can hand out: a reference in solutions/ and checks."""
    return [aid for aid in ASSIGNMENT_IDS if (SOLUTIONS / aid).is_dir() and load_checks(aid)]


def _rate(row: dict):
    report = row.get("mutation")
    return None if report is None or report.kill_rate is None else round(report.kill_rate, 4)


def _problem(step: str, message: str) -> Problem:
    m = re.match(r"(.+?):(\d+): (.*)$", message, re.S)
    if m:
        return Problem(step, m.group(1), int(m.group(2)), m.group(3))
    return Problem(step, message.split(":")[0], 0, message)


def demo_release(course: Course, out: Path, lang: str, only: list[str] | None = None) -> int:
    """`make demo`'s first step: release the first cohort into `out`; a failing gate is printed
    (with its problems) and the demo goes on grading the sample cohort."""
    from autograder.config.messages import translator
    status = release(course, course.cohort().name, out, translator(lang), only=only)
    print(flush=True)
    return status


register({
    "release.failed": {"en": "release gate FAILED with {n} problem(s) in {seconds} s; nothing written to {out}:",
                       "ko": "릴리스 검사(release gate) 실패: 문제 {n}개, {seconds}초. {out}에는 아무것도 쓰지 않았습니다:"},
    "release.none": {"en": "no assignment has solutions/ yet", "ko": "solutions/에 아직 과제가 하나도 없습니다"},
    "release.done": {"en": "released {n} assignment(s) in {seconds} s: {zips} zips and {manifest} in {out}",
                     "ko": "과제 {n}개를 {seconds}초 만에 릴리스했습니다: {out}에 zip {zips}개와 {manifest}"},
})
