"""GOOG's daily prices: loading, scaling, windows and a many-to-one LSTM (lecture 10).

The data is the lectures' file data-02-stock_daily.csv: two comment lines, then one row a day,
newest day first, with the columns Open, High, Low, Volume, Close. We predict tomorrow's Close
from the last `seq_len` days (all five columns).

Fill in the blocks marked YOUR CODE HERE. Run `python -m autograder check a6_rnn_stock`
(or `pytest` in this folder) to see which parts pass.
"""
import numpy as np
import torch
import torch.nn as nn

COLUMNS = ("Open", "High", "Low", "Volume", "Close")
SEQ_LEN = 7          # days in one input window
TRAIN_FRAC = 0.7     # the first 70 % of the days (oldest first) train, the rest test


def load_stock_csv(path):
    """
    Load the daily prices.

    The file starts with comment lines beginning with '#'; every other line is one day,
    newest day first, with the five comma-separated columns Open, High, Low, Volume, Close.

    Inputs:
    - path: The path of the CSV file.

    Returns:
    - data: A numpy array of shape (T, 5), float64, one row a day in the columns Open, High,
      Low, Volume, Close, OLDEST day first (so that time runs down the rows).
    """
    data = None
    # YOUR CODE HERE
    raise NotImplementedError()
    return data


class MinMaxScaler:
    """Scale every column to [0, 1] with the minimum and maximum of the data it was fitted on."""

    def __init__(self):
        self.min_ = None    # (F,) per-column minimum of the fitted data
        self.max_ = None    # (F,) per-column maximum of the fitted data

    def fit(self, train):
        """
        Remember the per-column minimum and maximum of the training data.

        Inputs:
        - train: A numpy array of shape (T, F). Fit on the training split only: the test
          days are the future, and their prices must not leak into the model's inputs.

        Returns:
        - self
        """
        # YOUR CODE HERE
        raise NotImplementedError()
        return self

    def transform(self, x):
        """
        Scale x column by column: (x - min) / (max - min). A constant column (max == min)
        maps to 0, without dividing by zero.

        Inputs:
        - x: A numpy array of shape (T, F) (or (..., F)).

        Returns:
        - out: A numpy array of the shape of x.
        """
        out = None
        # YOUR CODE HERE
        raise NotImplementedError()
        return out

    def inverse_transform(self, x):
        """
        Undo transform: inverse_transform(transform(x)) == x (up to rounding).

        Inputs:
        - x: A numpy array of shape (T, F) (or (..., F)) of scaled values.

        Returns:
        - out: A numpy array of the shape of x, in the original units.
        """
        out = None
        # YOUR CODE HERE
        raise NotImplementedError()
        return out

    def inverse_column(self, values, column=-1):
        """Undo the scaling of one column only, e.g. predicted Close values of shape (N,) or (N, 1)."""
        full = np.zeros((np.size(values), len(self.min_)))
        full[:, column] = np.ravel(values)
        return self.inverse_transform(full)[:, column].reshape(np.shape(values))


def make_windows(data, seq_len=SEQ_LEN):
    """
    Cut a time series into overlapping windows, each with the Close of the day that follows.

    Inputs:
    - data: A numpy array of shape (T, F), oldest row first; the last column is Close.
    - seq_len: The number of days in one window.

    Returns a tuple of:
    - X: A numpy array of shape (N, seq_len, F) with N = T - seq_len and X[i] = data[i:i+seq_len].
    - y: A numpy array of shape (N, 1) with y[i] = data[i+seq_len, -1]: the Close of the day
      AFTER the window (not the last day inside it).
    """
    X, y = None, None
    # YOUR CODE HERE
    raise NotImplementedError()
    return X, y


def prepare_data(data, seq_len=SEQ_LEN, train_frac=TRAIN_FRAC):
    """
    Split the days chronologically, scale them and cut them into windows (the lectures' recipe).

    The first train_size = int(T * train_frac) days are the training split. The test split
    starts seq_len days earlier, data[train_size - seq_len:], so that its first window
    predicts day train_size, the first day the model never trained on. The scaler is
    fitted on the training split only and then transforms both splits.

    Inputs:
    - data: A numpy array of shape (T, F), oldest row first, from load_stock_csv.
    - seq_len: The number of days in one window.
    - train_frac: The share of days in the training split.

    Returns a tuple of:
    - X_train: (T_train - seq_len, seq_len, F) scaled windows of the training split
    - y_train: (T_train - seq_len, 1) scaled next-day Close
    - X_test: (T - T_train, seq_len, F) scaled windows of the test split
    - y_test: (T - T_train, 1) scaled next-day Close
    - scaler: the MinMaxScaler fitted on the training split
    """
    X_train, y_train, X_test, y_test, scaler = None, None, None, None, None
    # YOUR CODE HERE
    raise NotImplementedError()
    return X_train, y_train, X_test, y_test, scaler


class StockLSTM(nn.Module):
    """
    A many-to-one LSTM: it reads a window of seq_len days and predicts one number per output
    (the next day's scaled Close) from the hidden state of the LAST day.

    Architecture: nn.LSTM(input_dim, hidden_dim, num_layers, batch_first=True), then
    nn.Linear(hidden_dim, output_dim) on the last time step's output.
    """

    def __init__(self, input_dim, hidden_dim, num_layers=1, output_dim=1):
        super().__init__()
        self.input_dim, self.hidden_dim = input_dim, hidden_dim
        self.num_layers, self.output_dim = num_layers, output_dim
        # YOUR CODE HERE
        raise NotImplementedError()

    def forward(self, x):
        """
        Inputs:
        - x: A float tensor of shape (N, seq_len, input_dim), batch first.

        Returns:
        - out: A float tensor of shape (N, output_dim).
        """
        out = None
        # YOUR CODE HERE
        raise NotImplementedError()
        return out


def save_checkpoint(model, path, seq_len=SEQ_LEN):
    """Save what the grader needs to rebuild the model: its sizes, seq_len and the weights."""
    torch.save({"input_dim": model.input_dim, "hidden_dim": model.hidden_dim, "num_layers": model.num_layers,
                "output_dim": model.output_dim, "seq_len": int(seq_len),
                "state_dict": {k: v.detach().cpu() for k, v in model.state_dict().items()}}, path)


def load_checkpoint(path):
    """The StockLSTM saved by save_checkpoint, in eval mode, and its seq_len."""
    ckpt = torch.load(path, map_location="cpu", weights_only=True)
    model = StockLSTM(ckpt["input_dim"], ckpt["hidden_dim"], ckpt["num_layers"], ckpt["output_dim"])
    model.load_state_dict(ckpt["state_dict"])
    return model.eval(), ckpt["seq_len"]
