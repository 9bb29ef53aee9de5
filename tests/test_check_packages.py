"""The check packages of a2 and a6 (issue 17): what a student's zip holds of them imports on its own,
with the public checks only, and none of the hidden checks' own code (hidden.py) or inputs."""
import subprocess
import sys

import pytest

from autograder.checks import check_sources, load_checks
from autograder.config.paths import ROOT
from autograder.release.check_source import public_checks

PACKAGES = ["a2_svm_softmax", "a5_cifar10_gpu", "a6_rnn_stock"]

IMPORT_AS_PACKAGE = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location({name!r}, {init!r}, submodule_search_locations=[{folder!r}])
module = importlib.util.module_from_spec(spec)
sys.modules[{name!r}] = module
spec.loader.exec_module(module)
print(" ".join(c.part for c in module.CHECKS))
print(any(m.endswith(".hidden") for m in sys.modules))
"""


@pytest.mark.parametrize("aid", PACKAGES)
def test_the_public_package_imports_with_the_public_checks_only(aid, tmp_path):
    folder = tmp_path / aid
    folder.mkdir()
    shipped = public_checks(aid)
    assert not any(path.endswith("hidden.py") for path in shipped)
    for path, (text, _) in shipped.items():
        (folder / path.rsplit("/", 1)[1]).write_text(text, encoding="utf-8")
    code = IMPORT_AS_PACKAGE.format(name=f"autograder.checks.{aid}", init=str(folder / "__init__.py"),
                                    folder=str(folder))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    parts, hidden_loaded = done.stdout.split("\n")[:2]
    assert parts.split() == [c.part for c in load_checks(aid) if not c.hidden]
    assert hidden_loaded == "False"


@pytest.mark.parametrize("aid", PACKAGES)
def test_every_module_of_a_package_is_hashed_and_under_400_lines(aid):
    sources = check_sources(aid)
    assert len(sources) > 2 and all(p.parent.name == aid for p in sources)
    assert all(len(p.read_text(encoding="utf-8").splitlines()) <= 400 for p in sources)


def test_a6_hidden_inputs_stay_in_hidden_py():
    """The small CSV of load_stock_csv_hidden and the edge shapes of rnn_hidden are staff-only."""
    shipped = "".join(text for text, _ in public_checks("a6_rnn_stock").values())
    for secret in ("made-up prices for a check", "(1, 1, 1, 3)", "(3, 12, 2, 4)", "def judge_rnn_hidden"):
        assert secret not in shipped
