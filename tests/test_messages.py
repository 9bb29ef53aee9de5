"""Statuses and messages (#14 item 6): what a student reads names the real problem, in both languages.

Mistakes are planted in copies of the reference and graded for real (only the parts concerned);
the message helpers are also tried on hand-made outcomes.
"""
from __future__ import annotations

import re
import string

import pytest

from autograder.model.check import STATUSES, Outcome
from autograder.sandbox.child import NONE_VALUE, RETURNED_NONE
from autograder.grading.reference import checks_for, judge_outcomes, part_limits, reference_outcomes
from autograder.grading.run_messages import run_message
from autograder.model.judge import add_hints, digits_to_tell, fmt
from autograder.config.messages import CATALOG, translator
from autograder.sandbox.runner import run_checks
from autograder.sandbox.fences import Limits
from tests.conftest import edit

T_KO = translator("ko")


def grade(course, t, aid: str, code, parts):
    """Grade only `parts` of `aid` on `code`: {part: Result}."""
    assignment = course.assignments[aid]
    checks = [c for c in checks_for(aid, hidden=True) if c.part in parts]
    assert {c.part for c in checks} == set(parts)
    seeds = {c.part: 1234 for c in checks if c.timed}
    reference = reference_outcomes(assignment, checks, seeds)
    limits = Limits(wall_s=60, memory_mb=assignment.memory_mb)
    student, _ = run_checks(aid, code, checks, limits, seeds=seeds, part_limits=part_limits(assignment))
    return {r.part: r for r in judge_outcomes(assignment, checks, student, reference, t)}


def grade_both(course, aid, code, parts):
    """The same grading in English and in Korean (the Korean run must not fall back to English keys)."""
    return grade(course, translator("en"), aid, code, parts), grade(course, T_KO, aid, code, parts)


# ---------------------------------------------------------------- the catalog

def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_message_has_both_languages_with_the_same_fields():
    import autograder.checks as checks
    for aid in ("a1_knn_linear", "a2_svm_softmax", "a3_backprop", "a4_cnn_layers"):
        checks.load_checks(aid)   # their register() calls add the hints
    for key, texts in CATALOG.items():
        assert texts.get("en") and texts.get("ko"), key
        assert _fields(texts["en"]) == _fields(texts["ko"]), key


@pytest.mark.parametrize("status", STATUSES)
def test_every_status_has_a_name_in_both_languages(status):
    assert status in ("passed", "failed") or f"status.{status}" in CATALOG
    for t in (translator("en"), T_KO):
        assert t(f"status.{status}") != f"status.{status}"


def test_new_statuses_exist():
    assert "missing" in STATUSES and "grader_error" in STATUSES


def test_grader_error_says_it_is_not_the_students_mistake():
    en = translator("en")("run.grader_error", error="KeyError: 'x'")
    assert "not your mistake" in en and "KeyError" in en
    assert "잘못이 아니며" in T_KO("run.grader_error", error="KeyError: 'x'")


# ---------------------------------------------------------------- run_message on hand-made outcomes

def _msg(course, outcome, t=None):
    return run_message(outcome, course.assignments["a1_knn_linear"], 10, t or translator("en"))


def test_missing_names_the_file_and_the_function_class_or_method(course):
    assert _msg(course, Outcome("missing", file="linear_svm.py", error="svm_loss_vectorized")).startswith(
        "linear_svm.py has no function svm_loss_vectorized")
    assert "has no class TwoLayerNet" in _msg(course, Outcome("missing", file="fc_net.py", error="TwoLayerNet"))
    msg = _msg(course, Outcome("missing", file="k_nearest_neighbor.py", error="KNearestNeighbor.predict_labels"))
    assert "class KNearestNeighbor has no method or attribute predict_labels" in msg
    assert "함수 svm_loss_vectorized" in _msg(course, Outcome("missing", file="linear_svm.py",
                                                             error="svm_loss_vectorized"), T_KO)


