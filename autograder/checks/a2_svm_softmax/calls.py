"""a2's calls: what runs in the child, next to the student's linear_svm.py, softmax.py and
linear_classifier.py. Inputs are made from the check's seed; loss checks also return the centred
numerical gradient dW_num of the student's own loss (h = 1e-5) at NUMERIC_SAMPLES entries, as CS231n's
grad_check_sparse (the analytic dW elsewhere: a relative error over dW_num is the sampled entries')."""
from functools import lru_cache

import numpy as np

from autograder.config.paths import DATASETS
from autograder.model.gradcheck import eval_numerical_gradient_sampled
from autograder.model.loader import load_module

NUMERIC_SAMPLES = 20   # entries of dW checked by centred differences (CS231n checks 10)


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


def loss_inputs(shape, reg: float, scale: float = 1.0):
    """What a loss check's call runs on, and its Check(given=...) for the judge: seed -> (W, X, y, reg)."""
    def given(seed: int):
        return (*loss_data(seed, *shape, scale), reg)
    return given


# The lecture's three training images (rows) and their scores for cat, car, frog (columns).
LECTURE_SCORES = np.array([[3.2, 5.1, -1.7],    # a cat
                           [1.3, 4.9, 2.0],     # a car
                           [2.2, 2.5, -3.1]])   # a frog
LECTURE_LABELS = np.array([0, 1, 2])
SVM_LECTURE = {"losses": np.array([2.9, 0.0, 12.9]), "mean": np.array(5.27)}
SOFTMAX_LECTURE = {"cat_loss": np.array(2.04)}


def loss_call(module: str, function: str, inputs, numeric: bool = True):
    """loss, dW and (when `numeric`) dW_num of the student's function on `inputs(ctx.seed)` (`loss_inputs`)."""
    def call(ctx):
        W, X, y, reg = inputs(ctx.seed)
        f = getattr(ctx.load(module), function)
        loss, dW = f(W.copy(), X.copy(), y.copy(), reg)
        out = {"loss": np.asarray(loss, dtype=np.float64), "dW": dW}
        if numeric:
            Wn = W.copy()
            out["dW_num"] = eval_numerical_gradient_sampled(lambda w: f(w, X.copy(), y.copy(), reg)[0], Wn,
                                                            dW, NUMERIC_SAMPLES, ctx.seed)
        return out
    return call


def both_call(module: str, prefix: str, inputs):
    """The naive and the vectorised version on the same inputs (stability and hidden checks)."""
    naive = loss_call(module, f"{prefix}_naive", inputs, numeric=False)
    vectorized = loss_call(module, f"{prefix}_vectorized", inputs, numeric=False)

    def call(ctx):
        out = {f"naive_{k}": v for k, v in naive(ctx).items()}
        out.update({f"vectorized_{k}": v for k, v in vectorized(ctx).items()})
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
               "steps": np.array(len(steps))}
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
        X, y = load_module(DATASETS / "data_utils.py", "a2_data_utils").load_zoo()
    except (OSError, ValueError):
        return None
    X.setflags(write=False)
    y.setflags(write=False)
    return X, y


ZOO = _zoo()
# 200 steps at 0.5 reach what 1000 at 0.1 did (0.99 on every seed with the reference) in a fifth of the time
ZOO_TRAIN = dict(learning_rate=0.5, reg=1e-4, num_iters=200, batch_size=50)


def zoo_data(seed: int = 0):
    """The zoo's features and labels (the same for every seed): the call's inputs, the judge's labels."""
    if ZOO is None:
        raise FileNotFoundError(f"the zoo data {DATASETS / 'data-04-zoo.csv'} could not be read")
    return ZOO


def zoo_call(ctx):
    X, y = (a.copy() for a in zoo_data())
    np.random.seed(ctx.seed)
    clf = ctx.load("linear_classifier").Softmax()
    clf.train(X, y, **ZOO_TRAIN)
    return {"y_pred": clf.predict(X)}
