"""Grading speed: the kit against real `nbgrader autograde`, on the same cohort, in one run.

    python -m bench grading          (BENCH_STUDENTS=N to change the cohort size, default 12)

The cohort is generated from the assignment's sample students (reference, stub and typical
mistakes, cycled to N students). Both graders run the same checks on the same inputs:

- the kit: `grade` with 2 workers (sandbox on: each submission in its own limited child);
- nbgrader: a notebook with one autograded test cell per check, each calling the check's `call`
  in the kernel and judging it with the check's `judge` against the same reference outputs;
  `nbgrader autograde` runs every submitted notebook in a fresh kernel, one after another.

Two ratios are printed: end-to-end throughput (nbgrader's seconds / the kit's, goal >= 15, with
every fence on) and the per-submission overhead beyond the checks' own work, on a near-empty check
set (the assignment's cheapest check alone), sequentially on both sides (goal: nbgrader's >= 20x
the kit's).
a2_svm_softmax is used when its checks and samples exist, a1_knn_linear otherwise.
"""
from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from autograder.config.paths import ROOT

ENV_STUDENTS = "BENCH_STUDENTS"


# ----------------------------------------------------------------- inside nbgrader's kernel

def notebook_check(aid: str, part: str, ref_dir: str) -> None:
    """One nbgrader test cell: the check's call on the submission in the kernel's folder, judged
    against the reference outputs in ref_dir; AssertionError when the part does not pass."""
    from autograder.model.check import CallContext, JudgeContext, default_variations, run_key
    from autograder.checks import load_checks
    from autograder.config.course import load_course
    from autograder.config.messages import translator

    check = {c.part: c for c in load_checks(aid)}[part]
    course = load_course()
    code_dir = Path.cwd()
    if str(code_dir) not in sys.path:
        sys.path.insert(0, str(code_dir))
    times, got = [], {}
    for k in range(check.repeat if check.timed else 1):   # timed parts: the runs vary their inputs, as in the kit (run 0 judged, later runs clocked)
        ctx = CallContext(load=importlib.import_module, seed=check.seed, dir=str(code_dir), repeat=k,
                          vary=default_variations(check.repeat)[k])
        start = time.process_time()     # CPU time, as the kit clocks its child (one BLAS thread)
        out = check.call(ctx)
        times.append(time.process_time() - start)
        got.update({run_key(name, k): (v.detach().cpu().numpy() if hasattr(v, "detach") else np.asarray(v))
                    for name, v in out.items()})
    ref = Path(ref_dir)
    with np.load(ref / f"{part}.npz", allow_pickle=False) as data:
        expected = {k: data[k] for k in data.files}
    baseline = json.loads((ref / "baselines.json").read_text()).get(part, 0.0)
    jctx = JudgeContext(t=translator("en"), part=course.assignments[aid].parts[part],
                        student_seconds=min(times[1:] or times), baseline_seconds=baseline,
                        check=check, seed=check.seed, aid=aid)   # as the kit's parent judges it
    verdict = check.judge(got, expected, jctx)
    assert verdict.passed, verdict.message


# ----------------------------------------------------------------- setting up both graders

def pick_assignment() -> str:
    from autograder.checks import load_checks
    from tests.data.samples import load_samples
    return "a2_svm_softmax" if load_checks("a2_svm_softmax") and load_samples("a2_svm_softmax") else "a1_knn_linear"


def build_cohort(aid: str, dest: Path, n: int) -> list[str]:
    """n students cycled from the sample students (a mix of right and wrong), ids s00, s01, ..."""
    from tests.data.samples import build_sample, load_samples
    samples = load_samples(aid)
    protos = dest.parent / "protos"
    for sample in samples:
        build_sample(aid, sample, protos)
    students = []
    for i in range(n):
        sample = samples[i % len(samples)]
        student = f"s{i:02d}"
        shutil.copytree(protos / sample.student / aid, dest / student / aid,
                        ignore=shutil.ignore_patterns("*.ipynb", "__pycache__", "test_public.py"))
        students.append(student)
    shutil.rmtree(protos)
    return students


