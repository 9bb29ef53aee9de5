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
    # TODO:
    #   1. span = W - F + 2P (the room the filter can move in);
    #   2. raise ValueError (say which numbers do not fit) when S < 1, span < 0 or span is
    #      not a multiple of S;
    #   3. otherwise return span // S + 1 as an int (the lecture: 7x7, 3x3, S=1 gives 5).
    # 할 일:
    #   1. span = W - F + 2P (필터가 움직일 수 있는 범위).
    #   2. S < 1이거나 span < 0이거나 span이 S의 배수가 아니면 ValueError를 발생시킵니다(어떤 숫자가
    #      맞지 않는지 메시지에 쓰세요).
    #   3. 아니면 span // S + 1을 int로 돌려줍니다(강의: 7x7 입력, 3x3 필터, S=1이면 5).
    # YOUR CODE HERE
    raise NotImplementedError()


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
    # TODO:
    #   1. read N, C, H, W from x and F, HH, WW from w; stride and pad from conv_param;
    #   2. H_out and W_out with conv_output_size (it checks that the filter fits);
    #   3. zero-pad only the two spatial axes of x with np.pad (not N, not C);
    #   4. out (N, F, H_out, W_out): for each example n, filter f and output (i, j),
    #      the window of the padded input starting at (i * stride, j * stride), size
    #      HH x WW over all C channels, times w[f], summed, plus b[f].
    #   Loops over n, f, i, j are fine; do not flip the filter (cross-correlation).
    # 할 일:
    #   1. x에서 N, C, H, W를, w에서 F, HH, WW를, conv_param에서 stride와 pad를 읽습니다.
    #   2. conv_output_size로 H_out과 W_out을 구합니다(필터가 맞는지도 확인해 줍니다).
    #   3. np.pad로 x의 두 공간 축에만 0을 채웁니다(N과 C 축은 제외).
    #   4. out (N, F, H_out, W_out): 각 예제 n, 필터 f, 출력 위치 (i, j)마다 패딩한 입력에서
    #      (i * stride, j * stride)에서 시작하는 HH x WW 창(모든 C 채널)과 w[f]를 곱해서 더하고 b[f]를 더합니다.
    #   n, f, i, j에 대한 반복문은 써도 됩니다. 필터를 뒤집지 마세요(교차 상관).
    # YOUR CODE HERE
    raise NotImplementedError()
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
    # TODO:
    #   1. db: dout summed over N, H' and W', shape (F,);
    #   2. pad x as in the forward pass; for every (n, f, i, j) of dout, its window of the
    #      padded input times dout[n, f, i, j] adds to dw[f], and w[f] times dout[n, f, i, j]
    #      adds to the same window of dx_pad (windows overlap: add, do not overwrite);
    #   3. dx is dx_pad with the padding cut off, shape (N, C, H, W).
    # 할 일:
    #   1. db: dout을 N, H', W'에 대해 더한 값, shape (F,).
    #   2. 순전파처럼 x를 패딩합니다. dout의 모든 (n, f, i, j)에 대해, 패딩한 입력의 해당 창과
    #      dout[n, f, i, j]의 곱을 dw[f]에 더하고, w[f]와 dout[n, f, i, j]의 곱을 dx_pad의 같은 창에 더합니다
    #      (창이 겹치므로 덮어쓰지 말고 더하세요).
    #   3. dx는 dx_pad에서 패딩을 잘라낸 것, shape (N, C, H, W).
    # YOUR CODE HERE
    raise NotImplementedError()
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
    # TODO:
    #   1. H' and W' with conv_output_size (no padding);
    #   2. loop over the output positions (i, j) only: the window of x starting at
    #      (i * stride, j * stride), pool_height x pool_width; its maximum over the two
    #      spatial axes, for all N and C at once, goes to out[:, :, i, j].
    # 할 일:
    #   1. conv_output_size로 H'과 W'을 구합니다(패딩 없음).
    #   2. 출력 위치 (i, j)에 대해서만 반복합니다. x에서 (i * stride, j * stride)에서 시작하는
    #      pool_height x pool_width 창의 두 공간 축에 대한 최댓값을, 모든 N과 C에 대해 한 번에
    #      out[:, :, i, j]에 넣습니다.
    # YOUR CODE HERE
    raise NotImplementedError()
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
    # TODO:
    #   1. dx starts as zeros of x's shape;
    #   2. for each output position (i, j): flatten each (n, c) window to pool_height *
    #      pool_width values, find the FIRST maximum with np.argmax, turn that flat index
    #      back into a row and a column (// and % by pool_width), and ADD dout[:, :, i, j]
    #      to dx there (overlapping windows add up).
    #   Only the maximum gets gradient; ties go to the first maximum, as np.argmax picks.
    # 할 일:
    #   1. dx는 x와 같은 shape의 0 배열에서 시작합니다.
    #   2. 각 출력 위치 (i, j)에서 각 (n, c)의 창을 pool_height * pool_width개 값으로 펼치고, np.argmax로
    #      첫 번째 최댓값을 찾고, 그 평면 인덱스를 행과 열로 되돌린 다음(pool_width로 //와 %),
    #      그 자리의 dx에 dout[:, :, i, j]를 더합니다(겹치는 창은 더해집니다).
    #   최댓값만 그래디언트를 받고, 동점이면 np.argmax가 고르는 첫 번째 최댓값이 받습니다.
    # YOUR CODE HERE
    raise NotImplementedError()
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
    # TODO:
    #   1. an array of shape (C, HH, WW, N, H_out, W_out);
    #   2. for each filter offset (ky, kx): the strided slice of the docstring's hint gives
    #      (N, C, H_out, W_out); move C first (transpose) and store it at [:, ky, kx];
    #   3. reshape to (C * HH * WW, N * H_out * W_out).
    #   Loop over the HH * WW offsets only, not over N or the output positions.
    # 할 일:
    #   1. shape이 (C, HH, WW, N, H_out, W_out)인 배열을 만듭니다.
    #   2. 필터의 각 오프셋(offset) (ky, kx)마다 docstring 힌트의 건너뛰기 슬라이스가 (N, C, H_out, W_out)를
    #      줍니다. C를 맨 앞으로 옮겨(transpose) [:, ky, kx]에 저장합니다.
    #   3. (C * HH * WW, N * H_out * W_out)으로 reshape합니다.
    #   반복문은 HH * WW개 오프셋에 대해서만 쓰고, N이나 출력 위치에 대해서는 쓰지 마세요.
    # YOUR CODE HERE
    raise NotImplementedError()
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
    # TODO:
    #   The reverse of im2col: dx_pad starts as zeros of x_pad_shape; view dcols as
    #   (C, HH, WW, N, H_out, W_out); for each offset (ky, kx), ADD its slice (moved back
    #   to (N, C, H_out, W_out)) onto the same strided slice of dx_pad (overlaps add up).
    # 할 일:
    #   im2col의 반대입니다. dx_pad는 x_pad_shape의 0 배열에서 시작합니다. dcols를 (C, HH, WW, N, H_out, W_out)로
    #   보고, 각 오프셋 (ky, kx)마다 그 조각을 (N, C, H_out, W_out)로 되돌려 dx_pad의 같은 건너뛰기 슬라이스에
    #   더합니다(겹치는 곳은 더해집니다).
    # YOUR CODE HERE
    raise NotImplementedError()
    return dx_pad


