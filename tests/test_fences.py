"""The fences that do not need namespaces: a hostile a1 cohort graded with namespaces refused (the
kit's setting, a kernel without Landlock, and a real drop of CAP_SYS_ADMIN with setpriv), started
from a course folder that holds a classmate's files. Each cheat must earn nothing, leave nothing
behind and reach no one; a correct submission that imports modules the fork server never
imported must still score full marks."""
from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from autograder.sandbox import forkserver
from autograder.sandbox import fence_record, landlock, seccomp, view
from autograder.sandbox import fences as sandbox
from autograder.config.paths import CACHE, ROOT, SOLUTIONS
from tests.conftest import edit
from tests.gradescope_layout import autograder_zip, gradescope, image, image_python  # noqa: F401  (fixtures: Gradescope's layout)

AID = "a1_knn_linear"
BODY = "    scores = X.dot(W) + b\n"
AS_ROOT_ON_LINUX = sys.platform.startswith("linux") and os.geteuid() == 0


def may_make_namespaces() -> bool:
    """Whether this process holds CAP_SYS_ADMIN (bit 21), which unshare needs: not in Docker or on
    Gradescope, nor under `setpriv --bounding-set=-sys_admin`."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:
        return False
    caps = next((line.split()[1] for line in status.splitlines() if line.startswith("CapEff:")), "0")
    return bool(int(caps, 16) >> 21 & 1)
FRESH_MODULES = ("glob", "json.tool", "concurrent.futures.process", "email.mime.text")

# Each attack sets `got` when it obtained what it was after; only then is its answer right.
ATTACKS = {
    "solutions": """
        from autograder.config.paths import ROOT, SOLUTIONS
        got = False
        for path in (SOLUTIONS / "a1_knn_linear" / "linear_score.py", ROOT / "solutions" / "a1_knn_linear" / "linear_score.py"):
            try:
                got = got or "X.dot(W)" in path.read_text()
            except OSError:
                pass
        """,
    "references": """
        import os
        from autograder.config.paths import CACHE
        got = False
        for top, dirs, names in os.walk(CACHE):
            for name in names:
                try:
                    got = got or len(open(os.path.join(top, name), "rb").read()) > 0
                except OSError:
                    pass
        """,
    "socket": """
        import _socket
        got = False
        try:
            s = _socket.socket(_socket.AF_INET, _socket.SOCK_STREAM)
            s.settimeout(2)
            s.connect(("127.0.0.1", {port}))
            s.send(b"leak")
            got = True
        except OSError:
            pass
        """,
    "tmp": """
        for path in ({marker!r} + "-tmp", "/dev/shm/" + {marker_name!r}):
            try:
                with open(path, "w") as f:
                    f.write("left behind")
            except OSError:
                pass
        got = False   # writing earns nothing: that nothing stays behind is what is checked
        """,
    "classmate": """
        got = False
        try:
            import classmate_secret   # the grader's working folder, were it on sys.path
            got = True
        except ImportError:
            pass
        try:
            got = got or "SECRET" in open({classmate!r}).read()
        except OSError:
            pass
        """,
}

CORRECT_TOP = f"""import sys
_fresh = [m for m in {FRESH_MODULES!r} if m not in sys.modules]
import glob, json.tool, concurrent.futures.process, email.mime.text
print("imported here first:", _fresh, glob.escape("ok"))
"""


def run_cohort(folder: Path, port: int) -> dict:
    """Grade the cohort from a course folder `folder/course`; {name: [status, score, message]},
    the correct one's output, and the fences of the last child."""
    from autograder.config.course import load_course
    from autograder.config.messages import translator
    from tests.test_hostile import grade

    course_dir = folder / "course"
    classmate = course_dir / "submitted" / "other" / AID / "linear_score.py"
    classmate.parent.mkdir(parents=True)
    classmate.write_text("SECRET = 42\n")
    (course_dir / "classmate_secret.py").write_text("SECRET = 42\n")
    marker = f"/tmp/autograder-fence-{os.getpid()}"
    course, t = load_course(), translator("en")
    verdicts, output, fences = {}, "", {}
    here = os.getcwd()
    os.chdir(course_dir)
    forkserver.shutdown()   # a server of our own, started from the course folder with our settings
    try:
        for name, attack in {**ATTACKS, "correct": None}.items():
            code = folder / name / AID
            shutil.copytree(SOLUTIONS / AID, code, ignore=shutil.ignore_patterns("__pycache__"))
            if attack is None:
                edit(code / "linear_score.py", "import numpy as np\n", "import numpy as np\n" + CORRECT_TOP)
                parts = ("linear_scores", "dists_two_loops")
            else:
                body = textwrap.dedent(attack).format(port=port, marker=marker, marker_name=Path(marker).name,
                                                      classmate=str(classmate))
                body += "scores = X.dot(W) + b if got else X.dot(W)\n"
                edit(code / "linear_score.py", BODY, textwrap.indent(body, "    "))
                parts = ("linear_scores",)
            results, out = grade(course, t, code, parts=parts)
            verdicts[name] = {p: [r.status, r.score, r.message[:200]] for p, r in results.items()}
            if attack is None:
                output = out
        fences = fence_record.fences_in_force()
    finally:
        forkserver.shutdown()
        os.chdir(here)
    return {"verdicts": verdicts, "output": output, "fences": fences, "marker": marker}


