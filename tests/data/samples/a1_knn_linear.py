"""Sample students of a1_knn_linear: the reference, the stub and typical mistakes."""
from tests.data.samples import Sample

NO_LOOP = "dists = np.sqrt(np.maximum(sq, 0.0))"

SAMPLES = [
    Sample("kim-minjun", note="the reference solution"),
    Sample("이서연", base="stub", note="the untouched stub"),
    Sample("park ji-ho", note="no-loop version forgets the square root",
           edits=(("k_nearest_neighbor.py", NO_LOOP, "dists = np.maximum(sq, 0.0)"),)),
    Sample("choi-yuna", note="wrote only the two-loop version",
           edits=(("k_nearest_neighbor.py",
                   "            dists[i, :] = np.sqrt(np.sum((self.X_train - X[i]) ** 2, axis=1))\n",
                   "            raise NotImplementedError()\n"),
                  ("k_nearest_neighbor.py", "        test_sq = np.sum(X ** 2, axis=1, keepdims=True)",
                   "        raise NotImplementedError()\n        test_sq = np.sum(X ** 2, axis=1, keepdims=True)"))),
    Sample("jung-hoon", note="a syntax error in k_nearest_neighbor.py",
           edits=(("k_nearest_neighbor.py", "        self.y_train = y\n", "        self.y_train = y)\n"),)),
]
