"""Checks of a1_knn_linear: k-nearest neighbours and the linear score function.

Calls run in the child on the student's `k_nearest_neighbor.py` and `linear_score.py`; judges
run in the parent against the reference's outputs for the same inputs.
"""
from functools import lru_cache

import numpy as np

from autograder import judge
from autograder.check import Check, Verdict
from autograder.messages import register

register({
    "a1.hint.sqrt": {"en": "is the square root missing?", "ko": "제곱근(np.sqrt)을 빠뜨리지 않았나요?"},
    "a1.hint.transposed": {"en": "the result looks transposed: rows are test points, columns training points",
                           "ko": "결과가 전치된 것 같습니다: 행은 테스트 점, 열은 학습 점입니다"},
    "a1.hint.negative": {"en": "a squared distance can round to a tiny negative number: clip it at 0 before np.sqrt",
                         "ko": "제곱 거리가 반올림으로 아주 작은 음수가 될 수 있습니다: np.sqrt 전에 0으로 잘라 주세요"},
    "a1.hint.ties": {"en": "a tie in the vote goes to the smaller label (np.bincount and np.argmax do that)",
                     "ko": "투표가 동률이면 더 작은 레이블을 고릅니다 (np.bincount와 np.argmax가 그렇게 동작합니다)"},
    "a1.hint.bias": {"en": "is the bias b added to every row?", "ko": "편향 b를 모든 행에 더했나요?"},
    "a1.cv.folds": {"en": "k={k}: expected {expected} fold accuracies, got {got}",
                    "ko": "k={k}: 폴드 정확도가 {expected}개여야 하는데 {got}개입니다"},
    "a1.cv.keys": {"en": "expected a key for every k in {expected}, got {got}",
                   "ko": "{expected}의 모든 k가 키로 있어야 하는데 {got}입니다"},
    "a1.cv.range": {"en": "accuracies must lie in [0, 1]; got {got} for k={k}",
                    "ko": "정확도는 [0, 1] 범위여야 하는데 k={k}에서 {got}입니다"},
})

DIST_HINTS = [
    ("a1.hint.transposed", lambda g, e: g.shape == e.shape[::-1] and g.shape != e.shape),
    ("a1.hint.sqrt", lambda g, e: np.allclose(g, e ** 2, rtol=1e-5, atol=1e-6)),
    ("a1.hint.negative", lambda g, e: bool(np.isnan(g).any())),
]


@lru_cache(maxsize=8)
def knn_data(seed: int, num_train: int, num_test: int, dim: int, num_classes: int = 5):
    """Training points, labels and test points; cached so that timed runs measure only the call."""
    rng = np.random.default_rng(seed)
    X_train = rng.standard_normal((num_train, dim))
    y_train = rng.integers(0, num_classes, num_train)
    X_test = rng.standard_normal((num_test, dim))
    X_test[: min(2, num_test)] = X_train[: min(2, num_test)]   # a test point equal to a training point
    return X_train, y_train, X_test


def trained_knn(ctx, num_train, num_test, dim):
    X_train, y_train, X_test = knn_data(ctx.seed, num_train, num_test, dim)
    knn = ctx.load("k_nearest_neighbor").KNearestNeighbor()
    knn.train(X_train.copy(), y_train.copy())
    return knn, X_test + ctx.vary     # each timed run its own test points, secret until the run (a copy either way)


def dists_call(method: str, num_train=40, num_test=15, dim=8):
    def call(ctx):
        knn, X_test = trained_knn(ctx, num_train, num_test, dim)
        dists = getattr(knn, method)(X_test)
        if ctx.repeat:   # later timed runs: a digest keeps the clock on the computation, not the copying
            dists = np.asarray(dists, dtype=np.float64)
            return {"row_sums": dists.sum(axis=1), "col_sums": dists.sum(axis=0), "corner": dists[:5, :5]}
        return {"dists": dists}
    return call


def dists_hidden(ctx):
    """All three versions on edge shapes: one feature, one test point, a duplicate point."""
    out = {}
    for tag, shape in (("d1", (7, 3, 1)), ("n1", (9, 1, 5))):
        knn, X_test = trained_knn(ctx, *shape)
        for loops in ("two_loops", "one_loop", "no_loops"):
            out[f"{tag}_{loops}"] = getattr(knn, f"compute_distances_{loops}")(X_test)
    return out


def predict_labels_call(ctx):
    """Hand-made distances with ties in the vote: labels of the nearest are 2, 1, 3, 1, 3, ..."""
    knn = ctx.load("k_nearest_neighbor").KNearestNeighbor()
    y_train = np.array([2, 1, 3, 1, 3, 0, 4, 4])
    knn.train(np.zeros((8, 2)), y_train)
    dists = np.array([
        [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8],   # k=3: votes 2, 1, 3 -> tie -> 1
        [0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1],   # k=1: 4
        [0.5, 0.1, 0.9, 0.2, 0.3, 0.4, 0.6, 0.7],   # k=5: 1, 1, 3, 0, 2 -> 1
    ])
    return {f"k{k}": knn.predict_labels(dists.copy(), k=k) for k in (1, 3, 5)}


