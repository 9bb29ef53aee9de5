"""The sandbox and the fork server: which fences stand, strict reading of what children send,
captured output, the cost of a child, and the path without a fork server."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import time
import zipfile

import numpy as np
import pytest

from autograder.config.paths import ROOT, SOLUTIONS
from autograder.sandbox.process import Capture
from autograder.sandbox.protocol import read_npz_bytes
from autograder.sandbox.runner import run_checks
from autograder.sandbox.session import ChildSession
from autograder.sandbox.fences import Limits, child_env, namespaces_wanted
from autograder.sandbox.landlock import landlock_abi
from autograder.checks import load_checks
from tests.conftest import edit

AID = "a1_knn_linear"
AS_ROOT_ON_LINUX = sys.platform.startswith("linux") and os.geteuid() == 0


def npz(**arrays) -> bytes:
    buf = io.BytesIO()
    np.savez(buf, **arrays)
    return buf.getvalue()


def test_every_fence_stands_when_the_grader_runs_as_root_on_linux():
    if not AS_ROOT_ON_LINUX or not namespaces_wanted():
        pytest.skip("namespaces and a user of its own need root on Linux (and AUTOGRADER_NAMESPACES not 0); "
                    "tests/test_fences.py covers the other hosts")
    with ChildSession(AID, SOLUTIONS / AID, Limits()) as session:
        assert session.call("linear_scores", 7).status == "ok"
        fences = session.fences
    assert fences["netns"] and fences["pidns"] and fences["mountns"], fences
    assert fences["root"] in ("pivot_root", "chroot")
    assert fences["uid"] and fences["uid"] >= 1_000_000
    assert fences["no_new_privs"] and fences["seccomp"] and fences["sockets"] == "netns"
    assert fences["landlock"] == landlock_abi()   # 0 on a kernel without it


def test_arrays_come_back_only_as_plain_numbers():
    good = read_npz_bytes(npz(a=np.arange(6).reshape(2, 3), b=np.float32(1.5), c=np.array([True])))
    assert good["a"].shape == (2, 3) and good["b"].dtype == np.float32 and good["c"].dtype == np.bool_
    refused = {
        "pickle": npz(a=np.array([{"x": 1}], dtype=object)),
        "structured": npz(a=np.zeros(2, dtype=[("x", "f8"), ("y", "i4")])),
        "strings": npz(a=np.array(["a", "b"])),
        "complex": npz(a=np.zeros(2, dtype=complex)),
        "not a zip": b"\x80\x04K\x01.",
        "too many": npz(**{f"a{i}": np.zeros(1) for i in range(300)}),
    }
    for what, data in refused.items():
        with pytest.raises(ValueError):
            read_npz_bytes(data)
            pytest.fail(what)


def test_a_header_that_claims_a_huge_array_is_refused_before_any_allocation():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        header = io.BytesIO()
        np.lib.format.write_array_header_1_0(header, {"descr": "<f8", "fortran_order": False,
                                                       "shape": (10**6, 10**6)})
        z.writestr("a.npy", header.getvalue() + b"\0" * 64)
    with pytest.raises(ValueError, match="claimed"):
        read_npz_bytes(buf.getvalue())


def test_output_keeps_its_head_and_tail():
    capture = Capture(100)
    capture.add(b"HEAD" + b"x" * 1000)
    capture.add(b"y" * 1000 + b"TAIL")
    text = capture.text()
    assert text.startswith("HEAD") and text.endswith("TAIL")
    assert "1908 bytes cut" in text and len(text) < 150


def test_a_child_costs_milliseconds_not_an_interpreter(solution_copy):
    code = solution_copy(AID)
    with ChildSession(AID, code, Limits()) as warm:       # starts the fork server once
        assert warm.call("linear_scores", 7).status == "ok"
    start = time.perf_counter()
    for _ in range(5):
        with ChildSession(AID, code, Limits()) as session:
            assert session.call("linear_scores", 7).status == "ok"
    per_child = (time.perf_counter() - start) / 5
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import numpy, autograder.checks.a1_knn_linear"], cwd=ROOT,
                   env=child_env(), check=True)
    interpreter = time.perf_counter() - start
    print(f"one sandboxed child with one call: {per_child * 1e3:.0f} ms; a fresh interpreter: "
          f"{interpreter * 1e3:.0f} ms")
    assert per_child < 0.25
    assert per_child < interpreter


def test_the_environment_is_scrubbed(solution_copy, monkeypatch):
    monkeypatch.setenv("AUTOGRADER_TEST_SECRET", "hunter2")
    code = solution_copy(AID)
    edit(code / "linear_score.py", "    scores = X.dot(W) + b\n",
         "    import os\n    print(sorted(os.environ))\n    scores = X.dot(W) + b\n")
    outcomes, output = run_checks(AID, code, [c for c in load_checks(AID) if c.part == "linear_scores"], Limits())
    assert outcomes["linear_scores"].status == "ok"
    assert "PATH" in output and "AUTOGRADER_TEST_SECRET" not in output


def test_fresh_calls_see_the_files_as_they_are_now(solution_copy):
    code = solution_copy(AID)
    with ChildSession(AID, code, Limits()) as session:
        first = session.call("linear_scores", 7)
        edit(code / "linear_score.py", "scores = X.dot(W) + b", "scores = X.dot(W) + b + 1")
        again = session.call("linear_scores", 7, fresh=True)
    assert np.allclose(again.outputs["scores"], first.outputs["scores"] + 1)


@pytest.mark.slow
def test_without_a_fork_server_each_child_is_a_fresh_interpreter_with_the_same_fences(solution_copy, monkeypatch):
    monkeypatch.setenv("AUTOGRADER_FORKSERVER", "0")
    code = solution_copy(AID)
    edit(code / "linear_score.py", "    scores = X.dot(W) + b\n",
         "    import socket\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\n    scores = X.dot(W) + b\n")
    checks = [c for c in load_checks(AID) if c.part in ("linear_scores", "dists_two_loops")]
    with ChildSession(AID, code, Limits()) as session:
        assert session.call("dists_two_loops", 0).status == "ok"
        net = session.call("linear_scores", 7)
        fences = session.fences
    assert net.status == "crashed" and ("Error" in net.error), net
    if AS_ROOT_ON_LINUX and namespaces_wanted():
        assert fences["netns"] and fences["mountns"] and fences["uid"]
    assert fences["seccomp"] or fences["sockets"] in ("netns", "python")
    outcomes, _ = run_checks(AID, SOLUTIONS / AID, checks, Limits())
    assert {o.status for o in outcomes.values()} == {"ok"}


def test_sockets_are_blocked_in_python_where_neither_a_namespace_nor_seccomp_stands():
    code = ("from autograder.sandbox.fences import block_sockets; block_sockets(); import socket\n"
            "try:\n    socket.create_connection(('127.0.0.1', 9), timeout=1)\nexcept PermissionError:\n"
            "    print('blocked')\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=child_env(), capture_output=True, text=True)
    assert proc.stdout.strip() == "blocked", proc.stderr


def test_unreadable_submission_is_reported_not_raised(tmp_path):
    if not AS_ROOT_ON_LINUX:
        pytest.skip("needs the fork server's root to make a too-large submission cheaply")
    code = tmp_path / AID
    code.mkdir()
    with open(code / "linear_score.py", "wb") as f:
        f.truncate(600 * 1024 * 1024)     # sparse: larger than a submission may be
    with ChildSession(AID, code, Limits()) as session:
        outcome = session.call("linear_scores", 7)
    assert outcome.status == "crashed" and "too large" in outcome.error