def test_none_results_read_as_not_implemented(course):
    whole = Outcome("not_implemented", error=RETURNED_NONE, where="svm_loss_vectorized", line=0)
    assert _msg(course, whole) == "not implemented yet: svm_loss_vectorized returned None"
    item = Outcome("not_implemented", error=RETURNED_NONE, where="affine_forward", line=1)
    assert _msg(course, item) == "not implemented yet: affine_forward returned None as item 0 of its result"
    assert "dists is None" in _msg(course, Outcome("not_implemented", error=NONE_VALUE, where="dists"))
    assert "None을 반환했습니다" in _msg(course, whole, T_KO)


def test_an_exception_in_the_checks_code_is_not_an_exit_status(course):
    msg = _msg(course, Outcome("crashed", error="TypeError: unsupported operand type(s)"))
    assert "exit status" not in msg and "TypeError" in msg
    assert "exit status 0" in _msg(course, Outcome("crashed", error="0"))


@pytest.mark.parametrize("error,words", [
    ("ModuleNotFoundError: No module named 'past'", "delete the import and use range"),
    ("ModuleNotFoundError: No module named 'cs231n'", "`from layers import ...`"),
    ("ImportError: attempted relative import with no known parent package", "`from layers import ...`"),
])
def test_porting_hints_for_unchanged_cs231n_files(course, error, words):
    msg = _msg(course, Outcome("import_error", file="linear_svm.py", error=error, line=3))
    assert words in msg and "line 3" in msg and "hint: " in msg
    assert "힌트: " in _msg(course, Outcome("import_error", file="linear_svm.py", error=error), T_KO)
    plain = _msg(course, Outcome("import_error", file="x.py", error="ModuleNotFoundError: No module named 'scipy'"))
    assert "hint" not in plain


# ---------------------------------------------------------------- numbers and hints

def test_numbers_show_the_digits_that_differ():
    assert (fmt(4.248, 4.24827), fmt(4.24827, 4.248)) == ("4.248", "4.2483")
    assert fmt(1.0, 1.0 + 1e-12) != fmt(1.0 + 1e-12, 1.0)
    assert fmt(0.123456789) == "0.1235" and fmt(3, 4) == "3"
    assert digits_to_tell(2.0, 2.0) == 4 and digits_to_tell(float("nan"), 1.0) == 4
    assert digits_to_tell(0.1, 0.1 + 2**-56) == 17


def test_hints_are_separated_and_given_once(t_en):
    msg = add_hints("dW[0, 1]: expected 1, got 2", ["a2.hint.reg_grad_missing", "a2.hint.reg_loss_missing",
                                                     "a2.hint.reg_grad_missing"], t_en)
    assert msg.count("; hint: ") == 2
    assert "(add 2 * reg * W to dW); hint: the loss lacks" in msg


# ---------------------------------------------------------------- real grading of planted mistakes

def test_a_function_the_file_lacks_is_missing_and_costs_only_its_parts(course, solution_copy):
    code = solution_copy("a2_svm_softmax")
    edit(code / "linear_svm.py", "def svm_loss_vectorized(", "def svm_loss_vectorised(")
    en, ko = grade_both(course, "a2_svm_softmax", code, ["svm_vectorized", "svm_naive"])
    r = en["svm_vectorized"]
    assert (r.status, r.score) == ("missing", 0)
    assert r.message.startswith("linear_svm.py has no function svm_loss_vectorized"), r.message
    assert "exit status" not in r.message and "AttributeError" not in r.message
    assert "linear_svm.py에 함수 svm_loss_vectorized" in ko["svm_vectorized"].message
    assert "종료 코드" not in ko["svm_vectorized"].message
    assert en["svm_naive"].status == "passed"


