"""Honest students' own a2 SVM code (five ways to write the same two functions), a known solution
"from GitHub", and the disguises a copier uses: tests/test_similarity.py and bench/similarity.py."""
from __future__ import annotations

import re
import textwrap

from autograder.config.paths import ASSIGNMENTS

AID = "a2_svm_softmax"
FILE = "linear_svm.py"
STUB_BODY = "    # YOUR CODE HERE\n    raise NotImplementedError()\n"

HONEST = [
    ("""
    for i in range(num_train):
        scores = X[i].dot(W)
        correct = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct + 1
            if margin > 0:
                loss += margin
                dW[:, j] += X[i]
                dW[:, y[i]] -= X[i]
    loss /= num_train
    dW /= num_train
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
""", """
    N = X.shape[0]
    scores = X @ W
    correct = scores[np.arange(N), y][:, None]
    margins = np.maximum(0, scores - correct + 1)
    margins[np.arange(N), y] = 0
    loss = margins.sum() / N + reg * np.sum(W * W)
    mask = (margins > 0).astype(float)
    mask[np.arange(N), y] = -mask.sum(axis=1)
    dW = X.T @ mask / N + 2 * reg * W
"""),
    ("""
    for n in range(num_train):
        s = W.T.dot(X[n])
        for c in range(num_classes):
            m = s[c] - s[y[n]] + 1.0 if c != y[n] else 0.0
            if m <= 0:
                continue
            loss = loss + m
            dW[:, c] = dW[:, c] + X[n]
            dW[:, y[n]] = dW[:, y[n]] - X[n]
    loss = loss / num_train + reg * (W ** 2).sum()
    dW = dW / num_train + reg * 2 * W
""", """
    num = len(y)
    s = np.dot(X, W)
    s_y = np.choose(y, s.T).reshape(-1, 1)
    hinge = np.clip(s - s_y + 1.0, 0, None)
    hinge[range(num), y] = 0.0
    loss = np.sum(hinge) / num
    loss += reg * (W ** 2).sum()
    ind = np.where(hinge > 0, 1.0, 0.0)
    ind[range(num), y] = -np.sum(ind, axis=1)
    dW = np.dot(X.T, ind) / num
    dW += reg * 2 * W
"""),
    ("""
    i = 0
    while i < num_train:
        row = X[i]
        sc = np.array([row.dot(W[:, k]) for k in range(num_classes)])
        k = 0
        while k < num_classes:
            if k != y[i] and sc[k] - sc[y[i]] + 1 > 0:
                loss += sc[k] - sc[y[i]] + 1
                dW[:, k] += row
                dW[:, y[i]] -= row
            k += 1
        i += 1
    loss = loss / num_train + reg * np.sum(np.square(W))
    dW = dW / num_train + 2.0 * reg * W
""", """
    count = X.shape[0]
    idx = np.arange(count)
    all_scores = X.dot(W)
    diff = all_scores - all_scores[idx, y].reshape(count, 1) + 1
    diff[idx, y] = 0
    positive = diff > 0
    loss = np.sum(diff[positive]) / count + reg * np.sum(np.square(W))
    coeff = positive.astype(X.dtype)
    coeff[idx, y] -= coeff.sum(axis=1)
    dW = X.T.dot(coeff) / count + 2.0 * reg * W
"""),
    ("""
    for example, label in zip(X, y):
        out = example @ W
        target = out[label]
        for cls, value in enumerate(out):
            if cls != label and value - target + 1 > 0:
                loss += value - target + 1
                dW[:, cls] += example
                dW[:, label] -= example
    loss /= len(y)
    dW /= len(y)
    loss += reg * float((W * W).sum())
    dW += W * (2 * reg)
""", """
    rows = np.arange(len(y))
    out = X @ W
    gap = out - out[rows, y][:, np.newaxis] + 1
    gap[rows, y] = 0
    gap = np.where(gap > 0, gap, 0)
    loss = gap.sum() / len(y) + reg * float((W * W).sum())
    flags = np.sign(gap)
    flags[rows, y] = -flags.sum(1)
    dW = (X.T @ flags) / len(y) + W * (2 * reg)
"""),
    ("""
    delta = 1.0
    for i in range(num_train):
        sc = np.matmul(X[i], W)
        for j in range(num_classes):
            if j != y[i]:
                violation = max(0.0, sc[j] - sc[y[i]] + delta)
                loss += violation
                if violation:
                    dW[:, j] += X[i]
                    dW[:, y[i]] -= X[i]
    loss = loss / num_train
    dW = dW / num_train
    loss = loss + reg * np.linalg.norm(W) ** 2
    dW = dW + 2 * reg * W
""", """
    delta = 1.0
    n = X.shape[0]
    sc = np.matmul(X, W)
    true_scores = sc[np.arange(n), y]
    viol = np.maximum(0.0, sc - true_scores[:, np.newaxis] + delta)
    viol[np.arange(n), y] = 0.0
    loss = viol.sum() / n + reg * np.linalg.norm(W) ** 2
    g = (viol > 0) * 1.0
    g[np.arange(n), y] = -g.sum(axis=1)
    dW = np.matmul(X.T, g) / n + 2 * reg * W
"""),
]

