"""Checks of a2_svm_softmax: the multiclass SVM and softmax losses and a linear classifier.

Calls run in the child on the student's `linear_svm.py`, `softmax.py` and `linear_classifier.py`;
judges run in the parent. Loss checks return the loss, the analytic dW and the centred numerical
gradient dW_num of the student's own loss (h = 1e-5), so the feedback can tell a wrong loss from
a wrong gradient, and the inputs (W, X, y, reg), so that the hints can recognise and name the
typical mistakes by their exact numerical signature.
"""
import importlib.util
from functools import lru_cache

import numpy as np

from autograder.model import judge
from autograder.model.check import Check, Verdict
from autograder.model.gradcheck import eval_numerical_gradient
from autograder.config.messages import register
from autograder.config.paths import DATASETS

register({
    "a2.hint.reg_grad_missing": {
        "en": "dW is off by exactly 2 * reg * W: the regularisation gradient is missing (add 2 * reg * W to dW)",
        "ko": "dW가 정확히 2 * reg * W만큼 다릅니다: 정규화 항의 그래디언트가 빠졌습니다 (dW에 2 * reg * W를 더하세요)"},
    "a2.hint.reg_grad_factor": {
        "en": "dW is off by a factor of 2 in the regularisation gradient: the derivative of reg * np.sum(W * W) "
              "is 2 * reg * W",
        "ko": "정규화 그래디언트가 2배 어긋났습니다: reg * np.sum(W * W)의 미분은 2 * reg * W입니다"},
    "a2.hint.reg_loss_missing": {
        "en": "the loss lacks the regularisation term reg * np.sum(W * W)",
        "ko": "손실에 정규화 항 reg * np.sum(W * W)이 빠졌습니다"},
    "a2.hint.reg_loss_factor": {
        "en": "the regularisation term is off by a factor of 2: in this assignment it is reg * np.sum(W * W), "
              "not 0.5 * reg * np.sum(W * W)",
        "ko": "정규화 항이 2배 어긋났습니다: 이 과제에서는 0.5 * reg * np.sum(W * W)가 아니라 reg * np.sum(W * W)입니다"},
    "a2.hint.loss_not_averaged": {
        "en": "the loss is N times too large: it is not averaged over the N examples (divide the data loss by N)",
        "ko": "손실이 N배 큽니다: N개 예제에 대해 평균을 내지 않았습니다 (데이터 손실을 N으로 나누세요)"},
    "a2.hint.grad_not_averaged": {
        "en": "dW is N times too large: the gradient is not averaged over the N examples (divide it by N too)",
        "ko": "dW가 N배 큽니다: 그래디언트도 N개 예제에 대해 평균을 내야 합니다 (N으로 나누세요)"},
    "a2.hint.correct_class_counted": {
        "en": "the correct class is counted in the SVM margin: each example adds max(0, s_y - s_y + 1) = 1; "
              "skip j == y[i] (or set margins[np.arange(N), y] = 0)",
        "ko": "정답 클래스가 SVM 마진에 포함되었습니다: 예제마다 max(0, s_y - s_y + 1) = 1이 더해집니다; "
              "j == y[i]는 건너뛰세요 (또는 margins[np.arange(N), y] = 0)"},
    "a2.hint.overflow": {
        "en": "softmax overflowed on scores near 1000: np.exp(1000) is inf. Subtract each row's largest score "
              "before np.exp (the probabilities do not change)",
        "ko": "1000 근처의 점수에서 softmax가 오버플로되었습니다: np.exp(1000)은 inf입니다. np.exp 전에 각 행의 "
              "최댓값을 빼세요 (확률은 변하지 않습니다)"},
    "a2.hint.log10": {
        "en": "the loss is the natural-log loss divided by ln(10): use np.log, not np.log10 (the slide's 0.89 is "
              "log10; with the natural log the cat's loss is 2.04)",
        "ko": "손실이 자연로그 손실을 ln(10)으로 나눈 값입니다: np.log10이 아니라 np.log를 쓰세요 (슬라이드의 0.89는 "
              "log10 값이고, 자연로그로는 고양이 이미지의 손실이 2.04입니다)"},
    "a2.train.calls": {
        "en": "train should call self.loss once per iteration: {expected} calls expected, {got} made",
        "ko": "train은 반복마다 self.loss를 한 번 호출해야 합니다: {expected}번이어야 하는데 {got}번 호출했습니다"},
    "a2.train.batch_size": {
        "en": "iteration {it}: the minibatch should have batch_size = {expected} rows, it has {got}",
        "ko": "반복 {it}: 미니배치는 batch_size = {expected}개의 행이어야 하는데 {got}개입니다"},
    "a2.train.rows": {
        "en": "iteration {it}: the minibatch holds rows that are not rows of X (X_batch = X[idx])",
        "ko": "반복 {it}: 미니배치에 X의 행이 아닌 행이 있습니다 (X_batch = X[idx])"},
    "a2.train.labels": {
        "en": "iteration {it}: the minibatch's labels are not its rows' labels (y_batch = y[idx], the same idx)",
        "ko": "반복 {it}: 미니배치의 레이블이 그 행들의 레이블이 아닙니다 (같은 idx로 y_batch = y[idx])"},
    "a2.train.same_batch": {
        "en": "every iteration used the same rows: sample a new random minibatch each iteration",
        "ko": "모든 반복이 같은 행을 썼습니다: 반복마다 새 무작위 미니배치를 뽑으세요"},
    "a2.train.reg": {
        "en": "train should pass its reg ({expected}) to the loss; the loss got {got}",
        "ko": "train은 받은 reg({expected})를 손실 함수에 넘겨야 하는데 {got}이(가) 넘어갔습니다"},
    "a2.train.step": {
        "en": "iteration {it}: W should move by exactly -learning_rate * grad (learning_rate = {lr:g}) with the "
              "grad your loss returned; it moved by {ratio} times that (W -= learning_rate * grad)",
        "ko": "반복 {it}: W는 손실 함수가 반환한 grad로 정확히 -learning_rate * grad만큼 (learning_rate = {lr:g}) "
              "움직여야 하는데 그 {ratio}배 움직였습니다 (W -= learning_rate * grad)"},
    "a2.train.history": {
        "en": "the loss history should hold the {iters} losses your loss returned, in order",
        "ko": "손실 기록에는 손실 함수가 반환한 손실 {iters}개가 순서대로 있어야 합니다"},
    "a2.train.ok": {
        "en": "{iters} SGD steps on random minibatches, each by -learning_rate * grad of your own loss "
              "(the loss is judged in its own parts)",
        "ko": "무작위 미니배치로 SGD {iters} 스텝, 각 스텝이 여러분 손실 함수의 grad로 -learning_rate * grad만큼 "
              "움직였습니다 (손실 함수는 각자의 항목에서 판정)"},
    "a2.zoo.what": {"en": "training accuracy on the zoo data", "ko": "zoo 데이터 학습 정확도"},
    "a2.lecture.mismatch": {
        "en": "{what}: the lecture's worked example gives {expected}, your code gives {got}",
        "ko": "{what}: 강의 예제의 값은 {expected}인데 여러분의 코드는 {got}입니다"},
    "a2.lecture.ok": {
        "en": "matches the lecture's worked example ({values})",
        "ko": "강의 예제와 일치합니다 ({values})"},
})

