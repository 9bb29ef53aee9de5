"""One mistake costs only its own parts (issue 14).

For every graded function of the six assignments, a known mistake (from the samples, the release's
mutants and real students' code) is planted in a copy of the reference, and every part of the
assignment is graded in one run: points may be lost only on the parts of that function and on the
assignment's end-to-end parts (whose point is a result that needs everything: XOR learned, zoo or
held-out accuracy, overfitting), and at least one of the function's own parts must catch it.

The reference's side (`ReferenceRun`) is prepared once per assignment and shared by its mistakes.
"""
from __future__ import annotations

import pytest

from autograder.grading.reference import grade_dir, prepare_reference
from autograder.config.paths import SOLUTIONS
from tests.conftest import by_part, edit

pytestmark = pytest.mark.slow

# Parts whose point is an end-to-end result: they may depend on every function (their docs say so).
END_TO_END = {
    "a1_knn_linear": set(),
    "a2_svm_softmax": {"zoo_softmax"},
    "a3_backprop": {"two_layer_xor"},
    "a4_cnn_layers": {"convnet_overfit"},
    "a5_cifar10_gpu": {"model_loads", "test_accuracy"},
    "a6_rnn_stock": {"lstm_test_rmse"},
}

A1, A2, A3, A4, A5, A6 = (f"a{i}_{n}" for i, n in enumerate(
    ("knn_linear", "svm_softmax", "backprop", "cnn_layers", "cifar10_gpu", "rnn_stock"), start=1))
KNN, SVM, SOFTMAX, LC = "k_nearest_neighbor.py", "linear_svm.py", "softmax.py", "linear_classifier.py"
LAYERS, OPTIM, FC, CONV, CNN, MODEL = "layers.py", "optim.py", "fc_net.py", "conv_layers.py", "cnn.py", "model.py"
RNN, STOCK = "rnn_layers.py", "stock.py"
A5_TRAIN = "train.py"

TWO_LOOPS = {"dists_two_loops", "dists_hidden"}
ONE_LOOP = {"dists_one_loop", "dists_hidden"}
NO_LOOPS = {"dists_no_loops", "dists_hidden", "speed_no_loops"}
VOTES = {"predict_labels", "predict_labels_hidden"}
SVM_NAIVE = {"svm_lecture_example", "svm_naive", "svm_hidden"}
SVM_VEC = {"svm_vectorized", "svm_hidden", "speed_svm_vectorized"}
SOFTMAX_NAIVE = {"softmax_lecture_example", "softmax_naive", "softmax_stable", "softmax_hidden"}
SOFTMAX_VEC = {"softmax_vectorized", "softmax_stable", "softmax_hidden", "speed_softmax_vectorized"}
TRAIN = {"linear_svm_train", "softmax_train"}
CONV_NAIVE_F = {"conv_forward_naive", "edge_shapes_hidden"}
CONV_NAIVE_B = {"conv_backward_naive", "edge_shapes_hidden"}
CONV_IM2COL_F = {"conv_forward_im2col", "edge_shapes_hidden", "speed_im2col"}
CONV_IM2COL_B = {"conv_backward_im2col", "edge_shapes_hidden", "speed_im2col"}
POOL_F = {"max_pool_forward_naive", "max_pool_ties", "edge_shapes_hidden"}
POOL_B = {"max_pool_backward_naive", "max_pool_ties", "edge_shapes_hidden"}
AFFINE = {"affine_forward", "affine_backward", "affine_backward_hidden", "lecture_wx_b", "lecture_sigmoid_neuron"}

