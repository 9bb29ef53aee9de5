"""Sample students of a2_svm_softmax: the reference, the stub and typical mistakes."""
from tests.data.samples import Sample

SAMPLES = [
    Sample("han-seojun", note="the reference solution"),
    Sample("오민서", base="stub", note="the untouched stub"),
    Sample("kang-dohyun", note="svm_loss_vectorized forgets the regularisation gradient 2 * reg * W",
           edits=(("linear_svm.py", "dW = X.T.dot(positive) / num_train + 2 * reg * W",
                   "dW = X.T.dot(positive) / num_train"),)),
    Sample("윤지우", note="softmax_loss_vectorized does not subtract the max score: overflows near 1000",
           edits=(("softmax.py", "    scores = scores - np.max(scores, axis=1, keepdims=True)", "    pass"),)),
    Sample("lim seo-yeon", note="svm_loss_naive counts the correct class in the margin",
           edits=(("linear_svm.py", "            if j == y[i]:\n                continue\n", ""),)),
]