def test_a_missing_method_is_missing_but_an_attribute_error_in_the_students_code_is_theirs(course, solution_copy):
    code = solution_copy("a1_knn_linear")
    edit(code / "k_nearest_neighbor.py", "def compute_distances_one_loop(", "def compute_distances_one_loops(")
    edit(code / "linear_score.py", "    scores = X.dot(W) + b\n", "    scores = X.dott(W) + b\n")
    en = grade(course, translator("en"), "a1_knn_linear", code,
               ["dists_one_loop", "linear_scores", "dists_two_loops"])
    r = en["dists_one_loop"]
    assert r.status == "missing", r.message
    assert "class KNearestNeighbor has no method or attribute compute_distances_one_loop" in r.message
    r = en["linear_scores"]
    assert r.status == "crashed" and re.search(r"linear_score\.py:\d+", r.message), r.message
    assert "AttributeError" in r.message
    assert en["dists_two_loops"].status == "passed"


@pytest.mark.parametrize("body,words", [
    ("    return None\n", "not implemented yet: svm_loss_vectorized returned None"),
    ("    return None, None\n", "not implemented yet: svm_loss_vectorized returned None as item 0"),
    ("    pass\n", "not implemented yet: svm_loss_vectorized returned None"),
], ids=["None", "None-None", "pass"])
def test_a_function_that_returns_none_is_not_implemented(course, solution_copy, body, words):
    code = solution_copy("a2_svm_softmax")
    edit(code / "linear_svm.py", "def svm_loss_vectorized(W, X, y, reg):\n",
         "def svm_loss_vectorized(W, X, y, reg):\n" + body + "\n\ndef _old_svm_loss_vectorized(W, X, y, reg):\n")
    en, ko = grade_both(course, "a2_svm_softmax", code, ["svm_vectorized", "svm_naive"])
    r = en["svm_vectorized"]
    assert (r.status, r.score) == ("not_implemented", 0), r.message
    assert r.message.startswith(words), r.message
    assert "None" in ko["svm_vectorized"].message and "아직 구현되지 않았습니다" in ko["svm_vectorized"].message
    assert en["svm_naive"].status == "passed"


def test_the_cs231n_stub_pattern_out_none_is_not_implemented(course, solution_copy):
    code = solution_copy("a3_backprop")
    edit(code / "layers.py", "    out = x.reshape(x.shape[0], -1).dot(w) + b\n", "    out = None\n")
    r = grade(course, translator("en"), "a3_backprop", code, ["affine_forward"])["affine_forward"]
    assert r.status == "not_implemented", r.message
    assert r.message == "not implemented yet: affine_forward returned None as item 0 of its result"


@pytest.mark.parametrize("top,file,words", [
    ("from past.builtins import xrange\n", "linear_svm.py", "delete the import and use range"),
    ("from cs231n.classifiers.softmax import *\n", "linear_svm.py", "`from layers import ...`"),
], ids=["past", "cs231n"])
def test_unchanged_cs231n_imports_get_a_porting_hint(course, solution_copy, top, file, words):
    code = solution_copy("a2_svm_softmax")
    edit(code / file, "import numpy as np\n", "import numpy as np\n" + top)
    en, ko = grade_both(course, "a2_svm_softmax", code, ["svm_vectorized", "softmax_naive"])
    r = en["svm_vectorized"]
    assert r.status == "import_error", r.message
    assert words in r.message and f"{file} failed at line" in r.message, r.message
    assert "힌트: " in ko["svm_vectorized"].message
    assert en["softmax_naive"].status == "passed"


def test_a_small_difference_shows_in_the_digits(course, solution_copy):
    code = solution_copy("a1_knn_linear")
    edit(code / "linear_score.py", "    scores = X.dot(W) + b\n", "    scores = (X.dot(W) + b) * (1 + 3e-6)\n")
    r = grade(course, translator("en"), "a1_knn_linear", code, ["linear_scores"])["linear_scores"]
    assert r.status == "failed"
    m = re.search(r"expected (\S+), got (\S+) \(", r.message)
    assert m and m.group(1) != m.group(2), r.message
    assert float(m.group(1)) == pytest.approx(r.details["expected"], rel=1e-4)