LN10 = np.log(10.0)


def _load(path, name):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------- inputs

@lru_cache(maxsize=8)
def loss_data(seed: int, num_train: int, dim: int, num_classes: int, scale: float = 1.0):
    """W (D, C), X (N, D), y (N,) from the seed; cached so that timed runs measure only the call.
    `scale` > 1 makes the scores large (about `scale`), to test numerical stability."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((num_train, dim))
    W = rng.standard_normal((dim, num_classes)) * 0.5
    y = rng.integers(0, num_classes, num_train)
    if scale != 1.0:
        X[:, -1] = 1.0                                     # the bias trick: a constant feature ...
        W *= 0.5
        W[-1] = scale + rng.uniform(-2.0, 2.0, num_classes)  # ... whose weights put every score near `scale`
    for a in (X, W, y):
        a.setflags(write=False)
    return W, X, y


# The lecture's three training images (rows) and their scores for cat, car, frog (columns).
LECTURE_SCORES = np.array([[3.2, 5.1, -1.7],    # a cat
                           [1.3, 4.9, 2.0],     # a car
                           [2.2, 2.5, -3.1]])   # a frog
LECTURE_LABELS = np.array([0, 1, 2])
SVM_LECTURE = {"losses": np.array([2.9, 0.0, 12.9]), "mean": np.array(5.27)}
SOFTMAX_LECTURE = {"cat_loss": np.array(2.04)}


def loss_call(module: str, function: str, shape, reg: float, scale: float = 1.0, numeric: bool = True):
    """loss, dW and (when `numeric`) dW_num of the student's function, with the inputs echoed back."""
    def call(ctx):
        W, X, y = loss_data(ctx.seed, *shape, scale)
        f = getattr(ctx.load(module), function)
        loss, dW = f(W.copy(), X.copy(), y.copy(), reg)
        out = {"loss": np.asarray(loss, dtype=np.float64), "dW": dW, "W": W, "X": X, "y": y,
               "reg": np.array(reg), "N": np.array(X.shape[0])}
        if numeric:
            Wn = W.copy()
            out["dW_num"] = eval_numerical_gradient(lambda w: f(w, X.copy(), y.copy(), reg)[0], Wn)
        return out
    return call


