"""a4_cnn_layers: the reference passes, the stub fails, and typical mistakes are caught and named."""
import importlib.util
import secrets

import numpy as np
import pytest

from autograder.checks import load_checks
from autograder.grading.reference import judge_outcomes, limits_for, part_limits, reference_outcomes
from autograder.config.paths import SOLUTIONS
from autograder.sandbox.runner import run_checks
from tests.data.samples import build_sample, load_samples
from tests.conftest import by_part, edit, grade_reference, grade_stub

AID = "a4_cnn_layers"
NAIVE_CROP = "    dx = dx_pad[:, :, pad:pad + H, pad:pad + W]\n    ### END SOLUTION\n    return dx, dw, db\n\n\ndef max_pool"
IM2COL_CROP = "HH, WW, stride, H_out, W_out)\n    dx = dx_pad[:, :, pad:pad + H, pad:pad + W]\n"
POOL_ROUTE = ("            k = np.argmax(window, axis=2)                       # (N, C): first maximum\n"
              "            dx[n_idx, c_idx, hs + k // pw, ws + k % pw] += dout[:, :, i, j]\n")


def grade_parts(course, code, parts, t):
    """grade_dir restricted to some parts, so that a mistake's test runs only what it needs."""
    assignment = course.assignments[AID]
    checks = [c for c in load_checks(AID) if c.part in parts]
    seeds = {c.part: secrets.randbelow(2**31) for c in checks if c.timed}
    reference = reference_outcomes(assignment, checks, seeds)
    student, _ = run_checks(AID, code, checks, limits_for(assignment), seeds=seeds,
                            part_limits=part_limits(assignment))
    return by_part(judge_outcomes(assignment, checks, student, reference, t))


