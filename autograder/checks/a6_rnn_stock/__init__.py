"""Checks of a6_rnn_stock: a vanilla RNN by hand (rnn_layers.py), GOOG's prices and an LSTM (stock.py).

Calls (`calls.py`) run in the child on the student's modules; judges (`judges.py`) run in the parent
against the reference's outputs; `hints.py` names known mistakes from their numbers, `messages.py`
holds the sentences, `data.py` the kit's own view of the CSV. The LSTM part loads the student's
checkpoint.pt in the child and predicts the test windows, which the kit cuts itself from the CSV
(the child returns predictions only, never targets); the parent computes the RMSE in dollars and
credits it by thresholds on persistence RMSE / model RMSE. Hidden checks' own code is in
`hidden.py`, which no student zip holds.

Each part depends only on the function it names (issue 14): a part whose function needs another
graded one is accepted when it matches the reference OR is exactly consistent with the student's own
other functions, or runs with a stand-in of the kit's (prepare_data with the kit's scaler).
lstm_test_rmse is end to end: the checkpoint was trained with all of stock.py, so it may depend on
everything.
"""
from autograder.checks.a6_rnn_stock import messages  # noqa: F401  (registers the sentences)
from autograder.checks.a6_rnn_stock.calls import (backward_call, forward_call, load_call, lstm_call, prepare_call,
                                                  rmse_call, scaler_call, step_backward_call, step_forward_call,
                                                  tame_days, windows_call)
from autograder.checks.a6_rnn_stock.data import stock_days, test_targets, test_windows  # noqa: F401 (tests use them)
from autograder.checks.a6_rnn_stock.hidden import judge_rnn_hidden, load_hidden_call, real_days, rnn_hidden_call
from autograder.checks.a6_rnn_stock.hints import LOAD_HINTS, SCALER_HINTS, TANH_HINT, WINDOW_HINTS
from autograder.checks.a6_rnn_stock.judges import (draw_predictions, judge_backward, judge_forward, judge_lstm,
                                                   judge_prepare, judge_rmse, judge_step_backward, rmse)  # noqa: F401
from autograder.model import judge
from autograder.model.check import Check

PLOTS = {"lstm_test_rmse": draw_predictions}

CHECKS = [
    Check("rnn_step_forward", step_forward_call, judge.close(hints=TANH_HINT), seed=10,
          doc="rnn_step_forward against the reference"),
    Check("rnn_step_backward", step_backward_call, judge_step_backward, seed=11,
          doc="rnn_step_backward against the reference and the numerical gradient, on a cache your "
              "rnn_step_forward builds where its next_h is right"),
    Check("rnn_forward", forward_call, judge_forward, seed=12,
          doc="rnn_forward over T = 3 steps: the reference's h, or each h_t your own rnn_step_forward of "
              "(x_t, h_{t-1})"),
    Check("rnn_backward", backward_call, judge_backward, seed=13,
          doc="rnn_backward (BPTT): the reference's gradients, or your own rnn_step_backward chained over "
              "your rnn_forward's cache"),
    Check("rnn_hidden", rnn_hidden_call, judge_rnn_hidden, hidden=True, seed=14,
          doc="rnn_forward and rnn_backward on one step of one feature and on T = 12"),
    Check("load_stock_csv", load_call, judge.close(rtol=1e-12, atol=1e-9, hints=LOAD_HINTS),
          doc="load_stock_csv on the real GOOG file: oldest day first, five columns"),
    Check("load_stock_csv_hidden", load_hidden_call, judge.close(rtol=1e-12, atol=1e-9, hints=LOAD_HINTS),
          hidden=True, seed=15, doc="load_stock_csv on a small file with three comment lines"),
    Check("min_max_scaler", scaler_call, judge.close(rtol=1e-9, atol=1e-12, hints=SCALER_HINTS), seed=16,
          doc="MinMaxScaler: fit, transform, a constant column, inverse round trip"),
    Check("make_windows", windows_call, judge.close(rtol=1e-12, atol=1e-12, hints=WINDOW_HINTS), seed=17,
          doc="make_windows: shapes and the next day's Close as target"),
    Check("prepare_data", prepare_call(tame_days), judge_prepare, seed=18,
          doc="prepare_data: 70/30 chronological split, windows of both splits (scaled by the kit's scaler, cut by "
              "your own make_windows)"),
    Check("prepare_data_hidden", prepare_call(real_days), judge_prepare, hidden=True,
          doc="prepare_data on GOOG: the scaler is fitted on the training split only"),
    Check("stock_lstm", lstm_call, judge_lstm, seed=19,
          doc="StockLSTM: output shapes, batch first, many to one"),
    Check("lstm_test_rmse", rmse_call, judge_rmse,
          doc="end to end: your checkpoint.pt (trained with all of stock.py) on the test split, RMSE in dollars "
              "against persistence"),
]
