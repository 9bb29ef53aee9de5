"""a1's distances against the machine's limit: the reference compute_distances_no_loops against one
plain matrix multiply of the same size (X_test @ X_train.T, what the no-loop version cannot avoid),
with scipy.spatial.distance.cdist beside it for scale. The goal: within 1.5x of the multiply.

    python -m bench knn

Everything runs on one BLAS thread, as the grader's child process does.
"""

import numpy as np

from bench import best_of, load_reference, on_one_thread

GOAL = 1.5
SIZES = [(250, 5000, 3072), (500, 2500, 3072)]   # num_test, num_train, dim: CIFAR-10 rows


def main():
    on_one_thread(__name__)


def measure():
    from scipy.spatial.distance import cdist
    knn_module = load_reference("a1_knn_linear", "k_nearest_neighbor.py")
    print(f"numpy {np.__version__}, one BLAS thread; float64; best of 5 runs")
    print(f"{'num_test x num_train x dim':28s} {'no_loops':>9s} {'X @ Y.T':>9s} {'ratio':>6s} {'cdist':>9s} {'ratio':>6s}")
    worst = 0.0
    for num_test, num_train, dim in SIZES:
        rng = np.random.default_rng(0)
        X_train = rng.uniform(0, 255, (num_train, dim))
        X_test = rng.uniform(0, 255, (num_test, dim))
        knn = knn_module.KNearestNeighbor()
        knn.train(X_train, np.zeros(num_train, dtype=np.int64))
        t_knn = best_of(lambda: knn.compute_distances_no_loops(X_test))
        t_mm = best_of(lambda: X_test @ X_train.T)
        t_cdist = best_of(lambda: cdist(X_test, X_train), repeat=1)
        err = np.max(np.abs(knn.compute_distances_no_loops(X_test[:20]) - cdist(X_test[:20], X_train)))
        assert err < 1e-6 * 255 * np.sqrt(dim), f"no_loops and cdist disagree by {err}"
        worst = max(worst, t_knn / t_mm)
        label = f"{num_test} x {num_train} x {dim}"
        print(f"{label:28s} {t_knn * 1e3:7.0f}ms {t_mm * 1e3:7.0f}ms {t_knn / t_mm:5.2f}x {t_cdist * 1e3:7.0f}ms"
              f" {t_cdist / t_mm:5.1f}x")
    verdict = "meets" if worst <= GOAL else "misses"
    print(f"compute_distances_no_loops against one matrix multiply: worst ratio {worst:.2f}x "
          f"({verdict} the goal of {GOAL}x)")
