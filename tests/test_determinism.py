"""Same code, same grade: inputs from the course secret, speed parts on CPU time (issue 14, items 1-2).

The secret lives next to course.yml (or in $AUTOGRADER_SECRET); hidden checks and timed runs take
their seeds and per-run shifts from HMAC(secret, assignment|part|student|run). Timed parts are
clocked in the CPU time the kernel accounts to the child's processes, so a classmate that burns CPU
while being graded moves nobody's verdict. No absolute timing is asserted anywhere.
"""
import csv
import os
import stat

import numpy as np
import pytest

from autograder.grading.batch import run_batch
from autograder.checks import load_checks
from autograder.config.course import load_course
from autograder.grading.reference import prepare_reference
from autograder.grading.secret import SECRET_ENV, course_secret, secret_inputs, secret_path
from autograder.config.paths import COURSE_FILE, SOLUTIONS
from autograder.sandbox.process import cpu_used, session_cpu
from autograder.sandbox.session import ChildSession
from autograder.sandbox.fences import Limits
from tests.data.samples import Sample, build_sample
from tests.conftest import edit

AID = "a1_knn_linear"
SECRET = "0f" * 32

# A submission that burns CPU while it is graded: its module starts four busy processes at import
# (within the sandbox's limits; they end with its child), and its no-loop distances are really the
# one-loop version (right answers, too slow: its own speed part fails however busy the machine is).
HUNGRY = '''import numpy as np
import os as _os
import time as _time


def _burn(seconds=60.0):
    end = _time.time() + seconds
    while _time.time() < end:
        pass


for _ in range(4):
    if _os.fork() == 0:
        try:
            _burn()
        finally:
            _os._exit(0)
'''


@pytest.fixture
def fixed_secret(monkeypatch):
    monkeypatch.setenv(SECRET_ENV, SECRET)


def test_secret_is_made_once_next_to_course_yml_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.delenv(SECRET_ENV, raising=False)
    (tmp_path / "course.yml").write_bytes(COURSE_FILE.read_bytes())
    course = load_course(tmp_path / "course.yml")
    path = secret_path(course)
    assert path == tmp_path / ".autograder-secret" and not path.exists()
    first = course_secret(course)
    assert len(first) == 64 and path.is_file()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert course_secret(course) == first                      # made once, read since
    monkeypatch.setenv(SECRET_ENV, SECRET)
    assert course_secret(course) == SECRET.encode()            # the environment overrides the file
    monkeypatch.delenv(SECRET_ENV)
    path.unlink()                                              # rotating: a new secret, new inputs
    assert course_secret(course) != first
    checks = load_checks(AID)
    assert secret_inputs(first, AID, checks, "kim") != secret_inputs(course_secret(course), AID, checks, "kim")
    path.write_text("ab" * 32 + "\n")                          # replaced by hand, world-readable
    path.chmod(0o644)
    assert course_secret(course) == b"ab" * 32 and stat.S_IMODE(path.stat().st_mode) == 0o600


def test_secret_stays_out_of_git_and_of_the_child():
    assert ".autograder-secret" in (COURSE_FILE.parent / ".gitignore").read_text().split()
    from autograder.sandbox.fences import child_env
    assert SECRET_ENV not in child_env()


def test_inputs_are_a_pure_function_of_secret_part_and_student():
    checks = load_checks(AID)
    secret = SECRET.encode()
    a1, a2 = secret_inputs(secret, AID, checks, "kim"), secret_inputs(secret, AID, checks, "kim")
    b = secret_inputs(secret, AID, checks, "lee")
    assert a1 == a2
    seeds, variations = a1
    hidden_or_timed = {c.part for c in checks if c.hidden or c.timed}
    assert set(seeds) == hidden_or_timed                        # public untimed checks keep their fixed seeds
    assert set(variations) == {c.part for c in checks if c.timed}
    assert all(seeds[p] != b[0][p] for p in seeds)              # another student, other numbers
    assert all(v[0] == 0.0 and len(set(v)) == len(v) for v in variations.values())
    assert a1[1]["speed_no_loops"] != b[1]["speed_no_loops"]
    assert secret_inputs(b"another secret of enough length....", AID, checks, "kim") != a1


def test_hidden_reference_numbers_are_the_students_own(course, fixed_secret):
    """The reference's expected numbers of a hidden part: the same for one student across two
    gradings (fresh reference children), different for another student."""
    with prepare_reference(course, AID) as first, prepare_reference(course, AID) as second:
        kim, kim_again, lee = first.outcomes("kim"), second.outcomes("kim"), first.outcomes("lee")
    for part in ("linear_scores_hidden", "speed_no_loops"):
        assert kim[part].status == "ok" and lee[part].status == "ok"
        assert kim[part].outputs.keys() == kim_again[part].outputs.keys()
        for name, value in kim[part].outputs.items():
            assert np.array_equal(value, kim_again[part].outputs[name]), (part, name)
        name = next(iter(kim[part].outputs))
        assert not np.allclose(kim[part].outputs[name], lee[part].outputs[name]), part
    # the public checks' numbers are the self-check's: the same for everyone
    assert np.array_equal(kim["linear_scores"].outputs["scores"], lee["linear_scores"].outputs["scores"])


