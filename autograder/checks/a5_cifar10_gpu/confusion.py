"""confusion_matrix: counts the parent makes itself, on 200,000 samples and on a class never predicted.

The labels reach the student's function as `Counted` arrays: numpy arrays that count the reads of
single elements (iteration, integer indexing, tolist, item), which only a Python loop over the samples
does in bulk. The parent judges that count next to the counts.
"""
from __future__ import annotations

import numpy as np

from autograder.model.check import Verdict
from autograder.model.judge import exact

N_LARGE, C_LARGE = 200_000, 10
C_SMALL = 3


def cm_data(seed: int):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, C_LARGE, N_LARGE)
    y_pred = np.where(rng.random(N_LARGE) < 0.6, y_true, rng.integers(0, C_LARGE, N_LARGE))
    small_true = np.array([0, 0, 1, 2, 2, 2, 1, 0])
    small_pred = np.array([0, 1, 1, 0, 0, 1, 1, 0])       # class 2 never predicted
    return (y_true, y_pred), (small_true, small_pred)


class Counted(np.ndarray):
    """An int64 array that counts the single elements read from it (all Counted arrays together)."""
    reads = [0]

    def __iter__(self):
        Counted.reads[0] += len(self) if self.ndim else 1
        return super().__iter__()

    def __getitem__(self, key):
        if isinstance(key, (int, np.integer)) or (isinstance(key, tuple) and all(
                isinstance(k, (int, np.integer)) for k in key)):
            Counted.reads[0] += 1
        return super().__getitem__(key)

    def tolist(self):
        Counted.reads[0] += self.size
        return super().tolist()

    def item(self, *args):
        Counted.reads[0] += 1
        return super().item(*args)


def counted(a) -> Counted:
    return np.array(a, dtype=np.int64).view(Counted)


def cm_call(ctx):
    train = ctx.load("train")
    (y_true, y_pred), (small_true, small_pred) = cm_data(ctx.seed)
    Counted.reads[0] = 0
    large = train.confusion_matrix(counted(y_true), counted(y_pred), num_classes=C_LARGE)
    reads = Counted.reads[0]
    small = train.confusion_matrix(counted(small_true), counted(small_pred), num_classes=C_SMALL)
    if large is None or small is None:
        return {"cm": None}
    return {"cm": np.asarray(large).view(np.ndarray), "cm_small": np.asarray(small).view(np.ndarray),
            "reads": np.array(reads, dtype=np.int64)}


def counts(y_true, y_pred, c) -> np.ndarray:
    out = np.zeros((c, c), dtype=np.int64)
    np.add.at(out, (y_true, y_pred), 1)
    return out


def judge_cm(got, expected, ctx):
    t = ctx.t
    (y_true, y_pred), (small_true, small_pred) = ctx.given
    want = {"cm": counts(y_true, y_pred, C_LARGE), "cm_small": counts(small_true, small_pred, C_SMALL)}
    transposed = [("a5.hint.transposed", lambda g, e: g.shape == e.shape and np.array_equal(g, e.T))]
    verdict = exact(keys=["cm", "cm_small"], hints=transposed)(got, want, ctx)
    if not verdict.passed:
        return verdict
    for name in ("cm", "cm_small"):
        if np.asarray(got[name]).dtype != np.int64:
            return Verdict(0.0, t("a5.cm.dtype", got=np.asarray(got[name]).dtype))
    reads = int(got.get("reads", 0))
    if reads > N_LARGE // 10:
        return Verdict(0.0, t("a5.cm.loop", touches=reads, n=N_LARGE), {"reads": reads})
    return Verdict(1.0, t("a5.cm.ok", n=N_LARGE))