# (id, assignment, file, old text, new text, the parts of the function the mistake is in)
MISTAKES = [
    # a1: k-NN and the linear score
    ("a1-two_loops-no_sqrt", A1, KNN, "dists[i, j] = np.sqrt(np.sum((X[i] - self.X_train[j]) ** 2))",
     "dists[i, j] = np.sum((X[i] - self.X_train[j]) ** 2)", TWO_LOOPS),
    ("a1-one_loop-wrong_axis", A1, KNN, "dists[i, :] = np.sqrt(np.sum((self.X_train - X[i]) ** 2, axis=1))",
     "dists[i, :] = np.sqrt(np.sum((self.X_train - X[i]) ** 2, axis=1)) + 1e-3", ONE_LOOP),
    ("a1-no_loops-no_sqrt", A1, KNN, "dists = np.sqrt(np.maximum(sq, 0.0))", "dists = np.maximum(sq, 0.0)", NO_LOOPS),
    ("a1-no_loops-crash", A1, KNN, "sq = test_sq - 2.0 * (X @ self.X_train.T) + train_sq",
     "sq = test_sq - 2.0 * (X @ self.X_train) + train_sq", NO_LOOPS),
    ("a1-predict_labels-ties_to_larger", A1, KNN, "y_pred[i] = np.argmax(np.bincount(closest_y))",
     "counts = np.bincount(closest_y); y_pred[i] = len(counts) - 1 - np.argmax(counts[::-1])", VOTES),
    ("a1-predict_labels-ignores_k", A1, KNN, 'nearest = np.argsort(dists[i], kind="stable")[:k]',
     'nearest = np.argsort(dists[i], kind="stable")[:1]', VOTES),
    ("a1-predict_labels-crash", A1, KNN, 'nearest = np.argsort(dists[i], kind="stable")[:k]',
     'nearest = np.argsort(dists[i + 1], kind="stable")[:k]', VOTES),
    ("a1-cross_validate_k-test_fold_in_training", A1, KNN,
     "X_tr = np.concatenate(X_folds[:i] + X_folds[i + 1:])\n            y_tr = np.concatenate(y_folds[:i] + y_folds[i + 1:])",
     "X_tr = np.concatenate(X_folds)\n            y_tr = np.concatenate(y_folds)", {"cross_validate_k"}),
    ("a1-linear_scores-no_bias", A1, "linear_score.py", "scores = X.dot(W) + b", "scores = X.dot(W)",
     {"linear_scores", "linear_scores_hidden"}),
    # a2: SVM, softmax, the linear classifier
    ("a2-svm_naive-correct_class_counted", A2, SVM, "            if j == y[i]:\n                continue\n", "",
     SVM_NAIVE),
    ("a2-svm_vectorized-reg_grad_missing", A2, SVM, "dW = X.T.dot(positive) / num_train + 2 * reg * W",
     "dW = X.T.dot(positive) / num_train", SVM_VEC),
    ("a2-svm_vectorized-correct_class_counted", A2, SVM, "    margins[rows, y] = 0", "    pass", SVM_VEC),
    ("a2-softmax_naive-log10", A2, SOFTMAX, "        loss += log_sum - scores[y[i]]",
     "        loss += -np.log10(np.exp(scores[y[i]] - log_sum))", SOFTMAX_NAIVE),
    ("a2-softmax_vectorized-grad_not_averaged", A2, SOFTMAX, "dW = X.T.dot(dscores) / num_train + 2 * reg * W",
     "dW = X.T.dot(dscores) + 2 * reg * W", SOFTMAX_VEC),
    ("a2-softmax_vectorized-overflow", A2, SOFTMAX, "    scores = scores - np.max(scores, axis=1, keepdims=True)",
     "    pass", SOFTMAX_VEC),
    ("a2-train-step_uphill", A2, LC, "self.W -= learning_rate * grad", "self.W += learning_rate * grad", TRAIN),
    ("a2-train-labels_of_other_rows", A2, LC, "y_batch = y[idx]", "y_batch = y[idx[::-1]]", TRAIN),
    ("a2-predict-wrong_axis", A2, LC, "y_pred = np.argmax(X.dot(self.W), axis=1)",
     "y_pred = np.argmax(X.dot(self.W), axis=0)", {"predict"}),
    # correct code, not the docstring's sampling call: no part may lose a point
    ("a2-train-sampling_without_replacement_is_fine", A2, LC,
     "idx = np.random.choice(num_train, batch_size, replace=True)",
     "idx = np.random.choice(num_train, batch_size, replace=False)", set()),
    # a3: layers, optimisers, the two-layer net
    ("a3-affine_forward-no_bias", A3, LAYERS, "out = x.reshape(x.shape[0], -1).dot(w) + b",
     "out = x.reshape(x.shape[0], -1).dot(w)", AFFINE),
    ("a3-affine_backward-db_axis", A3, LAYERS, "db = np.sum(dout, axis=0)", "db = np.sum(dout, axis=0) * 2",
     AFFINE),
    ("a3-relu_backward-passes_all", A3, LAYERS, "dx = dout * (x > 0)", "dx = dout * (x >= -1)", {"relu"}),
    ("a3-sigmoid_backward-wrong", A3, LAYERS, "dx = dout * out * (1 - out)", "dx = dout * (1 - out)",
     {"sigmoid", "activations_hidden", "lecture_sigmoid_neuron"}),
    ("a3-tanh_backward-wrong", A3, LAYERS, "dx = dout * (1 - out ** 2)", "dx = dout * (1 - out)",
     {"tanh", "activations_hidden"}),
    ("a3-leaky_relu_forward-no_alpha", A3, LAYERS, "out = np.where(x > 0, x, alpha * x)",
     "out = np.where(x > 0, x, 0.01 * x)", {"leaky_relu"}),
    ("a3-elu_backward-wrong", A3, LAYERS, "dx = dout * np.where(x > 0, 1.0, out + alpha)",
     "dx = dout * np.where(x > 0, 1.0, out)", {"elu", "activations_hidden"}),
    ("a3-batchnorm_forward-no_eps", A3, LAYERS, "std = np.sqrt(var + eps)", "std = np.sqrt(var)",
     {"batchnorm_forward", "batchnorm_backward", "batchnorm_backward_hidden"}),
    ("a3-batchnorm_backward-no_mean_terms", A3, LAYERS,
     "dx = (dx_hat - dx_hat.mean(axis=0) - x_hat * np.sum(dx_hat * x_hat, axis=0) / N) / std",
     "dx = dx_hat / std", {"batchnorm_backward", "batchnorm_backward_hidden"}),
    ("a3-dropout_forward-not_inverted", A3, LAYERS, "mask = (np.random.rand(*x.shape) < p) / p",
     "mask = (np.random.rand(*x.shape) < p) * 1.0", {"dropout_forward", "dropout_backward"}),
    ("a3-dropout_backward-no_mask", A3, LAYERS, "        dx = dout * mask", "        dx = dout",
     {"dropout_backward"}),
    ("a3-svm_loss-not_averaged", A3, LAYERS, "loss = np.sum(margins) / N", "loss = np.sum(margins)", {"svm_loss"}),
    ("a3-softmax_loss-overflow", A3, LAYERS, "shifted = x - np.max(x, axis=1, keepdims=True)", "shifted = x",
     {"softmax_loss_large_scores"}),
    ("a3-softmax_loss-grad_not_averaged", A3, LAYERS, "    dx[np.arange(N), y] -= 1\n    dx /= N",
     "    dx[np.arange(N), y] -= 1", {"softmax_loss", "softmax_loss_large_scores"}),
    ("a3-sgd-uphill", A3, OPTIM, 'next_w = w - config["learning_rate"] * dw', 'next_w = w + config["learning_rate"] * dw',
     {"sgd", "optim_hidden"}),
    ("a3-sgd_momentum-sign", A3, OPTIM, "    next_w = w + v\n    ### END", "    next_w = w - v\n    ### END",
     {"sgd_momentum", "optim_hidden"}),
    ("a3-nesterov-plain_momentum", A3, OPTIM, "next_w = w - mu * v_prev + (1 + mu) * v", "next_w = w + v",
     {"nesterov_momentum"}),
    ("a3-adagrad-no_square", A3, OPTIM, 'config["cache"] = config["cache"] + dw ** 2',
     'config["cache"] = config["cache"] + np.abs(dw)', {"adagrad"}),
    ("a3-rmsprop-no_decay", A3, OPTIM, 'config["cache"] = decay * config["cache"] + (1 - decay) * dw ** 2',
     'config["cache"] = config["cache"] + dw ** 2', {"rmsprop"}),
    ("a3-adam-no_bias_correction", A3, OPTIM,
     'm_hat = config["m"] / (1 - beta1 ** t)\n    v_hat = config["v"] / (1 - beta2 ** t)',
     'm_hat = config["m"]\n    v_hat = config["v"]', {"adam", "optim_hidden"}),
    ("a3-two_layer_init-biases_not_zero", A3, FC, 'self.params["b1"] = np.zeros(hidden_dim)',
     'self.params["b1"] = np.ones(hidden_dim)', {"two_layer_init"}),
    ("a3-two_layer_loss-reg_without_half", A3, FC,
     "loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))",
     "loss += self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))", {"two_layer_reg"}),
    ("a3-two_layer_loss-no_relu_backward", A3, FC, "        dhidden = relu_backward(dhidden, cache_relu)\n", "",
     {"two_layer_loss", "two_layer_reg"}),
    # a4: convolution, pooling, the ConvNet
    ("a4-conv_output_size-no_check", A4, CONV, "    if S < 1 or span < 0 or span % S != 0:",
     "    if S < 1 or span < 0:", {"conv_output_size"}),
    ("a4-conv_forward_naive-flipped_filter", A4, CONV, "np.sum(window * w[f]) + b[f]",
     "np.sum(window * w[f, :, ::-1, ::-1]) + b[f]", CONV_NAIVE_F),
    ("a4-conv_backward_naive-padded_dx", A4, CONV,
     "    dx = dx_pad[:, :, pad:pad + H, pad:pad + W]\n    ### END SOLUTION\n    return dx, dw, db\n\n\ndef max_pool",
     "    dx = dx_pad\n    ### END SOLUTION\n    return dx, dw, db\n\n\ndef max_pool", CONV_NAIVE_B),
    ("a4-max_pool_forward-mean", A4, CONV, "out[:, :, i, j] = np.max(x[:, :, hs:hs + ph, ws:ws + pw], axis=(2, 3))",
     "out[:, :, i, j] = np.mean(x[:, :, hs:hs + ph, ws:ws + pw], axis=(2, 3))", POOL_F),
    ("a4-max_pool_backward-whole_window", A4, CONV,
     "            k = np.argmax(window, axis=2)                       # (N, C): first maximum\n"
     "            dx[n_idx, c_idx, hs + k // pw, ws + k % pw] += dout[:, :, i, j]\n",
     "            dx[:, :, hs:hs + ph, ws:ws + pw] += dout[:, :, i, j][:, :, None, None]\n", POOL_B),
    ("a4-conv_forward_im2col-no_bias", A4, CONV, "out = w.reshape(F, -1) @ cols + b.reshape(-1, 1)",
     "out = w.reshape(F, -1) @ cols", CONV_IM2COL_F),
    ("a4-conv_backward_im2col-dw_doubled", A4, CONV, "dw = (dout_mat @ cols.T).reshape(w.shape)",
     "dw = 2 * (dout_mat @ cols.T).reshape(w.shape)", CONV_IM2COL_B),
    ("a4-convnet_init-biases_not_zero", A4, CNN, 'self.params["b3"] = np.zeros(num_classes)',
     'self.params["b3"] = np.ones(num_classes)', {"convnet_loss"}),
    ("a4-convnet_loss-reg_without_half", A4, CNN,
     "loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2) + np.sum(W3 * W3))",
     "loss += self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2) + np.sum(W3 * W3))", {"convnet_loss"}),
    # a5: each net and each function of train.py on its own; a change of the network's layers also changes
    # build_model()'s keys, which the end-to-end parts catch
    ("a5-simple_net-no_relu", A5, MODEL, "        x = F.relu(self.conv2(x))\n", "        x = self.conv2(x)\n",
     {"simple_net"}),
    ("a5-deep_net-no_batchnorm", A5, MODEL,
     "                       nn.Conv2d(c_out, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(),\n",
     "                       nn.Conv2d(c_out, c_out, 3, padding=1), nn.ReLU(),\n", {"deep_net"}),
    ("a5-train_epoch-no_zero_grad", A5, A5_TRAIN, "        optimizer.zero_grad()\n        loss.backward()\n",
     "        loss.backward()\n", {"train_epoch"}),
    ("a5-train_epoch-no_backward", A5, A5_TRAIN, "        optimizer.zero_grad()\n        loss.backward()\n",
     "        optimizer.zero_grad()\n", {"train_epoch"}),
    ("a5-evaluate-train_mode", A5, A5_TRAIN, "    model.eval()\n    total_loss", "    total_loss", {"evaluate"}),
    ("a5-confusion_matrix-transposed", A5, A5_TRAIN,
     "np.asarray(y_true, dtype=np.int64) * num_classes + np.asarray(y_pred, dtype=np.int64)",
     "np.asarray(y_pred, dtype=np.int64) * num_classes + np.asarray(y_true, dtype=np.int64)", {"confusion_matrix"}),
    # a6: the vanilla RNN and the stock pipeline
    ("a6-rnn_step_forward-no_tanh", A6, RNN, "next_h = np.tanh(x.dot(Wx) + prev_h.dot(Wh) + b)",
     "next_h = x.dot(Wx) + prev_h.dot(Wh) + b", {"rnn_step_forward"}),
    ("a6-rnn_step_backward-no_tanh_grad", A6, RNN, "da = dnext_h * (1.0 - next_h ** 2)", "da = dnext_h",
     {"rnn_step_backward"}),
    ("a6-rnn_forward-h_not_carried", A6, RNN,
     "prev_h, step_cache = rnn_step_forward(x[:, t, :], prev_h, Wx, Wh, b)",
     "prev_h, step_cache = rnn_step_forward(x[:, t, :], h0, Wx, Wh, b)", {"rnn_forward", "rnn_hidden"}),
    ("a6-rnn_backward-no_carry", A6, RNN, "rnn_step_backward(dh[:, t, :] + dprev_h, cache[t])",
     "rnn_step_backward(dh[:, t, :], cache[t])", {"rnn_backward", "rnn_hidden"}),
    ("a6-load_stock_csv-newest_first", A6, STOCK, "    data = data[::-1].copy()\n", "    data = data.copy()\n",
     {"load_stock_csv", "load_stock_csv_hidden"}),
    ("a6-min_max_scaler-constant_column", A6, STOCK,
     "        span = self.max_ - self.min_\n        span = np.where(span == 0, 1.0, span)\n        out = (x - self.min_) / span",
     "        span = self.max_ - self.min_\n        out = (x - self.min_) / span", {"min_max_scaler"}),
    ("a6-make_windows-last_row_target", A6, STOCK, "    y = data[seq_len:, -1:].copy()\n",
     "    y = data[seq_len - 1:-1, -1:].copy()\n", {"make_windows"}),
    ("a6-prepare_data-scaler_fitted_on_all", A6, STOCK, "scaler = MinMaxScaler().fit(train)",
     "scaler = MinMaxScaler().fit(data)", {"prepare_data", "prepare_data_hidden"}),
    ("a6-stock_lstm-first_day", A6, STOCK, "out = self.fc(outputs[:, -1, :])", "out = self.fc(outputs[:, 0, :])",
     {"stock_lstm"}),
]

