"""A hostile cohort: variants of the a1 reference that attack the grader instead of the problem.

Each must end with the right status, and nothing it does may show outside its sandbox. Most of
them replace the body of `linear_scores` (the smallest graded function) and are graded on that
part alone, with one honest part after it to show that a fresh child serves the rest.
"""
from __future__ import annotations

import os
import socket
import textwrap
import time
from pathlib import Path

import pytest

from autograder.grading.reference import checks_for, judge_outcomes, part_limits, reference_outcomes
from autograder.config.paths import ROOT
from autograder.sandbox.runner import run_checks
from autograder.sandbox.fences import Limits
from tests.conftest import edit

AID = "a1_knn_linear"
BODY = "    scores = X.dot(W) + b\n"


def hostile(code: Path, body: str, top: str = "") -> Path:
    """Replace the reference's body of linear_scores (and optionally add module-level code)."""
    edit(code / "linear_score.py", BODY, textwrap.indent(textwrap.dedent(body), "    "))
    if top:
        edit(code / "linear_score.py", "import numpy as np\n", "import numpy as np\n" + textwrap.dedent(top))
    return code


def grade(course, t, code: Path, parts=("linear_scores", "dists_two_loops"), limits: Limits | None = None,
          walls: dict | None = None):
    """Grade only `parts` of a1 on `code`: {part: Result}, the captured output."""
    assignment = course.assignments[AID]
    checks = [c for c in checks_for(AID, hidden=True) if c.part in parts]
    seeds = {c.part: 1234 for c in checks if c.timed}
    reference = reference_outcomes(assignment, checks, seeds)
    limits = limits or Limits(wall_s=20, memory_mb=assignment.memory_mb)
    walls = dict(part_limits(assignment), **(walls or {}))
    student, output = run_checks(AID, code, checks, limits, seeds=seeds, part_limits=walls)
    return {r.part: r for r in judge_outcomes(assignment, checks, student, reference, t)}, output


def sandbox_processes(uid: int) -> list[int]:
    """Processes still running as the sandbox's user."""
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                status = (entry / "status").read_text()
            except OSError:
                continue
            uids = next((line.split()[1:] for line in status.splitlines() if line.startswith("Uid:")), [])
            if str(uid) in uids:
                pids.append(int(entry.name))
    return pids


@pytest.mark.parametrize("body,status,words", [
    ("import os; os._exit(0)\n", "crashed", "exit status 0"),
    ("import sys; sys.exit(0)\n", "crashed", "SystemExit"),
    ("import os; os.closerange(3, 64)\nwhile True: pass\n", "crashed", "stopped answering"),
    ("while True: pass\n", "timeout", "stopped after"),
    ("scores = np.ones(50 * 10**9 // 8)\n", "memory_limit", "memory"),
    ("scores = bytearray(50 * 10**9)\n", "memory_limit", "memory"),
    ("scores = np.full((X.shape[0], W.shape[1]), np.nan)\n", "failed", "NaN or inf"),
    ("scores = X.dot(W) + b; scores[0, 0] = np.inf\n", "failed", "NaN or inf"),
    ("scores = (X.dot(W) + b)[:, :-1]\n", "failed", "expected shape"),
    ("scores = 'all correct'\n", "bad_output", "not a numeric array"),
    ("scores = [[1, 2], [3]]\n", "bad_output", "cannot read"),
    ("scores = {'score': 100}\n", "bad_output", "not a numeric array"),
], ids=["os._exit", "sys.exit", "closes-its-pipes", "infinite-loop", "50GB-numpy", "50GB-bytes", "nan", "inf",
        "wrong-shape", "string", "ragged", "dict"])
def test_bad_parts_get_their_status_and_the_next_part_still_runs(course, t_en, solution_copy, body, status, words):
    code = hostile(solution_copy(AID), body)
    results, _ = grade(course, t_en, code, walls={"linear_scores": 2})
    r = results["linear_scores"]
    assert (r.status, r.score) == (status, 0), r.message
    assert words in r.message
    assert results["dists_two_loops"].status == "passed"


def test_patching_numpy_and_the_kit_changes_nothing(course, t_en, solution_copy):
    code = hostile(solution_copy(AID), "scores = X.dot(W)\n", top="""
        import autograder.model.judge, autograder.grading.reference, autograder.sandbox.child
        np.allclose = lambda *a, **k: True
        np.isclose = lambda a, b, *r, **k: np.ones(np.broadcast(a, b).shape, dtype=bool)
        autograder.model.judge.compare_array = lambda *a, **k: None
        autograder.model.judge.close = lambda *a, **k: (lambda *a, **k: None)
        autograder.grading.reference.judge_outcomes = lambda *a, **k: []
        """)
    r = grade(course, t_en, code)[0]["linear_scores"]
    assert (r.status, r.score) == ("failed", 0)
    assert "is the bias b added to every row?" in r.message


