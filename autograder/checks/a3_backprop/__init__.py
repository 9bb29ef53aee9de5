"""Checks of a3_backprop: layers, optimisers and a two-layer net.

Calls run in the child on the student's `layers.py`, `optim.py` and `fc_net.py`. Every backward
pass also returns the centred numerical gradient (h = 1e-5) of the student's OWN forward, so the
judge can say whether the forward or the backward is wrong. Judges run in the parent; they get the
seed the call ran with and its inputs rebuilt from it (`ctx.seed`, `ctx.given`: never trusting the
child for them) and recognise typical mistakes by what each mistake returns on them: computed by
the private simulators (solutions/mistakes/), or read from the arrays a student zip ships, never by
code in this package (autograder.model.mistakes). The net's loss parts run TwoLayerNet.loss with
stand-in layers computed by torch (`net.stand_in_layers`), so that a wrong layer costs only the
layer's own parts.

Modules: `messages` (hints and sentences), `lecture`, `layers` (affine, activations, batchnorm),
`dropout`, `losses`, `optimisers`, `net`; `hidden` holds what only hidden checks use (staff-only).
"""
from __future__ import annotations

from autograder.checks.a3_backprop import messages  # noqa: F401  (registers the messages)
from autograder.checks.a3_backprop.dropout import (dropout_backward_call, dropout_backward_judge,
                                                   dropout_forward_call, dropout_forward_judge, dropout_inputs,
                                                   dropout_small)
from autograder.checks.a3_backprop.hidden import activations_hidden, optim_hidden
from autograder.checks.a3_backprop.layers import (ACTIVATIONS, AFFINE_BACKWARD, BATCHNORM_BACKWARD,
                                                  BATCHNORM_FORWARD, activation_call, activation_judge,
                                                  affine_backward_call, affine_forward_call, batchnorm_backward_call,
                                                  batchnorm_forward_call)
from autograder.checks.a3_backprop.lecture import LECTURE_NEURON, LECTURE_WX_B, lecture_sigmoid_neuron, lecture_wx_b
from autograder.checks.a3_backprop.losses import loss_call, loss_given, loss_judge
from autograder.checks.a3_backprop.net import (XOR_Y, stand_in_layers, two_layer_init, two_layer_init_judge,
                                               two_layer_inputs, two_layer_judge, two_layer_loss_call, two_layer_xor,
                                               xor_judge)
from autograder.checks.a3_backprop.optimisers import OPTIM_DEFAULTS, OPTIM_JUDGE, optim_call
from autograder.model import judge
from autograder.model.check import Check

__all__ = ["CHECKS", "XOR_Y", "stand_in_layers"]

TORCH_STAND_INS = "runs with stand-in layers (affine, relu, softmax_loss computed by torch), so only fc_net.py counts"

CHECKS = [
    Check("lecture_wx_b", lecture_wx_b, judge.lecture(LECTURE_WX_B, rtol=1e-9),
          doc="the lecture's f = wx + b at w = -2, x = 5, b = 3: df/dx = -2, df/dw = 5, df/db = 1"),
    Check("lecture_sigmoid_neuron", lecture_sigmoid_neuron, judge.lecture(LECTURE_NEURON, rtol=2e-3),
          doc="the lecture's sigmoid neuron: 1.5, 0.818, 1.636, 0.244, dw = (0.488, 1.22)"),
    Check("affine_forward", affine_forward_call, judge.close(), seed=11, doc="affine_forward on (3, 4, 5) inputs"),
    Check("affine_backward", affine_backward_call(), AFFINE_BACKWARD, seed=12,
          doc="affine_backward against the reference and the numerical gradient"),
    Check("affine_backward_hidden", affine_backward_call((1, 3, 2, 2), 3), AFFINE_BACKWARD,
          hidden=True, seed=13, doc="affine_backward with one example of shape (3, 2, 2)"),
    *[Check(name, activation_call(name), activation_judge(name), seed=20 + i,
            doc=f"{name}_forward and {name}_backward (numerical gradient check)")
      for i, name in enumerate(ACTIVATIONS)],
    Check("activations_hidden", activations_hidden, judge.close(rtol=1e-6, atol=1e-12), hidden=True, seed=26,
          doc="sigmoid, tanh and ELU on inputs up to 800 in size: no overflow"),
    Check("batchnorm_forward", batchnorm_forward_call, BATCHNORM_FORWARD, seed=30,
          doc="batchnorm_forward in train and test mode, running averages, eps and momentum"),
    Check("batchnorm_backward", batchnorm_backward_call(), BATCHNORM_BACKWARD, seed=31,
          doc="batchnorm_backward against the reference and the numerical gradient"),
    Check("batchnorm_backward_hidden", batchnorm_backward_call(2, 3), BATCHNORM_BACKWARD,
          hidden=True, seed=32, doc="batchnorm_backward on a batch of two"),
    Check("dropout_forward", dropout_forward_call, dropout_forward_judge, seed=40, given=dropout_inputs,
          doc="inverted dropout: keep fraction p, kept units divided by p, the seed, identity at test time"),
    Check("dropout_backward", dropout_backward_call, dropout_backward_judge, seed=41, given=dropout_small,
          doc="dropout_backward: dout times the forward's mask, dout at test time"),
    Check("svm_loss", loss_call("svm_loss"), loss_judge("svm_loss"), seed=50, given=loss_given(),
          doc="svm_loss on scores: loss and dx (numerical gradient check)"),
    Check("softmax_loss", loss_call("softmax_loss"), loss_judge("softmax_loss"), seed=51, given=loss_given(),
          doc="softmax_loss on scores: loss and dx (numerical gradient check)"),
    Check("softmax_loss_large_scores", loss_call("softmax_loss", scale=5.0, shift=1000.0), loss_judge("softmax_loss"),
          seed=52, given=loss_given(scale=5.0, shift=1000.0), doc="softmax_loss on scores near 1000: no overflow"),
    *[Check(name, optim_call(name), OPTIM_JUDGE, seed=60 + i, doc=f"{name}: defaults and three steps with state")
      for i, name in enumerate(OPTIM_DEFAULTS)],
    Check("optim_hidden", optim_hidden, judge.close(rtol=1e-6, atol=1e-10), hidden=True, seed=66,
          doc="adam continued from step 5; momentum 0 is sgd"),
    Check("two_layer_init", two_layer_init, two_layer_init_judge, seed=70,
          doc="TwoLayerNet's params: shapes, zero biases, weight_scale"),
    Check("two_layer_loss", two_layer_loss_call(0.0), two_layer_judge(0.0), seed=71, given=two_layer_inputs,
          doc="TwoLayerNet.loss without regularisation: scores, loss, grads (numerical gradient check); "
              + TORCH_STAND_INS),
    Check("two_layer_reg", two_layer_loss_call(0.7), two_layer_judge(0.7), seed=72, given=two_layer_inputs,
          doc="TwoLayerNet.loss with reg = 0.7: 0.5 * reg * sum(W * W) on the weights; " + TORCH_STAND_INS),
    Check("two_layer_xor", two_layer_xor, xor_judge, seed=73,
          doc="TwoLayerNet learns XOR to 100 % training accuracy (end to end: with the student's own layers)"),
]
