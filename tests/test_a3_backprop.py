"""a3_backprop: the reference passes, the stub fails, typical mistakes are caught and named,
and the notebook runs and is accepted by nbgrader."""
import json
import subprocess
import sys

import numpy as np
import pytest

from autograder.checks import a3_backprop as checks
from autograder.grading.reference import grade_dir
from autograder.config.paths import ASSIGNMENTS, ROOT, SOLUTIONS
from tests.conftest import by_part, edit, grade_reference, grade_stub

AID = "a3_backprop"
BN_DX = "dx = (dx_hat - dx_hat.mean(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0) / N) / std"
DROPOUT_MASK = "mask = (np.random.rand(*x.shape) < p) / p"


def test_reference_passes_every_check_quickly(course, t_en):
    results = grade_reference(course, AID, t_en, within_s=30)
    assert any(r.hidden for r in results.values())


def test_stub_fails_every_graded_check_as_not_implemented(course, t_en):
    grade_stub(course, AID, t_en)


def test_lecture_numbers_hold_for_the_reference():
    """The slide's numbers, typed by hand, against the reference layers (no child process)."""
    sys.path.insert(0, str(SOLUTIONS / AID))
    try:
        import layers
        x, w, b = np.array([[5.0]]), np.array([[-2.0]]), np.array([3.0])
        f, cache = layers.affine_forward(x, w, b)
        dx, dw, db = layers.affine_backward(np.ones((1, 1)), cache)
        assert (f.item(), dx.item(), dw.item(), db.item()) == (-7.0, -2.0, 5.0, 1.0)
        z, c1 = layers.affine_forward(np.array([[2.0, 5.0]]), np.array([[0.5], [0.1]]), np.zeros(1))
        a, c2 = layers.sigmoid_forward(z)
        dz = layers.sigmoid_backward(2 * a, c2)
        _, dw, _ = layers.affine_backward(dz, c1)
        assert z.item() == 1.5 and round(a.item(), 3) == 0.818
        assert round(2 * a.item(), 2) == 1.64 and round(dz.item(), 3) == 0.244
        assert np.allclose(dw.ravel(), [0.488, 1.22], atol=1e-3)
    finally:
        sys.path.remove(str(SOLUTIONS / AID))
        sys.modules.pop("layers", None)