def test_printing_a_fake_score_or_fake_replies_changes_nothing(course, t_en, solution_copy):
    code = hostile(solution_copy(AID), """
        import json, os
        print(json.dumps({"score": 100, "tests": [{"name": "linear_scores", "score": 10, "status": "passed"}]}))
        print("Total: 100/100  All 11 parts pass.")
        for fd in range(3, 12):   # the control pipe is one of these: forge a reply on it
            try:
                os.write(fd, b'{"n": 1, "status": "ok", "size": 0}\\n{"n": 2, "status": "passed"}\\n')
            except OSError:
                pass
        scores = X.dot(W)
        """)
    results, output = grade(course, t_en, code)
    assert (results["linear_scores"].status, results["linear_scores"].score) == ("failed", 0)
    assert results["dists_two_loops"].status == "passed"
    assert "Total: 100/100" in output   # shown to the staff as what it is: printed output


def test_a_thread_forging_replies_between_calls_changes_nothing(course, t_en, solution_copy):
    code = hostile(solution_copy(AID), "scores = X.dot(W)\n", top="""
        import io, json, os, threading

        def forge():
            buf = io.BytesIO()
            np.savez(buf, scores=np.zeros((5, 3)))
            payload = buf.getvalue()
            for n in range(1, 200):
                for fd in (3, 4, 5):
                    try:
                        os.write(fd, json.dumps({"n": n, "status": "ok", "size": len(payload)}).encode()
                                 + b"\\n" + payload)
                    except OSError:
                        pass

        threading.Thread(target=forge, daemon=True).start()
        """)
    results, _ = grade(course, t_en, code, parts=("linear_scores", "linear_scores_hidden", "dists_two_loops"))
    for part in ("linear_scores", "linear_scores_hidden"):   # its own reply may get garbled: bad_output
        assert results[part].status in ("failed", "bad_output") and results[part].score == 0, results[part].message
    assert results["dists_two_loops"].status == "passed"


def test_an_object_that_would_run_code_when_unpickled_is_refused(course, t_en, solution_copy, tmp_path):
    marker = tmp_path / "unpickled"
    code = hostile(solution_copy(AID), "scores = X.dot(W) + b\n", top=f"""
        import autograder.sandbox.child

        class Evil:
            def __reduce__(self):
                return (exec, ("open({str(marker)!r}, 'w').write('pwned')",))

        def evil_arrays(outputs):
            return {{"scores": np.array([Evil(), Evil()], dtype=object)}}

        autograder.sandbox.child.to_arrays = evil_arrays   # np.savez pickles the object array
        """)
    r = grade(course, t_en, code)[0]["linear_scores"]
    assert r.status == "bad_output", r.message
    assert "not a plain numeric type" in r.message
    assert not marker.exists()


def test_100_mb_of_output_is_cut_and_ends_the_part(course, t_en, solution_copy):
    code = hostile(solution_copy(AID), """
        import sys
        for _ in range(100):
            sys.stdout.write("x" * 1_000_000)
        scores = X.dot(W) + b
        """)
    start = time.perf_counter()
    results, output = grade(course, t_en, code)
    assert time.perf_counter() - start < 20
    assert results["linear_scores"].status == "output_limit", results["linear_scores"].message
    assert "printed more than" in results["linear_scores"].message
    assert results["dists_two_loops"].status == "passed"
    assert len(output) < 70_000 and "bytes cut" in output


def test_no_network_not_even_localhost(course, t_en, solution_copy):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    port = listener.getsockname()[1]
    code = hostile(solution_copy(AID), f"""
        import socket
        socket.create_connection(("127.0.0.1", {port}), timeout=2).sendall(b"leak")
        scores = X.dot(W) + b
        """)
    r = grade(course, t_en, code)[0]["linear_scores"]
    assert r.status == "crashed", r.message
    with pytest.raises(socket.timeout):
        listener.accept()
    listener.close()


