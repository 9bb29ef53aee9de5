"""The softmax (cross-entropy) loss of a linear classifier (CS231n assignment 1, lecture 3).

Fill in the blocks marked YOUR CODE HERE. Logs are natural logs (np.log). Keep it numerically
stable: scores near 1000 must not overflow np.exp (subtract each row's largest score first).
The loss is averaged over the N examples; the regularisation term is reg * np.sum(W * W).
"""
import numpy as np


def softmax_loss_naive(W, X, y, reg):
    """
    Softmax loss function, naive implementation (with loops).

    Inputs have dimension D, there are C classes, and we operate on minibatches of N examples.

    Inputs:
    - W: A numpy array of shape (D, C) containing weights.
    - X: A numpy array of shape (N, D) containing a minibatch of data.
    - y: A numpy array of shape (N,) containing training labels; y[i] = c means that X[i] has
      label c, where 0 <= c < C.
    - reg: (float) regularisation strength.

    Returns a tuple of:
    - loss as a single float: the mean over the N examples of -log(softmax(s)[y[i]]), plus
      reg * np.sum(W * W)
    - gradient with respect to the weights W; an array of the same shape as W
    """
    loss = 0.0
    dW = np.zeros_like(W, dtype=np.float64)
    # Use explicit loops over the examples (and, if you like, the classes). Store the loss in
    # loss and the gradient in dW.
    # YOUR CODE HERE
    raise NotImplementedError()
    return loss, dW


def softmax_loss_vectorized(W, X, y, reg):
    """
    Softmax loss function, vectorised version: no explicit loops.

    Inputs and outputs are the same as softmax_loss_naive.
    """
    loss = 0.0
    dW = np.zeros_like(W, dtype=np.float64)
    # YOUR CODE HERE
    raise NotImplementedError()
    return loss, dW