GITHUB = ("""
    for i in range(num_train):
        scores = X[i].dot(W)
        correct_class_score = scores[y[i]]
        for j in range(num_classes):
            if j == y[i]:
                continue
            margin = scores[j] - correct_class_score + 1  # note delta = 1
            if margin > 0:
                loss += margin
                dW[:, y[i]] -= X[i, :]
                dW[:, j] += X[i, :]
    # Right now the loss is a sum over all training examples, but we want it
    # to be an average instead so we divide by num_train.
    loss /= num_train
    dW /= num_train
    # Add regularization to the loss.
    loss += reg * np.sum(W * W)
    dW += 2 * reg * W
""", """
    num_train = X.shape[0]
    scores = X.dot(W)
    correct_class_scores = scores[np.arange(num_train), y].reshape(num_train, 1)
    margin = np.maximum(0, scores - correct_class_scores + 1)
    margin[np.arange(num_train), y] = 0  # do not consider correct class in loss
    loss = margin.sum() / num_train
    loss += reg * np.sum(W * W)
    margin[margin > 0] = 1
    valid_margin_count = margin.sum(axis=1)
    # Subtract in correct class (-s_y)
    margin[np.arange(num_train), y] -= valid_margin_count
    dW = (X.T).dot(margin) / num_train
    dW = dW + reg * 2 * W
""")


def stub() -> str:
    return (ASSIGNMENTS / AID / FILE).read_text(encoding="utf-8")


def with_bodies(naive: str, vectorized: str) -> str:
    """The release's stub with the student's two bodies in place of its YOUR CODE HERE blocks."""
    text = stub()
    assert text.count(STUB_BODY) == 2, "the stub's solution blocks changed"
    first, second, third = text.split(STUB_BODY)
    return first + textwrap.dedent(naive).replace("\n", "\n    ").rstrip() + "\n" + second + \
        textwrap.dedent(vectorized).replace("\n", "\n    ").rstrip() + "\n" + third


def disguise(code: str) -> str:
    """What a copier does: renames the variables, deletes the comments, adds blank lines."""
    renames = {"scores": "s_vals", "margin": "hinge_val", "correct": "right", "num_train": "n_samples",
               "correct_class_score": "truth", "loss": "total_loss", "dW": "grad_w", "mask": "ones",
               "margins": "hinges", "N": "M", "i": "row", "j": "col", "valid_margin_count": "cnt",
               "correct_class_scores": "truths"}
    code = re.sub(r"#[^\n]*", "", code)
    code = re.sub(r"\b(" + "|".join(map(re.escape, renames)) + r")\b", lambda m: renames[m.group(1)], code)
    return code.replace(":\n", ":\n\n").replace("\n    dW", "\n\n    dW")
