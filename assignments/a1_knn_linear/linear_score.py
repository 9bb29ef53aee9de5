"""The linear score function f(x, W, b) = x W + b (lecture 2, parametric approach)."""
import numpy as np


def linear_scores(X, W, b):
    """
    Class scores of a linear classifier for a minibatch.

    Inputs:
    - X: A numpy array of shape (N, D): N examples, each a row of D features (an image
      stretched into a row of pixels, say 3072 for CIFAR-10).
    - W: A numpy array of shape (D, C): one column of weights for each of the C classes.
    - b: A numpy array of shape (C,): one bias for each class.

    Returns:
    - scores: A numpy array of shape (N, C) where scores[i, c] is the score of class c for the
      ith example.
    """
    # YOUR CODE HERE
    raise NotImplementedError()
    return scores
