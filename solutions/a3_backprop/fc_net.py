"""A two-layer fully connected network built from the layers in layers.py (CS231n assignment 2)."""
import numpy as np

from layers import affine_backward, affine_forward, relu_backward, relu_forward, softmax_loss


class TwoLayerNet:
    """
    A two-layer fully connected neural network with ReLU nonlinearity and softmax loss, for
    inputs of dimension D, a hidden dimension of H and classification over C classes.

    The architecture is affine - relu - affine - softmax.

    The learnable parameters of the model are stored in the dictionary self.params that maps
    parameter names to numpy arrays: W1 (D, H), b1 (H,), W2 (H, C), b2 (C,).
    """

    def __init__(self, input_dim=3 * 32 * 32, hidden_dim=100, num_classes=10, weight_scale=1e-3, reg=0.0):
        """
        Initialize a new network.

        Inputs:
        - input_dim: An integer giving the size of the input
        - hidden_dim: An integer giving the size of the hidden layer
        - num_classes: An integer giving the number of classes to classify
        - weight_scale: Scalar giving the standard deviation for random initialization of the
          weights (drawn with np.random.randn, W1 first, then W2).
        - reg: Scalar giving the L2 regularization strength.
        """
        self.params = {}
        self.reg = reg
        # Initialise the weights from a Gaussian centred at 0 with standard deviation
        # weight_scale, and the biases to zero.
        ### BEGIN SOLUTION
        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)
        self.params["b1"] = np.zeros(hidden_dim)
        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)
        self.params["b2"] = np.zeros(num_classes)
        ### END SOLUTION

    def loss(self, X, y=None):
        """
        Compute loss and gradient for a minibatch of data.

        Inputs:
        - X: Array of input data of shape (N, d_1, ..., d_k)
        - y: Array of labels, of shape (N,). y[i] gives the label for X[i].

        Returns:
        If y is None, then run a test-time forward pass of the model and return:
        - scores: Array of shape (N, C) giving classification scores, where scores[i, c] is the
          classification score for X[i] and class c.

        If y is not None, then run a training-time forward and backward pass and return a tuple of:
        - loss: Scalar value giving the loss: the softmax loss plus
          0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2)) (no regularization of the biases)
        - grads: Dictionary with the same keys as self.params, mapping parameter names to
          gradients of the loss with respect to those parameters.
        """
        W1, b1, W2, b2 = self.params["W1"], self.params["b1"], self.params["W2"], self.params["b2"]
        scores = None
        ### BEGIN SOLUTION
        hidden, cache1 = affine_forward(X, W1, b1)
        hidden, cache_relu = relu_forward(hidden)
        scores, cache2 = affine_forward(hidden, W2, b2)
        ### END SOLUTION

        # If y is None then we are in test mode so just return scores
        if y is None:
            return scores

        loss, grads = 0, {}
        ### BEGIN SOLUTION
        loss, dscores = softmax_loss(scores, y)
        loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, cache2)
        dhidden = relu_backward(dhidden, cache_relu)
        _, grads["W1"], grads["b1"] = affine_backward(dhidden, cache1)
        grads["W1"] += self.reg * W1
        grads["W2"] += self.reg * W2
        ### END SOLUTION
        return loss, grads
