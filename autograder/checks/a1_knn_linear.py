"""Checks of a1_knn_linear: k-nearest neighbours and the linear score function.

Calls run in the child on the student's `k_nearest_neighbor.py` and `linear_score.py`; judges
run in the parent against the reference's outputs for the same inputs.
"""
from functools import lru_cache, partial

import numpy as np

from autograder.model import judge
from autograder.model.check import Check, Verdict
from autograder.model.mistakes import fits
from autograder.model.per_function import judge_each, run_each
from autograder.config.messages import register

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
    "a1.cv.not_voted": {"en": "k={k}, fold {fold}: no classifier trained on the other {folds} - 1 folds "
                              "(np.array_split, in order) predicted fold {fold} with this k",
                        "ko": "k={k}, 폴드 {fold}: 나머지 폴드(np.array_split 순서, {folds} - 1개)로 학습한 분류기가 "
                              "이 k로 폴드 {fold}을(를) 예측하지 않았습니다"},
    "a1.cv.accuracy": {"en": "k={k}, fold {fold}: your classifier's labels are right on a share {expected} of "
                             "the fold, but the accuracy recorded is {got}",
                       "ko": "k={k}, 폴드 {fold}: 분류기의 레이블이 폴드의 {expected}만큼 맞았는데 기록된 정확도는 "
                             "{got}입니다"},
    "a1.cv.ok": {"en": "every k and fold: trained on the other folds, accuracy recorded right "
                       "(judged with your own predict, right or wrong)",
                 "ko": "모든 k와 폴드: 나머지 폴드로 학습했고 정확도를 올바르게 기록했습니다 "
                       "(여러분의 predict 결과 그대로로 판정)"},
    "a1.predict.dispatch": {"en": "predict(X, num_loops={n}) should compute the distances of X with {method}",
                            "ko": "predict(X, num_loops={n})는 {method}로 X의 거리를 계산해야 합니다"},
    "a1.predict.vote": {"en": "predict(X, num_loops={n}) should call predict_labels once (called {calls} times)",
                        "ko": "predict(X, num_loops={n})는 predict_labels를 한 번 호출해야 합니다 ({calls}번 호출됨)"},
    "a1.predict.handed": {"en": "predict(X, num_loops={n}) should hand the distances {method} returned to "
                                "predict_labels",
                          "ko": "predict(X, num_loops={n})는 {method}가 반환한 거리를 predict_labels에 넘겨야 합니다"},
    "a1.predict.k": {"en": "predict(X, k=3, num_loops={n}) called predict_labels with k={k}, not 3",
                     "ko": "predict(X, k=3, num_loops={n})가 predict_labels를 k=3이 아닌 k={k}로 호출했습니다"},
    "a1.predict.returned": {"en": "predict(X, num_loops={n}) should return the labels predict_labels returned",
                            "ko": "predict(X, num_loops={n})는 predict_labels가 반환한 레이블을 반환해야 합니다"},
    "a1.predict.ok": {"en": "each num_loops uses its distance version and predict_labels "
                            "(those are judged in their own parts)",
                      "ko": "각 num_loops가 해당 거리 함수와 predict_labels를 사용합니다 (그 함수들은 각자의 항목에서 판정)"},
})

