"""a2_svm_softmax: the reference passes, the stub fails, and each typical mistake is caught and named."""
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from autograder.grading import worklimits
from autograder.checks import load_checks
from autograder.model.gradcheck import eval_numerical_gradient, eval_numerical_gradient_array
from autograder.grading.reference import grade_dir, judge_outcomes, limits_for, reference_outcomes
from autograder.config.paths import ROOT, SOLUTIONS
from autograder.sandbox.runner import BUDGET, run_checks
from tests.data.samples import build_sample, load_samples
from tests.conftest import by_part, edit, grade_reference, grade_stub

AID = "a2_svm_softmax"


def grade_parts(course, code, parts, t):
    """Only the named parts (quicker than grade_dir), judged against the reference as grade_dir does."""
    assignment = course.assignments[AID]
    checks = [c for c in load_checks(AID) if c.part in parts]
    seeds = {c.part: 1234 for c in checks if c.timed}
    reference = reference_outcomes(assignment, checks, seeds)
    student, _ = run_checks(AID, Path(code), checks, limits_for(assignment), seeds=seeds)
    return by_part(judge_outcomes(assignment, checks, student, reference, t))


def test_gradcheck_helpers_match_known_gradients():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4))
    assert np.allclose(eval_numerical_gradient(lambda v: np.sum(v ** 3), x.copy()), 3 * x ** 2, atol=1e-6)
    df = rng.standard_normal((3, 4))
    assert np.allclose(eval_numerical_gradient_array(np.tanh, x.copy(), df), (1 - np.tanh(x) ** 2) * df, atol=1e-8)


def test_reference_passes_every_check(course, t_en):
    parts = grade_reference(course, AID, t_en, within_s=30)
    assert "losses = (2.9, 0, 12.9), mean = 5.27" in parts["svm_lecture_example"].message
    assert "cat_loss = 2.04" in parts["softmax_lecture_example"].message


def test_lecture_numbers_of_the_reference():
    sys.path.insert(0, str(SOLUTIONS / AID))
    try:
        from linear_svm import svm_loss_naive, svm_loss_vectorized
        from softmax import softmax_loss_naive, softmax_loss_vectorized
    finally:
        sys.path.remove(str(SOLUTIONS / AID))
    S = np.array([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]])
    y = np.array([0, 1, 2])
    losses = [svm_loss_naive(S, np.eye(3)[i:i + 1], y[i:i + 1], 0.0)[0] for i in range(3)]
    assert np.allclose(losses, [2.9, 0.0, 12.9])
    assert round(svm_loss_vectorized(S, np.eye(3), y, 0.0)[0], 2) == 5.27
    cat = softmax_loss_vectorized(S, np.eye(3)[:1], y[:1], 0.0)[0]
    assert round(cat, 2) == 2.04 and round(cat / np.log(10), 2) == 0.89
    big = softmax_loss_naive(S + 1000, np.eye(3), y, 0.0)[0]
    assert np.isfinite(big) and np.isclose(big, softmax_loss_naive(S, np.eye(3), y, 0.0)[0])


def test_stub_fails_every_graded_check_as_not_implemented(course, t_en):
    grade_stub(course, AID, t_en)


# (name, file, old text, new text, part that must fail, words the message must contain)
MISTAKES = [
    ("reg_grad_missing", "linear_svm.py", "dW = X.T.dot(positive) / num_train + 2 * reg * W",
     "dW = X.T.dot(positive) / num_train", "svm_vectorized",
     ["your loss matches, your dW does not", "regularisation gradient is missing"]),
    ("reg_grad_off_by_2", "softmax.py", "    dW += 2 * reg * W\n", "    dW += reg * W\n", "softmax_naive",
     ["your loss matches, your dW does not", "off by a factor of 2", "2 * reg * W"]),
    ("loss_not_averaged", "linear_svm.py", "    loss /= num_train\n", "", "svm_naive",
     ["not averaged over the N examples"]),
    ("correct_class_in_margin_vectorized", "linear_svm.py", "    margins[rows, y] = 0", "    pass",
     "svm_vectorized", ["correct class is counted in the SVM margin"]),
    ("correct_class_in_margin_naive", "linear_svm.py", "            if j == y[i]:\n                continue\n", "",
     "svm_naive", ["loss: expected", "correct class is counted in the SVM margin"]),
    ("softmax_overflow", "softmax.py", "    scores = scores - np.max(scores, axis=1, keepdims=True)", "    pass",
     "softmax_stable", ["NaN or inf", "overflowed on scores near 1000"]),
    ("log10", "softmax.py", "        loss += log_sum - scores[y[i]]",
     "        loss += -np.log10(np.exp(scores[y[i]] - log_sum))", "softmax_lecture_example",
     ["should be 2.04", "np.log10", "0.89"]),
]


