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
    # TODO:
    #   Compute scores = X W + b for the whole minibatch at once:
    #   X (N, D) times W (D, C) is (N, C); the bias b (C,) is added to every row
    #   by broadcasting. No loop over the examples or the classes.
    # 할 일:
    #   미니배치 전체에 대해 scores = X W + b 를 한 번에 계산하세요.
    #   X (N, D)와 W (D, C)의 행렬 곱은 (N, C)이고, 편향 b (C,)는 브로드캐스팅으로 모든 행에 더해집니다.
    #   예제나 클래스에 대한 반복문은 쓰지 마세요.
    ### BEGIN SOLUTION
    scores = X.dot(W) + b
    ### END SOLUTION
    return scores