def reference_module(name):
    spec = importlib.util.spec_from_file_location(f"a4_ref_{name}", SOLUTIONS / AID / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lecture_examples_on_the_reference():
    layers = reference_module("conv_layers")
    f = layers.conv_output_size
    assert [f(7, 3, 1, 0), f(7, 3, 2, 0), f(7, 3, 1, 1), f(32, 5, 1, 2), f(227, 11, 4, 0)] == [5, 3, 7, 32, 55]
    assert all(type(v) is int for v in (f(7, 3, 1, 0), f(227, 11, 4, 0)))
    with pytest.raises(ValueError):
        f(7, 3, 3, 0)
    x = np.array([[1, 1, 2, 4], [5, 6, 7, 8], [3, 2, 1, 0], [1, 2, 3, 4]], dtype=float)[None, None]
    out, _ = layers.max_pool_forward_naive(x, {"pool_height": 2, "pool_width": 2, "stride": 2})
    assert out[0, 0].tolist() == [[6, 8], [3, 4]]


@pytest.mark.slow
def test_reference_passes_every_check_in_time(course, t_en):
    speed = grade_reference(course, AID, t_en, within_s=60)["speed_im2col"]
    assert speed.details["ratio"] >= 20


@pytest.mark.slow
def test_stub_fails_every_graded_check_as_not_implemented(course, t_en):
    grade_stub(course, AID, t_en)


def test_padding_forgotten_in_backward_is_named(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "conv_layers.py", NAIVE_CROP, NAIVE_CROP.replace("dx_pad[:, :, pad:pad + H, pad:pad + W]", "dx_pad"))
    results = grade_parts(course, code, {"conv_forward_naive", "conv_backward_naive"}, t_en)
    r = results["conv_backward_naive"]
    assert r.status == "failed" and r.score == 0
    assert "dx has the shape of the padded input" in r.message
    assert "expected shape (2, 2, 5, 5), got (2, 2, 7, 7)" in r.message
    assert results["conv_forward_naive"].status == "passed"


def test_pad_minus_pad_slice_with_pad_zero_is_named(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "conv_layers.py", IM2COL_CROP,
         IM2COL_CROP.replace("dx_pad[:, :, pad:pad + H, pad:pad + W]", "dx_pad[:, :, pad:-pad, pad:-pad]"))
    r = grade_parts(course, code, {"conv_backward_im2col"}, t_en)["conv_backward_im2col"]
    assert r.status == "failed"
    assert "dx is empty: with pad = 0" in r.message


def test_flipped_kernel_is_named(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "conv_layers.py", "np.sum(window * w[f]) + b[f]", "np.sum(window * w[f, :, ::-1, ::-1]) + b[f]")
    results = grade_parts(course, code, {"conv_forward_naive", "conv_forward_im2col"}, t_en)
    r = results["conv_forward_naive"]
    assert r.status == "failed" and r.score == 0
    assert "filter flipped" in r.message and "cross-correlation" in r.message
    assert "out_0[" in r.message and "expected" in r.message
    assert results["conv_forward_im2col"].status == "passed"


def test_pool_gradient_to_every_element_is_named(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "conv_layers.py", POOL_ROUTE,
         "            dx[:, :, hs:hs + ph, ws:ws + pw] += dout[:, :, i, j][:, :, None, None]\n")
    results = grade_parts(course, code, {"max_pool_forward_naive", "max_pool_backward_naive", "max_pool_ties"}, t_en)
    r = results["max_pool_backward_naive"]
    assert r.status == "failed"
    assert "your out_0 matches, your dx_0 does not" in r.message
    assert "every element of the window" in r.message
    assert "numerical gradient" in r.message
    assert results["max_pool_ties"].status == "failed"
    assert results["max_pool_forward_naive"].status == "passed"


def test_pool_gradient_to_every_tied_maximum_is_named(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "conv_layers.py", POOL_ROUTE,
         "            win = x[:, :, hs:hs + ph, ws:ws + pw]\n"
         "            mask = win == np.max(win, axis=(2, 3), keepdims=True)\n"
         "            dx[:, :, hs:hs + ph, ws:ws + pw] += mask * dout[:, :, i, j][:, :, None, None]\n")
    results = grade_parts(course, code, {"max_pool_backward_naive", "max_pool_ties"}, t_en)
    assert results["max_pool_backward_naive"].status == "passed"   # no ties in continuous inputs
    r = results["max_pool_ties"]
    assert r.status == "failed"
    assert "every tied maximum" in r.message


def test_conv_output_size_must_raise_when_not_whole(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "conv_layers.py", "    if S < 1 or span < 0 or span % S != 0:\n", "    if S < 1 or span < 0:\n")
    edit(code / "conv_layers.py", "    return span // S + 1\n", "    return int(span / S) + 1\n")
    r = grade_parts(course, code, {"conv_output_size"}, t_en)["conv_output_size"]
    assert r.status == "failed"
    assert "conv_output_size(7, 3, 3, 0) should raise ValueError" in r.message


def test_reg_without_the_half_is_named(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "cnn.py", "loss += 0.5 * self.reg *", "loss += self.reg *")
    r = grade_parts(course, code, {"convnet_loss"}, t_en)["convnet_loss"]
    assert r.status == "failed"
    assert "0.5 * reg * sum(W * W)" in r.message


def test_network_that_cannot_learn_fails_overfit(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "cnn.py", "dact1 = max_pool_backward_naive(dpool, pool_cache)",
         "dact1 = 0 * max_pool_backward_naive(dpool, pool_cache)")
    edit(code / "cnn.py", 'grads["W2"], grads["b2"] = affine_backward', 'grads["W2"], _ = affine_backward')
    edit(code / "cnn.py", "grads[name] = grads[name] + self.reg * self.params[name]",
         "grads[name] = 0 * grads[name] if name == 'W2' else grads[name]\n"
         "        grads['b2'] = 0 * grads['b1'][:1] + np.zeros_like(self.params['b2'])")
    results = grade_parts(course, code, {"convnet_overfit"}, t_en)
    r = results["convnet_overfit"]
    assert r.status == "failed" and r.score < 10
    assert "training accuracy on 50 images" in r.message


@pytest.mark.slow
def test_naive_posing_as_im2col_fails_the_speed_part(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "conv_layers.py", "    x, w, b, conv_param, cols = cache\n",
         "    x, w, b, conv_param, cols = cache\n    return conv_backward_naive(dout, (x, w, b, conv_param))\n")
    results = grade_parts(course, code, {"conv_backward_im2col", "speed_im2col"}, t_en)
    assert results["conv_backward_im2col"].status == "passed"
    speed = results["speed_im2col"]
    assert speed.status == "failed", speed.message
    assert "faster than conv_forward_naive" in speed.message
    assert speed.details["ratio"] < 20


def test_samples_build_and_make_their_mistake(tmp_path):
    samples = load_samples(AID)
    assert len(samples) >= 5
    for sample in samples:
        folder = build_sample(AID, sample, tmp_path)
        assert (folder / "conv_layers.py").is_file() and (folder / "cnn.py").is_file()


def test_initialisation_scale_is_checked(course, t_en, solution_copy):
    code = solution_copy(AID)
    edit(code / "cnn.py", 'self.params["W3"] = weight_scale * np.random.randn', 'self.params["W3"] = np.random.randn')
    r = grade_parts(course, code, {"convnet_loss"}, t_en)["convnet_loss"]
    assert r.status == "failed"
    assert "W3 should be drawn with standard deviation weight_scale = 0.05" in r.message


def test_a_net_that_learns_nothing_scores_nothing_whatever_it_does_to_numpy(course, t_en, tmp_path):
    """convnet_overfit's accuracy is computed in the parent from the raw scores, against labels the
    parent makes from the seed: replacing np.mean and np.argmax in the child gains nothing."""
    from tests.test_a3_backprop import CHEAT_NET
    code = tmp_path / "cheat"
    code.mkdir()
    (code / "cnn.py").write_text(CHEAT_NET.format(cls="ThreeLayerConvNet"))
    r = grade_parts(course, code, {"convnet_overfit"}, t_en)["convnet_overfit"]
    assert r.score == 0 and r.status == "failed", (r.status, r.message)
    assert "training accuracy on 50 images" in r.message and r.details["value"] < 0.3