@pytest.mark.parametrize("name,file,old,new,part,words", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_mistake_is_caught_and_named(course, t_en, solution_copy, name, file, old, new, part, words):
    code = solution_copy(AID)
    edit(code / file, old, new)
    r = grade_parts(course, code, {part}, t_en)[part]
    assert r.status == "failed" and r.score == 0, (r.status, r.message)
    for w in words:
        assert w in r.message, (w, r.message)


def test_loop_posing_as_vectorized_fails_the_speed_part(course, t_en, solution_copy):
    code = solution_copy(AID)
    start = "    loss = 0.0\n    dW = np.zeros(W.shape)  # initialise the gradient as zero\n"   # svm_loss_vectorized's
    edit(code / "linear_svm.py", start, start + "    return svm_loss_naive(W, X, y, reg)\n")
    results = grade_parts(course, code, {"svm_vectorized", "speed_svm_vectorized"}, t_en)
    assert results["svm_vectorized"].status == "passed"
    speed = results["speed_svm_vectorized"]
    assert speed.status == "failed" and "faster than svm_loss_naive" in speed.message, speed.message


def test_minibatch_sampling_with_or_without_replacement_passes(course, t_en, solution_copy):
    """Real CS231n code often samples with replace=False: the loop is judged on its contract, not on
    reproducing the reference's random numbers."""
    code = solution_copy(AID)
    edit(code / "linear_classifier.py", "\n            idx = np.random.choice(num_train, batch_size, replace=True)",
         "\n            idx = np.random.choice(num_train, batch_size, replace=False)")
    results = grade_parts(course, code, {"softmax_train", "linear_svm_train"}, t_en)
    assert all(r.status == "passed" for r in results.values()), {p: r.message for p, r in results.items()}


@pytest.mark.parametrize("old,new,words", [
    ("self.W -= learning_rate * grad", "self.W += learning_rate * grad", ["iteration 0", "-1 times that"]),
    ("self.W -= learning_rate * grad", "self.W -= 0.5 * learning_rate * grad", ["0.5 times that"]),
    ("y_batch = y[idx]", "y_batch = y[idx[::-1]]", ["labels are not its rows' labels"]),
    ("X_batch = X[idx]", "X_batch = X[:batch_size]", ["used the same rows"]),
], ids=["uphill", "half_step", "labels_of_other_rows", "same_rows"])
def test_training_loop_mistakes_are_named(course, t_en, solution_copy, old, new, words):
    code = solution_copy(AID)
    edit(code / "linear_classifier.py", old, new)
    if "X[:batch_size]" in new:
        edit(code / "linear_classifier.py", "y_batch = y[idx]", "y_batch = y[:batch_size]")
    r = grade_parts(course, code, {"linear_svm_train"}, t_en)["linear_svm_train"]
    assert r.status == "failed" and r.score == 0, r.message
    for w in words:
        assert w in r.message, (w, r.message)


def test_a_broken_loss_costs_only_the_loss_parts(course, t_en, solution_copy):
    """The train part uses the student's own (wrong) gradient; a loss that raises is replaced by a
    stand-in, so the loop is still judged."""
    code = solution_copy(AID)
    edit(code / "linear_svm.py", "dW = X.T.dot(positive) / num_train + 2 * reg * W", "dW = X.T.dot(positive) / num_train")
    edit(code / "softmax.py", "    dscores[rows, y] -= 1\n", "    dscores[rows, y] -= 1\n    raise ValueError('oops')\n")
    results = grade_parts(course, code, {"svm_vectorized", "softmax_vectorized", "linear_svm_train", "softmax_train"},
                          t_en)
    assert results["svm_vectorized"].status == "failed"
    assert results["softmax_vectorized"].status == "crashed"
    assert results["linear_svm_train"].status == "passed", results["linear_svm_train"].message
    assert results["softmax_train"].status == "passed", results["softmax_train"].message


HANG = "\n    while True:\n        pass\n"


@pytest.mark.slow
def test_a_hang_costs_only_the_parts_that_call_the_hanging_function(course, t_en, solution_copy, monkeypatch):
    monkeypatch.setattr(worklimits, "FLOOR_S", 4.0)
    code = solution_copy(AID)
    edit(code / "linear_svm.py", "    num_train = X.shape[0]\n    rows = np.arange(num_train)",
         HANG + "    num_train = X.shape[0]\n    rows = np.arange(num_train)")
    start = time.perf_counter()
    results = by_part(grade_dir(course, AID, code, t_en)[0])
    hung = {"svm_vectorized", "svm_hidden", "speed_svm_vectorized", "linear_svm_train"}
    assert {p for p, r in results.items() if r.status == "timeout"} == hung
    assert all(results[p].status == "passed" for p in set(results) - hung), {
        p: r.message for p, r in results.items() if p not in hung and r.status != "passed"}
    assert "stopped after" in results["svm_vectorized"].message
    assert "linear_svm.svm_loss_vectorized, which this part calls" in results["linear_svm_train"].message
    assert time.perf_counter() - start < 60     # one time limit, not one per part


@pytest.mark.slow
def test_a_module_that_hangs_on_import_costs_two_time_limits(course, t_en, solution_copy, monkeypatch):
    monkeypatch.setattr(worklimits, "FLOOR_S", 4.0)
    code = solution_copy(AID)
    edit(code / "softmax.py", "import numpy as np\n", "import numpy as np\nwhile True:\n    pass\n")
    results = by_part(grade_dir(course, AID, code, t_en)[0])
    ran_out = [p for p, r in results.items() if r.status == "timeout" and "stopped after" in r.message]
    assert len(ran_out) == 2, {p: r.message for p, r in results.items()}
    svm = {"svm_lecture_example", "svm_naive", "svm_vectorized", "svm_hidden", "speed_svm_vectorized"}
    assert all(results[p].status == "passed" for p in svm)
    assert "softmax.py (import)" in results["zoo_softmax"].message or \
        "softmax.softmax_loss_vectorized" in results["zoo_softmax"].message


def test_the_time_budget_ends_a_submission_cleanly(course, solution_copy):
    """Once the time lost to parts that ran out of time reaches the budget, the remaining parts are
    `timeout` (budget) without being run; the time honest parts take never counts."""
    code = solution_copy(AID)
    edit(code / "linear_svm.py", "    num_train = X.shape[0]\n    rows = np.arange(num_train)",
         HANG + "    num_train = X.shape[0]\n    rows = np.arange(num_train)")
    checks = [c for c in load_checks(AID) if c.part in ("svm_naive", "svm_vectorized", "softmax_naive")]
    start = time.perf_counter()
    got, _ = run_checks(AID, code, checks, limits_for(course.assignments[AID]), budget_s=2.0,
                        part_limits={"svm_vectorized": 2.0})
    assert time.perf_counter() - start < 20
    assert got["svm_naive"].status == "ok"
    assert got["svm_vectorized"].status == "timeout" and got["svm_vectorized"].error != BUDGET
    assert got["softmax_naive"].status == "timeout" and got["softmax_naive"].error == BUDGET


def test_samples_build_and_show_their_mistake(course, t_en, tmp_path):
    samples = load_samples(AID)
    assert {s.base for s in samples} == {"solution", "stub"}
    for sample in samples:
        if sample.base == "solution" and sample.edits:
            folder = build_sample(AID, sample, tmp_path)
            part, words = SAMPLE_EXPECT[sample.student]
            r = grade_parts(course, folder, {part}, t_en)[part]
            assert r.status == "failed" and words in r.message, (sample.student, r.message)


SAMPLE_EXPECT = {
    "kang-dohyun": ("svm_vectorized", "regularisation gradient is missing"),
    "윤지우": ("softmax_stable", "overflowed on scores near 1000"),
    "lim seo-yeon": ("svm_naive", "correct class is counted"),
}


def test_check_cli_korean_names_the_mistake(solution_copy):
    code = solution_copy(AID)
    edit(code / "linear_svm.py", "    loss /= num_train\n", "")
    proc = subprocess.run([sys.executable, "-m", "autograder", "check", AID, "--dir", str(code), "--lang", "ko"],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "평균을 내지 않았습니다" in proc.stdout
    assert "Traceback" not in proc.stdout + proc.stderr