# (id, file, old, new, the part that must fail, words its message must contain)
MISTAKES = [
    ("bn_missing_mean_var_terms", "layers.py", BN_DX, "dx = dx_hat / std",
     "batchnorm_backward", "missing the mean/variance terms"),
    ("bn_missing_variance_term", "layers.py", BN_DX, "dx = (dx_hat - dx_hat.mean(axis=0)) / std",
     "batchnorm_backward", "missing the mean/variance terms"),
    ("dropout_not_inverted", "layers.py", DROPOUT_MASK, "mask = (np.random.rand(*x.shape) < p) * 1.0",
     "dropout_forward", "not inverted"),
    ("dropout_at_test_time", "layers.py", "        ### BEGIN SOLUTION\n        out = x\n",
     "        ### BEGIN SOLUTION\n        out = x * (np.random.rand(*x.shape) < p) / p\n",
     "dropout_forward", "applied at test time"),
    ("dropout_p_is_drop", "layers.py", DROPOUT_MASK, "mask = (np.random.rand(*x.shape) >= p) / p",
     "dropout_forward", "probability of keeping"),
    ("dropout_backward_not_inverted", "layers.py", "dx = dout * mask", "dx = dout * (mask != 0)",
     "dropout_backward", "not inverted"),
    ("adam_no_bias_correction", "optim.py", 'm_hat = config["m"] / (1 - beta1 ** t)\n    v_hat = config["v"] / (1 - beta2 ** t)',
     'm_hat = config["m"]\n    v_hat = config["v"]', "adam", "without bias correction"),
    ("adam_t_from_zero", "optim.py", 'config["t"] += 1\n    t = config["t"]', 't = config["t"]\n    config["t"] += 1',
     "adam", "first step uses t = 1"),
    ("momentum_sign_flipped", "optim.py", "    next_w = w + v\n    ### END", "    next_w = w - v\n    ### END", "sgd_momentum", "momentum sign flipped"),
    ("momentum_velocity_sign", "optim.py", 'v = config["momentum"] * v - config["learning_rate"] * dw',
     'v = config["momentum"] * v + config["learning_rate"] * dw', "sgd_momentum", "momentum sign flipped"),
    ("nesterov_as_plain_momentum", "optim.py", "next_w = w - mu * v_prev + (1 + mu) * v", "next_w = w + v",
     "nesterov_momentum", "plain momentum"),
    ("rmsprop_eps_inside_sqrt", "optim.py",
     'next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])\n    ### END SOLUTION\n    return next_w, config\n\n\ndef adam',
     'next_w = w - config["learning_rate"] * dw / np.sqrt(config["cache"] + config["epsilon"])\n    ### END SOLUTION\n    return next_w, config\n\n\ndef adam',
     "rmsprop", "epsilon outside the square root"),
    ("svm_counts_correct_class", "layers.py", "    margins[np.arange(N), y] = 0\n", "",
     "svm_loss", "correct class is counted"),
    ("svm_not_averaged", "layers.py", "loss = np.sum(margins) / N", "loss = np.sum(margins)",
     "svm_loss", "not averaged"),
    ("softmax_overflows", "layers.py", "shifted = x - np.max(x, axis=1, keepdims=True)", "shifted = x",
     "softmax_loss_large_scores", "subtract each row's maximum"),
    ("softmax_log10", "layers.py", "loss = -np.sum(log_probs[np.arange(N), y]) / N",
     "loss = -np.sum(log_probs[np.arange(N), y]) / N / np.log(10)", "softmax_loss", "log10"),
    ("reg_gradient_missing", "fc_net.py", 'grads["W1"] += self.reg * W1\n        grads["W2"] += self.reg * W2\n', "",
     "two_layer_reg", "regularisation gradient"),
    ("reg_gradient_off_by_2", "fc_net.py", 'grads["W1"] += self.reg * W1', 'grads["W1"] += 2 * self.reg * W1',
     "two_layer_reg", "regularisation gradient"),
    ("reg_loss_without_half", "fc_net.py", "loss += 0.5 * self.reg *", "loss += self.reg *",
     "two_layer_reg", "0.5 * reg"),
    ("affine_dx_not_reshaped", "layers.py", "dx = dout.dot(w.T).reshape(x.shape)", "dx = dout.dot(w.T)",
     "affine_backward", "reshape"),
    ("sigmoid_backward_wrong", "layers.py", "dx = dout * out * (1 - out)", "dx = dout * out",
     "lecture_sigmoid_neuron", "the lecture's example"),
]


@pytest.mark.parametrize("name,file,old,new,part,words", MISTAKES, ids=[m[0] for m in MISTAKES])
def test_typical_mistake_is_caught_and_named(course, t_en, solution_copy, name, file, old, new, part, words):
    code = solution_copy(AID)
    edit(code / file, old, new)
    results = by_part(grade_dir(course, AID, code, t_en)[0])
    r = results[part]
    assert r.status == "failed", (r.status, r.message)
    assert r.score == 0
    assert words in r.message, r.message
    assert results["affine_forward"].status == "passed"      # one mistake costs its parts, not the others


def test_backward_message_says_forward_is_right_and_gives_numeric_error(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "layers.py", BN_DX, "dx = dx_hat / std")
    r = by_part(grade_dir(course, AID, code, t_en)[0])["batchnorm_backward"]
    assert "your out matches, your dx does not" in r.message
    assert "disagrees with the numerical gradient of your own out" in r.message
    assert r.details["rel_error_numeric"] > 1e-3


