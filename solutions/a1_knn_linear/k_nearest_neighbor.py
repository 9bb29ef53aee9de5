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
                # Compute the l2 distance between the ith test point and the jth training
                # point, and store the result in dists[i, j]. No loop over the dimension,
                # and no np.linalg.norm().
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
            # Compute the l2 distance between the ith test point and all training points, and
            # store the result in dists[i, :]. Do not use np.linalg.norm().
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
            # Find the labels of the k nearest training points (np.argsort helps), then the
            # most common label among them; break ties by choosing the smaller label.
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