def predict_labels_hidden(ctx):
    """Every training point votes (k = num_train), and equal distances."""
    rng = np.random.default_rng(ctx.seed)
    knn = ctx.load("k_nearest_neighbor").KNearestNeighbor()
    y_train = np.array([3, 3, 1, 1, 2, 0])
    knn.train(np.zeros((6, 2)), y_train)
    dists = rng.integers(0, 3, (10, 6)).astype(float)
    return {"k6": knn.predict_labels(dists, k=6), "k2": knn.predict_labels(dists, k=2),
            "k4": knn.predict_labels(dists, k=4)}


def predict_call(ctx):
    knn, X_test = trained_knn(ctx, 30, 12, 6)
    return {f"loops{n}": knn.predict(X_test, k=3, num_loops=n) for n in (0, 1, 2)}


def cross_validate_call(ctx):
    rng = np.random.default_rng(ctx.seed)
    centers = rng.standard_normal((3, 4)) * 3
    y = rng.integers(0, 3, 50)
    X = centers[y] + rng.standard_normal((50, 4))
    k_choices = [1, 3, 5, 8]
    result = ctx.load("k_nearest_neighbor").cross_validate_k(X, y, k_choices, num_folds=5)
    if not isinstance(result, dict):
        raise TypeError(f"cross_validate_k returned {type(result).__name__}, not a dict")
    ks = sorted(int(k) for k in result)
    lengths = [len(result[k]) for k in ks]
    accs = np.full((len(ks), max(lengths, default=0)), np.nan)
    for i, k in enumerate(ks):
        accs[i, : lengths[i]] = np.asarray(result[k], dtype=np.float64)
    return {"ks": np.array(ks, dtype=np.int64), "lengths": np.array(lengths, dtype=np.int64), "accs": accs}


def judge_cross_validate(got, expected, ctx):
    t = ctx.t
    exp_ks, got_ks = expected["ks"].tolist(), got["ks"].tolist()
    if got_ks != exp_ks:
        return Verdict(0.0, t("a1.cv.keys", expected=exp_ks, got=got_ks))
    for k, n in zip(got_ks, got["lengths"].tolist()):
        if n != 5:
            return Verdict(0.0, t("a1.cv.folds", k=k, expected=5, got=n))
    accs = got["accs"]
    bad = ~((accs >= 0) & (accs <= 1))
    if bad.any():
        i, _ = np.unravel_index(int(np.argmax(bad)), accs.shape)
        return Verdict(0.0, t("a1.cv.range", k=got_ks[i], got=accs[bad][0]))
    return judge.close(keys=["accs"])(got, expected, ctx)


def linear_call(n, d, c):
    def call(ctx):
        rng = np.random.default_rng(ctx.seed)
        X, W, b = rng.standard_normal((n, d)), rng.standard_normal((d, c)) * 0.01, rng.standard_normal(c)
        return {"scores": ctx.load("linear_score").linear_scores(X, W, b)}
    return call


BIAS_HINT = [("a1.hint.bias", lambda g, e: g.shape == e.shape and np.allclose(g - e, (g - e)[0]))]
SPEED = (500, 100, 1024)  # num_train, num_test, dim: loops pay per pair, one loop stays memory-bound

CHECKS = [
    Check("dists_two_loops", dists_call("compute_distances_two_loops"), judge.close(hints=DIST_HINTS),
          doc="compute_distances_two_loops against the reference"),
    Check("dists_one_loop", dists_call("compute_distances_one_loop"), judge.close(hints=DIST_HINTS), seed=1,
          doc="compute_distances_one_loop against the reference"),
    Check("dists_no_loops", dists_call("compute_distances_no_loops", 200, 50, 30),
          judge.close(rtol=1e-6, atol=1e-6, hints=DIST_HINTS), seed=2,
          doc="compute_distances_no_loops against the reference"),
    Check("dists_hidden", dists_hidden, judge.close(atol=1e-6, hints=DIST_HINTS), hidden=True, seed=3,
          doc="all three distance versions on edge shapes"),
    Check("predict_labels", predict_labels_call, judge.exact(hints=[("a1.hint.ties", lambda g, e: True)]),
          doc="predict_labels with k = 1, 3, 5 and ties in the vote"),
    Check("predict_labels_hidden", predict_labels_hidden, judge.exact(hints=[("a1.hint.ties", lambda g, e: True)]),
          hidden=True, seed=4, doc="predict_labels with every point voting and equal distances"),
    Check("predict_num_loops", predict_call, judge.exact(), seed=5, doc="predict with num_loops = 0, 1 and 2"),
    Check("cross_validate_k", cross_validate_call, judge_cross_validate, seed=6,
          doc="cross_validate_k: every k, five folds, accuracies in [0, 1]"),
    Check("linear_scores", linear_call(5, 4, 3), judge.close(hints=BIAS_HINT), seed=7,
          doc="linear_scores on a small batch"),
    Check("linear_scores_hidden", linear_call(1, 3072, 10), judge.close(hints=BIAS_HINT), hidden=True, seed=8,
          doc="linear_scores on one CIFAR-sized row"),
    Check("speed_no_loops", dists_call("compute_distances_no_loops", *SPEED),
          judge.speed(judge.close(atol=1e-4, hints=DIST_HINTS), "compute_distances_two_loops"),
          timed=True, repeat=5, baseline=dists_call("compute_distances_two_loops", *SPEED),
          doc="compute_distances_no_loops at least min_ratio times faster than the reference two-loop version"),
]