def both_call(module: str, prefix: str, shape, reg: float, scale: float = 1.0):
    """The naive and the vectorised version on the same inputs (stability and hidden checks)."""
    naive = loss_call(module, f"{prefix}_naive", shape, reg, scale, numeric=False)
    vectorized = loss_call(module, f"{prefix}_vectorized", shape, reg, scale, numeric=False)

    def call(ctx):
        out = {f"naive_{k}": v for k, v in naive(ctx).items()}
        out.update({f"vectorized_{k}": v for k, v in vectorized(ctx).items() if k in ("loss", "dW")})
        return out
    return call


def speed_call(module: str, function: str, shape):
    def call(ctx):
        W, X, y = loss_data(ctx.seed, *shape)
        X = X + ctx.vary   # each timed run its own inputs, secret until the run: nothing to remember or precompute
        loss, dW = getattr(ctx.load(module), function)(W.copy(), X, y.copy(), 0.1)
        return {"loss": np.asarray(loss, dtype=np.float64), "dW": dW}
    return call


def lecture_svm(ctx):
    f = ctx.load("linear_svm").svm_loss_naive
    X = np.eye(3)                       # scores = X.dot(W) = W: row i holds the scores of image i
    losses = [f(LECTURE_SCORES.copy(), X[i:i + 1].copy(), LECTURE_LABELS[i:i + 1].copy(), 0.0)[0] for i in range(3)]
    mean, _ = f(LECTURE_SCORES.copy(), X.copy(), LECTURE_LABELS.copy(), 0.0)
    return {"losses": np.array(losses, dtype=np.float64), "mean": np.asarray(mean, dtype=np.float64)}


def lecture_softmax(ctx):
    f = ctx.load("softmax").softmax_loss_naive
    loss, _ = f(LECTURE_SCORES.copy(), np.eye(3)[:1].copy(), LECTURE_LABELS[:1].copy(), 0.0)
    return {"cat_loss": np.asarray(loss, dtype=np.float64)}


@lru_cache(maxsize=4)
def train_data(seed: int, num_train=200, dim=20, num_classes=4):
    """Separable-ish blobs for the training checks."""
    rng = np.random.default_rng(seed)
    centers = rng.standard_normal((num_classes, dim)) * 2
    y = rng.integers(0, num_classes, num_train)
    X = centers[y] + rng.standard_normal((num_train, dim))
    return X, y


TRAIN = dict(learning_rate=1e-2, reg=1e-3, num_iters=40, batch_size=50)


def stand_in_loss(W, X_batch, y_batch, reg):
    """Least squares on one-hot labels: what the training loop gets when the student's own loss
    raises or returns no usable (loss, dW), so that train is judged on its own. Not the SVM or
    the softmax loss: it gives nothing of those away."""
    X_batch = np.asarray(X_batch, dtype=np.float64)
    Y = np.eye(W.shape[1])[np.asarray(y_batch, dtype=np.int64) % W.shape[1]]
    diff = X_batch.dot(W) - Y
    n = max(len(X_batch), 1)
    return 0.5 * np.sum(diff * diff) / n + reg * np.sum(W * W), X_batch.T.dot(diff) / n + 2 * reg * W