DIST_HINTS = [
    ("a1.hint.transposed", lambda g, e: g.shape == e.shape[::-1] and g.shape != e.shape),
    fits("a1.hint.sqrt", lambda e: e ** 2, rtol=1e-5, atol=1e-6),
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


DIST_VERSIONS = ("two_loops", "one_loop", "no_loops")


def dists_hidden(ctx):
    """All three versions on edge shapes: one feature, one test point, a duplicate point; each
    version on its own (`per_function`), so one broken version costs only its share."""
    def version(loops):
        def call():
            out = {}
            for tag, shape in (("d1", (7, 3, 1)), ("n1", (9, 1, 5))):
                knn, X_test = trained_knn(ctx, *shape)
                out[tag] = getattr(knn, f"compute_distances_{loops}")(X_test)
            return out
        return call
    return run_each({loops: version(loops) for loops in DIST_VERSIONS})


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


def judge_votes(got, expected, ctx):
    """judge.exact on each "k<k>" output; the tie hint only where a vote can tie (k > 1)."""
    for name in expected:
        hints = [("a1.hint.ties", lambda g, e: True)] if int(name.lstrip("k")) > 1 else []
        verdict = judge.exact(keys=[name], hints=hints)(got, expected, ctx)
        if not verdict.passed:
            return verdict
    return Verdict(1.0, ctx.t("judge.ok"))


def predict_labels_hidden(ctx):
    """Every training point votes (k = num_train), and equal distances."""
    rng = np.random.default_rng(ctx.seed)
    knn = ctx.load("k_nearest_neighbor").KNearestNeighbor()
    y_train = np.array([3, 3, 1, 1, 2, 0])
    knn.train(np.zeros((6, 2)), y_train)
    dists = rng.integers(0, 3, (10, 6)).astype(float)
    return {"k6": knn.predict_labels(dists, k=6), "k2": knn.predict_labels(dists, k=2),
            "k4": knn.predict_labels(dists, k=4)}


# predict and cross_validate_k are judged on their own contract: the child records what they hand
# to the student's own distance methods and predict_labels and what those returned (a method that
# raises returns a placeholder instead), and the parent checks the hand-overs. A wrong distance or
# vote then costs only the parts of that function.
METHODS = tuple(f"compute_distances_{loops}" for loops in DIST_VERSIONS) + ("predict_labels",)
NUM_LOOPS = {2: "compute_distances_two_loops", 1: "compute_distances_one_loop", 0: "compute_distances_no_loops"}


def recording_class(module, log: list, missing_too: bool):
    """A subclass of the student's KNearestNeighbor whose distance methods and predict_labels call
    the student's own and append (method, self, argument, k, result) to `log`. A method that
    raises returns a placeholder instead, so that the caller goes on; NotImplementedError too
    when `missing_too`, otherwise it propagates (the part is then "not implemented")."""
    base = module.KNearestNeighbor

    def wrap(name):
        original = getattr(base, name)

        def method(self, arg, *args, **kwargs):
            try:
                result = original(self, arg, *args, **kwargs)
            except Exception as exc:
                if isinstance(exc, NotImplementedError) and not missing_too:
                    raise
                n = len(arg) if hasattr(arg, "__len__") else 0
                m = len(self.X_train) if hasattr(self.X_train, "__len__") else 0
                result = np.zeros(n, dtype=np.int64) if name == "predict_labels" else np.zeros((n, m))
            k = kwargs.get("k", args[0] if args else 1)
            log.append((name, self, arg, k, result))
            return result
        return method
    return type("KNearestNeighbor", (base,), {name: wrap(name) for name in METHODS})


def _array(value, dtype=np.float64):
    try:
        return np.asarray(value, dtype=dtype)
    except (TypeError, ValueError):
        return np.full(0, np.nan)


def predict_inputs(seed: int):
    """predict_num_loops' training points, labels and test points (its call's and its judge's)."""
    return knn_data(seed, 30, 12, 6)


def predict_call(ctx):
    """knn.predict(X, k=3, num_loops=n) for n = 0, 1, 2 with every hand-over recorded."""
    X_train, y_train, X_test = predict_inputs(ctx.seed)
    module = ctx.load("k_nearest_neighbor")
    log = []
    knn = recording_class(module, log, missing_too=False)()
    knn.train(X_train.copy(), y_train.copy())
    out = {}
    for n in (0, 1, 2):
        del log[:]
        out[f"pred{n}"] = _array(knn.predict(X_test.copy(), k=3, num_loops=n))
        out[f"calls{n}"] = np.array([sum(entry[0] == name for entry in log) for name in METHODS])
        dists = [entry for entry in log if entry[0] == NUM_LOOPS[n]]
        votes = [entry for entry in log if entry[0] == "predict_labels"]
        if dists:
            out[f"X{n}"], out[f"computed{n}"] = _array(dists[-1][2]), _array(dists[-1][4])
        if votes:
            out[f"handed{n}"], out[f"k{n}"] = _array(votes[-1][2]), _array(votes[-1][3])
            out[f"labels{n}"] = _array(votes[-1][4])
    return out


CV_FOLDS = 5
CV_K = (1, 3, 5, 8)


def cv_inputs(seed: int):
    """cross_validate_k's points and labels: three blobs in four dimensions (its call's and its judge's)."""
    rng = np.random.default_rng(seed)
    centers = rng.standard_normal((3, 4)) * 3
    y = rng.integers(0, 3, 50)
    return centers[y] + rng.standard_normal((50, 4)), y


def cross_validate_call(ctx):
    """cross_validate_k with the student's KNearestNeighbor recorded: what each classifier was
    trained on, which points it voted for, with which k, and the labels that came back."""
    X, y = cv_inputs(ctx.seed)
    k_choices = list(CV_K)
    module = ctx.load("k_nearest_neighbor")
    log, student = [], module.KNearestNeighbor
    module.KNearestNeighbor = recording_class(module, log, missing_too=True)
    try:
        result = module.cross_validate_k(X.copy(), y.copy(), k_choices, num_folds=CV_FOLDS)
    finally:
        module.KNearestNeighbor = student
    if not isinstance(result, dict):
        raise TypeError(f"cross_validate_k returned {type(result).__name__}, not a dict")
    ks = sorted(int(k) for k in result)
    lengths = [len(result[k]) for k in ks]
    accs = np.full((len(ks), max(lengths, default=0)), np.nan)
    for i, k in enumerate(ks):
        accs[i, : lengths[i]] = np.asarray(result[k], dtype=np.float64)
    out = {"ks": np.array(ks, dtype=np.int64), "lengths": np.array(lengths, dtype=np.int64), "accs": accs}
    last_x = {}          # classifier -> the points its distances were last computed for
    votes = []
    for name, knn, arg, k, labels in log:
        if name != "predict_labels":
            last_x[id(knn)] = arg
        else:
            votes.append((knn, last_x.get(id(knn)), k, labels))
    for j, (knn, X_test, k, labels) in enumerate(votes[:64]):
        out.update({f"v{j}_X_train": _array(knn.X_train), f"v{j}_y_train": _array(knn.y_train),
                    f"v{j}_X_test": _array(X_test), f"v{j}_k": _array(k), f"v{j}_labels": _array(labels)})
    out["votes"] = np.array(len(votes))
    return out


def _rows(X, y):
    """The rows of X with their labels, sorted: the same multiset of points gives the same array."""
    both = np.column_stack([np.asarray(X, dtype=np.float64), np.asarray(y, dtype=np.float64)])
    return both[np.lexsort(both.T[::-1])]


_same = partial(judge.near, rtol=0.0, atol=0.0)     # exactly: the same shape and the same numbers


def judge_cross_validate(got, expected, ctx):
    """Every k, five folds, accuracies in [0, 1]; and each accuracy is the share of fold i that the
    student's own classifier, trained on the other folds with that k, labelled right."""
    t = ctx.t
    got_ks = got["ks"].tolist()
    if got_ks != sorted(CV_K):
        return Verdict(0.0, t("a1.cv.keys", expected=sorted(CV_K), got=got_ks))
    for k, n in zip(got_ks, got["lengths"].tolist()):
        if n != CV_FOLDS:
            return Verdict(0.0, t("a1.cv.folds", k=k, expected=CV_FOLDS, got=n))
    accs = got["accs"]
    bad = ~((accs >= 0) & (accs <= 1))
    if bad.any():
        i, _ = np.unravel_index(int(np.argmax(bad)), accs.shape)
        return Verdict(0.0, t("a1.cv.range", k=got_ks[i], got=accs[bad][0]))
    X, y = ctx.given
    X_folds, y_folds = np.array_split(X, CV_FOLDS), np.array_split(y, CV_FOLDS)
    seen = {}
    for j in range(int(got["votes"])):
        v = lambda name: got.get(f"v{j}_{name}")
        fold = next((i for i, Xf in enumerate(X_folds) if _same(v("X_test"), Xf)), None)
        if fold is None or np.ndim(v("k")) != 0:
            continue
        others = [i for i in range(CV_FOLDS) if i != fold]
        train = _rows(np.concatenate([X_folds[i] for i in others]), np.concatenate([y_folds[i] for i in others]))
        labels = v("labels")
        if (np.ndim(v("X_train")) != 2 or len(v("X_train")) != len(v("y_train"))
                or not _same(_rows(v("X_train"), v("y_train")), train) or np.shape(labels) != y_folds[fold].shape):
            continue
        seen[(int(v("k")), fold)] = float(np.mean(labels == y_folds[fold]))
    for row, k in enumerate(got_ks):
        for fold in range(CV_FOLDS):
            if (k, fold) not in seen:
                return Verdict(0.0, t("a1.cv.not_voted", k=k, fold=fold, folds=CV_FOLDS))
            if not abs(accs[row, fold] - seen[(k, fold)]) <= 1e-9:
                return Verdict(0.0, t("a1.cv.accuracy", k=k, fold=fold, expected=judge.fmt(seen[(k, fold)], accs[row, fold]),
                                      got=judge.fmt(accs[row, fold], seen[(k, fold)])))
    return Verdict(1.0, t("a1.cv.ok"))


def judge_predict(got, expected, ctx):
    """predict(X, k=3, num_loops=n) hands X to the distance version n names, the distances it got to
    predict_labels with k = 3, and returns predict_labels' labels (whatever those are worth)."""
    t, X_test = ctx.t, ctx.given[2]
    for n, method in sorted(NUM_LOOPS.items()):
        calls = got[f"calls{n}"].tolist()
        if calls[METHODS.index(method)] < 1 or f"X{n}" not in got or not _same(got[f"X{n}"], X_test):
            return Verdict(0.0, t("a1.predict.dispatch", n=n, method=method))
        if calls[-1] != 1 or f"handed{n}" not in got:
            return Verdict(0.0, t("a1.predict.vote", n=n, calls=calls[-1]))
        if not np.array_equal(got[f"handed{n}"], got[f"computed{n}"], equal_nan=True):
            return Verdict(0.0, t("a1.predict.handed", n=n, method=method))
        if not (np.ndim(got[f"k{n}"]) == 0 and got[f"k{n}"] == 3):
            return Verdict(0.0, t("a1.predict.k", n=n, k=judge.fmt(got[f"k{n}"]) if got[f"k{n}"].size == 1 else "?"))
        if not _same(got[f"pred{n}"], got[f"labels{n}"]):
            return Verdict(0.0, t("a1.predict.returned", n=n))
    return Verdict(1.0, t("a1.predict.ok"))


def linear_call(n, d, c):
    def call(ctx):
        rng = np.random.default_rng(ctx.seed)
        X, W, b = rng.standard_normal((n, d)), rng.standard_normal((d, c)) * 0.01, rng.standard_normal(c)
        return {"scores": ctx.load("linear_score").linear_scores(X, W, b)}
    return call


def _bias_missing(g, e) -> bool:
    """Every row off by the same finite vector: the bias b left out (or added twice)."""
    diff = g - e
    return g.shape == e.shape and diff.ndim == 2 and bool(np.all(np.isfinite(diff))) and judge.near(diff, np.broadcast_to(diff[0], diff.shape),
                                                                             rtol=1e-5, atol=1e-8)


BIAS_HINT = [("a1.hint.bias", _bias_missing)]
KNN = "k_nearest_neighbor.KNearestNeighbor"
SPEED = (500, 100, 1024)  # num_train, num_test, dim: loops pay per pair, one loop stays memory-bound

CHECKS = [
    Check("dists_two_loops", dists_call("compute_distances_two_loops"), judge.close(hints=DIST_HINTS),
          uses=(f"{KNN}.compute_distances_two_loops",), doc="compute_distances_two_loops against the reference"),
    Check("dists_one_loop", dists_call("compute_distances_one_loop"), judge.close(hints=DIST_HINTS), seed=1,
          uses=(f"{KNN}.compute_distances_one_loop",), doc="compute_distances_one_loop against the reference"),
    Check("dists_no_loops", dists_call("compute_distances_no_loops", 200, 50, 30),
          judge.close(rtol=1e-6, atol=1e-6, hints=DIST_HINTS), seed=2, uses=(f"{KNN}.compute_distances_no_loops",),
          doc="compute_distances_no_loops against the reference"),
    Check("dists_hidden", dists_hidden,
          judge_each({loops: judge.close(atol=1e-6, hints=DIST_HINTS) for loops in DIST_VERSIONS}),
          hidden=True, seed=3, uses=tuple(f"{KNN}.compute_distances_{loops}" for loops in DIST_VERSIONS),
          doc="all three distance versions on edge shapes, a third of the points each"),
    Check("predict_labels", predict_labels_call, judge_votes, uses=(f"{KNN}.predict_labels",),
          doc="predict_labels with k = 1, 3, 5 and ties in the vote"),
    Check("predict_labels_hidden", predict_labels_hidden, judge_votes,
          hidden=True, seed=4, uses=(f"{KNN}.predict_labels",), doc="predict_labels with every point voting and equal distances"),
    Check("predict_num_loops", predict_call, judge_predict, seed=5, reference=False, given=predict_inputs,
          uses=(f"{KNN}.predict",) + tuple(f"{KNN}.{m}" for m in METHODS),
          doc="predict with num_loops = 0, 1 and 2: the right distance version, then predict_labels with k"),
    Check("cross_validate_k", cross_validate_call, judge_cross_validate, seed=6, reference=False, given=cv_inputs,
          uses=("k_nearest_neighbor.cross_validate_k", f"{KNN}.predict", f"{KNN}.compute_distances_no_loops",
                f"{KNN}.predict_labels"),
          doc="cross_validate_k: every k, five folds, each accuracy that of your own classifier trained on the "
              "other folds"),
    Check("linear_scores", linear_call(5, 4, 3), judge.close(hints=BIAS_HINT), seed=7, uses=("linear_score.linear_scores",),
          doc="linear_scores on a small batch"),
    Check("linear_scores_hidden", linear_call(1, 3072, 10), judge.close(hints=BIAS_HINT), hidden=True, seed=8,
          uses=("linear_score.linear_scores",),
          doc="linear_scores on one CIFAR-sized row"),
    Check("speed_no_loops", dists_call("compute_distances_no_loops", *SPEED),
          judge.speed(judge.close(atol=1e-4, hints=DIST_HINTS), "compute_distances_two_loops"),
          timed=True, repeat=5, baseline=dists_call("compute_distances_two_loops", *SPEED),
          uses=(f"{KNN}.compute_distances_no_loops",),
          doc="compute_distances_no_loops at least min_ratio times faster than the reference two-loop version"),
]