def test_cpu_clock_counts_the_childs_processes_not_the_neighbours():
    """A call's CPU time covers the processes the child starts (they cannot hide work there)."""
    with ChildSession(AID, SOLUTIONS / AID, Limits()) as session:
        assert session.call("linear_scores", 7).status == "ok"
        sid = session.child.pid
        members = session_cpu(sid, session.fences.get("uid"))
        assert sid in members and all(s >= 0 for s in members.values())
        # one BLAS thread in the child: every process of its session runs a single thread
        assert all(len(os.listdir(f"/proc/{pid}/task")) == 1 for pid in members)
    assert cpu_used({1: 2.0, 2: 1.0}, {1: 2.5, 3: 0.25}) == pytest.approx(0.75)


def read_grades(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return [(r["student_id"], r["part"], r["score"], r["status"], r["message"]) for r in csv.DictReader(f)]


@pytest.mark.slow
def test_three_gradings_with_a_cpu_hungry_classmate_agree(course, fixed_secret, tmp_path):
    subs = tmp_path / "submitted"
    # graded in id order, two at a time: the hungry one next to the reference
    build_sample(AID, Sample("a-hungry"), subs)
    build_sample(AID, Sample("b-reference"), subs)
    build_sample(AID, Sample("c-no-sqrt", edits=(("k_nearest_neighbor.py", "dists = np.sqrt(np.maximum(sq, 0.0))",
                                                   "dists = np.maximum(sq, 0.0)"),)), subs)
    hungry = subs / "a-hungry" / AID / "k_nearest_neighbor.py"
    edit(hungry, "import numpy as np\n", HUNGRY)
    edit(hungry, "        ### BEGIN SOLUTION\n        test_sq",
         "        return self.compute_distances_one_loop(X)\n        ### BEGIN SOLUTION\n        test_sq")
    runs = []
    for i in range(3):
        out = tmp_path / f"out{i}"
        run_batch(course, AID, subs, out, lang="en", workers=2, progress=False)
        runs.append(read_grades(out / "grades.csv"))
    assert runs[0] == runs[1] == runs[2]
    rows = {(s, p): (float(score), status, msg) for s, p, score, status, msg in runs[0]}
    assert rows[("b-reference", "speed_no_loops")][:2] == (10.0, "passed")
    assert rows[("a-hungry", "speed_no_loops")][:2] == (0.0, "failed")       # right answers, too slow
    assert rows[("a-hungry", "dists_two_loops")][1] == "passed"              # its other parts are graded as usual
    assert rows[("c-no-sqrt", "dists_no_loops")][1] == "failed"
    assert all(rows[("b-reference", p)][1] == "passed" for p in course.assignments[AID].parts)


@pytest.mark.slow
def test_a_batch_gives_each_student_their_own_hidden_numbers(course, fixed_secret, tmp_path):
    """Two students with the same mistake, in one batch: the public part's message is the same for
    both (the self-check's inputs), the hidden part's numbers are each student's own."""
    subs = tmp_path / "submitted"
    no_sqrt = (("k_nearest_neighbor.py", "dists = np.sqrt(np.maximum(sq, 0.0))", "dists = np.maximum(sq, 0.0)"),)
    for student in ("kim", "lee"):
        build_sample(AID, Sample(student, edits=no_sqrt), subs)
    run_batch(course, AID, subs, tmp_path / "out", lang="en", workers=2, progress=False)
    rows = {(s, p): (status, msg) for s, p, _, status, msg in read_grades(tmp_path / "out" / "grades.csv")}
    assert rows[("kim", "dists_no_loops")] == rows[("lee", "dists_no_loops")]
    assert rows[("kim", "dists_no_loops")][0] == "failed"
    assert rows[("kim", "dists_hidden")][0] == rows[("lee", "dists_hidden")][0] == "failed"
    assert rows[("kim", "dists_hidden")][1] != rows[("lee", "dists_hidden")][1]


def test_baselines_are_kept_for_the_machine_and_measured_again_when_missing(tmp_path):
    from autograder.grading.baselines import cached_baselines, save_baselines
    from autograder.model.check import Outcome
    path = tmp_path / "baselines.json"
    assert cached_baselines(path, ["speed"]) is None
    save_baselines(path, {"speed": Outcome("ok", seconds=0.25)})
    assert cached_baselines(path, ["speed"])["speed"].seconds == 0.25
    assert cached_baselines(path, ["speed", "other"]) is None          # a part never measured: measure all
    save_baselines(tmp_path / "failed.json", {"speed": Outcome("crashed", error="boom")})
    assert not (tmp_path / "failed.json").exists()                     # a failure is never kept
    path.write_text("{not json")
    assert cached_baselines(path, ["speed"]) is None


def test_a_second_batch_reuses_the_measured_baselines(course):
    from autograder.grading.reference import ReferenceRun
    with ReferenceRun(course, "a2_svm_softmax") as first:
        measured = {p: o.seconds for p, o in first.baselines.items()}
    with ReferenceRun(course, "a2_svm_softmax") as second:
        assert {p: o.seconds for p, o in second.baselines.items()} == measured
    assert measured and all(s > 0 for s in measured.values())
