"""What holds for every assignment: its public checks run as plain pytest in its folder, passing on
the reference and failing on the untouched student version."""
import subprocess
import sys

import pytest

from autograder.config.course import ASSIGNMENT_IDS
from autograder.config.paths import ROOT, SOLUTIONS

AIDS = [aid for aid in ASSIGNMENT_IDS if (SOLUTIONS / aid / "test_public.py").is_file()]


@pytest.mark.slow
@pytest.mark.parametrize("folder,expected", [("solutions", 0), ("assignments", 1)], ids=["reference", "stub"])
@pytest.mark.parametrize("aid", AIDS)
def test_public_checks_run_as_plain_pytest(aid, folder, expected):
    proc = subprocess.run([sys.executable, "-m", "pytest", "-q", f"{folder}/{aid}"], cwd=ROOT,
                          capture_output=True, text=True)
    assert proc.returncode == expected, proc.stdout[-2000:]
    assert ("passed" if expected == 0 else "failed") in proc.stdout
