"""Convolution and max pooling layers, naive and vectorised (CS231n assignment 2, ConvNets).

Fill in the blocks marked YOUR CODE HERE. Run `python -m autograder check a4_cnn_layers`
(or `pytest` in this folder) to see which parts pass.

A "convolution" in a CNN is a cross-correlation, as in the lectures and in PyTorch: the filter
slides over the input without being flipped.
"""
import numpy as np


def conv_output_size(W, F, S, P):
    """
    The spatial output size of a convolution (or pooling) layer, as the lectures teach it:
    (W - F + 2P) / S + 1.

    Inputs:
    - W: Input width (or height), an int.
    - F: Filter width (or height), an int.
    - S: Stride, an int >= 1.
    - P: Zero padding on each side, an int >= 0.

    Returns:
    - The output size as an int.

    Raises ValueError when (W - F + 2P) / S is not a whole number (the filter would not fit
    neatly: 7x7 input, 3x3 filter, stride 3 gives 2.33) or when the output would be empty.
    """
    ### BEGIN SOLUTION
    span = W - F + 2 * P
    if S < 1 or span < 0 or span % S != 0:
        raise ValueError(f"({W} - {F} + 2*{P}) / {S} + 1 = {span / S + 1:.3g} is not a whole, positive size")
    return span // S + 1
    ### END SOLUTION


def conv_forward_naive(x, w, b, conv_param):
    """
    A naive implementation of the forward pass for a convolutional layer.

    The input consists of N data points, each with C channels, height H and width W. We
    convolve each input with F different filters, where each filter spans all C channels and
    has height HH and width WW.

    Inputs:
    - x: Input data of shape (N, C, H, W)
    - w: Filter weights of shape (F, C, HH, WW)
    - b: Biases, of shape (F,)
    - conv_param: A dictionary with the following keys:
      - 'stride': The number of pixels between adjacent receptive fields in the horizontal
        and vertical directions.
      - 'pad': The number of pixels that will be used to zero-pad the input on each side.

    Returns a tuple of:
    - out: Output data, of shape (N, F, H', W') where H' and W' are given by
      H' = 1 + (H + 2 * pad - HH) / stride
      W' = 1 + (W + 2 * pad - WW) / stride
    - cache: (x, w, b, conv_param)

    Loops over the examples, the filters and the output positions are fine here. Pad with
    np.pad; do not modify x itself. Do not flip the filter.
    """
    out = None
    ### BEGIN SOLUTION
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    stride, pad = conv_param["stride"], conv_param["pad"]
    H_out = conv_output_size(H, HH, stride, pad)
    W_out = conv_output_size(W, WW, stride, pad)
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    out = np.zeros((N, F, H_out, W_out), dtype=np.result_type(x, w))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    hs, ws = i * stride, j * stride
                    window = x_pad[n, :, hs:hs + HH, ws:ws + WW]
                    out[n, f, i, j] = np.sum(window * w[f]) + b[f]
    ### END SOLUTION
    cache = (x, w, b, conv_param)
    return out, cache


def conv_backward_naive(dout, cache):
    """
    A naive implementation of the backward pass for a convolutional layer.

    Inputs:
    - dout: Upstream derivatives, of shape (N, F, H', W')
    - cache: A tuple of (x, w, b, conv_param) as in conv_forward_naive

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, C, H, W) (the same shape as x: the padding
      border is not part of the input)
    - dw: Gradient with respect to w, of shape (F, C, HH, WW)
    - db: Gradient with respect to b, of shape (F,)
    """
    dx, dw, db = None, None, None
    ### BEGIN SOLUTION
    x, w, b, conv_param = cache
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    stride, pad = conv_param["stride"], conv_param["pad"]
    _, _, H_out, W_out = dout.shape
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    dx_pad = np.zeros_like(x_pad)
    dw = np.zeros_like(w)
    db = np.sum(dout, axis=(0, 2, 3))
    for n in range(N):
        for f in range(F):
            for i in range(H_out):
                for j in range(W_out):
                    hs, ws = i * stride, j * stride
                    window = x_pad[n, :, hs:hs + HH, ws:ws + WW]
                    dw[f] += window * dout[n, f, i, j]
                    dx_pad[n, :, hs:hs + HH, ws:ws + WW] += w[f] * dout[n, f, i, j]
    dx = dx_pad[:, :, pad:pad + H, pad:pad + W]
    ### END SOLUTION
    return dx, dw, db


