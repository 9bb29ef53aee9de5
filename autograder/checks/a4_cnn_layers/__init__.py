"""Checks of a4_cnn_layers: convolution and max pooling (naive and im2col) and a three-layer ConvNet.

Calls run in the child on the student's `conv_layers.py` and `cnn.py`. The layer judges run in the
parent and compare with PyTorch in float64 (`torch.nn.functional.conv2d` / `max_pool2d` and their
autograd gradients), on inputs they rebuild from the seed the call ran with (`ctx.seed`); the
student's process never sees that side. Backward calls also return numerical gradients of the
student's own forward (autograder.model.gradcheck), so a message can say which half is wrong.

Modules: `messages`, `cases` (inputs, shapes, the torch side), `conv` (conv_output_size, the
convolutions, speed), `pool`, `net` (the ConvNet); `hidden` holds what only the hidden check uses.
"""
from autograder.checks.a4_cnn_layers import messages  # noqa: F401  (registers the messages)
from autograder.checks.a4_cnn_layers.cases import CONV_BACKWARD, CONV_FORWARD, POOL_BACKWARD, POOL_TIES
from autograder.checks.a4_cnn_layers.conv import (SPEED_JUDGE, conv_backward_call, conv_forward_call,
                                                  judge_conv_backward, judge_conv_forward, judge_sizes, sizes_call,
                                                  speed_call)
from autograder.checks.a4_cnn_layers.hidden import EDGE_FUNCTIONS, edge_call, judge_edge
from autograder.checks.a4_cnn_layers.net import (convnet_loss_call, judge_convnet_loss, judge_overfit, net_data,
                                                 overfit_call, overfit_data)
from autograder.checks.a4_cnn_layers.pool import (judge_pool_backward, judge_pool_forward, pool_backward_call,
                                                  pool_forward_call)
from autograder.model.check import Check

__all__ = ["CHECKS"]

CHECKS = [
    Check("conv_output_size", sizes_call, judge_sizes,
          doc="conv_output_size on the lectures' examples, and ValueError when the filter does not fit"),
    Check("conv_forward_naive", conv_forward_call("conv_forward_naive", CONV_FORWARD),
          judge_conv_forward(CONV_FORWARD), seed=1,
          doc="conv_forward_naive against torch conv2d (float64), with strides and padding"),
    Check("conv_backward_naive", conv_backward_call("conv_forward_naive", "conv_backward_naive", CONV_BACKWARD),
          judge_conv_backward(CONV_BACKWARD), seed=2,
          doc="conv_backward_naive against torch autograd and the numerical gradient"),
    Check("max_pool_forward_naive", pool_forward_call, judge_pool_forward, seed=3,
          doc="max_pool_forward_naive on the lectures' 4x4 example and against torch max_pool2d"),
    Check("max_pool_backward_naive", pool_backward_call(POOL_BACKWARD, ties=False, numeric=True),
          judge_pool_backward(POOL_BACKWARD, ties=False, numeric=True), seed=4,
          doc="max_pool_backward_naive against torch autograd and the numerical gradient"),
    Check("max_pool_ties", pool_backward_call(POOL_TIES, ties=True, numeric=False),
          judge_pool_backward(POOL_TIES, ties=True, numeric=False), seed=5,
          doc="max pooling forward and backward when several elements tie for the maximum"),
    Check("conv_forward_im2col", conv_forward_call("conv_forward_im2col", CONV_FORWARD),
          judge_conv_forward(CONV_FORWARD), seed=6,
          doc="conv_forward_im2col against torch conv2d (float64)"),
    Check("conv_backward_im2col", conv_backward_call("conv_forward_im2col", "conv_backward_im2col", CONV_BACKWARD),
          judge_conv_backward(CONV_BACKWARD), seed=7,
          doc="conv_backward_im2col against torch autograd and the numerical gradient"),
    Check("edge_shapes_hidden", edge_call, judge_edge, hidden=True, seed=8,
          uses=tuple(f"conv_layers.{name}" for name in EDGE_FUNCTIONS),
          doc="naive and im2col convolution (forward, backward) and pooling on edge shapes: a sixth of the points "
              "for each of the six functions"),
    Check("convnet_loss", convnet_loss_call, judge_convnet_loss, seed=9, given=net_data,
          uses=("cnn.ThreeLayerConvNet.__init__", "cnn.ThreeLayerConvNet.loss"),
          doc="ThreeLayerConvNet: parameter shapes and initialisation, scores, loss with reg, gradients (with "
              "torch's conv and pool layers in place of yours, which are judged in their own parts)"),
    Check("convnet_overfit", overfit_call, judge_overfit, seed=10, given=overfit_data,
          doc="ThreeLayerConvNet memorises 50 images"),
    Check("speed_im2col", speed_call("conv_forward_im2col", "conv_backward_im2col"), SPEED_JUDGE,
          timed=True, baseline=speed_call("conv_forward_naive", "conv_backward_naive"),
          doc="im2col forward + backward at least min_ratio times faster than the reference naive version"),
]