# Couplings the checks still have (the part's check is not this file's): strict xfail, so that
# the test reports them until they are mended, and turns red the day they are.
COUPLED: dict[str, str] = {
}


class References:
    """One ReferenceRun and the reference's own scores per assignment, for all its mistakes."""

    def __init__(self, course, t):
        self.course, self.t, self.runs, self.full = course, t, {}, {}

    def get(self, aid):
        if aid not in self.runs:
            self.runs[aid] = prepare_reference(self.course, aid)
            results, _ = grade_dir(self.course, aid, SOLUTIONS / aid, self.t, reference=self.runs[aid])
            self.full[aid] = {r.part: r.score for r in results}
            failing = {r.part: r.message for r in results if r.score < r.max_score}
            assert not failing, f"the reference itself loses points: {failing}"
        return self.runs[aid], self.full[aid]

    def close(self):
        for run in self.runs.values():
            run.close()


@pytest.fixture(scope="module")
def references(course, t_en):
    refs = References(course, t_en)
    yield refs
    refs.close()


def _params():
    for name, aid, file, old, new, parts in MISTAKES:
        marks = [pytest.mark.xfail(reason=COUPLED[name], strict=True)] if name in COUPLED else []
        yield pytest.param(aid, file, old, new, frozenset(parts), id=name, marks=marks)


