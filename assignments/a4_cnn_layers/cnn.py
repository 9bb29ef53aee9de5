"""A three-layer convolutional network (CS231n assignment 2, ConvNets).

Fill in the blocks marked YOUR CODE HERE. The network uses your conv_layers.py (the im2col
convolution and the naive max pooling) and the given layers.py.
"""
import numpy as np

from conv_layers import (conv_backward_im2col, conv_forward_im2col, max_pool_backward_naive,
                         max_pool_forward_naive)
from layers import affine_backward, affine_forward, relu_backward, relu_forward, softmax_loss


class ThreeLayerConvNet:
    """
    A three-layer convolutional network with the following architecture:

    conv - relu - 2x2 max pool - affine - relu - affine - softmax

    The network operates on minibatches of data that have shape (N, C, H, W) consisting of N
    images, each with height H and width W and with C input channels.

    The convolution keeps the spatial size (stride 1, pad (filter_size - 1) // 2, for an odd
    filter_size); the pool halves it (2x2, stride 2), so H and W must be even.
    """

    def __init__(self, input_dim=(3, 32, 32), num_filters=32, filter_size=7, hidden_dim=100,
                 num_classes=10, weight_scale=1e-3, reg=0.0, dtype=np.float32):
        """
        Initialise a new network.

        Inputs:
        - input_dim: Tuple (C, H, W) giving the size of the input data
        - num_filters: Number of filters to use in the convolutional layer
        - filter_size: Width/height of the filters to use in the convolutional layer
        - hidden_dim: Number of units to use in the fully-connected hidden layer
        - num_classes: Number of scores to produce from the final affine layer
        - weight_scale: Scalar giving the standard deviation for the random initialisation of
          the weights
        - reg: Scalar giving L2 regularisation strength
        - dtype: numpy datatype to use for computation

        Weights are drawn from a normal distribution with standard deviation weight_scale, in
        this order: W1 of shape (num_filters, C, filter_size, filter_size), W2 of shape
        (num_filters * H/2 * W/2, hidden_dim), W3 of shape (hidden_dim, num_classes); biases
        b1, b2, b3 are zeros. Store them in self.params under those names.
        """
        self.params = {}
        self.reg = reg
        self.dtype = dtype
        # TODO:
        #   Fill self.params, drawing in this order (as the docstring says):
        #   W1 (num_filters, C, filter_size, filter_size), b1 zeros (num_filters,);
        #   W2 (num_filters * H/2 * W/2, hidden_dim), b2 zeros: the 2x2 pool halves H and W,
        #   and the conv keeps them (its padding is (filter_size - 1) // 2, stride 1);
        #   W3 (hidden_dim, num_classes), b3 zeros. Weights: np.random.randn times weight_scale.
        # 할 일:
        #   docstring에 적힌 순서대로 뽑아서 self.params를 채우세요:
        #   W1 (num_filters, C, filter_size, filter_size), b1은 0 (num_filters,).
        #   W2 (num_filters * H/2 * W/2, hidden_dim), b2는 0: 2x2 풀링이 H와 W를 절반으로 줄이고,
        #   합성곱은 크기를 유지합니다(패딩 (filter_size - 1) // 2, 스트라이드 1).
        #   W3 (hidden_dim, num_classes), b3은 0. 가중치는 np.random.randn에 weight_scale을 곱합니다.
        # YOUR CODE HERE
        raise NotImplementedError()
        for k, v in self.params.items():
            self.params[k] = v.astype(dtype)

    def loss(self, X, y=None):
        """
        Evaluate loss and gradient for the three-layer convolutional network.

        Inputs:
        - X: Array of input data of shape (N, C, H, W)
        - y: Array of labels, of shape (N,). y[i] gives the label for X[i].

        Returns:
        If y is None, run a test-time forward pass of the model and return:
        - scores: Array of shape (N, num_classes) giving classification scores

        If y is not None, run a training-time forward and backward pass and return a tuple of:
        - loss: Scalar value giving the loss: the softmax loss plus
          0.5 * reg * (sum(W1**2) + sum(W2**2) + sum(W3**2)) (no regularisation of biases)
        - grads: Dictionary with the same keys as self.params, mapping parameter names to
          gradients of the loss with respect to those parameters.
        """
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        W3, b3 = self.params["W3"], self.params["b3"]

        # pass conv_param to the forward pass for the convolutional layer
        filter_size = W1.shape[2]
        conv_param = {"stride": 1, "pad": (filter_size - 1) // 2}

        # pass pool_param to the forward pass for the max-pooling layer
        pool_param = {"pool_height": 2, "pool_width": 2, "stride": 2}

        scores = None
        # TODO:
        #   Forward pass, keeping every cache: conv (conv_forward_im2col, conv_param) -> relu
        #   -> 2x2 max pool (pool_param) -> affine (W2) -> relu -> affine (W3) = scores (N, C).
        # 할 일:
        #   순전파를 하면서 모든 cache를 보관하세요: 합성곱(conv_forward_im2col, conv_param) -> ReLU
        #   -> 2x2 최대 풀링(pool_param) -> 아핀(W2) -> ReLU -> 아핀(W3) = scores (N, C).
        # YOUR CODE HERE
        raise NotImplementedError()

        if y is None:
            return scores

        loss, grads = 0, {}
        # TODO:
        #   1. softmax_loss of the scores, plus 0.5 * reg * the sum of squares of W1, W2, W3;
        #   2. backward through the layers in reverse order, each with its own cache;
        #   3. add reg times W to the gradients of W1, W2 and W3 (not the biases).
        #   grads has the keys and shapes of self.params.
        # 할 일:
        #   1. 점수의 softmax_loss에 0.5 * reg * (W1, W2, W3의 제곱합)을 더합니다.
        #   2. 레이어를 역순으로, 각자의 cache를 써서 역전파합니다.
        #   3. W1, W2, W3의 그래디언트에 reg 곱하기 W를 더합니다(편향은 제외).
        #   grads는 self.params와 같은 키와 shape을 가집니다.
        # YOUR CODE HERE
        raise NotImplementedError()

        return loss, grads
