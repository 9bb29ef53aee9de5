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
    # TODO:
    #   With loops (this is the naive version):
    #   1. for each example i: its scores, a row of shape (C,), are X[i] times W;
    #   2. for each class j other than y[i]: margin = s_j - s_{y_i} + 1 (delta = 1);
    #      when the margin is positive, add it to the loss, add X[i] to column j of dW
    #      and subtract X[i] from column y[i] of dW;
    #   3. after the loops divide loss and dW by N (the loss is the MEAN over examples);
    #   4. add the regularisation reg * sum(W * W) to the loss and its gradient
    #      (2 * reg times W) to dW.
    # 할 일:
    #   반복문으로 구현합니다(naive 버전):
    #   1. 각 예제 i의 점수는 X[i]와 W의 곱으로, shape (C,)인 한 행입니다.
    #   2. y[i]가 아닌 각 클래스 j에 대해 margin = s_j - s_{y_i} + 1 (delta = 1) 을 구합니다.
    #      margin이 양수이면 손실에 더하고, dW의 j열에 X[i]를 더하고, dW의 y[i]열에서 X[i]를 뺍니다.
    #   3. 반복문이 끝나면 loss와 dW를 N으로 나눕니다(손실은 예제들의 평균입니다).
    #   4. 손실에 정규화 항 reg * sum(W * W)를, dW에 그 그래디언트(2 * reg 곱하기 W)를 더합니다.
    ### BEGIN SOLUTION
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1  # note delta = 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    loss /= num_train
    dW /= num_train
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
    ### END SOLUTION
    return loss, dW


def svm_loss_vectorized(W, X, y, reg):
    """
    Structured SVM loss function, vectorised implementation: no loop over the examples or the
    classes.

    Inputs and outputs are the same as svm_loss_naive.
    """
    loss = 0.0
    dW = np.zeros(W.shape)  # initialise the gradient as zero
    # TODO:
    #   Without any loop over examples or classes:
    #   1. all scores at once: X (N, D) times W (D, C) gives (N, C);
    #   2. pick each row's correct-class score with integer indexing (np.arange(N), y),
    #      shape (N, 1) so that it broadcasts;
    #   3. margins = max(0, scores - correct + 1), shape (N, C); set the correct class's
    #      margin to 0; loss = sum of margins / N + the regularisation;
    #   4. gradient: a (N, C) matrix of 1 where the margin is positive, and in the
    #      correct class's place minus the count of positive margins in that row;
    #      dW = X transposed times that matrix, / N, + the regularisation's gradient.
    # 할 일:
    #   예제나 클래스에 대한 반복문 없이 구현합니다:
    #   1. 모든 점수를 한 번에: X (N, D)와 W (D, C)의 곱은 (N, C)입니다.
    #   2. 정수 인덱싱(np.arange(N), y)으로 각 행의 정답 클래스 점수를 고르고,
    #      브로드캐스팅되도록 shape (N, 1)로 만듭니다.
    #   3. margins = max(0, scores - correct + 1), shape (N, C). 정답 클래스의 margin은 0으로 둡니다.
    #      loss = margin의 합 / N + 정규화 항.
    #   4. 그래디언트: margin이 양수인 곳은 1, 정답 클래스 자리는 그 행의 양수 margin 개수에
    #      마이너스를 붙인 (N, C) 행렬을 만듭니다. dW = X의 전치와 그 행렬의 곱 / N + 정규화 항의 그래디언트.
    ### BEGIN SOLUTION
    num_train = X.shape[0]
    rows = np.arange(num_train)
    scores = X.dot(W)                                              # (N, C)
    correct = scores[rows, y][:, np.newaxis]                       # (N, 1)
    margins = np.maximum(0, scores - correct + 1)                  # (N, C)
    margins[rows, y] = 0                                           # the correct class has no margin
    loss = np.sum(margins) / num_train + reg * np.sum(W * W)

    positive = (margins > 0).astype(X.dtype)                       # (N, C)
    positive[rows, y] = -np.sum(positive, axis=1)                  # the correct class pays for each one
    dW = X.T.dot(positive) / num_train + 2 * reg * W               # (D, C)
    ### END SOLUTION
    return loss, dW
