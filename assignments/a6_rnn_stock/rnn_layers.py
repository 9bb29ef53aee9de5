"""A vanilla recurrent neural network, forward and backward, in NumPy (CS231n assignment 3).

The lectures' recurrence, one hidden state h of size H carried over T time steps:

    h_t = tanh(x_t Wx + h_{t-1} Wh + b)

Fill in the blocks marked YOUR CODE HERE. Run `python -m autograder check a6_rnn_stock`
(or `pytest` in this folder) to see which parts pass.
"""
import numpy as np


def rnn_step_forward(x, prev_h, Wx, Wh, b):
    """
    Run the forward pass for a single timestep of a vanilla RNN that uses a tanh activation
    function. The input data has dimension D, the hidden state has dimension H, and the
    minibatch is of size N.

    Inputs:
    - x: Input data for this timestep, of shape (N, D).
    - prev_h: Hidden state from previous timestep, of shape (N, H)
    - Wx: Weight matrix for input-to-hidden connections, of shape (D, H)
    - Wh: Weight matrix for hidden-to-hidden connections, of shape (H, H)
    - b: Biases of shape (H,)

    Returns a tuple of:
    - next_h: Next hidden state, of shape (N, H)
    - cache: Tuple of values needed for the backward pass.
    """
    next_h, cache = None, None
    # TODO:
    #   1. next_h = tanh(x Wx + prev_h Wh + b): (N, D)(D, H) + (N, H)(H, H) + (H,) -> (N, H);
    #   2. cache what the backward pass needs: the inputs, the weights and next_h itself
    #      (the derivative of tanh is computed from it).
    # 할 일:
    #   1. next_h = tanh(x Wx + prev_h Wh + b): (N, D)(D, H) + (N, H)(H, H) + (H,) -> (N, H).
    #   2. 역전파에 필요한 값을 cache에 저장합니다: 입력, 가중치, 그리고 next_h 자체
    #      (tanh의 미분을 이 값으로 계산합니다).
    # YOUR CODE HERE
    raise NotImplementedError()
    return next_h, cache


def rnn_step_backward(dnext_h, cache):
    """
    Backward pass for a single timestep of a vanilla RNN.

    Inputs:
    - dnext_h: Gradient of loss with respect to next hidden state, of shape (N, H)
    - cache: Cache object from the forward pass

    Returns a tuple of:
    - dx: Gradients of input data, of shape (N, D)
    - dprev_h: Gradients of previous hidden state, of shape (N, H)
    - dWx: Gradients of input-to-hidden weights, of shape (D, H)
    - dWh: Gradients of hidden-to-hidden weights, of shape (H, H)
    - db: Gradients of bias vector, of shape (H,)

    Hint: the derivative of tanh(a) is 1 - tanh(a)**2, and tanh(a) is next_h.
    """
    dx, dprev_h, dWx, dWh, db = None, None, None, None, None
    # TODO:
    #   1. the gradient before the tanh: dnext_h times (1 - next_h ** 2), shape (N, H);
    #   2. from it, with matrix products, like an affine layer with two inputs:
    #      dx (N, D), dprev_h (N, H), dWx (D, H), dWh (H, H), and db (H,) summed over N.
    #   Check every shape against the docstring.
    # 할 일:
    #   1. tanh 앞의 그래디언트: dnext_h와 (1 - next_h ** 2)의 곱, shape (N, H).
    #   2. 이것으로 입력이 둘인 아핀 레이어처럼 행렬 곱을 써서 dx (N, D), dprev_h (N, H), dWx (D, H),
    #      dWh (H, H), 그리고 N에 대해 더한 db (H,)를 구합니다.
    #   모든 shape을 docstring과 비교해 확인하세요.
    # YOUR CODE HERE
    raise NotImplementedError()
    return dx, dprev_h, dWx, dWh, db


