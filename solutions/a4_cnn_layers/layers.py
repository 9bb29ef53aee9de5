"""Layers from a3, given here complete so that cnn.py can build a network from them.

These are the same affine, ReLU and softmax layers you wrote in a3_backprop (CS231n's
layers.py); nothing to fill in.
"""
import numpy as np


def affine_forward(x, w, b):
    """
    Forward pass for an affine (fully connected) layer.

    Inputs:
    - x: A numpy array of shape (N, d_1, ..., d_k); each example is reshaped to a row of
      D = d_1 * ... * d_k values
    - w: A numpy array of weights, of shape (D, M)
    - b: A numpy array of biases, of shape (M,)

    Returns a tuple of:
    - out: output, of shape (N, M)
    - cache: (x, w, b)
    """
    out = x.reshape(x.shape[0], -1) @ w + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    """
    Backward pass for an affine layer.

    Inputs:
    - dout: Upstream derivative, of shape (N, M)
    - cache: (x, w, b) as in affine_forward

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, d1, ..., d_k)
    - dw: Gradient with respect to w, of shape (D, M)
    - db: Gradient with respect to b, of shape (M,)
    """
    x, w, b = cache
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = np.sum(dout, axis=0)
    return dx, dw, db


def relu_forward(x):
    """ReLU: out = max(0, x), of the shape of x; cache = x."""
    return np.maximum(0, x), x


def relu_backward(dout, cache):
    """Backward pass of ReLU: dx, of the shape of dout, is dout where x > 0 and 0 elsewhere."""
    return dout * (cache > 0)


def softmax_loss(x, y):
    """
    Loss and gradient for softmax classification.

    Inputs:
    - x: Input data, of shape (N, C) where x[i, j] is the score for the jth class for the ith
      input.
    - y: Vector of labels, of shape (N,) where y[i] is the label for x[i] and 0 <= y[i] < C

    Returns a tuple of:
    - loss: Scalar giving the loss (the mean over the N examples, natural log)
    - dx: Gradient of the loss with respect to x, of shape (N, C)
    """
    shifted = x - np.max(x, axis=1, keepdims=True)
    log_probs = shifted - np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
    N = x.shape[0]
    loss = -np.mean(log_probs[np.arange(N), y])
    dx = np.exp(log_probs)
    dx[np.arange(N), y] -= 1
    dx /= N
    return loss, dx