def train_call(cls: str):
    """clf.train(...) with the instance's loss wrapped: each call records W before the step, the
    minibatch and the (loss, dW) the student's own loss returned. The parent checks the loop
    against those records, so a wrong loss costs only the loss's parts."""
    def call(ctx):
        X, y = train_data(ctx.seed)
        np.random.seed(ctx.seed)
        clf = getattr(ctx.load("linear_classifier"), cls)()
        student_loss, steps = clf.loss, []

        def loss(X_batch, y_batch, reg):
            W = np.array(clf.W, dtype=np.float64, copy=True)
            try:
                value, grad = student_loss(X_batch, y_batch, reg)
                value, grad = float(value), np.asarray(grad, dtype=np.float64)
                if grad.shape != W.shape:
                    raise ValueError
            except Exception:   # NotImplementedError too: the loss is judged in its own parts
                value, grad = stand_in_loss(W, X_batch, y_batch, reg)
            steps.append((W, np.array(X_batch, dtype=np.float64), np.array(y_batch), float(reg), value, grad))
            return value, grad.copy()

        clf.loss = loss
        history = clf.train(X.copy(), y.copy(), **TRAIN)
        out = {"loss_history": np.asarray(history, dtype=np.float64), "W_final": np.asarray(clf.W, dtype=np.float64),
               "X": X, "y": y, "steps": np.array(len(steps))}
        if steps:
            W, X_batch, y_batch, reg, value, grad = zip(*steps)
            out.update(W=np.stack(W), reg=np.array(reg), loss=np.array(value), grad=np.stack(grad),
                       batch_sizes=np.array([len(b) for b in X_batch]),
                       X_batches=np.concatenate([b.reshape(len(b), -1) for b in X_batch]),
                       y_batches=np.concatenate([b.reshape(-1) for b in y_batch]))
        return out
    return call


def predict_call(ctx):
    rng = np.random.default_rng(ctx.seed)
    module = ctx.load("linear_classifier")
    out = {}
    for cls in ("LinearSVM", "Softmax"):
        clf = getattr(module, cls)()
        clf.W = rng.standard_normal((6, 5))
        out[cls] = clf.predict(rng.standard_normal((30, 6)))
    return out


def _zoo():
    """The zoo data, read when this module is imported: before the child is fenced in, so the
    sandbox need not expose datasets/ (101 rows, 16 features)."""
    try:
        X, y = _load(DATASETS / "data_utils.py", "a2_data_utils").load_zoo()
    except (OSError, ValueError):
        return None
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


ZOO = _zoo()


def zoo_call(ctx):
    if ZOO is None:
        raise FileNotFoundError(f"the zoo data {DATASETS / 'data-04-zoo.csv'} could not be read")
    X, y = ZOO[0].copy(), ZOO[1].copy()
    np.random.seed(ctx.seed)
    clf = ctx.load("linear_classifier").Softmax()
    clf.train(X, y, learning_rate=1e-1, reg=1e-4, num_iters=1000, batch_size=50)
    return {"y_pred": clf.predict(X), "y": y}


# ---------------------------------------------------------------- judges

def _near(a, b) -> bool:
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return a.shape == b.shape and bool(np.all(np.isfinite(a))) and np.allclose(a, b, rtol=1e-5, atol=1e-8)