def rnn_forward(x, h0, Wx, Wh, b):
    """
    Run a vanilla RNN forward on an entire sequence of data. We assume an input sequence
    composed of T vectors, each of dimension D. The RNN uses a hidden size of H, and we work
    over a minibatch containing N sequences. After running the RNN forward, we return the
    hidden states for all timesteps.

    Inputs:
    - x: Input data for the entire timeseries, of shape (N, T, D).
    - h0: Initial hidden state, of shape (N, H)
    - Wx: Weight matrix for input-to-hidden connections, of shape (D, H)
    - Wh: Weight matrix for hidden-to-hidden connections, of shape (H, H)
    - b: Biases of shape (H,)

    Returns a tuple of:
    - h: Hidden states for the entire timeseries, of shape (N, T, H).
    - cache: Values needed in the backward pass

    Use rnn_step_forward for each timestep.
    """
    h, cache = None, None
    # TODO:
    #   1. h of shape (N, T, H); start from prev_h = h0;
    #   2. for t = 0 .. T-1: rnn_step_forward on x[:, t, :] and the previous hidden state;
    #      store the new state in h[:, t, :] and keep each step's cache (a list);
    #   3. the cache of the whole sequence is that list of step caches.
    # 할 일:
    #   1. shape이 (N, T, H)인 h를 만들고 prev_h = h0에서 시작합니다.
    #   2. t = 0 .. T-1에 대해 x[:, t, :]와 이전 은닉 상태로 rnn_step_forward를 실행하고,
    #      새 상태를 h[:, t, :]에 저장하고, 각 단계의 cache를 리스트에 보관합니다.
    #   3. 시퀀스 전체의 cache는 그 단계별 cache의 리스트입니다.
    # YOUR CODE HERE
    raise NotImplementedError()
    return h, cache


def rnn_backward(dh, cache):
    """
    Compute the backward pass for a vanilla RNN over an entire sequence of data
    (backpropagation through time).

    Inputs:
    - dh: Upstream gradients of all hidden states, of shape (N, T, H).

    NOTE: 'dh' contains the upstream gradients produced by the individual loss functions at
    each timestep, *not* the gradients being passed between timesteps (which you'll have to
    compute yourself by calling rnn_step_backward in a loop, from the last step to the first).

    Returns a tuple of:
    - dx: Gradient of inputs, of shape (N, T, D)
    - dh0: Gradient of initial hidden state, of shape (N, H)
    - dWx: Gradient of input-to-hidden weights, of shape (D, H)
    - dWh: Gradient of hidden-to-hidden weights, of shape (H, H)
    - db: Gradient of biases, of shape (H,)
    """
    dx, dh0, dWx, dWh, db = None, None, None, None, None
    # TODO:
    #   1. zeros for dx (N, T, D), dWx, dWh, db, and for the gradient dprev_h that flows
    #      back from step t + 1 (zero after the last step);
    #   2. for t from T-1 DOWN to 0: rnn_step_backward with dh[:, t, :] PLUS that flowing
    #      gradient (h_t feeds both its own loss and step t + 1);
    #   3. put its dx in dx[:, t, :], ADD its dWx, dWh and db to the totals (the weights
    #      are shared by all steps), and pass its dprev_h on to step t - 1;
    #   4. dh0 is the gradient that flows out of step 0.
    # 할 일:
    #   1. dx (N, T, D), dWx, dWh, db, 그리고 t + 1 단계에서 거꾸로 흘러오는 그래디언트 dprev_h를 0으로
    #      시작합니다(마지막 단계 다음은 0).
    #   2. t를 T-1부터 0까지 거꾸로: dh[:, t, :]에 그 흘러온 그래디언트를 더해서 rnn_step_backward를
    #      실행합니다(h_t는 자기 단계의 손실과 t + 1 단계 모두에 쓰이기 때문입니다).
    #   3. 그 dx는 dx[:, t, :]에 넣고, dWx, dWh, db는 합계에 더하고(가중치는 모든 단계가 공유합니다),
    #      dprev_h는 t - 1 단계로 넘깁니다.
    #   4. dh0는 0단계에서 흘러나온 그래디언트입니다.
    # YOUR CODE HERE
    raise NotImplementedError()
    return dx, dh0, dWx, dWh, db