def max_pool_forward_naive(x, pool_param):
    """
    A naive implementation of the forward pass for a max-pooling layer.

    Inputs:
    - x: Input data, of shape (N, C, H, W)
    - pool_param: dictionary with the following keys:
      - 'pool_height': The height of each pooling region
      - 'pool_width': The width of each pooling region
      - 'stride': The distance between adjacent pooling regions

    No padding is necessary here. Windows may overlap (stride < pool size).

    Returns a tuple of:
    - out: Output data, of shape (N, C, H', W') where H' and W' are given by
      H' = 1 + (H - pool_height) / stride
      W' = 1 + (W - pool_width) / stride
    - cache: (x, pool_param)

    A loop over the output positions is fine; vectorise over N and C inside it.
    """
    out = None
    ### BEGIN SOLUTION
    N, C, H, W = x.shape
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    H_out = conv_output_size(H, ph, stride, 0)
    W_out = conv_output_size(W, pw, stride, 0)
    out = np.zeros((N, C, H_out, W_out), dtype=x.dtype)
    for i in range(H_out):
        for j in range(W_out):
            hs, ws = i * stride, j * stride
            out[:, :, i, j] = np.max(x[:, :, hs:hs + ph, ws:ws + pw], axis=(2, 3))
    ### END SOLUTION
    cache = (x, pool_param)
    return out, cache


