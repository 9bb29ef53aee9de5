"""What a student zip ships of an assignment's checks (autograder/release/check_source.py): the
public version of a checks module or package imports on its own and holds exactly the public checks;
hidden checks, the helpers and imported names only they use, and staff-only modules stay out; the
gate flags them if they ship, and names the file and line of a check inside a package."""
from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

from autograder.checks import load_checks
from autograder.config.course import ASSIGNMENT_IDS
from autograder.config.paths import ROOT
from autograder.release import check_source, leak
from autograder.release.bundle import assignment_sources, data_files, package_files

PACKAGE_INIT = textwrap.dedent('''\
    from autograder.checks.x import hidden, messages  # noqa: F401  (messages: registers the sentences)
    from autograder.checks.x.hidden import secret_call
    from autograder.checks.x.calls import public_call, shared_call
    from autograder.model.check import Check


    def only_hidden_helper():
        return secret_call


    CHECKS = [
        Check("a", public_call, None, seed=1),
        Check("a_hidden", hidden.call, only_hidden_helper, hidden=True, seed=2,
              doc="two lines"),
        Check("b", shared_call, None),
        Check("b_hidden", shared_call, secret_call, hidden=True),
    ]
    ''')


def test_public_version_drops_hidden_checks_their_helpers_and_the_names_only_they_import():
    public, removed = check_source.public_check_source(PACKAGE_INIT, "x/__init__.py")
    tree = ast.parse(public)
    assert check_source.part_names(tree) == ["a", "b"]
    assert "from autograder.checks.x import messages  # noqa: F401  (messages: registers the sentences)\n" in public
    assert "hidden" not in public.replace("hidden=", "") and "secret_call" not in public
    assert "only_hidden_helper" not in public
    assert "from autograder.checks.x.calls import public_call, shared_call\n" in public     # used by public checks
    lines = PACKAGE_INIT.splitlines()
    gone = {lines[n - 1] for first, last in removed for n in range(first, last + 1)}
    assert '          doc="two lines"),' in gone and "def only_hidden_helper():" in gone


def test_a_hidden_module_stays_out_of_the_student_zip_and_the_gate_flags_it_if_it_ships():
    assert check_source.is_staff_only("autograder/checks/a3_backprop/hidden.py")
    assert check_source.is_staff_only("hidden_inputs.py") and not check_source.is_staff_only("hints.py")
    problems = leak.step_leak("a1_knn_linear", {"kit/autograder/checks/a1_knn_linear/hidden.py": b"x = 1\n"}, "z",
                              secrets={})
    assert [p.message for p in problems] == ["a staff-only checks module shipped"]
    text = "from autograder.model.check import Check\nCHECKS = [\n    Check('p', f, g, hidden=True),\n]\n"
    problems = leak.step_leak("a1_knn_linear", {"kit/autograder/checks/a1_knn_linear/parts.py": text.encode()}, "z",
                              secrets={})
    assert [p.message for p in problems] == ["hidden checks shipped: p"]


@pytest.mark.slow
@pytest.mark.parametrize("aid", [aid for aid in ASSIGNMENT_IDS if load_checks(aid)])
def test_the_student_zips_checks_import_on_their_own_with_the_public_checks_only(aid, tmp_path):
    kit = tmp_path / "kit"
    files = package_files(aid, public_only=True)
    assert not [n for n in files if n.startswith("autograder/checks/") and check_source.is_staff_only(n)]
    for name, data in {**files, **data_files(aid, assignment_sources(aid))}.items():
        (kit / name).parent.mkdir(parents=True, exist_ok=True)
        (kit / name).write_bytes(data)
    shutil.copy(ROOT / "course.yml", kit / "course.yml")
    env = {**os.environ, "PYTHONPATH": str(kit)}
    env.pop("AUTOGRADER_COURSE", None)
    code = f"import autograder.checks.{aid} as m; print(' '.join(c.part for c in m.CHECKS))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=kit, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.split() == [c.part for c in load_checks(aid) if not c.hidden]


def test_a_problem_names_the_module_of_a_package_where_the_check_is_written():
    packages = [aid for aid in ASSIGNMENT_IDS if (ROOT / "autograder" / "checks" / aid).is_dir() and load_checks(aid)]
    if not packages:
        pytest.skip("no assignment's checks are a package yet")
    aid = packages[0]
    part = load_checks(aid)[-1].part
    file, line = check_source.check_where(aid, part)
    assert file.startswith(f"autograder/checks/{aid}/") and line > 0
    assert f'"{part}"' in (ROOT / file).read_text(encoding="utf-8").splitlines()[line - 1]
    assert check_source.check_where(aid, "no such part") == (f"autograder/checks/{aid}/__init__.py", 0)