def test_every_mistake_names_known_parts(course):
    """The table itself: every part named exists in course.yml; every assignment has mistakes."""
    for name, aid, _, _, _, parts in MISTAKES:
        assert set(parts) <= set(course.assignments[aid].parts), name
    assert {m[1] for m in MISTAKES} == set(END_TO_END)
    assert len({m[0] for m in MISTAKES}) == len(MISTAKES)


@pytest.mark.parametrize("aid,file,old,new,parts", _params())
def test_one_mistake_costs_only_its_own_parts(course, t_en, solution_copy, references, aid, file, old, new, parts):
    reference, full = references.get(aid)
    code = solution_copy(aid)
    edit(code / file, old, new)
    results = by_part(grade_dir(course, aid, code, t_en, reference=reference)[0])
    lost = {part for part, r in results.items() if r.score < full[part] - 1e-9}
    allowed = parts | END_TO_END[aid]
    assert lost <= allowed, {p: (results[p].status, results[p].message[:300]) for p in lost - allowed}
    if parts or END_TO_END[aid] and aid == A5:   # a mistake must be caught (a5: by its end-to-end parts)
        assert lost & allowed, "the mistake went unnoticed"


def test_edge_shapes_judge_naive_and_im2col_apart(course, t_en, solution_copy, references):
    """Correct naive code without im2col keeps its share of the hidden edge-shape part."""
    reference, _ = references.get(A4)
    code = solution_copy(A4)
    edit(code / CONV, "    x_pad = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), mode=\"constant\")\n"
                      "    cols = im2col(",
         "    raise NotImplementedError()\n    cols = im2col(")
    r = by_part(grade_dir(course, A4, code, t_en, reference=reference)[0])["edge_shapes_hidden"]
    assert r.score == pytest.approx(r.max_score * 4 / 6, abs=1e-3), r.message
    assert "4 of 6 functions pass; conv_forward_im2col: not implemented yet" in r.message
