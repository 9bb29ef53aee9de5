"""Sample students of a3_backprop: the reference, the stub and typical mistakes of the lectures."""
from tests.data.samples import Sample

BN_DX = "dx = (dx_hat - dx_hat.mean(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0) / N) / std"

SAMPLES = [
    Sample("han-jiwoo", note="the reference solution"),
    Sample("오지민", base="stub", note="the untouched stub"),
    Sample("lee seojun", note="batchnorm backward missing the mean/variance terms",
           edits=(("layers.py", BN_DX, "dx = dx_hat / std"),)),
    Sample("kang-minji", note="dropout not inverted (no division by p)",
           edits=(("layers.py", "mask = (np.random.rand(*x.shape) < p) / p",
                   "mask = (np.random.rand(*x.shape) < p) * 1.0"),)),
    Sample("yoon-taeyang", note="Adam without bias correction",
           edits=(("optim.py", 'm_hat = config["m"] / (1 - beta1 ** t)\n    v_hat = config["v"] / (1 - beta2 ** t)',
                   'm_hat = config["m"]\n    v_hat = config["v"]'),)),
    Sample("song-yerin", note="momentum sign flipped; softmax overflows on large scores",
           edits=(("optim.py", "    next_w = w + v\n    ### END", "    next_w = w - v\n    ### END"),
                  ("layers.py", "shifted = x - np.max(x, axis=1, keepdims=True)", "shifted = x"))),
]