def check_cohort(result: dict, listener: socket.socket, full: float) -> None:
    verdicts = result["verdicts"]
    for name in ATTACKS:
        status, score, message = verdicts[name]["linear_scores"]
        assert score == 0 and status == "failed", (name, status, message)
        assert "bias" in message, (name, message)   # wrong for the reason planted: it got nothing
    correct = verdicts["correct"]
    assert all(v[0] == "passed" for v in correct.values()), correct
    assert sum(v[1] for v in correct.values()) == full
    assert "imported here first: ['glob'" in result["output"], result["output"][-500:]
    for path in (result["marker"] + "-tmp", "/dev/shm/" + Path(result["marker"]).name):
        assert not os.path.exists(path), path
    with pytest.raises(socket.timeout):
        listener.accept()


@pytest.fixture
def listener():
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(4)
    sock.settimeout(0.5)
    yield sock
    sock.close()


@pytest.fixture
def settings(monkeypatch):
    def apply(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
    yield apply
    forkserver.shutdown()


def full_marks(course) -> float:
    a = course.assignments[AID]
    return sum(a.parts[p].points for p in ("linear_scores", "dists_two_loops"))


@pytest.mark.parametrize("mode", ["namespaces", "no-namespaces", "no-namespaces-no-landlock"])
def test_a_hostile_cohort_gets_nothing_from_a_course_folder(mode, course, tmp_path, listener, settings):
    if not sys.platform.startswith("linux"):
        pytest.skip("the fences are Linux's")
    if mode == "no-namespaces" and landlock.landlock_abi() == 0:
        pytest.skip("this kernel has no Landlock")
    if mode == "no-namespaces-no-landlock" and not AS_ROOT_ON_LINUX:
        pytest.skip("without Landlock only a user of its own fences files in, and that needs root")
    if mode == "namespaces" and not (AS_ROOT_ON_LINUX and may_make_namespaces()):
        pytest.skip("namespaces need root with CAP_SYS_ADMIN")
    settings(**{"no-namespaces": {sandbox.NAMESPACES_SETTING: "0"},
                "no-namespaces-no-landlock": {sandbox.NAMESPACES_SETTING: "0", landlock.LANDLOCK_SETTING: "0"},
                }.get(mode, {}))
    result = run_cohort(tmp_path, listener.getsockname()[1])
    check_cohort(result, listener, full_marks(course))
    assert any((CACHE / "reference").rglob("*.npz")), "the references attack had nothing to find"
    fences = result["fences"]
    assert fences["seccomp"] and fences["uid"] == AS_ROOT_ON_LINUX
    if mode == "namespaces":
        assert fences["netns"] and fences["mountns"] and fences["pidns"]
    else:
        assert not (fences["netns"] or fences["mountns"] or fences["pidns"]), fences
        assert bool(fences["landlock"]) == (mode == "no-namespaces"), fences


def test_a_hostile_cohort_gets_nothing_with_cap_sys_admin_dropped(course, tmp_path, listener):
    """The real thing: the grader itself runs as Docker and Gradescope run it (root without
    CAP_SYS_ADMIN), so every unshare fails."""
    setpriv = shutil.which("setpriv")
    if not AS_ROOT_ON_LINUX or setpriv is None:
        pytest.skip("needs root on Linux and util-linux's setpriv to drop CAP_SYS_ADMIN")
    code = (f"import json, sys; from pathlib import Path; from tests.test_fences import run_cohort; "
            f"print('RESULT' + json.dumps(run_cohort(Path(sys.argv[1]), {listener.getsockname()[1]})))")
    env = {k: v for k, v in os.environ.items() if not k.startswith("AUTOGRADER_")}
    env["PYTHONPATH"] = str(ROOT)
    proc = subprocess.run([setpriv, "--bounding-set=-sys_admin", sys.executable, "-c", code, str(tmp_path)],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    result = json.loads(proc.stdout.split("RESULT", 1)[1])
    check_cohort(result, listener, full_marks(course))
    fences = result["fences"]
    assert not (fences["netns"] or fences["mountns"] or fences["pidns"]), fences   # unshare was refused
    assert fences["uid"] and fences["seccomp"] and fences["landlock"] == landlock.landlock_abi(), fences


def test_the_kits_secrets_become_the_graders_alone(tmp_path):
    (tmp_path / "solutions" / AID).mkdir(parents=True)
    (tmp_path / ".cache" / "reference").mkdir(parents=True)
    (tmp_path / ".cache" / "other").mkdir()
    for folder in ("solutions", ".cache", ".cache/reference", ".cache/other"):
        (tmp_path / folder).chmod(0o755)
    assert sandbox.protect_secrets(tmp_path) == []
    mode = lambda p: (tmp_path / p).stat().st_mode & 0o777  # noqa: E731
    assert mode("solutions") == 0o700 and mode(".cache/reference") == 0o700 and mode(".cache/other") == 0o700
    assert mode(".cache") == 0o711 and mode(".cache/inputs") == 0o711   # inputs: reachable, never listable


def test_the_seccomp_filter_refuses_inet_sockets_and_keeps_unix_ones_and_threads():
    if seccomp.seccomp_program(os.uname().machine) is None:
        pytest.skip(f"no seccomp filter for {os.uname().machine}")
    code = textwrap.dedent("""
        import _socket, os, threading, subprocess
        from autograder.sandbox import seccomp, syscalls
        syscalls.prctl(syscalls.PR_SET_NO_NEW_PRIVS, 1)
        assert seccomp.seccomp()
        for family in (_socket.AF_INET, _socket.AF_INET6, 16):   # 16: netlink
            try:
                _socket.socket(family, _socket.SOCK_STREAM if family != 16 else _socket.SOCK_RAW)
                print("opened", family)
            except PermissionError:
                pass
        a, b = _socket.socketpair(_socket.AF_UNIX, _socket.SOCK_STREAM)
        t = threading.Thread(target=lambda: None); t.start(); t.join()
        try:
            syscalls.unshare(0x10000000)   # CLONE_NEWUSER: a new user namespace
            print("unshared")
        except OSError:
            pass
        print(subprocess.run(["true"]).returncode, "done")
        """)
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=sandbox.child_env(),
                          capture_output=True, text=True, timeout=60)
    assert proc.stdout.split() == ["0", "done"], proc.stdout + proc.stderr


def test_the_working_folder_is_never_on_a_childs_path_nor_shown(tmp_path, monkeypatch):
    if sys.version_info < (3, 11):
        pytest.skip("-P is Python 3.11's; before it the fork server and children start in / instead")
    monkeypatch.chdir(tmp_path)
    assert str(tmp_path) not in view.read_only_sources([])
    assert not any(p == str(ROOT) for p in view.read_only_sources([]))
    command = sandbox.python_command("autograder.sandbox.child")
    proc = subprocess.run(command[:-2] + ["-c", "import sys; print(sys.path[0])"], cwd="/", env=sandbox.child_env(),
                          capture_output=True, text=True)
    assert proc.stdout.strip() not in ("", "/", str(tmp_path)), proc.stdout


def test_the_batch_summary_names_the_fences_and_warns_of_missing_ones():
    line, warnings = fence_record.fences_summary({"uid": True, "landlock": 7, "seccomp": True, "netns": False,
                                             "pidns": False, "mountns": False, "children": 3})
    assert "landlock(ABI 7)" in line and "seccomp" in line and "uid" in line and not warnings
    line, warnings = fence_record.fences_summary({"uid": False, "landlock": 0, "seccomp": False, "netns": False,
                                             "pidns": False, "mountns": False, "children": 3})
    text = " ".join(warnings)
    assert "none" in line and "every file the grader can" in text and "only inside Python" in text


GRADESCOPE_WALKER = '''import os
import numpy as np


def linear_scores(X, W, b):
    """Walks the kit Gradescope unzipped and runs the first linear_score.py that is not a stub."""
    from autograder.config.paths import ROOT
    for top, dirs, names in os.walk(ROOT):
        if "linear_score.py" in names:
            try:
                source = open(os.path.join(top, "linear_score.py")).read()
            except OSError:
                continue
            if "NotImplementedError" not in source and "walks the kit" not in source:
                scope = {}
                exec(compile(source, "found.py", "exec"), scope)
                return scope["linear_scores"](X, W, b)
    raise NotImplementedError("nothing found")
'''


def test_on_gradescope_student_code_finds_no_solution_to_run(gradescope, course):
    """Gradescope's layout, its entry point, and (with setpriv) its lack of CAP_SYS_ADMIN."""
    shutil.copy(SOLUTIONS.parent / "assignments" / AID / "k_nearest_neighbor.py", gradescope / "submission")
    (gradescope / "submission" / "linear_score.py").write_text(GRADESCOPE_WALKER)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "AUTOGRADER_COURSE")}
    env.update(AUTOGRADER_ROOT=str(gradescope), PYTHON=sys.executable)
    setpriv = shutil.which("setpriv") if AS_ROOT_ON_LINUX else None
    command = ([setpriv, "--bounding-set=-sys_admin"] if setpriv else []) + [str(gradescope / "source" / "run_autograder")]
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    results = json.loads((gradescope / "results" / "results.json").read_text())
    scores = {t["name"]: t["score"] for t in results["tests"]}
    assert scores and all(score == 0 for name, score in scores.items() if name.startswith("linear_scores")), scores
    assert results["score"] == 0, results["score"]
    solutions = gradescope / "source" / "solutions"
    assert solutions.stat().st_mode & 0o077 == 0   # run_autograder made it root's alone
