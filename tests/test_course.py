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


def misspell(raw, aid="a1_knn_linear", old="dists_two_loops", new="dist_two_loops"):
    parts = raw["assignments"][aid]["parts"]
    raw["assignments"][aid]["parts"] = {(new if k == old else k): v for k, v in parts.items()}
    return raw


def run_cli(*args, env=None):
    env = {k: v for k, v in os.environ.items() if k != "AUTOGRADER_COURSE"} | (env or {})
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=ROOT, capture_output=True, text=True,
                          env=env, timeout=600)


def test_a_misspelt_part_names_itself_and_the_valid_ones(course, raw, tmp_path):
    from autograder.config.course import check_part_names
    bad = load_course(write(tmp_path, misspell(raw)))
    names = [c.part for c in load_checks("a1_knn_linear")]
    with pytest.raises(CourseError) as err:
        check_part_names(bad, "a1_knn_linear", names)
    message = str(err.value)
    assert "\n" not in message
    assert "assignments.a1_knn_linear.parts.dist_two_loops" in message and "did you mean dists_two_loops?" in message
    assert "valid parts: " + ", ".join(names) in message
    check_part_names(bad, "a1_knn_linear", [n for n in names if n != "dists_two_loops"], complete=False)
    with pytest.raises(CourseError, match="no part dists_two_loops, which a check of a1_knn_linear grades"):
        check_part_names(bad, "a1_knn_linear", names, complete=False)   # a student zip: its public checks only
    check_part_names(course, "a1_knn_linear", names)


@pytest.mark.parametrize("verb", [
    ["check", "a1_knn_linear", "--dir", "solutions/a1_knn_linear"],
    ["grade", "a1_knn_linear", "--submissions", "{tmp}", "--out", "{tmp}/out"],
    ["release", "--only", "a1_knn_linear", "--out", "{tmp}/release"],
    ["pack", "a1_knn_linear", "--dir", "solutions/a1_knn_linear", "--out", "{tmp}/a1.zip"],
], ids=lambda v: v[0])
def test_every_verb_stops_on_a_misspelt_part_with_one_line(raw, tmp_path, verb):
    path = write(tmp_path, misspell(raw))
    proc = run_cli(*[a.format(tmp=tmp_path) for a in verb], "--course", str(path))
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "dist_two_loops" in lines[0] and "valid parts: dists_two_loops" in lines[0], lines
    assert not (tmp_path / "release").exists() and not (tmp_path / "out").exists()


def test_course_flag_and_variable_choose_the_course_file(raw, tmp_path):
    """`--course FILE` on any verb, and AUTOGRADER_COURSE, load that file (here: other points)."""
    raw["assignments"]["a1_knn_linear"]["parts"]["linear_scores"]["points"] = 3
    raw["language"] = "en"
    path = write(tmp_path, raw)
    args = ["check", "a1_knn_linear", "--dir", "solutions/a1_knn_linear"]
    for proc in (run_cli(*args, "--course", str(path)), run_cli(*args, env={"AUTOGRADER_COURSE": str(path)})):
        assert proc.returncode == 0, proc.stdout + proc.stderr
        row = next(line for line in proc.stdout.splitlines() if line.startswith("linear_scores "))
        assert "3/3" in row and "passed" in row             # the file's points, in its language
    default = run_cli(*args)
    assert "10/10" in next(line for line in default.stdout.splitlines() if line.startswith("linear_scores "))
    missing = run_cli(*args, "--course", str(tmp_path / "nope.yml"))
    assert missing.returncode == 2 and "nope.yml: no such file" in missing.stderr
    for verb in ("check", "grade", "release", "pack", "data", "demo"):
        assert "--course FILE" in run_cli(verb, "--help").stdout, verb
