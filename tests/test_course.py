"""course.yml: the real file loads; a bad file gets one message naming the key, never a traceback."""
import os
import subprocess
import sys

import pytest
import yaml

from autograder.checks import load_checks
from autograder.config.course import ASSIGNMENT_IDS, CourseError, load_course
from autograder.config.paths import COURSE_FILE, ROOT


@pytest.fixture
def raw():
    return yaml.safe_load(COURSE_FILE.read_text(encoding="utf-8"))


def write(tmp_path, raw):
    path = tmp_path / "course.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return path


def test_real_course_loads_with_all_six_assignments(course):
    assert list(course.assignments) == list(ASSIGNMENT_IDS)
    assert course.language in ("ko", "en")
    cohort = course.cohort()
    assert set(cohort.dates) == set(ASSIGNMENT_IDS)


@pytest.mark.parametrize("aid", ASSIGNMENT_IDS)
def test_every_check_has_a_part_and_every_part_a_check(course, aid):
    checks = {c.part for c in load_checks(aid)}
    assert checks == set(course.assignments[aid].parts)


def break_missing_key(raw):
    del raw["course"]
    return "course: missing"


def break_unknown_assignment(raw):
    raw["assignments"]["a7_transformers"] = raw["assignments"]["a1_knn_linear"]
    return "assignments.a7_transformers: unknown assignment id"


def break_negative_points(raw):
    raw["assignments"]["a1_knn_linear"]["parts"]["dists_two_loops"]["points"] = -5
    return "assignments.a1_knn_linear.parts.dists_two_loops.points: must be a number >= 0, got -5"


def break_due_before_release(raw):
    raw["cohorts"][0]["dates"]["a1_knn_linear"]["due"] = "2026-09-01T00:00:00+09:00"
    return "cohorts[0].dates.a1_knn_linear.due: due date"


def break_language(raw):
    raw["language"] = "fr"
    return "language: must be one of ko, en"


def break_thresholds(raw):
    raw["assignments"]["a1_knn_linear"]["parts"]["dists_two_loops"]["thresholds"] = [[0.5, 2]]
    return "thresholds[0]: share must be between 0 and 1"


@pytest.mark.parametrize("breaker", [break_missing_key, break_unknown_assignment, break_negative_points,
                                     break_due_before_release, break_language, break_thresholds],
                         ids=lambda f: f.__name__.removeprefix("break_"))
def test_bad_course_file_names_the_key(tmp_path, raw, breaker):
    expected = breaker(raw)
    with pytest.raises(CourseError) as err:
        load_course(write(tmp_path, raw))
    assert expected in str(err.value)


def test_invalid_yaml_names_the_line(tmp_path):
    path = tmp_path / "course.yml"
    path.write_text("course: x\nassignments: [\n", encoding="utf-8")
    with pytest.raises(CourseError, match="line"):
        load_course(path)


def test_cli_prints_one_line_not_a_traceback(tmp_path, raw):
    raw["assignments"]["a1_knn_linear"]["parts"]["dists_two_loops"]["points"] = -5
    path = write(tmp_path, raw)
    env = dict(os.environ, AUTOGRADER_COURSE=str(path))
    proc = subprocess.run([sys.executable, "-m", "autograder", "check", "a1_knn_linear"], cwd=ROOT,
                          capture_output=True, text=True, env=env)
    assert proc.returncode == 2
    assert "points: must be a number >= 0, got -5" in proc.stderr
    assert "Traceback" not in proc.stderr