def _mistakes(got, exp, prefix="", svm=False, softmax=False) -> list[str]:
    """Message keys of the typical mistakes whose signature fits the student's numbers."""
    g = lambda k: got.get(prefix + k)
    e = lambda k: exp[prefix + k]
    W, reg, N = e("W"), float(e("reg")), int(e("N"))
    L, dW = float(e("loss")), e("dW")
    R, dR = reg * np.sum(W * W), 2 * reg * W
    gL, gdW = g("loss"), g("dW")
    found = []
    if softmax and any(v is not None and np.asarray(v).dtype.kind == "f" and not np.all(np.isfinite(v))
                       for v in (gL, gdW)):
        found.append("a2.hint.overflow")
    if gdW is not None and not _near(gdW, dW):
        if reg and _near(gdW, dW - dR):
            found.append("a2.hint.reg_grad_missing")
        elif reg and (_near(gdW, dW - dR / 2) or _near(gdW, dW + dR)):
            found.append("a2.hint.reg_grad_factor")
        elif N > 1 and (_near(gdW, N * (dW - dR) + dR) or _near(gdW, N * dW)):
            found.append("a2.hint.grad_not_averaged")
        elif svm:
            X, y = e("X"), e("y")
            counted = X.T.dot(np.eye(dW.shape[1])[y]) / N          # the correct class's extra -x_i per example
            if _near(gdW, dW - counted) or _near(gdW, dW - N * counted):
                found.append("a2.hint.correct_class_counted")
    if gL is not None and not _near(gL, L):
        if reg and _near(gL, L - R):
            found.append("a2.hint.reg_loss_missing")
        elif reg and (_near(gL, L - R / 2) or _near(gL, L + R)):
            found.append("a2.hint.reg_loss_factor")
        elif N > 1 and (_near(gL, N * (L - R) + R) or _near(gL, N * L)):
            found.append("a2.hint.loss_not_averaged")
        elif svm and (_near(gL, L + 1) or _near(gL, L + N)):
            if "a2.hint.correct_class_counted" not in found:
                found.append("a2.hint.correct_class_counted")
        elif softmax and _near(gL, (L - R) / LN10 + R):
            found.append("a2.hint.log10")
    return found


def _with_hints(verdict: Verdict, keys: list[str], t) -> Verdict:
    if verdict.passed or not keys:
        return verdict
    message = judge.add_hints(verdict.message, keys, t)
    return Verdict(verdict.fraction, message, dict(verdict.details, mistakes=keys))


def loss_judge(svm=False, softmax=False):
    """judge.gradient on loss and dW (against the reference and dW_num), then the mistake hints."""
    base = judge.gradient(values=("loss",), grads={"dW": "dW_num"})

    def judge_(got, expected, ctx):
        return _with_hints(base(got, expected, ctx), _mistakes(got, expected, svm=svm, softmax=softmax), ctx.t)
    return judge_


def both_judge(svm=False, softmax=False):
    """The naive and the vectorised results of `both_call`, each with its hints."""
    def judge_(got, expected, ctx):
        for prefix in ("naive_", "vectorized_"):
            keys = [prefix + "loss", prefix + "dW"]
            verdict = judge.close(keys=keys)(got, expected, ctx)
            if not verdict.passed:
                exp = dict(expected)
                for k in ("W", "X", "y", "reg", "N"):
                    exp[prefix + k] = expected["naive_" + k]
                return _with_hints(verdict, _mistakes(got, exp, prefix, svm, softmax), ctx.t)
        return Verdict(1.0, ctx.t("judge.ok"))
    return judge_


def lecture_judge(lecture: dict, what: str, tol=0.005, softmax=False):
    """The lecture's rounded numbers (within `tol`), then the reference's exact ones."""
    def judge_(got, expected, ctx):
        t = ctx.t
        for name, value in lecture.items():
            g = got.get(name)
            if g is None or np.shape(g) != np.shape(value):
                return judge.close(keys=[name])(got, expected, ctx)
            bad = ~(np.abs(np.asarray(g, dtype=np.float64) - value) <= tol)
            if bad.any():
                idx = np.unravel_index(int(np.argmax(bad)), np.shape(value))
                message = t("a2.lecture.mismatch", what=f"{what} {name}{judge.index_str(idx)}",
                            expected=judge.fmt(np.asarray(value)[idx]), got=judge.fmt(np.asarray(g)[idx]))
                hints = []
                if softmax and _near(np.asarray(g) * LN10, expected[name]):
                    hints.append("a2.hint.log10")
                if softmax and not np.all(np.isfinite(g)):
                    hints.append("a2.hint.overflow")
                return _with_hints(Verdict(0.0, message), hints, t)
        verdict = judge.close(rtol=1e-6, keys=list(lecture))(got, expected, ctx)
        if not verdict.passed:
            return verdict
        values = ", ".join(judge.fmt(v) for name in lecture for v in np.atleast_1d(got[name]))
        return Verdict(1.0, t("a2.lecture.ok", values=values))
    return judge_