def conv_forward_im2col(x, w, b, conv_param):
    """
    A fast implementation of the forward pass for a convolutional layer: im2col, then one
    large matrix multiply.

    Inputs and outputs as conv_forward_naive, except the cache:
    - cache: (x, w, b, conv_param, cols), cols as returned by im2col, kept for the backward pass.
    """
    out, cols = None, None
    # TODO:
    #   1. sizes and padding as in conv_forward_naive;
    #   2. cols = im2col(padded x, ...), shape (C*HH*WW, N*H_out*W_out);
    #   3. ONE matrix multiply: w as (F, C*HH*WW) times cols, plus b as a column (F, 1);
    #   4. reshape to (F, N, H_out, W_out), move N first: out (N, F, H_out, W_out).
    #   Keep cols in the variable cols for the backward pass.
    # 할 일:
    #   1. 크기와 패딩은 conv_forward_naive와 같습니다.
    #   2. cols = im2col(패딩한 x, ...), shape (C*HH*WW, N*H_out*W_out).
    #   3. 행렬 곱 한 번: (F, C*HH*WW)로 바꾼 w와 cols의 곱에 열 벡터 (F, 1)로 바꾼 b를 더합니다.
    #   4. (F, N, H_out, W_out)으로 reshape하고 N을 앞으로 옮깁니다: out (N, F, H_out, W_out).
    #   역전파를 위해 cols는 변수 cols에 남겨 두세요.
    # YOUR CODE HERE
    raise NotImplementedError()
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
    # TODO:
    #   1. db: dout summed over N, H' and W';
    #   2. dout as a matrix (F, N*H'*W'): move F first, then reshape;
    #   3. dw = that matrix times cols transposed, reshaped to w.shape;
    #   4. dcols = w as (F, C*HH*WW), transposed, times that matrix;
    #   5. dx_pad = col2im(dcols, ...) with the padded shape; cut the padding off for dx.
    # 할 일:
    #   1. db: dout을 N, H', W'에 대해 더한 값.
    #   2. dout을 행렬 (F, N*H'*W')로: F를 앞으로 옮긴 뒤 reshape합니다.
    #   3. dw = 그 행렬과 cols의 전치의 곱을 w.shape으로 reshape한 것.
    #   4. dcols = (F, C*HH*WW)로 바꾼 w의 전치와 그 행렬의 곱.
    #   5. 패딩한 shape으로 dx_pad = col2im(dcols, ...)을 구하고, 패딩을 잘라내 dx를 만듭니다.
    # YOUR CODE HERE
    raise NotImplementedError()
    return dx, dw, db