def test_forward_bug_is_told_apart_from_backward_bug(course, t_en, solution_copy):
    """A wrong loss with a backward that matches its own numerical gradient: the forward is blamed."""
    code = solution_copy(AID)
    edit(code / "layers.py", "loss = np.sum(margins) / N", "loss = np.sum(margins) / N * 2")
    edit(code / "layers.py", "    dx /= N\n    ### END SOLUTION\n    return loss, dx\n\n\ndef softmax_loss",
         "    dx /= N / 2\n    ### END SOLUTION\n    return loss, dx\n\n\ndef softmax_loss")
    r = by_part(grade_dir(course, AID, code, t_en)[0])["svm_loss"]
    assert r.status == "failed"
    assert "so the loss itself is wrong" in r.message, r.message


def test_korean_messages_name_the_mistake(course, solution_copy):
    from autograder.config.messages import translator
    code = solution_copy(AID)
    edit(code / "optim.py", "    next_w = w + v\n    ### END", "    next_w = w - v\n    ### END")
    r = by_part(grade_dir(course, AID, code, translator("ko"))[0])["sgd_momentum"]
    assert "모멘텀의 부호가 뒤집혔습니다" in r.message


def test_every_message_has_both_languages():
    from autograder.config.messages import CATALOG
    keys = [k for k in CATALOG if k.startswith("a3.")]
    assert len(keys) > 20
    assert all(CATALOG[k]["en"] and CATALOG[k]["ko"] for k in keys)


@pytest.mark.slow
def test_samples_build_and_grade_as_described(course, t_en, tmp_path):
    from tests.data.samples import build_sample, load_samples
    samples = load_samples(AID)
    assert len(samples) >= 6
    for sample in samples:
        folder = build_sample(AID, sample, tmp_path)
        results = grade_dir(course, AID, folder, t_en)[0]
        failed = [r for r in results if r.status != "passed"]
        if sample.base == "stub":
            assert all(r.status == "not_implemented" for r in results)
        elif sample.edits:
            assert failed and all(r.status == "failed" for r in failed), sample.student
        else:
            assert not failed, (sample.student, [(r.part, r.message) for r in failed])


def test_check_cli_exit_status(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "autograder", "check", AID, "--dir", str(SOLUTIONS / AID),
                         "--lang", "en"], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "lecture_sigmoid_neuron" in ok.stdout and "All " in ok.stdout
    stub = subprocess.run([sys.executable, "-m", "autograder", "check", AID, "--lang", "ko"],
                          cwd=ROOT, capture_output=True, text=True)
    assert stub.returncode == 1
    assert "아직 구현되지 않음" in stub.stdout
    assert "Traceback" not in stub.stdout + stub.stderr


def test_student_release_has_no_solution_and_keeps_the_interface():
    for name in ("layers.py", "optim.py", "fc_net.py"):
        text = (ASSIGNMENTS / AID / name).read_text()
        assert "### BEGIN SOLUTION" not in text and "raise NotImplementedError()" in text
    assert "np.sum(dx_hat * x_hat" not in (ASSIGNMENTS / AID / "layers.py").read_text()
    assert "1 - beta1 ** t" in (ASSIGNMENTS / AID / "optim.py").read_text()     # the docstring tells the formula
    nb = json.loads((ASSIGNMENTS / AID / f"{AID}.ipynb").read_text())
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")


def test_notebook_cells_have_nbgrader_metadata():
    nb = json.loads((SOLUTIONS / AID / f"{AID}.ipynb").read_text())
    assert nb["metadata"]["kernelspec"]["name"] == "python3"
    meta = [c["metadata"].get("nbgrader") for c in nb["cells"]]
    graded = [m for m in meta if m and m["grade"]]
    solutions = [m for m in meta if m and m["solution"]]
    assert graded and solutions
    assert all(m["schema_version"] == 3 and m["locked"] and m["points"] > 0 for m in graded if not m["solution"])
    ids = [m["grade_id"] for m in meta if m]
    assert len(ids) == len(set(ids))
    assert all(not c.get("outputs") for c in nb["cells"] if c["cell_type"] == "code")


def test_hidden_parts_are_few_and_marked():
    hidden = [c.part for c in checks.CHECKS if c.hidden]
    assert 0 < len(hidden) < len(checks.CHECKS) // 3


