"""Sample students of a6_rnn_stock: the reference, the stub and typical mistakes.

Every student but the stub and the one who forgot it submits the reference's checkpoint.pt, so the
LSTM part scores the same and each mistake shows only in the parts it belongs to.
"""
import shutil

from autograder.config.paths import SOLUTIONS
from tests.data.samples import Sample

CHECKPOINT = SOLUTIONS / "a6_rnn_stock" / "checkpoint.pt"


def with_checkpoint(folder):
    """The submission carries the reference's trained checkpoint.pt (release folders never do)."""
    shutil.copy2(CHECKPOINT, folder / "checkpoint.pt")


NEWEST_FIRST = ("stock.py", "    data = data[::-1].copy()\n", "    data = data.copy()\n")
FIT_ALL = ("stock.py", "scaler = MinMaxScaler().fit(train)", "scaler = MinMaxScaler().fit(data)")
LAST_ROW = ("stock.py", "    y = data[seq_len:, -1:].copy()\n", "    y = data[seq_len - 1:-1, -1:].copy()\n")
NO_CARRY = ("rnn_layers.py", "rnn_step_backward(dh[:, t, :] + dprev_h, cache[t])",
            "rnn_step_backward(dh[:, t, :], cache[t])")

SAMPLES = [
    Sample("kim-minjun", note="the reference solution", build=with_checkpoint),
    Sample("이서연", base="stub", note="the untouched stub"),
    Sample("park ji-ho", note="load_stock_csv leaves the rows newest first", edits=(NEWEST_FIRST,),
           build=with_checkpoint),
    Sample("choi-yuna", note="the scaler is fitted on all days, test split included", edits=(FIT_ALL,),
           build=with_checkpoint),
    Sample("jung-hoon", note="the target is the last row of the window, not the next day", edits=(LAST_ROW,),
           build=with_checkpoint),
    Sample("lee-dohyun", note="BPTT forgets the gradient carried back from step t + 1", edits=(NO_CARRY,),
           build=with_checkpoint),
    Sample("han-seo", note="forgot to submit checkpoint.pt"),
]
