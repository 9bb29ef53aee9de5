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
    # TODO:
    #   With explicit loops over the examples (and, if you like, the classes):
    #   1. the scores of example i, shape (C,); subtract their maximum first, so that
    #      np.exp never overflows (the probabilities do not change);
    #   2. loss_i = -log(e^{s_{y_i}} / sum_j e^{s_j}), with the NATURAL log (np.log);
    #   3. the gradient of loss_i for column j of W is (p_j - [j == y_i]) * X[i],
    #      with p_j the softmax probability of class j;
    #   4. average loss and dW over the N examples, then add reg * sum(W * W) and
    #      its gradient 2 * reg times W.
    # 할 일:
    #   예제들(원하면 클래스들도)에 대해 반복문으로 구현합니다:
    #   1. 예제 i의 점수 (shape (C,))에서 먼저 최댓값을 빼세요. 그래야 np.exp가 넘치지(overflow) 않고,
    #      확률은 변하지 않습니다.
    #   2. loss_i = -log(e^{s_{y_i}} / sum_j e^{s_j}), 로그는 자연로그(np.log)입니다.
    #   3. W의 j열에 대한 loss_i의 그래디언트는 (p_j - [j == y_i]) * X[i] 이고,
    #      p_j는 클래스 j의 소프트맥스 확률입니다.
    #   4. loss와 dW를 N개 예제로 평균한 뒤 reg * sum(W * W)와 그 그래디언트 2 * reg 곱하기 W를 더합니다.
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
    # TODO:
    #   Without loops:
    #   1. scores (N, C) = X W; subtract each ROW's maximum (keepdims=True keeps (N, 1));
    #   2. the log-probabilities: scores minus the log of each row's sum of exp, (N, C);
    #   3. loss = minus the mean of the correct classes' log-probabilities
    #      (integer indexing with np.arange(N) and y) + the regularisation;
    #   4. dscores = the probabilities, minus 1 at each correct class; dW = X transposed
    #      times dscores, / N, + the regularisation's gradient. Check it stays finite for
    #      scores near 1000.
    # 할 일:
    #   반복문 없이 구현합니다:
    #   1. scores (N, C) = X W. 각 행의 최댓값을 뺍니다(keepdims=True로 (N, 1) 유지).
    #   2. 로그 확률: scores에서 각 행의 exp 합의 로그를 뺀 값, shape (N, C).
    #   3. loss = 정답 클래스 로그 확률들의 평균에 마이너스를 붙인 값(np.arange(N)과 y로 정수 인덱싱) + 정규화 항.
    #   4. dscores = 확률에서 정답 클래스 자리만 1을 뺀 값. dW = X의 전치와 dscores의 곱 / N + 정규화 항의
    #      그래디언트. 점수가 1000 근처여도 값이 유한한지 확인하세요.
    # YOUR CODE HERE
    raise NotImplementedError()
    return loss, dW