CHEAT_NET = '''import numpy as np


class {cls}:
    """Learns nothing: zero weights, zero gradients; replaces np.mean to fake a perfect accuracy."""

    def __init__(self, *args, num_classes=10, **kwargs):
        self.num_classes = num_classes
        self.params = {{"W1": np.zeros((1, 1)), "b1": np.zeros(1)}}

    def loss(self, X, y=None):
        scores = np.zeros((len(X), self.num_classes))
        if y is None:
            return scores
        return 0.0, {{name: np.zeros_like(p) for name, p in self.params.items()}}


np.mean = lambda *a, **k: 1.0
np.argmax = lambda a, axis=None, **k: np.zeros(len(a), dtype=int) if axis == 1 else 0
'''


def test_a_net_that_learns_nothing_scores_nothing_whatever_it_does_to_numpy(course, t_en, tmp_path):
    """The accuracy is the parent's: replacing np.mean in the child (which gave full points when the
    child computed it) changes nothing."""
    code = tmp_path / "cheat"
    code.mkdir()
    (code / "fc_net.py").write_text(CHEAT_NET.format(cls="TwoLayerNet"))
    r = by_part(grade_dir(course, AID, code, t_en)[0])["two_layer_xor"]
    assert r.score == 0 and r.status == "failed", (r.status, r.message)
    assert r.details["value"] == 0.5 and "XOR training accuracy 0.5" in r.message     # argmax 0 on [0, 1, 1, 0]


def test_xor_accuracy_is_judged_from_the_scores_in_the_parent(t_en, course):
    from autograder.model.check import JudgeContext
    ctx = JudgeContext(t=t_en, part=course.assignments[AID].parts["two_layer_xor"])
    judge_ = next(c for c in checks.CHECKS if c.part == "two_layer_xor").judge
    right = np.eye(2)[checks.XOR_Y] * 3.0
    assert judge_({"scores": right}, {}, ctx).fraction == 1.0
    assert judge_({"scores": right[:, ::-1]}, {}, ctx).fraction == 0.0
    assert judge_({"accuracy": np.float64(1.0)}, {}, ctx).fraction == 0.0          # the old reply earns nothing
    bad = judge_({"scores": np.zeros((400000, 2))}, {}, ctx)
    assert bad.fraction == 0.0 and "expected shape (4, 2)" in bad.message
    assert judge_({"scores": np.full((4, 2), np.nan)}, {}, ctx).fraction == 0.0


HOSTILE_OPTIM = '''import importlib.util
import sys

from autograder.model import mistakes


def _simulators():
    module = mistakes._private("a3_backprop") or sys.modules.get("autograder_private_mistakes_a3_backprop")
    if module is None:
        spec = importlib.util.spec_from_file_location("stolen", str(mistakes.PRIVATE / "a3_backprop.py"))
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


_m = _simulators()
sgd, sgd_momentum, nesterov_momentum = _m._sgd_uphill, _m._momentum(), _m._momentum(nesterov=True)
adagrad, rmsprop, adam = _m._scaled(), _m._scaled(0.99), _m._adam()
'''


def test_the_hints_simulators_are_out_of_a_submissions_reach(course, t_en, tmp_path):
    """The checks module the child imports holds no optimiser, and the private simulators (correct
    optimisers with a flag) cannot be loaded from the child: every optimiser part scores 0."""
    assert not any(hasattr(checks, name) for name in ("_momentum", "_scaled", "_adam", "_sgd_uphill", "OPTIM_MISTAKES"))
    from autograder.model import mistakes
    assert mistakes.has_private(AID)          # the parent has them (and computes the hints with them)
    code = tmp_path / "hostile"
    code.mkdir()
    (code / "optim.py").write_text(HOSTILE_OPTIM)
    results = by_part(grade_dir(course, AID, code, t_en)[0])
    for part in ("sgd", "sgd_momentum", "nesterov_momentum", "adagrad", "rmsprop", "adam", "optim_hidden"):
        assert results[part].score == 0, (part, results[part].status, results[part].message)