def _numeric_claim(message: str):
    """(agrees?, rel, tol) from the gradient judge's sentence about the numerical gradient."""
    m = re.search(r"relative error (\S+), (?:below|over) the (\S+) this check allows", message)
    assert m and (" agrees with" in message) != ("disagrees with" in message), message
    return "disagrees" not in message, float(m.group(1)), float(m.group(2))


@pytest.mark.parametrize("edits,agrees", [
    ([(" + 2 * reg * W ", " ")], False),                                       # backward wrong, loss right
    ([(" + 2 * reg * W ", " "), (" + reg * np.sum(W * W)", "")], True),         # both lack reg
], ids=["grad-only", "loss-and-grad"])
def test_the_gradient_message_agrees_with_its_own_threshold(course, solution_copy, edits, agrees):
    code = solution_copy("a2_svm_softmax")
    text = (code / "linear_svm.py").read_text()
    start = text.index("def svm_loss_vectorized(")
    head, tail = text[:start], text[start:]
    for old, new in edits:
        assert old in tail, old
        tail = tail.replace(old, new, 1)
    (code / "linear_svm.py").write_text(head + tail)
    r = grade(course, translator("en"), "a2_svm_softmax", code, ["svm_vectorized"])["svm_vectorized"]
    assert r.status == "failed"
    said, rel, tol = _numeric_claim(r.message)
    assert said == agrees and (rel < tol) == agrees, r.message
    assert "1e-7 is good" not in r.message
    assert r.message.count("hint: ") >= 1 and "hint: hint" not in r.message
    if len(edits) == 2:   # two mistakes, two hints, each after its own "; hint: "
        assert r.message.count("; hint: ") == 2, r.message


def test_the_tie_hint_only_where_a_vote_can_tie(course, solution_copy):
    code = solution_copy("a1_knn_linear")
    edit(code / "k_nearest_neighbor.py", '            nearest = np.argsort(dists[i], kind="stable")[:k]\n',
         '            nearest = np.argsort(dists[i], kind="stable")[:k] if k > 1 else [np.argmax(dists[i])]\n')
    r = grade(course, translator("en"), "a1_knn_linear", code, ["predict_labels"])["predict_labels"]
    assert r.status == "failed" and r.message.startswith("k1"), r.message
    assert "tie" not in r.message
    edit(code / "k_nearest_neighbor.py", "if k > 1 else [np.argmax(dists[i])]", "")
    edit(code / "k_nearest_neighbor.py", "y_pred[i] = np.argmax(np.bincount(closest_y))",
         "y_pred[i] = len(np.bincount(closest_y)) - 1 - np.argmax(np.bincount(closest_y)[::-1])")
    r = grade(course, translator("en"), "a1_knn_linear", code, ["predict_labels"])["predict_labels"]
    assert r.status == "failed" and r.message.startswith("k3"), r.message
    assert "hint: a tie in the vote" in r.message


def test_the_issues_conv_layers_example_reads_missing_in_both_languages(course, solution_copy):
    code = solution_copy("a4_cnn_layers")
    edit(code / "conv_layers.py", "def conv_forward_naive(", "def conv_forward_naif(")
    en, ko = grade_both(course, "a4_cnn_layers", code, ["conv_forward_naive", "conv_forward_im2col"])
    r = en["conv_forward_naive"]
    assert r.status == "missing", r.message
    assert r.message.startswith("conv_layers.py has no function conv_forward_naive"), r.message
    assert "process ended" not in r.message
    assert ko["conv_forward_naive"].message.startswith("conv_layers.py에 함수 conv_forward_naive이(가) 없습니다")
    assert en["conv_forward_im2col"].status == "passed"


def test_a5_without_build_model_is_missing(course, solution_copy):
    pytest.importorskip("torch")
    code = solution_copy("a5_cifar10_gpu")
    edit(code / "model.py", "def build_model():", "def make_model():")
    r = grade(course, translator("en"), "a5_cifar10_gpu", code, ["model_loads"])["model_loads"]
    assert r.status == "missing", r.message
    assert r.message.startswith("model.py has no function build_model"), r.message
