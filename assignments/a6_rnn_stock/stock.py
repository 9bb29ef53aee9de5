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
    # TODO:
    #   1. read the numbers with np.loadtxt: comma-separated, lines starting with '#' are
    #      comments, float64 (ndmin=2 keeps a one-day file two-dimensional);
    #   2. the file lists the NEWEST day first: reverse the rows so that the oldest day
    #      comes first, and return a contiguous copy of shape (T, 5).
    # 할 일:
    #   1. np.loadtxt로 숫자를 읽습니다: 쉼표로 구분, '#'으로 시작하는 줄은 주석, float64
    #      (ndmin=2를 주면 하루짜리 파일도 2차원으로 유지됩니다).
    #   2. 파일은 가장 최근 날짜가 먼저 나오므로, 행 순서를 뒤집어 가장 오래된 날이 먼저 오게 하고
    #      shape (T, 5)인 연속된(contiguous) 복사본을 돌려줍니다.
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
        # TODO:
        #   Store the minimum and the maximum of every COLUMN of train (over axis 0) in
        #   self.min_ and self.max_, each of shape (F,).
        # 할 일:
        #   train의 각 열(축 0에 대해)의 최솟값과 최댓값을 self.min_과 self.max_에 저장하세요.
        #   각각 shape (F,)입니다.
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
        # TODO:
        #   1. the span max_ - min_ of every column; where it is 0 (a constant column), use 1
        #      instead so that nothing is divided by zero (np.where);
        #   2. out = (x - min_) / span, broadcast over the rows. Test values may leave [0, 1].
        # 할 일:
        #   1. 각 열의 범위 max_ - min_. 범위가 0인 곳(값이 일정한 열)은 대신 1을 써서 0으로 나누지 않게
        #      합니다(np.where).
        #   2. out = (x - min_) / span, 행들에 브로드캐스팅합니다. 테스트 값은 [0, 1] 밖으로 나갈 수 있습니다.
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
        # TODO:
        #   Undo transform with the same span (1 for a constant column): multiply by the span,
        #   then add min_.
        # 할 일:
        #   같은 범위(값이 일정한 열은 1)로 transform을 되돌립니다: 범위를 곱한 뒤 min_을 더합니다.
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
    # TODO:
    #   1. N = T - seq_len windows;
    #   2. X[i] is the block of seq_len rows starting at row i: stack them into
    #      (N, seq_len, F) (an empty (0, seq_len, F) array when N <= 0);
    #   3. y[i] is the Close (last column) of row i + seq_len, the day AFTER window i,
    #      kept two-dimensional: (N, 1).
    # 할 일:
    #   1. 윈도 개수 N = T - seq_len.
    #   2. X[i]는 i번째 행부터 시작하는 seq_len개 행의 묶음입니다. 이것을 쌓아 (N, seq_len, F)로
    #      만듭니다(N <= 0이면 빈 (0, seq_len, F) 배열).
    #   3. y[i]는 i + seq_len번째 행, 즉 윈도 i 다음 날의 Close(마지막 열)이고, 2차원 (N, 1)로 유지합니다.
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
    # TODO:
    #   1. train_size = int(T * train_frac); the training split is the first train_size
    #      days, the test split starts seq_len days EARLIER (see the docstring);
    #   2. fit a MinMaxScaler on the training split only;
    #   3. transform both splits with it, then make_windows on each.
    # 할 일:
    #   1. train_size = int(T * train_frac). 학습 구간은 처음 train_size일이고, 테스트 구간은 seq_len일
    #      앞에서 시작합니다(docstring 참고).
    #   2. MinMaxScaler는 학습 구간으로만 fit합니다.
    #   3. 그 스케일러로 두 구간을 transform한 뒤 각각 make_windows를 적용합니다.
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
        # TODO:
        #   Two layers, in this order (the checkpoint's keys depend on the names):
        #   self.lstm = an nn.LSTM from input_dim to hidden_dim with num_layers layers and
        #   batch_first=True; self.fc = an nn.Linear from hidden_dim to output_dim.
        # 할 일:
        #   레이어 두 개를 이 순서로 만드세요(체크포인트의 키가 이름에 따라 정해집니다):
        #   self.lstm = input_dim에서 hidden_dim으로 가는 num_layers층 nn.LSTM (batch_first=True),
        #   self.fc = hidden_dim에서 output_dim으로 가는 nn.Linear.
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
        # TODO:
        #   1. run self.lstm on x: its outputs have shape (N, seq_len, hidden_dim);
        #   2. many to one: keep only the LAST time step's output, (N, hidden_dim);
        #   3. self.fc maps it to (N, output_dim).
        # 할 일:
        #   1. x에 self.lstm을 실행합니다. 출력의 shape은 (N, seq_len, hidden_dim)입니다.
        #   2. 다대일(many to one): 마지막 시간 단계의 출력 (N, hidden_dim)만 남깁니다.
        #   3. self.fc가 그것을 (N, output_dim)으로 바꿉니다.
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
