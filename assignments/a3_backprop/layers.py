"""Layers of a fully connected network, each a forward and a backward pass (CS231n assignment 2).

Every forward function receives inputs and returns `(out, cache)`; the matching backward function
receives the upstream derivative `dout` and that `cache`, and returns the gradient with respect to
each input. Fill in the blocks marked YOUR CODE HERE, then run
`python -m autograder check a3_backprop` (or `pytest` in this folder).
"""
import numpy as np


def affine_forward(x, w, b):
    """
    Forward pass of an affine (fully connected) layer.

    The input x has shape (N, d_1, ..., d_k): a minibatch of N examples, each of shape
    (d_1, ..., d_k). Each example is reshaped into a row of dimension D = d_1 * ... * d_k and
    transformed to an output row of dimension M.

    Inputs:
    - x: A numpy array of shape (N, d_1, ..., d_k) containing the input minibatch.
    - w: A numpy array of weights, of shape (D, M).
    - b: A numpy array of biases, of shape (M,).

    Returns a tuple of:
    - out: output, of shape (N, M)
    - cache: (x, w, b)
    """
    # YOUR CODE HERE
    raise NotImplementedError()
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    """
    Backward pass of an affine layer.

    Inputs:
    - dout: Upstream derivative, of shape (N, M)
    - cache: Tuple of:
      - x: Input data, of shape (N, d_1, ..., d_k)
      - w: Weights, of shape (D, M)
      - b: Biases, of shape (M,)

    Returns a tuple of:
    - dx: Gradient with respect to x, of shape (N, d_1, ..., d_k)
    - dw: Gradient with respect to w, of shape (D, M)
    - db: Gradient with respect to b, of shape (M,)
    """
    x, w, b = cache
    # YOUR CODE HERE
    raise NotImplementedError()
    return dx, dw, db


def relu_forward(x):
    """
    Forward pass of a layer of rectified linear units: max(0, x).

    Input:
    - x: Inputs, of any shape

    Returns a tuple of:
    - out: Output, of the same shape as x
    - cache: x
    """
    # YOUR CODE HERE
    raise NotImplementedError()
    cache = x
    return out, cache


def relu_backward(dout, cache):
    """
    Backward pass of a layer of rectified linear units.

    Input:
    - dout: Upstream derivatives, of any shape
    - cache: Input x, of the same shape as dout

    Returns:
    - dx: Gradient with respect to x, of the same shape as dout
    """
    x = cache
    # YOUR CODE HERE
    raise NotImplementedError()
    return dx


def sigmoid_forward(x):
    """
    Forward pass of a layer of sigmoid units: 1 / (1 + exp(-x)).

    Compute it without overflow warnings for large |x| (np.exp of a large positive number
    overflows): use exp(x) / (1 + exp(x)) where x is negative.

    Input:
    - x: Inputs, of any shape

    Returns a tuple of:
    - out: Output, of the same shape as x, every entry in (0, 1)
    - cache: out (the derivative is out * (1 - out))
    """
    # YOUR CODE HERE
    raise NotImplementedError()
    cache = out
    return out, cache


def sigmoid_backward(dout, cache):
    """
    Backward pass of a layer of sigmoid units.

    Input:
    - dout: Upstream derivatives, of any shape
    - cache: The forward output out = sigmoid(x), of the same shape as dout

    Returns:
    - dx: Gradient with respect to x, of the same shape as dout
    """
    out = cache
    # YOUR CODE HERE
    raise NotImplementedError()
    return dx


def tanh_forward(x):
    """
    Forward pass of a layer of tanh units.

    Input:
    - x: Inputs, of any shape

    Returns a tuple of:
    - out: Output, of the same shape as x
    - cache: out (the derivative is 1 - out ** 2)
    """
    # YOUR CODE HERE
    raise NotImplementedError()
    cache = out
    return out, cache


def tanh_backward(dout, cache):
    """
    Backward pass of a layer of tanh units.

    Input:
    - dout: Upstream derivatives, of any shape
    - cache: The forward output out = tanh(x), of the same shape as dout

    Returns:
    - dx: Gradient with respect to x, of the same shape as dout
    """
    out = cache
    # YOUR CODE HERE
    raise NotImplementedError()
    return dx


def leaky_relu_forward(x, alpha=0.01):
    """
    Forward pass of a layer of leaky ReLUs: x where x > 0, alpha * x elsewhere.

    Inputs:
    - x: Inputs, of any shape
    - alpha: The slope for negative inputs, a small positive float

    Returns a tuple of:
    - out: Output, of the same shape as x
    - cache: (x, alpha)
    """
    # YOUR CODE HERE
    raise NotImplementedError()
    cache = (x, alpha)
    return out, cache


def leaky_relu_backward(dout, cache):
    """
    Backward pass of a layer of leaky ReLUs.

    Input:
    - dout: Upstream derivatives, of any shape
    - cache: (x, alpha) from leaky_relu_forward

    Returns:
    - dx: Gradient with respect to x, of the same shape as dout
    """
    x, alpha = cache
    # YOUR CODE HERE
    raise NotImplementedError()
    return dx


def elu_forward(x, alpha=1.0):
    """
    Forward pass of a layer of exponential linear units (ELU):
    x where x > 0, alpha * (exp(x) - 1) elsewhere.

    Inputs:
    - x: Inputs, of any shape
    - alpha: The value the output approaches for very negative x is -alpha

    Returns a tuple of:
    - out: Output, of the same shape as x
    - cache: (x, out, alpha)
    """
    # YOUR CODE HERE
    raise NotImplementedError()
    cache = (x, out, alpha)
    return out, cache