def train_judge(got, expected, ctx):
    """The SGD loop on its own contract: one loss call per iteration on a minibatch of batch_size
    rows of the training set with their own labels (with or without replacement, not always the
    same rows), the reg it was given, W moved by exactly -learning_rate times the dW the student's
    own loss returned, and the loss history those losses."""
    t = ctx.t
    iters, size, lr = TRAIN["num_iters"], TRAIN["batch_size"], TRAIN["learning_rate"]
    n = int(got["steps"])
    if n != iters:
        return Verdict(0.0, t("a2.train.calls", expected=iters, got=n))
    X, y = got["X"], got["y"]
    sizes = got["batch_sizes"]
    if np.any(sizes != size) or got["X_batches"].shape != (iters * size, X.shape[1]):
        i = int(np.argmax(sizes != size)) if np.any(sizes != size) else 0
        return Verdict(0.0, t("a2.train.batch_size", it=i, expected=size, got=int(sizes[i])))
    where = {row.tobytes(): j for j, row in enumerate(np.ascontiguousarray(X, dtype=np.float64))}
    rows = [where.get(r.tobytes(), -1) for r in np.ascontiguousarray(got["X_batches"])]
    idx = np.array(rows).reshape(iters, size)
    if (idx < 0).any():
        return Verdict(0.0, t("a2.train.rows", it=int(np.argmax((idx < 0).any(axis=1)))))
    wrong = got["y_batches"].reshape(iters, size) != y[idx]
    if wrong.any():
        return Verdict(0.0, t("a2.train.labels", it=int(np.argmax(wrong.any(axis=1)))))
    if len({tuple(sorted(r)) for r in idx.tolist()}) == 1:
        return Verdict(0.0, t("a2.train.same_batch"))
    if not np.allclose(got["reg"], TRAIN["reg"], rtol=1e-12, atol=0):
        return Verdict(0.0, t("a2.train.reg", expected=TRAIN["reg"], got=judge.fmt(got["reg"][0])))
    after = np.concatenate([got["W"][1:], got["W_final"][None]])
    step = got["W"] - lr * got["grad"]
    bad = ~np.isclose(after, step, rtol=1e-9, atol=1e-12)
    if bad.any():
        it = int(np.argmax(bad.reshape(iters, -1).any(axis=1)))
        moved, grad = after[it] - got["W"][it], got["grad"][it]
        ratio = float(np.sum(moved * grad) / max(-lr * np.sum(grad * grad), -1e300))
        return Verdict(0.0, t("a2.train.step", it=it, lr=lr, ratio=judge.fmt(ratio)))
    history = got["loss_history"]
    if history.shape != (iters,) or not np.allclose(history, got["loss"], rtol=1e-12, atol=0, equal_nan=True):
        return Verdict(0.0, t("a2.train.history", iters=iters))
    return Verdict(1.0, t("a2.train.ok", iters=iters))


def zoo_judge(got, expected, ctx):
    return judge.thresholds(zoo_accuracy, ctx.t("a2.zoo.what"))(got, expected, ctx)


def zoo_accuracy(got, expected):
    y_pred = np.asarray(got["y_pred"])
    if y_pred.shape != expected["y"].shape:
        return 0.0
    return float(np.mean(y_pred == expected["y"]))


# ---------------------------------------------------------------- the checks

GRAD = (16, 12, 5)          # N, D, C of the gradient checks: 120 weights, 240 calls for dW_num
VEC = (60, 30, 10)          # the vectorised versions on a bigger batch
SPEED = (4000, 50, 10)      # many examples, few features: the Python loops dominate the naive version
REG = 0.1
# Check.uses: the functions a part runs, and the modules it imports besides (linear_classifier.py imports
# linear_svm.py and softmax.py), so that a hang skips only the parts that would hang too.
SVM, SOFTMAX, LC = "linear_svm", "softmax", "linear_classifier.LinearClassifier"