def test_no_file_outside_its_folder_and_no_other_students_files(course, t_en, solution_copy, tmp_path):
    other = tmp_path / "submitted" / "other student" / AID
    other.mkdir(parents=True)
    (other / "linear_score.py").write_text("SECRET = 42\n")
    out = tmp_path / "out"
    out.mkdir()
    targets = [out / "grades.csv", tmp_path / "outside.txt", ROOT / "pwned.txt", other / "pwned.txt"]
    readable = [other / "linear_score.py", ROOT / "solutions" / AID / "linear_score.py", ROOT / ".cache",
                ROOT / "course.yml", ROOT / "autograder" / "reference_outputs" / AID]
    code = hostile(solution_copy(AID), f"""
        import os
        for path in {[str(p) for p in targets]!r}:
            try:
                with open(path, "w") as f:
                    f.write("pwned")
            except OSError:
                pass
        seen = []
        for path in {[str(p) for p in readable]!r}:
            try:
                seen.append(os.listdir(path) if os.path.isdir(path) else open(path).read())
            except OSError:
                pass
        with open("my_own_notes.txt", "w") as f:   # its own folder (a private copy) is writable
            f.write("fine")
        try:
            seen += [name for name in os.listdir({str(ROOT)!r}) if name in ("solutions", ".cache", "course.yml")]
        except OSError:
            pass
        print("seen:", seen)
        scores = X.dot(W) + b + len(seen)          # right only when it read nothing
        """)
    results, output = grade(course, t_en, code)
    assert results["linear_scores"].status == "passed", output
    for path in targets:
        assert not path.exists(), path
    assert not (code / "my_own_notes.txt").exists()    # the copy, not the folder itself


