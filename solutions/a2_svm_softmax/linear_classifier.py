"""A linear classifier trained with minibatch stochastic gradient descent (CS231n assignment 1).

LinearSVM uses the multiclass SVM loss, Softmax the softmax loss, both vectorised.
"""
import numpy as np

from linear_svm import svm_loss_vectorized
from softmax import softmax_loss_vectorized


class LinearClassifier:
    """Scores X.dot(W); trained by SGD on minibatches."""

    def __init__(self):
        self.W = None

    def train(self, X, y, learning_rate=1e-3, reg=1e-5, num_iters=100, batch_size=200, verbose=False):
        """
        Train this linear classifier using stochastic gradient descent.

        Inputs:
        - X: A numpy array of shape (N, D) containing training data; there are N training
          samples each of dimension D.
        - y: A numpy array of shape (N,) containing training labels; y[i] = c means that X[i]
          has label 0 <= c < C for C classes.
        - learning_rate: (float) learning rate for optimisation.
        - reg: (float) regularisation strength.
        - num_iters: (integer) number of steps to take when optimising.
        - batch_size: (integer) number of training examples to use at each step.
        - verbose: (boolean) if true, print progress during optimisation.

        Returns:
        - loss_history: A list of num_iters floats: the loss at each training iteration.
        """
        num_train, dim = X.shape
        num_classes = np.max(y) + 1  # assume y takes values 0...K-1 where K is number of classes
        if self.W is None:
            # lazily initialise W
            self.W = 0.001 * np.random.randn(dim, num_classes)

        loss_history = []
        for it in range(num_iters):
            X_batch = None
            y_batch = None
            idx = np.random.choice(num_train, batch_size, replace=True)
            # TODO:
            #   The indices idx are drawn for you (with replacement, exactly this one call, so
            #   that a fixed np.random.seed gives the reference's minibatches). Take the rows of
            #   X and the labels of y at idx: X_batch (batch_size, dim), y_batch (batch_size,).
            # 할 일:
            #   인덱스 idx는 미리 뽑아 두었습니다(복원 추출, 정확히 이 한 번의 호출이라야 같은 시드에서 정답 코드와
            #   같은 미니배치가 나옵니다). idx 위치의 X 행과 y 레이블을 고르세요:
            #   X_batch (batch_size, dim), y_batch (batch_size,).
            ### BEGIN SOLUTION
            X_batch = X[idx]
            y_batch = y[idx]
            ### END SOLUTION

            # evaluate loss and gradient
            loss, grad = self.loss(X_batch, y_batch, reg)
            loss_history.append(loss)

            # TODO:
            #   Vanilla SGD: move self.W one step of size learning_rate against the gradient grad
            #   (same shape as W). Update self.W in place.
            # 할 일:
            #   기본 SGD: self.W를 그래디언트 grad(W와 같은 shape)의 반대 방향으로 learning_rate만큼 한 걸음
            #   옮기세요. self.W를 그 자리에서 갱신합니다.
            ### BEGIN SOLUTION
            self.W -= learning_rate * grad
            ### END SOLUTION

            if verbose and it % 100 == 0:
                print("iteration %d / %d: loss %f" % (it, num_iters, loss))

        return loss_history

    def predict(self, X):
        """
        Use the trained weights of this linear classifier to predict labels for data points.

        Inputs:
        - X: A numpy array of shape (N, D) containing the data.

        Returns:
        - y_pred: A numpy array of shape (N,) of predicted labels: the class with the highest
          score for each row of X.
        """
        y_pred = np.zeros(X.shape[0], dtype=np.int64)
        # TODO:
        #   The scores are X (N, D) times self.W (D, C); the prediction of each row is the
        #   class with the highest score (an int array of shape (N,)). No loop.
        # 할 일:
        #   점수는 X (N, D)와 self.W (D, C)의 곱입니다. 각 행의 예측은 점수가 가장 높은 클래스입니다
        #   (shape (N,)인 정수 배열). 반복문은 쓰지 마세요.
        ### BEGIN SOLUTION
        y_pred = np.argmax(X.dot(self.W), axis=1)
        ### END SOLUTION
        return y_pred

    def loss(self, X_batch, y_batch, reg):
        """
        Compute the loss function and its derivative. Subclasses override this.

        Inputs:
        - X_batch: A numpy array of shape (N, D) containing a minibatch of N data points.
        - y_batch: A numpy array of shape (N,) containing labels for the minibatch.
        - reg: (float) regularisation strength.

        Returns: A tuple containing:
        - loss as a single float
        - gradient with respect to self.W; an array of the same shape as W
        """
        raise NotImplementedError("LinearClassifier is abstract: use LinearSVM or Softmax")


class LinearSVM(LinearClassifier):
    """A subclass that uses the multiclass SVM loss function."""

    def loss(self, X_batch, y_batch, reg):
        return svm_loss_vectorized(self.W, X_batch, y_batch, reg)


class Softmax(LinearClassifier):
    """A subclass that uses the softmax + cross-entropy loss function."""

    def loss(self, X_batch, y_batch, reg):
        return softmax_loss_vectorized(self.W, X_batch, y_batch, reg)
