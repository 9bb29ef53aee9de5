"""First-order update rules for training neural networks (lecture: optimisation).

Each update rule has the same interface:

    def update(w, dw, config=None):

Inputs:
- w: A numpy array giving the current weights.
- dw: A numpy array of the same shape as w giving the gradient of the loss with respect to w.
- config: A dictionary of hyperparameters (learning rate, momentum, ...) and of the state the
  rule keeps between steps (velocity, cache, moments). None means the defaults.

Returns:
- next_w: The next point after the update.
- config: The config dictionary to pass to the next step of the update rule.

The rules read their hyperparameters with config.setdefault(...) so that a missing value gets
the default and the state is kept in the same dictionary.
"""
import numpy as np


def sgd(w, dw, config=None):
    """
    Vanilla stochastic gradient descent: w -= learning_rate * dw.

    config format:
    - learning_rate: Scalar learning rate (default 1e-2).
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)

    # YOUR CODE HERE
    raise NotImplementedError()
    return next_w, config


def sgd_momentum(w, dw, config=None):
    """
    Stochastic gradient descent with momentum:

        v = momentum * v - learning_rate * dw
        next_w = w + v

    config format:
    - learning_rate: Scalar learning rate (default 1e-2).
    - momentum: Scalar between 0 and 1 giving the momentum value (default 0.9).
      Setting momentum = 0 reduces to sgd.
    - velocity: A numpy array of the same shape as w and dw used to store a moving average of
      the gradients (zeros when absent). Store the new velocity back in config.
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    # YOUR CODE HERE
    raise NotImplementedError()
    config["velocity"] = v
    return next_w, config


def nesterov_momentum(w, dw, config=None):
    """
    Nesterov momentum, in the form of the CS231n notes (dw is the gradient at w):

        v_prev = v
        v = momentum * v - learning_rate * dw
        next_w = w - momentum * v_prev + (1 + momentum) * v

    config format: as sgd_momentum (learning_rate 1e-2, momentum 0.9, velocity).
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    # YOUR CODE HERE
    raise NotImplementedError()
    config["velocity"] = v
    return next_w, config


def adagrad(w, dw, config=None):
    """
    Adagrad: a per-parameter learning rate scaled by the sum of all squared gradients so far.

        cache += dw ** 2
        next_w = w - learning_rate * dw / (np.sqrt(cache) + epsilon)

    config format:
    - learning_rate: Scalar learning rate (default 1e-2).
    - epsilon: Small scalar used for smoothing to avoid dividing by zero (default 1e-8).
    - cache: Sum of the squared gradients so far, of the shape of w (zeros when absent).
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    # YOUR CODE HERE
    raise NotImplementedError()
    return next_w, config


def rmsprop(w, dw, config=None):
    """
    RMSProp: like Adagrad, with a moving average of squared gradients instead of their sum.

        cache = decay_rate * cache + (1 - decay_rate) * dw ** 2
        next_w = w - learning_rate * dw / (np.sqrt(cache) + epsilon)

    config format:
    - learning_rate: Scalar learning rate (default 1e-2).
    - decay_rate: Scalar between 0 and 1 giving the decay rate for the squared gradient cache
      (default 0.99).
    - epsilon: Small scalar used for smoothing to avoid dividing by zero (default 1e-8).
    - cache: Moving average of second moments of gradients (zeros when absent).
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("cache", np.zeros_like(w))

    # YOUR CODE HERE
    raise NotImplementedError()
    return next_w, config


def adam(w, dw, config=None):
    """
    Adam: moving averages of both the gradient (m) and its square (v), with bias correction.

        t += 1
        m = beta1 * m + (1 - beta1) * dw
        v = beta2 * v + (1 - beta2) * dw ** 2
        m_hat = m / (1 - beta1 ** t)
        v_hat = v / (1 - beta2 ** t)
        next_w = w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)

    config format:
    - learning_rate: Scalar learning rate (default 1e-3).
    - beta1: Decay rate for the moving average of the first moment of the gradient (default 0.9).
    - beta2: Decay rate for the moving average of the second moment of the gradient (default 0.999).
    - epsilon: Small scalar used for smoothing to avoid dividing by zero (default 1e-8).
    - m: Moving average of the gradient (zeros when absent).
    - v: Moving average of the squared gradient (zeros when absent).
    - t: The number of steps taken so far (0 when absent): the first step uses t = 1.
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("m", np.zeros_like(w))
    config.setdefault("v", np.zeros_like(w))
    config.setdefault("t", 0)

    # YOUR CODE HERE
    raise NotImplementedError()
    return next_w, config
