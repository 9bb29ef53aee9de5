"""The torch stand-ins a3's two-layer-net parts run with: they compute what the reference layers
compute (so the parts keep their expected values), and `stand_ins` puts the student's own back."""
import sys
import types

import numpy as np

from autograder.checks import a3_backprop as checks
from autograder.model.per_function import stand_ins
from autograder.config.paths import SOLUTIONS

AID = "a3_backprop"


def reference_layers():
    sys.path.insert(0, str(SOLUTIONS / AID))
    try:
        import layers
        return layers
    finally:
        sys.path.remove(str(SOLUTIONS / AID))
        sys.modules.pop("layers", None)


def test_stand_ins_agree_with_the_reference_layers():
    ref, mine = reference_layers(), checks.stand_in_layers()
    rng = np.random.default_rng(3)
    x, w, b = rng.standard_normal((4, 2, 3)), rng.standard_normal((6, 5)), rng.standard_normal(5)
    dout = rng.standard_normal((4, 5))
    (out, cache), (ref_out, ref_cache) = mine["affine_forward"](x, w, b), ref.affine_forward(x, w, b)
    assert np.allclose(out, ref_out, rtol=1e-12)
    for got, want in zip(mine["affine_backward"](dout, cache), ref.affine_backward(dout, ref_cache)):
        assert got.shape == want.shape and np.allclose(got, want, rtol=1e-12)
    (r, r_cache), (ref_r, ref_r_cache) = mine["relu_forward"](out), ref.relu_forward(ref_out)
    assert np.allclose(r, ref_r, rtol=1e-12)
    assert np.allclose(mine["relu_backward"](dout, r_cache), ref.relu_backward(dout, ref_r_cache), rtol=1e-12)
    y = rng.integers(0, 5, 4)
    (loss, dx), (ref_loss, ref_dx) = mine["softmax_loss"](out, y), ref.softmax_loss(ref_out, y)
    assert np.isclose(loss, ref_loss, rtol=1e-12) and np.allclose(dx, ref_dx, rtol=1e-10)


def test_stand_ins_replace_only_names_a_module_has_and_put_them_back():
    own = lambda *a: "student"
    module = types.ModuleType("fc_net")
    module.affine_forward = own
    with stand_ins([module], {"affine_forward": lambda *a: "stand-in", "softmax_loss": lambda *a: None}):
        assert module.affine_forward() == "stand-in" and not hasattr(module, "softmax_loss")
    assert module.affine_forward is own
