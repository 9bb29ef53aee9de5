import nbformat as nbf

def md(src, gid=None):
    c = nbf.v4.new_markdown_cell(src)
    c.metadata["nbgrader"] = {"grade": False, "grade_id": gid, "locked": True, "schema_version": 3,
                              "solution": False, "task": False} if gid else None
    if not gid: del c.metadata["nbgrader"]
    return c

def code(src, gid, kind="locked", points=None):
    c = nbf.v4.new_code_cell(src)
    meta = {"grade": False, "grade_id": gid, "locked": True, "schema_version": 3, "solution": False, "task": False}
    if kind == "solution":
        meta.update(locked=False, solution=True)
    elif kind == "test":
        meta.update(grade=True, points=points)
    c.metadata["nbgrader"] = meta
    return c

cells = [
md("""# Assignment 1: k-Nearest Neighbours and the linear score function
# 과제 1: k-최근접 이웃과 선형 점수 함수

Lecture 2 (image classification). You will

1. implement a **k-nearest-neighbour** classifier with L2 distance in `k_nearest_neighbor.py`, three ways
   (two loops, one loop, no loops), and see why vectorised NumPy matters;
2. choose **k** by cross-validation;
3. implement the **linear score function** `f(x, W, b) = xW + b` in `linear_score.py`.

The graded code lives in the `.py` files; this notebook walks you through it. Check your work at any time with

    python -m autograder check a1_knn_linear        # or: pytest (in this folder)

The data is CIFAR-10. Until you download it (`python -m autograder data cifar10`), a small generated
look-alike in the real format is used, so everything runs offline.""", "intro"),
code("""import sys
import time

import numpy as np
import matplotlib.pyplot as plt

sys.path.insert(0, "../../datasets")
from data_utils import CIFAR10_CLASSES, cifar10_dir, load_cifar10

%matplotlib inline
plt.rcParams["figure.figsize"] = (10.0, 6.0)
np.random.seed(231)""", "setup"),
md("## Load the data\n\n`load_cifar10` returns images of shape (N, 32, 32, 3); we keep a subsample so the loops finish quickly.", "data-md"),
code("""X_train, y_train, X_test, y_test = load_cifar10(cifar10_dir())
print("data from", cifar10_dir())
print("training data:", X_train.shape, y_train.shape)
print("test data:", X_test.shape, y_test.shape)

num_training, num_test = 1000, 100
X_train, y_train = X_train[:num_training], y_train[:num_training]
X_test, y_test = X_test[:num_test], y_test[:num_test]""", "load"),
code("""# A few examples of each class.
samples_per_class = 5
for c, name in enumerate(CIFAR10_CLASSES):
    idxs = np.flatnonzero(y_train == c)[:samples_per_class]
    for i, idx in enumerate(idxs):
        plt.subplot(samples_per_class, len(CIFAR10_CLASSES), i * len(CIFAR10_CLASSES) + c + 1)
        plt.imshow(X_train[idx].astype("uint8"))
        plt.axis("off")
        if i == 0:
            plt.title(name, fontsize=8)
plt.show()""", "show-images"),
code("""# Stretch each image into a row of 3072 numbers.
X_train = X_train.reshape(X_train.shape[0], -1)
X_test = X_test.reshape(X_test.shape[0], -1)
print(X_train.shape, X_test.shape)""", "reshape"),
md("## Distances, three ways\n\nOpen `k_nearest_neighbor.py` and implement `compute_distances_two_loops` first.", "dists-md"),
code("""%load_ext autoreload
%autoreload 2
from k_nearest_neighbor import KNearestNeighbor, cross_validate_k

classifier = KNearestNeighbor()
classifier.train(X_train, y_train)
dists = classifier.compute_distances_two_loops(X_test)
print(dists.shape)
plt.imshow(dists, interpolation="none")
plt.xlabel("training point"); plt.ylabel("test point")
plt.show()""", "two-loops"),
code("""y_test_pred = classifier.predict_labels(dists, k=1)
print("k = 1 accuracy: %.3f" % np.mean(y_test_pred == y_test))
y_test_pred = classifier.predict_labels(dists, k=5)
print("k = 5 accuracy: %.3f" % np.mean(y_test_pred == y_test))""", "predict"),
md("Now `compute_distances_one_loop` and `compute_distances_no_loops`. All three must agree:", "agree-md"),
code("""dists_one = classifier.compute_distances_one_loop(X_test)
dists_two = classifier.compute_distances_two_loops(X_test)
dists_none = classifier.compute_distances_no_loops(X_test)
print("one loop vs two loops, Frobenius difference:", np.linalg.norm(dists_one - dists_two))
print("no loops vs two loops, Frobenius difference:", np.linalg.norm(dists_none - dists_two))""", "agree"),
code("""assert np.allclose(dists_one, dists_two), "one-loop distances differ from two-loop distances"
assert np.allclose(dists_none, dists_two, atol=1e-6), "no-loop distances differ from two-loop distances"
assert np.all(dists_none >= 0), "distances must not be negative"
""", "test-agree", "test", 2),
code("""def time_function(f, *args):
    tic = time.perf_counter()
    f(*args)
    return time.perf_counter() - tic

two = time_function(classifier.compute_distances_two_loops, X_test)
one = time_function(classifier.compute_distances_one_loop, X_test)
none = time_function(classifier.compute_distances_no_loops, X_test)
print("two loops %.3f s, one loop %.3f s, no loops %.4f s: %.0fx faster" % (two, one, none, two / none))""", "timing"),
md("""## Cross-validation

Split the training data into 5 folds; for each k, train on four folds and measure accuracy on the fifth.
Implement `cross_validate_k` in `k_nearest_neighbor.py`.""", "cv-md"),
code("""k_choices = [1, 3, 5, 8, 10, 12, 15, 20, 50, 100]
k_to_accuracies = cross_validate_k(X_train, y_train, k_choices, num_folds=5)
for k in k_choices:
    plt.scatter([k] * len(k_to_accuracies[k]), k_to_accuracies[k], color="gray", s=8)
means = np.array([np.mean(k_to_accuracies[k]) for k in k_choices])
stds = np.array([np.std(k_to_accuracies[k]) for k in k_choices])
plt.errorbar(k_choices, means, yerr=stds)
plt.title("Cross-validation on k"); plt.xlabel("k"); plt.ylabel("cross-validation accuracy")
plt.show()""", "cv"),
md("Choose the best k from the plot (set `best_k`), then retrain on all training data and evaluate on the test set.", "bestk-md"),
code("""### BEGIN SOLUTION
best_k = k_choices[int(np.argmax(means))]
### END SOLUTION
classifier = KNearestNeighbor()
classifier.train(X_train, y_train)
y_test_pred = classifier.predict(X_test, k=best_k)
print("best k = %d, test accuracy %.3f" % (best_k, np.mean(y_test_pred == y_test)))""", "best-k", "solution"),
code("""assert best_k in k_choices, "best_k must be one of k_choices"
assert np.mean(k_to_accuracies[best_k]) >= max(np.mean(v) for v in k_to_accuracies.values()) - 0.05
""", "test-best-k", "test", 1),
md("""## The linear score function

The lecture's example: an image of 4 pixels `x = [56, 231, 24, 2]` and three classes (cat, dog, ship).
Implement `linear_scores` in `linear_score.py`. Note the shapes: **X is (N, D), W is (D, C)**, so a row of
scores comes out for each image (the slide writes `Wx` with W as (C, D); here W is its transpose).

The slide prints 61.95 for the ship: that is `0.25*231 + 0.2*24 - 0.3*2` without the ship's bias of -1.2.
With the bias the score is **60.75**; the cat (-96.8) and dog (437.9) scores on the slide are right.""", "linear-md"),
code("""from linear_score import linear_scores

x = np.array([[56, 231, 24, 2]], dtype=float)          # (1, 4)
W = np.array([[0.2, -0.5, 0.1, 2.0],
              [1.5, 1.3, 2.1, 0.0],
              [0.0, 0.25, 0.2, -0.3]]).T                # (4, 3)
b = np.array([1.1, 3.2, -1.2])
scores = linear_scores(x, W, b)
print("cat, dog, ship scores:", scores)""", "linear"),
code("""assert scores.shape == (1, 3)
assert np.allclose(scores, [[-96.8, 437.9, 60.75]]), scores
""", "test-linear", "test", 2),
]
nb = nbf.v4.new_notebook(cells=cells)
nb.metadata = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
               "language_info": {"name": "python"}}
nbf.validate(nb)
nbf.write(nb, "solutions/a1_knn_linear/a1_knn_linear.ipynb")
