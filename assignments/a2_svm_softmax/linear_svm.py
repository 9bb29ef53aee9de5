"""The multiclass SVM (hinge) loss of a linear classifier (CS231n assignment 1, lecture 3).

Fill in the blocks marked YOUR CODE HERE. Run `python -m autograder check a2_svm_softmax`
(or `pytest` in this folder) to see which parts pass.

Conventions of this course: the loss is averaged over the N examples, the margin is 1, and the
regularisation term is reg * np.sum(W * W), whose gradient is 2 * reg * W.
"""
import numpy as np


def svm_loss_naive(W, X, y, reg):
    """
    Structured SVM loss function, naive implementation (with loops).

    Inputs have dimension D, there are C classes, and we operate on minibatches of N examples.

    Inputs:
    - W: A numpy array of shape (D, C) containing weights.
    - X: A numpy array of shape (N, D) containing a minibatch of data.
    - y: A numpy array of shape (N,) containing training labels; y[i] = c means that X[i] has
      label c, where 0 <= c < C.
    - reg: (float) regularisation strength.

    Returns a tuple of:
    - loss as a single float: the mean over the N examples of
      sum_{j != y[i]} max(0, s_j - s_{y[i]} + 1), plus reg * np.sum(W * W)
    - gradient with respect to the weights W; an array of the same shape as W
    """
    dW = np.zeros(W.shape)  # initialise the gradient as zero
    num_classes = W.shape[1]
    num_train = X.shape[0]
    loss = 0.0
    # Loop over the examples and, for each one, over the classes other than the correct one.
    # Add each positive margin to the loss and the matching terms to dW as you go. Then average
    # the loss and the gradient over the examples and add the regularisation and its gradient.
    # YOUR CODE HERE
    raise NotImplementedError()
    return loss, dW


def svm_loss_vectorized(W, X, y, reg):
    """
    Structured SVM loss function, vectorised implementation: no loop over the examples or the
    classes.

    Inputs and outputs are the same as svm_loss_naive.
    """
    loss = 0.0
    dW = np.zeros(W.shape)  # initialise the gradient as zero
    # YOUR CODE HERE
    raise NotImplementedError()
    return loss, dW
