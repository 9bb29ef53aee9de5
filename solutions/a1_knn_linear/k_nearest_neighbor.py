"""A k-nearest-neighbour classifier with L2 distance (CS231n assignment 1).

Fill in the blocks marked YOUR CODE HERE. Run `python -m autograder check a1_knn_linear`
(or `pytest` in this folder) to see which parts pass.
"""
import numpy as np


class KNearestNeighbor:
    """A kNN classifier with L2 distance."""

    def __init__(self):
        self.X_train = None
        self.y_train = None

    def train(self, X, y):
        """
        Train the classifier. For k-nearest neighbours this is just memorising the training data.

        Inputs:
        - X: A numpy array of shape (num_train, D) containing the training data.
        - y: A numpy array of shape (num_train,) containing the training labels, where y[i] is
          the label for X[i].
        """
        self.X_train = X
        self.y_train = y

    def predict(self, X, k=1, num_loops=0):
        """
        Predict labels for test data using this classifier.

        Inputs:
        - X: A numpy array of shape (num_test, D) containing test data.
        - k: The number of nearest neighbours that vote for the predicted labels.
        - num_loops: Which implementation to use to compute distances between training points
          and testing points: 0, 1 or 2.

        Returns:
        - y: A numpy array of shape (num_test,) containing predicted labels for the test data,
          where y[i] is the predicted label for the test point X[i].
        """
        if num_loops == 0:
            dists = self.compute_distances_no_loops(X)
        elif num_loops == 1:
            dists = self.compute_distances_one_loop(X)
        elif num_loops == 2:
            dists = self.compute_distances_two_loops(X)
        else:
            raise ValueError("Invalid value %d for num_loops" % num_loops)
        return self.predict_labels(dists, k=k)

    def compute_distances_two_loops(self, X):
        """
        Compute the distance between each test point in X and each training point in
        self.X_train using a nested loop over both the training data and the test data.

        Inputs:
        - X: A numpy array of shape (num_test, D) containing test data.

        Returns:
        - dists: A numpy array of shape (num_test, num_train) where dists[i, j] is the Euclidean
          (L2) distance between the ith test point and the jth training point.
        """
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            for j in range(num_train):
                # TODO:
                #   Compute the L2 distance between the ith test point X[i] (shape (D,)) and the jth
                #   training point self.X_train[j] (shape (D,)), and store it in dists[i, j]:
                #   1. the difference of the two rows, 2. squared element by element, 3. summed over
                #   the D pixels, 4. the square root of that sum.
                #   Do not loop over the D dimensions, and do not use np.linalg.norm().
                # 할 일:
                #   i번째 테스트 데이터 X[i] (shape (D,))와 j번째 학습 데이터 self.X_train[j] (shape (D,)) 사이의
                #   L2 거리를 계산해서 dists[i, j]에 저장하세요:
                #   1. 두 행의 차이, 2. 원소별 제곱, 3. D개 픽셀에 대한 합, 4. 그 합의 제곱근.
                #   D개 차원에 대한 반복문을 쓰지 말고, np.linalg.norm()도 쓰지 마세요.
                ### BEGIN SOLUTION
                dists[i, j] = np.sqrt(np.sum((X[i] - self.X_train[j]) ** 2))
                ### END SOLUTION
        return dists

    def compute_distances_one_loop(self, X):
        """
        Compute the distance between each test point in X and each training point in
        self.X_train using a single loop over the test data.

        Input / Output: Same as compute_distances_two_loops
        """
        num_test = X.shape[0]
        num_train = self.X_train.shape[0]
        dists = np.zeros((num_test, num_train))
        for i in range(num_test):
            # TODO:
            #   Compute the L2 distances between the ith test point X[i] (shape (D,)) and ALL
            #   training points self.X_train (shape (num_train, D)) at once, and store them in
            #   the row dists[i, :] (shape (num_train,)). Broadcasting subtracts X[i] from every
            #   row; then square, sum over axis 1 (the pixels), take the square root.
            #   Only this one loop over the test points; do not use np.linalg.norm().
            # 할 일:
            #   i번째 테스트 데이터 X[i] (shape (D,))와 모든 학습 데이터 self.X_train (shape (num_train, D))
            #   사이의 L2 거리를 한 번에 계산해서 dists[i, :] (shape (num_train,)) 행에 저장하세요.
            #   브로드캐스팅(broadcasting)으로 모든 행에서 X[i]를 뺀 다음, 제곱하고, 축 1(픽셀)로 더하고,
            #   제곱근을 구합니다. 반복문은 테스트 데이터에 대한 이 하나뿐이고, np.linalg.norm()은 쓰지 마세요.
            ### BEGIN SOLUTION
            dists[i, :] = np.sqrt(np.sum((self.X_train - X[i]) ** 2, axis=1))
            ### END SOLUTION
        return dists

    def compute_distances_no_loops(self, X):
        """
        Compute the distance between each test point in X and each training point in
        self.X_train using no explicit loops.

        Input / Output: Same as compute_distances_two_loops

        Hint: expand ||x - y||^2 = ||x||^2 - 2 x.y + ||y||^2; one matrix multiply and two
        broadcast sums. Rounding can make a squared distance slightly negative: clip it at 0.
        """
        # TODO:
        #   Compute all distances, dists of shape (num_test, num_train), with NO loop at all:
        #   1. the squared norm of every test row, shape (num_test, 1) (keepdims=True);
        #   2. the squared norm of every training row, shape (num_train,);
        #   3. the inner products of every test row with every training row: ONE matrix
        #      multiply, shape (num_test, num_train);
        #   4. combine them with broadcasting as ||x||^2 - 2 x.y + ||y||^2;
        #   5. clip values below 0 (rounding) to 0, then take the square root.
        #   No Python loop, no np.linalg.norm(), no scipy.
        # 할 일:
        #   반복문 없이 모든 거리 dists (shape (num_test, num_train))를 계산하세요:
        #   1. 각 테스트 행의 제곱 노름, shape (num_test, 1) (keepdims=True 사용)
        #   2. 각 학습 행의 제곱 노름, shape (num_train,)
        #   3. 모든 테스트 행과 모든 학습 행의 내적: 행렬 곱 한 번, shape (num_test, num_train)
        #   4. 브로드캐스팅으로 ||x||^2 - 2 x.y + ||y||^2 를 만듭니다.
        #   5. 반올림 오차로 0보다 작아진 값은 0으로 자른 뒤 제곱근을 구합니다.
        #   Python 반복문, np.linalg.norm(), scipy는 쓰지 마세요.
        ### BEGIN SOLUTION
        test_sq = np.sum(X ** 2, axis=1, keepdims=True)             # (num_test, 1)
        train_sq = np.sum(self.X_train ** 2, axis=1)                # (num_train,)
        sq = test_sq - 2.0 * (X @ self.X_train.T) + train_sq        # (num_test, num_train)
        dists = np.sqrt(np.maximum(sq, 0.0))
        ### END SOLUTION
        return dists

    def predict_labels(self, dists, k=1):
        """
        Given a matrix of distances between test points and training points, predict a label
        for each test point.

        Inputs:
        - dists: A numpy array of shape (num_test, num_train) where dists[i, j] gives the
          distance between the ith test point and the jth training point.
        - k: The number of nearest neighbours that vote.

        Returns:
        - y: A numpy array of shape (num_test,) containing predicted labels for the test data,
          where y[i] is the predicted label for the test point X[i]. A tie between labels in
          the vote goes to the smaller label.
        """
        num_test = dists.shape[0]
        y_pred = np.zeros(num_test, dtype=np.int64)
        for i in range(num_test):
            # TODO:
            #   For the ith test point:
            #   1. find the indices of the k training points with the smallest dists[i] (np.argsort);
            #   2. look up their labels in self.y_train (an array closest_y of shape (k,));
            #   3. store the most common label in y_pred[i]; a tie goes to the SMALLER label
            #      (np.bincount counts each label; np.argmax returns the first maximum).
            # 할 일:
            #   i번째 테스트 데이터에 대해:
            #   1. dists[i]가 가장 작은 학습 데이터 k개의 인덱스를 찾습니다(np.argsort).
            #   2. self.y_train에서 그 레이블(label)을 찾습니다(shape (k,)인 배열 closest_y).
            #   3. 가장 많이 나온 레이블을 y_pred[i]에 저장합니다. 동점이면 더 작은 레이블을 고릅니다
            #      (np.bincount가 레이블마다 개수를 세고, np.argmax는 첫 번째 최댓값을 돌려줍니다).
            ### BEGIN SOLUTION
            nearest = np.argsort(dists[i], kind="stable")[:k]
            closest_y = np.asarray(self.y_train)[nearest]
            y_pred[i] = np.argmax(np.bincount(closest_y))
            ### END SOLUTION
        return y_pred