def reference_dir(aid: str, dest: Path) -> Path:
    """The reference's outputs at each check's own seed, and its baseline's CPU times, for the notebook."""
    from autograder.grading.reference import checks_for, limits_for, part_limits
    from autograder.config.course import load_course
    from autograder.config.paths import SOLUTIONS
    from autograder.sandbox.runner import run_checks
    course = load_course()
    checks = checks_for(aid, hidden=True)
    outcomes, _ = run_checks(aid, SOLUTIONS / aid, checks, limits_for(course.assignments[aid]), baseline=True,
                             part_limits=part_limits(course.assignments[aid]))
    dest.mkdir(parents=True)
    for part, outcome in outcomes.items():
        np.savez(dest / f"{part}.npz", **outcome.outputs)
    (dest / "baselines.json").write_text(json.dumps({p: o.baseline_seconds for p, o in outcomes.items()}))
    return dest


def cheapest_check(aid: str) -> str:
    """The untimed check whose call costs least on the reference (the near-empty check set)."""
    from autograder.model.check import CallContext
    from autograder.grading.reference import checks_for
    from autograder.config.paths import SOLUTIONS
    code = str(SOLUTIONS / aid)
    sys.path.insert(0, code)
    try:
        ctx = lambda seed: CallContext(load=importlib.import_module, seed=seed, dir=code)  # noqa: E731
        costs = {}
        for check in checks_for(aid, hidden=True):
            if check.timed:
                continue
            check.call(ctx(check.seed))
            start = time.perf_counter()
            check.call(ctx(check.seed))
            costs[check.part] = time.perf_counter() - start
    finally:
        sys.path.remove(code)
    return min(costs, key=costs.get)


def own_work(aid: str, part: str) -> float:
    """Seconds the check's call itself takes on the reference, in process (best of 5)."""
    from autograder.model.check import CallContext
    from autograder.checks import load_checks
    from autograder.config.paths import SOLUTIONS
    check = {c.part: c for c in load_checks(aid)}[part]
    code = str(SOLUTIONS / aid)
    sys.path.insert(0, code)
    try:
        ctx = CallContext(load=importlib.import_module, seed=check.seed, dir=code)
        times = []
        for _ in range(5):
            start = time.perf_counter()
            check.call(ctx)
            times.append(time.perf_counter() - start)
    finally:
        sys.path.remove(code)
    return min(times)


def notebook(aid: str, parts: list[str], ref: Path):
    import nbformat
    from autograder.config.course import load_course
    points = load_course().assignments[aid].parts
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    intro = nbformat.v4.new_markdown_cell(f"# {aid}: the kit's checks as nbgrader test cells")
    intro.metadata["nbgrader"] = {"grade": False, "grade_id": "intro", "locked": True, "schema_version": 3,
                                  "solution": False, "task": False}
    nb.cells.append(intro)
    for part in parts:
        cell = nbformat.v4.new_code_cell(f"from bench.grading import notebook_check\n"
                                         f"notebook_check({aid!r}, {part!r}, {str(ref)!r})")
        cell.metadata["nbgrader"] = {"grade": True, "grade_id": part, "locked": True, "points": points[part].points,
                                     "schema_version": 3, "solution": False, "task": False}
        nb.cells.append(cell)
    return nb


def tool_env() -> dict:
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env[var] = "1"          # as the kit's child has it
    return env


def nbgrader(root: Path, *args: str, timeout: float = 1800) -> float:
    """Run one nbgrader command in the course folder; its wall seconds."""
    exe = Path(sys.executable).with_name("nbgrader")
    cmd = ([str(exe)] if exe.is_file() else [sys.executable, "-m", "nbgrader"]) + list(args)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=root, env=tool_env(), capture_output=True, text=True, timeout=timeout)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{(proc.stdout + proc.stderr)[-3000:]}")
    return seconds


def nbgrader_course(work: Path, name: str, aid: str, parts: list[str], ref: Path, submissions: Path,
                    students: list[str]) -> Path:
    """An nbgrader course whose one assignment holds the checks as test cells, with the cohort submitted."""
    import nbformat
    root = work / name
    (root / "source" / aid).mkdir(parents=True)
    (root / "nbgrader_config.py").write_text(
        "c = get_config()\nc.CourseDirectory.root = %r\nc.ExecutePreprocessor.timeout = 600\n" % str(root))
    nbformat.write(notebook(aid, parts, ref), root / "source" / aid / "checks.ipynb")
    nbgrader(root, "generate_assignment", aid, "--force", "--create", "--log-level=ERROR")
    released = root / "release" / aid / "checks.ipynb"
    for student in students:
        dest = root / "submitted" / student / aid
        shutil.copytree(submissions / student / aid, dest)
        shutil.copy(released, dest / "checks.ipynb")
        (dest / "timestamp.txt").write_text("2026-09-01 10:00:00.000000 UTC\n")
    return root