def max_pool_backward_naive(dout, cache):
    """
    A naive implementation of the backward pass for a max-pooling layer.

    Inputs:
    - dout: Upstream derivatives, of shape (N, C, H', W')
    - cache: A tuple of (x, pool_param) as in the forward pass.

    Returns:
    - dx: Gradient with respect to x, of shape (N, C, H, W)

    Each window's upstream gradient goes to the one element that was the maximum; the other
    elements did not affect the output. When several elements tie for the maximum, the
    gradient goes to the first of them in row-major order (the one np.argmax picks, as in
    PyTorch), so that the gradient of a window still sums to its upstream value. Where
    windows overlap, the contributions add up.
    """
    dx = None
    ### BEGIN SOLUTION
    x, pool_param = cache
    N, C, H, W = x.shape
    ph, pw, stride = pool_param["pool_height"], pool_param["pool_width"], pool_param["stride"]
    _, _, H_out, W_out = dout.shape
    dx = np.zeros_like(x)
    n_idx, c_idx = np.meshgrid(np.arange(N), np.arange(C), indexing="ij")
    for i in range(H_out):
        for j in range(W_out):
            hs, ws = i * stride, j * stride
            window = x[:, :, hs:hs + ph, ws:ws + pw].reshape(N, C, ph * pw)
            k = np.argmax(window, axis=2)                       # (N, C): first maximum
            dx[n_idx, c_idx, hs + k // pw, ws + k % pw] += dout[:, :, i, j]
    ### END SOLUTION
    return dx


def im2col(x_pad, HH, WW, stride, H_out, W_out):
    """
    Rearrange the receptive fields of a padded input into the columns of one matrix.

    Inputs:
    - x_pad: Padded input of shape (N, C, Hp, Wp)
    - HH, WW: Filter height and width
    - stride: The stride
    - H_out, W_out: The output height and width

    Returns:
    - cols: Array of shape (C * HH * WW, N * H_out * W_out); column n * H_out * W_out +
      i * W_out + j holds the receptive field of output position (i, j) of example n,
      flattened in the order (C, HH, WW), the order of w.reshape(F, -1).

    Hint: loop over the HH * WW offsets (ky, kx) of the filter; for each one, the slice
    x_pad[:, :, ky:ky + stride * H_out:stride, kx:kx + stride * W_out:stride] holds that
    filter element's input for every output position at once.
    """
    cols = None
    ### BEGIN SOLUTION
    N, C = x_pad.shape[:2]
    cols = np.empty((C, HH, WW, N, H_out, W_out), dtype=x_pad.dtype)
    for ky in range(HH):
        for kx in range(WW):
            patch = x_pad[:, :, ky:ky + stride * H_out:stride, kx:kx + stride * W_out:stride]
            cols[:, ky, kx] = patch.transpose(1, 0, 2, 3)           # (C, N, H_out, W_out)
    cols = cols.reshape(C * HH * WW, N * H_out * W_out)
    ### END SOLUTION
    return cols


def col2im(dcols, x_pad_shape, HH, WW, stride, H_out, W_out):
    """
    The adjoint of im2col: add every column back onto the receptive field it came from.

    Inputs:
    - dcols: Array of shape (C * HH * WW, N * H_out * W_out), laid out as im2col's output
    - x_pad_shape: The shape (N, C, Hp, Wp) of the padded input
    - HH, WW, stride, H_out, W_out: As for im2col

    Returns:
    - dx_pad: Array of shape (N, C, Hp, Wp). Where receptive fields overlap, contributions add.
    """
    dx_pad = None
    ### BEGIN SOLUTION
    N, C = x_pad_shape[:2]
    dx_pad = np.zeros(x_pad_shape, dtype=dcols.dtype)
    d = dcols.reshape(C, HH, WW, N, H_out, W_out)
    for ky in range(HH):
        for kx in range(WW):
            dx_pad[:, :, ky:ky + stride * H_out:stride, kx:kx + stride * W_out:stride] += \
                d[:, ky, kx].transpose(1, 0, 2, 3)
    ### END SOLUTION
    return dx_pad


def conv_forward_im2col(x, w, b, conv_param):
    """
    A fast implementation of the forward pass for a convolutional layer: im2col, then one
    large matrix multiply.

    Inputs and outputs as conv_forward_naive, except the cache:
    - cache: (x, w, b, conv_param, cols), cols as returned by im2col, kept for the backward pass.
    """
    out, cols = None, None
    ### BEGIN SOLUTION
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    stride, pad = conv_param["stride"], conv_param["pad"]
    H_out = conv_output_size(H, HH, stride, pad)
    W_out = conv_output_size(W, WW, stride, pad)
    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode="constant")
    cols = im2col(x_pad, HH, WW, stride, H_out, W_out)               # (C*HH*WW, N*H'*W')
    out = w.reshape(F, -1) @ cols + b.reshape(-1, 1)                  # (F, N*H'*W')
    out = out.reshape(F, N, H_out, W_out).transpose(1, 0, 2, 3)
    out = np.ascontiguousarray(out)
    ### END SOLUTION
    cache = (x, w, b, conv_param, cols)
    return out, cache


def conv_backward_im2col(dout, cache):
    """
    A fast implementation of the backward pass for a convolutional layer.

    Inputs:
    - dout: Upstream derivatives, of shape (N, F, H', W')
    - cache: A tuple of (x, w, b, conv_param, cols) as in conv_forward_im2col

    Returns a tuple of (dx, dw, db), shaped as x, w and b.
    """
    dx, dw, db = None, None, None
    ### BEGIN SOLUTION
    x, w, b, conv_param, cols = cache
    N, C, H, W = x.shape
    F, _, HH, WW = w.shape
    stride, pad = conv_param["stride"], conv_param["pad"]
    _, _, H_out, W_out = dout.shape
    db = np.sum(dout, axis=(0, 2, 3))
    dout_mat = dout.transpose(1, 0, 2, 3).reshape(F, -1)             # (F, N*H'*W')
    dw = (dout_mat @ cols.T).reshape(w.shape)
    dcols = w.reshape(F, -1).T @ dout_mat                             # (C*HH*WW, N*H'*W')
    dx_pad = col2im(dcols, (N, C, H + 2 * pad, W + 2 * pad), HH, WW, stride, H_out, W_out)
    dx = dx_pad[:, :, pad:pad + H, pad:pad + W]
    ### END SOLUTION
    return dx, dw, db
