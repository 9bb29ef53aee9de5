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
    # TODO:
    #   1. Reshape x from (N, d_1, ..., d_k) into rows: (N, D), D = d_1 * ... * d_k;
    #   2. out = those rows times w (D, M), plus b (M,) broadcast to every row: (N, M).
    #   No loop over the examples.
    # 할 일:
    #   1. x를 (N, d_1, ..., d_k)에서 행들로 바꿉니다: (N, D), D = d_1 * ... * d_k.
    #   2. out = 그 행들과 w (D, M)의 곱에 b (M,)를 모든 행에 브로드캐스팅해 더한 값, shape (N, M).
    #   예제에 대한 반복문은 쓰지 마세요.
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
    # TODO:
    #   Chain rule on out = x_rows w + b (x_rows is x reshaped to (N, D)):
    #   - dx: dout (N, M) times w transposed (M, D), reshaped back to x.shape;
    #   - dw: x_rows transposed (D, N) times dout (N, M): shape (D, M);
    #   - db: dout summed over the N examples: shape (M,).
    #   Check each shape against the docstring.
    # 할 일:
    #   out = x_rows w + b 에 연쇄 법칙(chain rule)을 적용합니다(x_rows는 x를 (N, D)로 바꾼 것):
    #   - dx: dout (N, M)과 w의 전치 (M, D)의 곱을 x.shape으로 되돌립니다.
    #   - dw: x_rows의 전치 (D, N)와 dout (N, M)의 곱, shape (D, M).
    #   - db: dout을 N개 예제에 대해 더한 값, shape (M,).
    #   각 shape이 docstring과 같은지 확인하세요.
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
    # TODO:
    #   out = max(0, x) element by element (np.maximum), same shape as x. No loop.
    # 할 일:
    #   원소별로 out = max(0, x) (np.maximum), x와 같은 shape. 반복문은 쓰지 마세요.
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
    # TODO:
    #   The local derivative is 1 where x > 0 and 0 elsewhere: dx is dout where x > 0,
    #   0 elsewhere (same shape as dout).
    # 할 일:
    #   국소 미분은 x > 0인 곳에서 1, 나머지는 0입니다. dx는 x > 0인 곳은 dout, 나머지는 0입니다
    #   (dout과 같은 shape).
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
    # TODO:
    #   out = 1 / (1 + exp(-x)), computed in two parts so that np.exp never gets a large
    #   positive argument: the formula as written where x >= 0, and the equal form
    #   exp(x) / (1 + exp(x)) where x < 0 (a boolean mask selects each part). float64 output.
    # 할 일:
    #   out = 1 / (1 + exp(-x)). np.exp에 큰 양수가 들어가지 않도록 두 부분으로 나누어 계산합니다.
    #   x >= 0인 곳은 위의 식 그대로, x < 0인 곳은 같은 값인 exp(x) / (1 + exp(x))로 계산합니다
    #   (불리언 마스크 boolean mask로 각 부분을 고릅니다). 출력은 float64입니다.
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
    # TODO:
    #   The cache is the forward output out = sigmoid(x); the local derivative is
    #   out * (1 - out). dx = dout times that, element by element.
    # 할 일:
    #   cache는 순전파 출력 out = sigmoid(x)이고, 국소 미분은 out * (1 - out)입니다.
    #   dx = dout과 그 값의 원소별 곱.
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
    # TODO:
    #   out = tanh(x) element by element (np.tanh).
    # 할 일:
    #   원소별로 out = tanh(x) (np.tanh).
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
    # TODO:
    #   The cache is out = tanh(x); the local derivative is 1 - out ** 2.
    #   dx = dout times that, element by element.
    # 할 일:
    #   cache는 out = tanh(x)이고, 국소 미분은 1 - out ** 2 입니다. dx = dout과 그 값의 원소별 곱.
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
    # TODO:
    #   out = x where x > 0, alpha * x elsewhere (np.where). Same shape as x.
    # 할 일:
    #   x > 0인 곳은 x, 나머지는 alpha * x (np.where). x와 같은 shape.
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
    # TODO:
    #   The local derivative is 1 where x > 0 and alpha elsewhere; dx = dout times it.
    # 할 일:
    #   국소 미분은 x > 0인 곳에서 1, 나머지는 alpha입니다. dx = dout과 그 값의 곱.
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
    # TODO:
    #   out = x where x > 0, alpha * (exp(x) - 1) elsewhere. Use np.expm1 on the
    #   non-positive part, or clip x at 0 before np.exp, so that large x never overflows.
    # 할 일:
    #   x > 0인 곳은 x, 나머지는 alpha * (exp(x) - 1) 입니다. 양수가 아닌 부분에만 np.expm1을 쓰거나
    #   np.exp 전에 x를 0에서 잘라서, 큰 x에서도 넘치지 않게 하세요.
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
    # TODO:
    #   The local derivative is 1 where x > 0; elsewhere it is alpha * exp(x), which
    #   equals out + alpha (out is cached). dx = dout times it.
    # 할 일:
    #   국소 미분은 x > 0인 곳에서 1이고, 나머지에서는 alpha * exp(x), 즉 out + alpha 입니다
    #   (out은 cache에 있습니다). dx = dout과 그 값의 곱.
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
        # TODO:
        #   Training mode, per feature (over axis 0, the N examples):
        #   1. the minibatch mean and the BIASED variance (divide by N: np.var's default);
        #   2. x_hat = (x - mean) / sqrt(var + eps), shape (N, D);
        #   3. out = gamma * x_hat + beta;
        #   4. update running_mean and running_var with momentum (formula in the docstring);
        #   5. cache what the backward pass needs (x_hat, gamma and sqrt(var + eps), say).
        # 할 일:
        #   학습 모드, 특징마다(축 0, 즉 N개 예제에 대해):
        #   1. 미니배치의 평균과 편향된(biased) 분산을 구합니다(N으로 나눔, np.var의 기본값).
        #   2. x_hat = (x - 평균) / sqrt(분산 + eps), shape (N, D).
        #   3. out = gamma * x_hat + beta.
        #   4. momentum으로 running_mean과 running_var를 갱신합니다(식은 docstring에 있습니다).
        #   5. 역전파에 필요한 값(예: x_hat, gamma, sqrt(분산 + eps))을 cache에 저장합니다.
        # YOUR CODE HERE
        raise NotImplementedError()
    elif mode == "test":
        # TODO:
        #   Test mode: normalise x with running_mean and running_var (not the batch's
        #   statistics), then scale by gamma and shift by beta. No cache is needed.
        # 할 일:
        #   테스트 모드: 배치 통계가 아니라 running_mean과 running_var로 x를 정규화한 뒤
        #   gamma로 크기를 바꾸고 beta만큼 이동합니다. cache는 필요 없습니다.
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
    # TODO:
    #   1. dbeta: dout summed over the N examples, shape (D,);
    #   2. dgamma: (dout * x_hat) summed over the examples, shape (D,);
    #   3. dx_hat = dout * gamma;
    #   4. dx has THREE paths to each x[i]: through x_hat directly, through the mean and
    #      through the variance. Derive them on paper (a computational graph helps), or use
    #      the simplified form: (dx_hat - mean of dx_hat - x_hat * mean of (dx_hat * x_hat))
    #      divided by sqrt(var + eps), the means over axis 0.
    #   The numerical gradient check in the notebook tells you when a path is missing.
    # 할 일:
    #   1. dbeta: dout을 N개 예제에 대해 더한 값, shape (D,).
    #   2. dgamma: (dout * x_hat)을 예제에 대해 더한 값, shape (D,).
    #   3. dx_hat = dout * gamma.
    #   4. dx에는 각 x[i]로 가는 경로가 세 개 있습니다. x_hat을 거쳐 직접 가는 경로, 평균을 거치는 경로,
    #      분산을 거치는 경로입니다. 종이에 계산 그래프(computational graph)를 그려 유도하거나, 정리된 식
    #      (dx_hat - dx_hat의 평균 - x_hat * (dx_hat * x_hat)의 평균) / sqrt(분산 + eps) 를 쓰세요(평균은 축 0).
    #   노트북의 수치 그래디언트 확인이 빠진 경로를 알려 줍니다.
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
        # TODO:
        #   Training mode (inverted dropout):
        #   1. the mask: np.random.rand(*x.shape) < p (keep a unit with probability p),
        #      divided by p so that the expected output equals x; draw it with exactly this
        #      one call, after the seeding above, so that the same seed gives the same mask;
        #   2. out = x times the mask. Keep the mask in the variable mask for the backward pass.
        # 할 일:
        #   학습 모드(역 드롭아웃):
        #   1. 마스크(mask): np.random.rand(*x.shape) < p (확률 p로 유닛을 남김)를 p로 나누어 출력의
        #      기댓값이 x와 같게 합니다. 위에서 시드를 정한 뒤 정확히 이 한 번의 호출로 뽑아야 같은 시드에서
        #      같은 마스크가 나옵니다.
        #   2. out = x와 마스크의 곱. 역전파를 위해 마스크를 변수 mask에 남겨 두세요.
        # YOUR CODE HERE
        raise NotImplementedError()
    elif mode == "test":
        # TODO:
        #   Test mode: inverted dropout needs nothing here; the output is the input.
        # 할 일:
        #   테스트 모드: 역 드롭아웃에서는 할 일이 없습니다. 출력은 입력 그대로입니다.
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
        # TODO:
        #   Training mode: the gradient flows only through the kept units, scaled as in the
        #   forward pass: dx is dout times the cached mask.
        # 할 일:
        #   학습 모드: 그래디언트는 남은 유닛으로만, 순전파와 같은 배율로 흐릅니다. dx는 dout과 cache의 mask의 곱입니다.
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
    # TODO:
    #   As svm_loss_vectorized of a2, on the scores x (N, C) directly (no W, no reg):
    #   1. the correct-class scores by integer indexing, shape (N, 1);
    #   2. margins max(0, x - correct + 1) with 0 at the correct class; loss = sum / N;
    #   3. dx: 1 where the margin is positive, minus the row's count of positive margins
    #      at the correct class, all divided by N. No loop.
    # 할 일:
    #   a2의 svm_loss_vectorized와 같지만, 점수 x (N, C)에 바로 적용합니다(W와 reg 없음):
    #   1. 정수 인덱싱으로 정답 클래스 점수를 고릅니다, shape (N, 1).
    #   2. margin = max(0, x - correct + 1), 정답 클래스 자리는 0. loss = 합 / N.
    #   3. dx: margin이 양수인 곳은 1, 정답 클래스 자리는 그 행의 양수 margin 개수에 마이너스, 모두 N으로
    #      나눕니다. 반복문은 쓰지 마세요.
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
    # TODO:
    #   1. subtract each row's maximum from x (keepdims=True) so that np.exp cannot overflow;
    #   2. log-probabilities: the shifted scores minus the log of each row's sum of exp;
    #   3. loss = minus the mean over the N rows of the correct class's log-probability;
    #   4. dx = the probabilities with 1 subtracted at each correct class, divided by N.
    #   Natural logs (np.log); no loop.
    # 할 일:
    #   1. x의 각 행에서 그 행의 최댓값을 뺍니다(keepdims=True). 그래야 np.exp가 넘치지 않습니다.
    #   2. 로그 확률: 이동한 점수에서 각 행의 exp 합의 로그를 뺀 값.
    #   3. loss = N개 행에 대한 정답 클래스 로그 확률의 평균에 마이너스를 붙인 값.
    #   4. dx = 확률에서 정답 클래스 자리만 1을 빼고 N으로 나눈 값.
    #   로그는 자연로그(np.log)이고, 반복문은 쓰지 마세요.
    # YOUR CODE HERE
    raise NotImplementedError()
    return loss, dx