def nbgrader_autograde(root: Path, aid: str) -> float:
    return nbgrader(root, "autograde", aid, "--force", "--create", "--log-level=ERROR")


def nbgrader_passes(root: Path, aid: str, student: str) -> int:
    """How many test cells passed in a student's autograded notebook (to check both agree)."""
    nb = json.loads((root / "autograded" / student / aid / "checks.ipynb").read_text())
    return sum(1 for c in nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade")
               and not any(o.get("output_type") == "error" for o in c.get("outputs", [])))


class only_parts:
    """Grade only `parts` (the near-empty check set): narrows the kit's check list for a while."""

    def __init__(self, parts: set[str]):
        self.parts = parts

    def __enter__(self):
        import autograder.grading.batch as batch
        import autograder.grading.reference as grading
        self.saved = grading.checks_for, batch.checks_for
        original = grading.checks_for
        narrowed = lambda aid, hidden: [c for c in original(aid, hidden) if c.part in self.parts]  # noqa: E731
        grading.checks_for = batch.checks_for = narrowed

    def __exit__(self, *exc):
        import autograder.grading.batch as batch
        import autograder.grading.reference as grading
        grading.checks_for, batch.checks_for = self.saved


def kit_grade(aid: str, submissions: Path, out: Path, workers: int) -> tuple[float, dict]:
    from autograder.grading.batch import run_batch
    from autograder.config.course import load_course
    course = load_course()
    start = time.perf_counter()
    records = run_batch(course, aid, submissions, out, lang="en", workers=workers, progress=False)
    return time.perf_counter() - start, records


def main() -> None:
    from autograder.grading.reference import checks_for
    n = int(os.environ.get(ENV_STUDENTS, "12"))
    aid = pick_assignment()
    with tempfile.TemporaryDirectory(prefix="bench-grading-") as tmp:
        work = Path(tmp)
        submissions = work / "submitted"
        students = build_cohort(aid, submissions, n)
        ref = reference_dir(aid, work / "reference")
        parts = [c.part for c in checks_for(aid, hidden=True)]
        print(f"{aid}: {n} generated submissions (sample students cycled), {len(parts)} checks, "
              f"{os.cpu_count()} CPUs", flush=True)

        # warm both sides once (reference cache, fork server; nbgrader's database and kernel spec)
        kit_grade(aid, submissions, work / "warm", workers=2)

        kit_s, records = kit_grade(aid, submissions, work / "kit", workers=2)
        full = nbgrader_course(work, "nb_full", aid, parts, ref, submissions, students)
        nb_s = nbgrader_autograde(full, aid)
        agree = sum(sum(r.status == "passed" for r in records[s].results) == nbgrader_passes(full, aid, s)
                    for s in students)
        print(f"  end to end: kit (2 workers) {kit_s:.1f} s = {n / kit_s:.2f} submissions/s; "
              f"nbgrader autograde {nb_s:.1f} s = {n / nb_s:.2f} submissions/s")
        print(f"  passed parts agree on {agree}/{n} students")
        throughput = nb_s / kit_s

        tiny = cheapest_check(aid)
        work_s = own_work(aid, tiny)
        with only_parts({tiny}):
            kit_grade(aid, submissions, work / "warm_tiny", workers=1)
            kit_tiny_s, _ = kit_grade(aid, submissions, work / "kit_tiny", workers=1)
        tiny_nb = nbgrader_course(work, "nb_tiny", aid, [tiny], ref, submissions, students)
        nb_tiny_s = nbgrader_autograde(tiny_nb, aid)
        kit_over = max(kit_tiny_s / n - work_s, 1e-6)
        nb_over = max(nb_tiny_s / n - work_s, 1e-6)
        print(f"  near-empty check set ({tiny}, its own work {work_s * 1e3:.2f} ms), one at a time: "
              f"kit {kit_over * 1e3:.0f} ms per submission, nbgrader {nb_over * 1e3:.0f} ms per submission")
        overhead = nb_over / kit_over
    print(f"throughput ratio (nbgrader s / kit s, kit with 2 workers): {throughput:.1f}x   (goal >= 15x)")
    print(f"per-submission overhead ratio (nbgrader / kit, near-empty checks): {overhead:.1f}x   (goal >= 20x)")


if __name__ == "__main__":
    main()
