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

    # TODO:
    #   One step against the gradient: next_w is w minus learning_rate times dw
    #   (config['learning_rate']). Return a new array; do not change w in place.
    # 할 일:
    #   그래디언트 반대 방향으로 한 걸음: next_w는 w에서 learning_rate(config['learning_rate'])와 dw의 곱을
    #   뺀 값입니다. 새 배열을 돌려주고, w를 그 자리에서 바꾸지 마세요.
    ### BEGIN SOLUTION
    next_w = w - config["learning_rate"] * dw
    ### END SOLUTION
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

    # TODO:
    #   1. update the velocity v with the formula of the docstring (momentum, learning_rate);
    #   2. next_w = w + the new v. The code after this block stores v in config['velocity'].
    # 할 일:
    #   1. docstring의 식으로 속도(velocity) v를 갱신합니다(momentum, learning_rate 사용).
    #   2. next_w = w + 새 v. 이 블록 다음의 코드가 v를 config['velocity']에 저장합니다.
    ### BEGIN SOLUTION
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    ### END SOLUTION
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

    # TODO:
    #   Follow the three lines of the docstring in order: keep the old velocity, update v,
    #   then combine both into next_w. dw is the gradient at w itself (not at a look-ahead
    #   point). v must hold the NEW velocity when the block ends.
    # 할 일:
    #   docstring의 세 줄을 순서대로 따르세요: 이전 속도를 보관하고, v를 갱신하고, 둘을 합쳐 next_w를 만듭니다.
    #   dw는 앞을 내다본 지점이 아니라 w 자체에서의 그래디언트입니다. 블록이 끝날 때 v는 새 속도여야 합니다.
    ### BEGIN SOLUTION
    mu, lr = config["momentum"], config["learning_rate"]
    v_prev = v
    v = mu * v - lr * dw
    next_w = w - mu * v_prev + (1 + mu) * v
    ### END SOLUTION
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

    # TODO:
    #   1. add the squared gradient to config['cache'] (store it back in config);
    #   2. next_w: w minus learning_rate * dw divided by (sqrt(cache) + epsilon),
    #      the epsilon OUTSIDE the square root.
    # 할 일:
    #   1. 그래디언트의 제곱을 config['cache']에 더합니다(config에 다시 저장).
    #   2. next_w: w에서 learning_rate * dw / (sqrt(cache) + epsilon)을 뺀 값. epsilon은 제곱근 밖에 둡니다.
    ### BEGIN SOLUTION
    config["cache"] = config["cache"] + dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])
    ### END SOLUTION
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

    # TODO:
    #   1. config['cache'] becomes the moving average decay_rate * cache +
    #      (1 - decay_rate) * dw ** 2 (store it back in config);
    #   2. next_w as in Adagrad: divide by (sqrt(cache) + epsilon).
    # 할 일:
    #   1. config['cache']를 이동 평균 decay_rate * cache + (1 - decay_rate) * dw ** 2 로 바꿉니다
    #      (config에 다시 저장).
    #   2. next_w는 Adagrad처럼 (sqrt(cache) + epsilon)으로 나누어 계산합니다.
    ### BEGIN SOLUTION
    decay = config["decay_rate"]
    config["cache"] = decay * config["cache"] + (1 - decay) * dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])
    ### END SOLUTION
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

    # TODO:
    #   In this order, storing t, m and v back in config:
    #   1. t += 1 FIRST (the first step uses t = 1);
    #   2. m and v: the moving averages of dw and dw ** 2 (beta1, beta2);
    #   3. the bias-corrected m_hat and v_hat (divide by 1 - beta ** t);
    #   4. next_w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon).
    # 할 일:
    #   다음 순서로 계산하고, t, m, v는 config에 다시 저장합니다:
    #   1. 먼저 t += 1 (첫 걸음은 t = 1을 씁니다).
    #   2. m과 v: dw와 dw ** 2의 이동 평균(beta1, beta2).
    #   3. 편향 보정(bias correction)한 m_hat과 v_hat (1 - beta ** t로 나눔).
    #   4. next_w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon).
    ### BEGIN SOLUTION
    beta1, beta2 = config["beta1"], config["beta2"]
    config["t"] += 1
    t = config["t"]
    config["m"] = beta1 * config["m"] + (1 - beta1) * dw
    config["v"] = beta2 * config["v"] + (1 - beta2) * dw ** 2
    m_hat = config["m"] / (1 - beta1 ** t)
    v_hat = config["v"] / (1 - beta2 ** t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    ### END SOLUTION
    return next_w, config
