"""The kit's own view of GOOG's prices: the CSV read at import (before the child is fenced in: the
sandbox cannot see datasets/), the 70/30 split, min-max scaling fitted on the training split, the
test windows the LSTM part predicts and the targets only the parent sees."""
from __future__ import annotations

import io
from pathlib import Path

import numpy as np

from autograder.config.checkpoint import CHECKPOINT  # noqa: F401  (calls.py takes it from here)
from autograder.config.paths import DATASETS

CSV = DATASETS / "data-02-stock_daily.csv"
SEQ_LEN, TRAIN_FRAC = 7, 0.7


CSV_TEXT = CSV.read_text(encoding="utf-8") if CSV.is_file() else ""
DAYS = (np.loadtxt(io.StringIO(CSV_TEXT), delimiter=",", comments="#", dtype=np.float64, ndmin=2)[::-1].copy()
        if CSV_TEXT else np.zeros((0, 5)))


def stock_days() -> np.ndarray:
    """The real CSV as the kit reads it: (T, 5), Open, High, Low, Volume, Close, oldest day first."""
    if not len(DAYS):
        raise FileNotFoundError(f"{CSV} is missing from the kit")
    return DAYS


def csv_copy(tmp: str, text: str, name: str = "data-02-stock_daily.csv") -> str:
    """Write `text` to a file in `tmp` (the sandbox's /tmp) for the student's loader to read."""
    path = Path(tmp) / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def train_size(T: int) -> int:
    return int(T * TRAIN_FRAC)


def min_max(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each column's minimum and span (max - min, 1 for a constant column) of `data`."""
    lo, hi = data.min(axis=0), data.max(axis=0)
    return lo, np.where(hi == lo, 1.0, hi - lo)


def train_min_max(data: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """min_max of the training split."""
    return min_max(data[:train_size(len(data))])


class StandInScaler:
    """The kit's scaler, put in place of the student's MinMaxScaler while prepare_data runs
    (`per_function.stand_ins`): prepare_data is judged on its own contract (which days it fits on,
    the split, the windows), and a wrong MinMaxScaler costs only its own part. It scales as the
    kit scales the test windows."""

    def fit(self, train):
        self.lo, self.span = min_max(np.asarray(train, dtype=np.float64))
        return self

    def transform(self, x):
        return (np.asarray(x, dtype=np.float64) - self.lo) / self.span

    def inverse_transform(self, x):
        return np.asarray(x, dtype=np.float64) * self.span + self.lo


def test_windows(seq_len: int) -> np.ndarray:
    """The scaled test windows (N_test, seq_len, 5), scaler fitted on the training split; N_test
    (= T - train_size) does not depend on seq_len."""
    data = stock_days()
    lo, span = train_min_max(data)
    test = (data[train_size(len(data)) - seq_len:] - lo) / span
    return np.stack([test[i:i + seq_len] for i in range(len(test) - seq_len)])


def test_targets() -> tuple[np.ndarray, np.ndarray]:
    """Parent side only: the actual test closes and the persistence forecasts, in dollars."""
    data = stock_days()
    start = train_size(len(data))
    return data[start:, -1], data[start - 1:-1, -1]


def close_to_dollars(scaled: np.ndarray) -> np.ndarray:
    lo, span = train_min_max(stock_days())
    return scaled * span[-1] + lo[-1]