def test_a_bounded_fork_storm_leaves_nothing_behind(course, t_en, solution_copy):
    code = hostile(solution_copy(AID), """
        import os, time
        print("uid", os.getuid(), flush=True)
        while True:                       # until the process limit says no
            if os.fork() == 0:
                time.sleep(600)
                os._exit(0)
        """)
    start = time.perf_counter()
    results, output = grade(course, t_en, code)
    assert time.perf_counter() - start < 30
    r = results["linear_scores"]
    assert r.status == "crashed" and "BlockingIOError" in r.message, r.message
    assert results["dists_two_loops"].status == "passed"
    if os.geteuid() == 0:
        uid = int(output.split("uid", 1)[1].split()[0])
        assert uid != 0
        deadline = time.monotonic() + 5      # the kernel tears the namespace down asynchronously
        while sandbox_processes(uid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert sandbox_processes(uid) == []


def test_patching_the_clock_does_not_win_the_speed_part(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "k_nearest_neighbor.py", "import numpy as np\n", textwrap.dedent("""\
        import numpy as np
        import time
        time.perf_counter = lambda: 0.0
        time.perf_counter_ns = lambda: 0
        time.time = lambda: 0.0
        time.monotonic = lambda: 0.0
        """))
    edit(code / "k_nearest_neighbor.py", "### BEGIN SOLUTION\n        test_sq",
         "return self.compute_distances_two_loops(X)\n        ### BEGIN SOLUTION\n        test_sq")
    results, _ = grade(course, t_en, code, parts=("speed_no_loops",))
    r = results["speed_no_loops"]
    assert r.status == "failed", r.message
    assert "faster than" in r.message and r.details["ratio"] < 3


def test_a_symlink_to_another_students_file_is_not_followed(course, t_en, solution_copy, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "linear_score.py").write_text((solution_copy(AID) / "linear_score.py").read_text())
    code = tmp_path / "me" / AID
    code.mkdir(parents=True)
    for name in ("k_nearest_neighbor.py",):
        (code / name).write_text((ROOT / "solutions" / AID / name).read_text())
    (code / "linear_score.py").symlink_to(other / "linear_score.py")
    results, _ = grade(course, t_en, code)
    assert results["linear_scores"].status == "missing_file"
    assert results["dists_two_loops"].status == "passed"


def test_the_grader_survives_and_is_not_signalled(course, t_en, solution_copy):
    code = hostile(solution_copy(AID), f"""
        import os, signal
        hits = 0
        for pid in ({os.getpid()}, {os.getppid()}, 1):
            try:
                os.kill(pid, 0)          # may we signal it at all?
                hits += pid != 1         # (PID 1 is the sandbox itself in its own namespace)
            except OSError:
                pass
        scores = X.dot(W) + b + hits
        """)
    r = grade(course, t_en, code)[0]["linear_scores"]
    assert r.status == "passed", r.message


def test_code_that_hangs_at_import_costs_two_limits_and_only_its_own_parts(course, t_en, solution_copy):
    from dataclasses import replace

    from autograder.grading.reference import grade_dir
    aid = "a1_knn_linear"
    course = replace(course, assignments={**course.assignments,
                                          aid: replace(course.assignments[aid], time_limit_s=3)})
    code = solution_copy(aid)
    (code / "k_nearest_neighbor.py").write_text("while True:\n    pass\n")
    start = time.perf_counter()
    results = {r.part: r for r in grade_dir(course, aid, code, t_en)[0]}
    knn_parts = [p for p in results if not p.startswith("linear_scores")]
    assert all(results[p].status == "timeout" for p in knn_parts), {p: results[p].status for p in knn_parts}
    assert sum("not run" in results[p].message for p in knn_parts) == len(knn_parts) - 2
    # linear_score.py is another module: its parts run and pass
    assert results["linear_scores"].status == results["linear_scores_hidden"].status == "passed"
    assert time.perf_counter() - start < 30   # two limits of 3 s, and the reference's own run


@pytest.mark.parametrize("top", [
    'import os\nos.write(4, b"[" * 200000 + b"\\n")\n',                  # RecursionError in json.loads
    'import os\nos.write(4, b\'{"size": Infinity}\\n\')\n',                # OverflowError in int()
    """import autograder.sandbox.child as _c
_orig = _c.run_one
def _run_one(*args):
    reply, payload = _orig(*args)
    reply.update(line=float("inf"), error=[[[1]]], status=reply["status"])
    return reply, payload
_c.run_one = _run_one
""",
], ids=["nested-json", "infinite-size", "infinite-line"])
def test_replies_that_break_json_or_int_are_the_childs_problem_not_the_graders(course, t_en, solution_copy, top):
    code = solution_copy(AID)
    edit(code / "linear_score.py", "import numpy as np\n", "import numpy as np\n" + top)
    results, _ = grade(course, t_en, code)
    assert results["linear_scores"].status == "passed", results["linear_scores"].message
    assert results["dists_two_loops"].status == "passed", results["dists_two_loops"].message


def test_an_npz_that_inflates_past_the_reply_limit_is_refused_unread(course, t_en, solution_copy, monkeypatch):
    import io
    import zipfile

    import numpy as np

    from autograder.sandbox import protocol
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:   # 8 MB of zeros in a few KB
        z.writestr("a.npy", np.lib.format.magic(1, 0) + b"\0" * (8 << 20))
    with pytest.raises(ValueError, match="compressed"):
        protocol.read_npz_bytes(buf.getvalue())
    stored = io.BytesIO()
    np.savez(stored, **{f"a{i}": np.zeros(100_000) for i in range(3)})
    monkeypatch.setattr(protocol, "MAX_REPLY_BYTES", 2_000_000)
    with pytest.raises(ValueError, match="more array data"):
        protocol.read_npz_bytes(stored.getvalue())
    header = io.BytesIO()   # numpy raises OverflowError on this one, not ValueError
    np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False, "shape": (0, 10**30)})
    with zipfile.ZipFile(buf := io.BytesIO(), "w") as z:
        z.writestr("a.npy", header.getvalue())
    with pytest.raises(ValueError, match="unreadable"):
        protocol.read_npz_bytes(buf.getvalue())


def test_shipped_bytecode_is_never_run(tmp_path):
    from autograder.sandbox.files import read_submission
    code = tmp_path / AID
    (code / "__pycache__").mkdir(parents=True)
    (code / "linear_score.py").write_text("X = 1\n")
    (code / "helper.pyc").write_bytes(b"\0" * 16)
    (code / "__pycache__" / "linear_score.cpython-311.pyc").write_bytes(b"\0" * 16)
    assert set(read_submission(code)) == {"linear_score.py"}


def test_what_one_submission_leaves_in_the_grader_is_bounded(course, t_en, solution_copy, monkeypatch):
    """Replies each under the per-call cap still add up: past MAX_KEPT_BYTES in all, the part whose
    reply crosses it is bad_output and its arrays are never loaded."""
    from autograder.sandbox import protocol
    code = hostile(solution_copy(AID), "scores = np.zeros((2000, 100)) + X[:1, :1]\n")   # 1.6 MB a reply
    monkeypatch.setattr(protocol, "MAX_KEPT_BYTES", 2_500_000)
    results, _ = grade(course, t_en, code, parts=("linear_scores", "linear_scores_hidden"))
    assert "in all" not in results["linear_scores"].message       # read (then refused for its shape)
    assert results["linear_scores_hidden"].status == "bad_output"
    assert "in all" in results["linear_scores_hidden"].message
