"""Sample students of a4_cnn_layers: the reference, the stub and typical mistakes."""
from tests.data.samples import Sample

NAIVE_DX = "    dx = dx_pad[:, :, pad:pad + H, pad:pad + W]\n    ### END SOLUTION\n    return dx, dw, db\n\n\ndef max_pool"
POOL_ROUTE = ("            k = np.argmax(window, axis=2)                       # (N, C): first maximum\n"
              "            dx[n_idx, c_idx, hs + k // pw, ws + k % pw] += dout[:, :, i, j]\n")

SAMPLES = [
    Sample("kang-minseo", note="the reference solution"),
    Sample("윤지우", base="stub", note="the untouched stub"),
    Sample("lee do-yun", note="conv backward forgets to crop the padding from dx",
           edits=(("conv_layers.py", NAIVE_DX, NAIVE_DX.replace("dx_pad[:, :, pad:pad + H, pad:pad + W]", "dx_pad")),)),
    Sample("han-seojun", note="flips the kernel (a true convolution, not CNN cross-correlation)",
           edits=(("conv_layers.py", "np.sum(window * w[f]) + b[f]", "np.sum(window * w[f, :, ::-1, ::-1]) + b[f]"),)),
    Sample("oh ha-eun", note="max-pool backward sends the gradient to every element of the window",
           edits=(("conv_layers.py", POOL_ROUTE,
                   "            dx[:, :, hs:hs + ph, ws:ws + pw] += dout[:, :, i, j][:, :, None, None]\n"),)),
    Sample("shin-yejin", note="'im2col' backward that just calls the naive loops",
           edits=(("conv_layers.py", "    x, w, b, conv_param, cols = cache\n",
                   "    x, w, b, conv_param, cols = cache\n    return conv_backward_naive(dout, (x, w, b, conv_param))\n"),)),
]
