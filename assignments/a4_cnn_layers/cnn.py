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
        # YOUR CODE HERE
        raise NotImplementedError()

        if y is None:
            return scores

        loss, grads = 0, {}
        # YOUR CODE HERE
        raise NotImplementedError()

        return loss, grads