def cross_validate_k(X, y, k_choices, num_folds=5):
    """
    Choose k by num_folds-fold cross-validation.

    Split X and y into num_folds folds of (nearly) equal size with np.array_split, in order.
    For each k and each fold i, train on all the other folds, predict fold i with
    `predict(..., k=k)` and record the accuracy.

    Inputs:
    - X: A numpy array of shape (N, D) of training data.
    - y: A numpy array of shape (N,) of labels.
    - k_choices: A list of values of k to try.
    - num_folds: The number of folds.

    Returns:
    - k_to_accuracies: A dict {k: [accuracy on fold 0, ..., accuracy on fold num_folds-1]},
      every accuracy a float in [0, 1].
    """
    k_to_accuracies = {}
    # TODO:
    #   1. Split X and y into num_folds folds with np.array_split (in order, no shuffling).
    #   2. For each k in k_choices, and for each fold i:
    #      - the training data are all folds except i, joined with np.concatenate;
    #      - train a new KNearestNeighbor on them and predict fold i with k=k;
    #      - append the accuracy (share of correct labels, a float) to k_to_accuracies[k].
    #   Each k_to_accuracies[k] ends up a list of num_folds accuracies.
    # 할 일:
    #   1. np.array_split으로 X와 y를 num_folds개의 폴드로 나눕니다(순서대로, 섞지 않음).
    #   2. k_choices의 각 k와 각 폴드 i에 대해:
    #      - i를 뺀 나머지 폴드를 np.concatenate로 이어 붙여 학습 데이터로 씁니다.
    #      - 새 KNearestNeighbor를 학습시키고 k=k로 폴드 i를 예측합니다.
    #      - 정확도(맞힌 비율, float)를 k_to_accuracies[k]에 추가합니다.
    #   결국 k_to_accuracies[k]는 정확도 num_folds개의 리스트가 됩니다.
    ### BEGIN SOLUTION
    X_folds = np.array_split(X, num_folds)
    y_folds = np.array_split(y, num_folds)
    for k in k_choices:
        k_to_accuracies[k] = []
        for i in range(num_folds):
            X_tr = np.concatenate(X_folds[:i] + X_folds[i + 1:])
            y_tr = np.concatenate(y_folds[:i] + y_folds[i + 1:])
            knn = KNearestNeighbor()
            knn.train(X_tr, y_tr)
            y_pred = knn.predict(X_folds[i], k=k)
            k_to_accuracies[k].append(float(np.mean(y_pred == y_folds[i])))
    ### END SOLUTION
    return k_to_accuracies
