"""What issue #16's instructor features cost (`make bench`, or `python -m bench instructor`):

1. Per-student hidden inputs: the reference's outcomes on each student's own inputs (hidden checks
   and timed runs, in the batch's long-lived reference child), per student, against the time one
   student's whole grading takes (from a small batch of the sample cohort), as a share.
2. The similarity step of `grade` (grading/similarity.py) over BENCH_SIMILARITY_STUDENTS (default 500)
   generated a2 submissions (three files each; the students' own SVM code in many styles and names),
   with a corpus of 20 known solutions: seconds for the whole step (goal: well under a minute).
"""
from __future__ import annotations

import os
import random
import re
import shutil
import tempfile
import time
from pathlib import Path

ENV_STUDENTS = "BENCH_SIMILARITY_STUDENTS"


def per_student_reference(aid: str = "a2_svm_softmax", n: int = 12) -> None:
    from autograder.config.course import load_course
    from autograder.grading.batch import run_batch
    from autograder.grading.reference import prepare_reference
    from tests.data.samples import build_cohort

    course = load_course()
    with prepare_reference(course, aid) as reference:
        reference.outcomes("warm-up")
        start = time.perf_counter()
        for i in range(n):
            reference.outcomes(f"student-{i:03d}")
        per_student = (time.perf_counter() - start) / n
        parts = sum(reference.per_student(c) for c in reference.checks)
    with tempfile.TemporaryDirectory(prefix="bench-instructor-") as tmp:
        samples = build_cohort(aid, Path(tmp) / "submitted")
        run_batch(course, aid, Path(tmp) / "submitted", Path(tmp) / "warm", lang="en", progress=False)
        start = time.perf_counter()
        run_batch(course, aid, Path(tmp) / "submitted", Path(tmp) / "out", lang="en", progress=False)
        per_grade = (time.perf_counter() - start) / len(samples)
    print(f"{aid}: reference on each student's own inputs ({parts} per-student parts): "
          f"{per_student * 1e3:.0f} ms per student = {per_student / per_grade:.0%} of grading one student "
          f"({per_grade:.2f} s, 1 worker, {len(samples)} sample students); 300 students: "
          f"+{300 * per_student:.0f} s")


def generated_cohort(root: Path, n: int) -> list[tuple[str, Path]]:
    """n a2 submissions: each student's own mix of the honest bodies, with names of their own."""
    from autograder.config.paths import ASSIGNMENTS
    from tests.data.similarity_cohort import AID, FILE, HONEST, with_bodies

    rng = random.Random(16)
    names = ["scores", "margin", "correct", "loss", "mask", "margins", "num", "count", "out", "gap", "viol"]
    sources = []
    for i in range(n):
        naive, vectorized = HONEST[rng.randrange(len(HONEST))][0], HONEST[rng.randrange(len(HONEST))][1]
        code = with_bodies(naive, vectorized)
        for name in rng.sample(names, 4):
            code = re.sub(rf"\b{name}\b", f"{name}_{i}", code)
        folder = root / f"s{i:04d}" / AID
        folder.mkdir(parents=True)
        for other in ("softmax.py", "linear_classifier.py"):
            shutil.copy(ASSIGNMENTS / AID / other, folder / other)
        (folder / FILE).write_text(code, encoding="utf-8")
        sources.append((f"s{i:04d}", folder))
    return sources


def similarity_step(n: int) -> None:
    from autograder.grading.similarity import cohort_similarity
    from tests.data.similarity_cohort import AID, FILE, GITHUB, disguise, with_bodies

    with tempfile.TemporaryDirectory(prefix="bench-similarity-") as tmp:
        root = Path(tmp)
        sources = generated_cohort(root / "submitted", n)
        copy = root / "submitted" / "copier" / AID
        shutil.copytree(sources[0][1], copy)
        (copy / FILE).write_text(disguise(with_bodies(*GITHUB)), encoding="utf-8")
        sources.append(("copier", copy))
        for k in range(20):
            entry = root / "corpus" / f"repo{k:02d}" / AID
            entry.mkdir(parents=True)
            (entry / FILE).write_text(with_bodies(*GITHUB) + f"\n# repo {k}\n", encoding="utf-8")
        start = time.perf_counter()
        pairs = cohort_similarity(AID, sources, root / "corpus")
        seconds = time.perf_counter() - start
    copier = next(p for p in pairs if "copier" in (p.a, p.b))
    print(f"similarity: {len(sources)} submissions x 3 files + 20 corpus solutions: {seconds:.1f} s "
          f"({len(sources) * (len(sources) - 1) // 2 + 20 * len(sources)} pairs; goal: well under 60 s); "
          f"the disguised copy of a corpus solution: {copier.a} / {copier.b} ({copier.score:.2f})")


def main() -> None:
    per_student_reference()
    similarity_step(int(os.environ.get(ENV_STUDENTS, "500")))


if __name__ == "__main__":
    main()