CHECKS = [
    Check("svm_lecture_example", lecture_svm, lecture_judge(SVM_LECTURE, "svm_loss_naive"),
          uses=(f"{SVM}.svm_loss_naive",),
          doc="svm_loss_naive on the lecture's cat/car/frog scores: 2.9, 0, 12.9, mean 5.27"),
    Check("svm_naive", loss_call("linear_svm", "svm_loss_naive", GRAD, REG), loss_judge(svm=True), seed=1,
          uses=(f"{SVM}.svm_loss_naive",),
          doc="svm_loss_naive: loss and dW against the reference and the numerical gradient"),
    Check("svm_vectorized", loss_call("linear_svm", "svm_loss_vectorized", VEC, REG), loss_judge(svm=True),
          seed=2, uses=(f"{SVM}.svm_loss_vectorized",), doc="svm_loss_vectorized: loss and dW against the reference and the numerical gradient"),
    Check("svm_hidden", both_call("linear_svm", "svm_loss", (1, 4, 2), 0.3), both_judge(svm=True), hidden=True,
          seed=3, uses=(f"{SVM}.svm_loss_naive", f"{SVM}.svm_loss_vectorized"), doc="both SVM losses on one example and two classes"),
    Check("speed_svm_vectorized", speed_call("linear_svm", "svm_loss_vectorized", SPEED),
          judge.speed(judge.close(rtol=1e-6), "svm_loss_naive"), seed=4, timed=True,
          baseline=speed_call("linear_svm", "svm_loss_naive", SPEED), uses=(f"{SVM}.svm_loss_vectorized",),
          doc="svm_loss_vectorized at least min_ratio times faster than the reference naive version"),
    Check("softmax_lecture_example", lecture_softmax, lecture_judge(SOFTMAX_LECTURE, "softmax_loss_naive",
                                                                    softmax=True),
          uses=(f"{SOFTMAX}.softmax_loss_naive",),
          doc="softmax_loss_naive on the lecture's cat image: 2.04 with the natural log"),
    Check("softmax_naive", loss_call("softmax", "softmax_loss_naive", GRAD, REG), loss_judge(softmax=True),
          seed=5, uses=(f"{SOFTMAX}.softmax_loss_naive",), doc="softmax_loss_naive: loss and dW against the reference and the numerical gradient"),
    Check("softmax_vectorized", loss_call("softmax", "softmax_loss_vectorized", VEC, REG),
          loss_judge(softmax=True), seed=6, uses=(f"{SOFTMAX}.softmax_loss_vectorized",),
          doc="softmax_loss_vectorized: loss and dW against the reference and the numerical gradient"),
    Check("softmax_stable", both_call("softmax", "softmax_loss", (20, 8, 6), 0.0, scale=1000.0),
          both_judge(softmax=True), seed=7,
          uses=(f"{SOFTMAX}.softmax_loss_naive", f"{SOFTMAX}.softmax_loss_vectorized"), doc="both softmax losses on scores near 1000, reg = 0 (no overflow)"),
    Check("softmax_hidden", both_call("softmax", "softmax_loss", (1, 4, 2), 0.3), both_judge(softmax=True),
          hidden=True, seed=8, uses=(f"{SOFTMAX}.softmax_loss_naive", f"{SOFTMAX}.softmax_loss_vectorized"), doc="both softmax losses on one example and two classes"),
    Check("speed_softmax_vectorized", speed_call("softmax", "softmax_loss_vectorized", SPEED),
          judge.speed(judge.close(rtol=1e-6), "softmax_loss_naive"), seed=9, timed=True,
          baseline=speed_call("softmax", "softmax_loss_naive", SPEED), uses=(f"{SOFTMAX}.softmax_loss_vectorized",),
          doc="softmax_loss_vectorized at least min_ratio times faster than the reference naive version"),
    Check("linear_svm_train", train_call("LinearSVM"), train_judge, seed=10, reference=False,
          uses=(f"{LC}.train", f"{SVM}.svm_loss_vectorized", SOFTMAX),
          doc="LinearSVM.train: 40 SGD steps on random minibatches, each by -learning_rate times the gradient of "
              "your own loss"),
    Check("softmax_train", train_call("Softmax"), train_judge, seed=11, reference=False,
          uses=(f"{LC}.train", f"{SOFTMAX}.softmax_loss_vectorized", SVM),
          doc="Softmax.train: 40 SGD steps on random minibatches, each by -learning_rate times the gradient of "
              "your own loss"),
    Check("predict", predict_call, judge.exact(), seed=12, uses=(f"{LC}.predict", SVM, SOFTMAX),
          doc="LinearClassifier.predict with given weights"),
    Check("zoo_softmax", zoo_call, zoo_judge, seed=13,
          uses=(f"{LC}.train", f"{LC}.predict", f"{SOFTMAX}.softmax_loss_vectorized", SVM),
          doc="end to end: Softmax trained on the zoo data (16 features, 7 classes), training accuracy; depends on "
              "softmax_loss_vectorized, train and predict alike"),
]