def elu_backward(dout, cache):
    """
    Backward pass of a layer of exponential linear units.

    Input:
    - dout: Upstream derivatives, of any shape
    - cache: (x, out, alpha) from elu_forward

    Returns:
    - dx: Gradient with respect to x, of the same shape as dout
    """
    x, out, alpha = cache
    # YOUR CODE HERE
    raise NotImplementedError()
    return dx


def batchnorm_forward(x, gamma, beta, bn_param):
    """
    Forward pass of batch normalization.

    During training the sample mean and (uncorrected, biased) sample variance of the minibatch
    normalise the data, and running averages of them are kept:

    running_mean = momentum * running_mean + (1 - momentum) * sample_mean
    running_var = momentum * running_var + (1 - momentum) * sample_var

    At test time the running averages normalise the data instead.

    Input:
    - x: Data of shape (N, D)
    - gamma: Scale parameter of shape (D,)
    - beta: Shift parameter of shape (D,)
    - bn_param: Dictionary with the following keys:
      - mode: 'train' or 'test'; required
      - eps: Constant for numeric stability, default 1e-5
      - momentum: Constant for the running averages, default 0.9
      - running_mean: Array of shape (D,), the running mean of the features (zeros when absent)
      - running_var: Array of shape (D,), the running variance of the features (zeros when absent)
      The running averages are written back into bn_param.

    Returns a tuple of:
    - out: of shape (N, D)
    - cache: A tuple of values needed in the backward pass (None in test mode)
    """
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)

    N, D = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        # Normalise with the minibatch's mean and variance, scale by gamma, shift by beta, update
        # the running averages, and keep what the backward pass needs in cache.
        # YOUR CODE HERE
        raise NotImplementedError()
    elif mode == "test":
        # Normalise with the running mean and variance, then scale and shift.
        # YOUR CODE HERE
        raise NotImplementedError()
    else:
        raise ValueError('Invalid forward batchnorm mode "%s"' % mode)

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    """
    Backward pass of batch normalization (train mode).

    The mean and the variance depend on every x[i], so dx has three terms: through x_hat
    directly, through the mean and through the variance.

    Inputs:
    - dout: Upstream derivatives, of shape (N, D)
    - cache: The cache of batchnorm_forward in train mode

    Returns a tuple of:
    - dx: Gradient with respect to the inputs x, of shape (N, D)
    - dgamma: Gradient with respect to the scale parameter gamma, of shape (D,)
    - dbeta: Gradient with respect to the shift parameter beta, of shape (D,)
    """
    # YOUR CODE HERE
    raise NotImplementedError()
    return dx, dgamma, dbeta


def dropout_forward(x, dropout_param):
    """
    Forward pass of (inverted) dropout.

    In training each unit is kept with probability p and dropped (set to zero) otherwise, and the
    kept units are divided by p, so that the expected output equals x and the test-time forward
    pass is the identity.

    Inputs:
    - x: Input data, of any shape
    - dropout_param: A dictionary with the keys:
      - p: The probability of KEEPING each unit (not of dropping it)
      - mode: 'test' or 'train'. In test mode the input is returned unchanged.
      - seed: Seed for the random number generator; when given, call np.random.seed(seed) first
        and draw the mask as np.random.rand(*x.shape) < p, so that the same seed gives the
        same mask (needed for gradient checking).

    Returns:
    - out: Array of the same shape as x
    - cache: (dropout_param, mask); mask is the array that multiplied x in training, None in test
    """
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None
    if mode == "train":
        # YOUR CODE HERE
        raise NotImplementedError()
    elif mode == "test":
        # YOUR CODE HERE
        raise NotImplementedError()
    else:
        raise ValueError('Invalid forward dropout mode "%s"' % mode)

    cache = (dropout_param, mask)
    out = out.astype(x.dtype, copy=False)
    return out, cache


def dropout_backward(dout, cache):
    """
    Backward pass of (inverted) dropout.

    Inputs:
    - dout: Upstream derivatives, of any shape
    - cache: (dropout_param, mask) from dropout_forward

    Returns:
    - dx: Gradient with respect to x, of the same shape as dout
    """
    dropout_param, mask = cache
    mode = dropout_param["mode"]

    dx = None
    if mode == "train":
        # YOUR CODE HERE
        raise NotImplementedError()
    elif mode == "test":
        dx = dout
    return dx


def svm_loss(x, y):
    """
    Loss and gradient of the multiclass SVM (hinge loss, margin 1), averaged over the N examples.

    Inputs:
    - x: Input data, of shape (N, C) where x[i, j] is the score for the jth class of the ith input.
    - y: Vector of labels, of shape (N,) where y[i] is the label of x[i] and 0 <= y[i] < C

    Returns a tuple of:
    - loss: Scalar giving the loss
    - dx: Gradient of the loss with respect to x, of shape (N, C)
    """
    # YOUR CODE HERE
    raise NotImplementedError()
    return loss, dx


def softmax_loss(x, y):
    """
    Loss and gradient of softmax classification (cross-entropy with natural logs), averaged over
    the N examples. Numerically stable: shift each row by its maximum before np.exp.

    Inputs:
    - x: Input data, of shape (N, C) where x[i, j] is the score for the jth class of the ith input.
    - y: Vector of labels, of shape (N,) where y[i] is the label of x[i] and 0 <= y[i] < C

    Returns a tuple of:
    - loss: Scalar giving the loss
    - dx: Gradient of the loss with respect to x, of shape (N, C)
    """
    # YOUR CODE HERE
    raise NotImplementedError()
    return loss, dx
