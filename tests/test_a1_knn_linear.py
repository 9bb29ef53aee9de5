"""a1_knn_linear: the reference passes, the stub fails, and typical mistakes are named."""
import subprocess
import sys


from autograder.grading.reference import grade_dir
from autograder.config.paths import ROOT, SOLUTIONS
from tests.conftest import by_part, edit, grade_reference, grade_stub

AID = "a1_knn_linear"


def test_reference_passes_every_check(course, t_en):
    grade_reference(course, AID, t_en, within_s=30)


def test_stub_fails_every_graded_check_as_not_implemented(course, t_en):
    grade_stub(course, AID, t_en)


def test_missing_sqrt_is_named(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "k_nearest_neighbor.py", "dists = np.sqrt(np.maximum(sq, 0.0))", "dists = np.maximum(sq, 0.0)")
    results = by_part(grade_dir(course, AID, code, t_en)[0])
    r = results["dists_no_loops"]
    assert r.status == "failed"
    assert "is the square root missing?" in r.message
    assert "dists[" in r.message and "expected" in r.message
    assert results["dists_two_loops"].status == "passed"


def test_one_loop_posing_as_no_loops_fails_the_speed_part(course, t_en, solution_copy):
    code = solution_copy(AID)
    body = "return self.compute_distances_one_loop(X)\n        "
    edit(code / "k_nearest_neighbor.py", "### BEGIN SOLUTION\n        test_sq", body + "### BEGIN SOLUTION\n        test_sq")
    results = by_part(grade_dir(course, AID, code, t_en)[0])
    assert results["dists_no_loops"].status == "passed"
    speed = results["speed_no_loops"]
    assert speed.status == "failed", speed.message
    assert "faster than" in speed.message


def test_ties_go_to_the_smaller_label(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "k_nearest_neighbor.py", "y_pred[i] = np.argmax(np.bincount(closest_y))",
         "counts = np.bincount(closest_y); y_pred[i] = len(counts) - 1 - np.argmax(counts[::-1])")
    results = by_part(grade_dir(course, AID, code, t_en)[0])
    assert results["predict_labels"].status == "failed"
    assert "smaller label" in results["predict_labels"].message


def test_syntax_error_is_reported_with_line(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "linear_score.py", "scores = X.dot(W) + b", "scores = X.dot(W) +")
    results = by_part(grade_dir(course, AID, code, t_en)[0])
    r = results["linear_scores"]
    assert r.status == "syntax_error"
    assert "linear_score.py line" in r.message
    assert results["dists_two_loops"].status == "passed"


def test_check_cli_exit_status_and_korean(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "autograder", "check", AID, "--dir", str(SOLUTIONS / AID),
                         "--lang", "en"], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "All 8 parts pass" in ok.stdout
    stub = subprocess.run([sys.executable, "-m", "autograder", "check", AID, "--lang", "ko"],
                          cwd=ROOT, capture_output=True, text=True)
    assert stub.returncode == 1
    assert "아직 구현되지 않음" in stub.stdout
    assert "Traceback" not in stub.stdout + stub.stderr


def test_memoised_answers_do_not_win_the_speed_part(course, t_en, solution_copy):
    """Two loops once, then the remembered answer: each timed run has its own inputs."""
    code = solution_copy(AID)
    cheat = ("key = X.shape\n        if key not in _MEMO:\n            _MEMO[key] = self.compute_distances_two_loops(X)\n"
             "        return _MEMO[key]\n        ")
    edit(code / "k_nearest_neighbor.py", "### BEGIN SOLUTION\n        test_sq", cheat + "### BEGIN SOLUTION\n        test_sq")
    edit(code / "k_nearest_neighbor.py", "class KNearestNeighbor:", "_MEMO = {}\n\n\nclass KNearestNeighbor:")
    speed = by_part(grade_dir(course, AID, code, t_en)[0])["speed_no_loops"]
    assert speed.status == "failed" and speed.score == 0
    assert "the result must be right first" in speed.message and "@1" in speed.message


def test_answers_precomputed_for_later_runs_do_not_win_the_speed_part(course, t_en, solution_copy):
    """Run 0 is slow but works out every later run's answer in advance: the later runs' inputs are
    shifted by numbers the child learns only with each run, so the precomputed answers are wrong."""
    code = solution_copy(AID)
    cheat = ("if X.shape[0] >= 100:\n"
             "            for d in _MEMO.values():\n"
             "                if d[0] == float(X[0, 0]):\n"
             "                    return d[1]\n"
             "            for k in range(5):\n"
             "                Xk = X + 0.25 * k\n"
             "                _MEMO[k] = (float(Xk[0, 0]), self.compute_distances_two_loops(Xk))\n"
             "            return _MEMO[0][1]\n        ")
    edit(code / "k_nearest_neighbor.py", "### BEGIN SOLUTION\n        test_sq", cheat + "### BEGIN SOLUTION\n        test_sq")
    edit(code / "k_nearest_neighbor.py", "class KNearestNeighbor:", "_MEMO = {}\n\n\nclass KNearestNeighbor:")
    speed = by_part(grade_dir(course, AID, code, t_en)[0])["speed_no_loops"]
    assert speed.status == "failed" and speed.score == 0, speed.message


def test_predict_and_cross_validation_are_judged_on_their_own(course, t_en, solution_copy):
    """A predict_labels that crashes and a no-loop version that is wrong cost only their own parts:
    predict and cross_validate_k are judged on what they hand over to the student's functions."""
    code = solution_copy(AID)
    edit(code / "k_nearest_neighbor.py", 'nearest = np.argsort(dists[i], kind="stable")[:k]',
         'nearest = np.argsort(dists[i + 1], kind="stable")[:k]')
    edit(code / "k_nearest_neighbor.py", "dists = np.sqrt(np.maximum(sq, 0.0))", "dists = np.maximum(sq, 0.0)")
    results = by_part(grade_dir(course, AID, code, t_en)[0])
    assert results["predict_labels"].status == "crashed"
    assert results["dists_no_loops"].status == "failed"
    for part in ("predict_num_loops", "cross_validate_k", "dists_two_loops", "dists_one_loop"):
        assert results[part].status == "passed", (part, results[part].message)
    assert 0 < results["dists_hidden"].score < results["dists_hidden"].max_score   # two of three versions
    assert "2 of 3 functions pass; no_loops:" in results["dists_hidden"].message


def test_cross_validation_that_tests_on_its_training_folds_is_named(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "k_nearest_neighbor.py",
         "X_tr = np.concatenate(X_folds[:i] + X_folds[i + 1:])\n            y_tr = np.concatenate(y_folds[:i] + y_folds[i + 1:])",
         "X_tr = np.concatenate(X_folds)\n            y_tr = np.concatenate(y_folds)")
    r = by_part(grade_dir(course, AID, code, t_en, hidden=False)[0])["cross_validate_k"]
    assert r.status == "failed" and "no classifier trained on the other" in r.message, r.message


def test_predict_must_hand_k_to_predict_labels(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "k_nearest_neighbor.py", "return self.predict_labels(dists, k=k)", "return self.predict_labels(dists)")
    r = by_part(grade_dir(course, AID, code, t_en, hidden=False)[0])["predict_num_loops"]
    assert r.status == "failed" and "called predict_labels with k=1, not 3" in r.message, r.message
