"""a6's hidden checks' own calls and judges: staff only, never in a student's zip (the release
leaves hidden.py out). Edge shapes of the RNN, a small CSV with comment lines, GOOG's real days."""
from __future__ import annotations

import tempfile

import numpy as np

from autograder.checks.a6_rnn_stock.calls import backward_outputs
from autograder.checks.a6_rnn_stock.data import csv_copy, stock_days
from autograder.checks.a6_rnn_stock.hints import CARRY_HINT
from autograder.checks.a6_rnn_stock.judges import SEQ_GRADS, backward_consistent, forward_consistent
from autograder.model import judge
from autograder.model.check import Verdict

def rnn_hidden_call(ctx):
    """Edge shapes: one sample and one step of one feature; a long sequence (T = 12)."""
    rnn = ctx.load("rnn_layers")
    rng = np.random.default_rng(ctx.seed)
    out = {}
    for tag, shape in (("one", (1, 1, 1, 3)), ("long", (3, 12, 2, 4))):
        for key, value in backward_outputs(rnn, rng, *shape, numeric_grads=False).items():
            out[f"{tag}_{key}"] = value
    return out


HIDDEN_TAGS = ("one_", "long_")


def judge_rnn_hidden(got, expected, ctx):
    """rnn_forward's h and rnn_backward's gradients on the edge shapes, each against the reference
    or consistent with the student's own step functions (as in rnn_forward and rnn_backward)."""
    t = ctx.t
    for prefix in HIDDEN_TAGS:
        verdict = forward_consistent(got, expected, ctx, prefix)
        if verdict is not None:
            return verdict
        if backward_consistent(got, prefix):
            continue
        for name in SEQ_GRADS:
            verdict = judge.compare_array(prefix + name, got.get(prefix + name), expected[prefix + name], t,
                                          hints=CARRY_HINT)
            if verdict is not None:
                return verdict
    return Verdict(1.0, t("a6.hidden.ok"))


SMALL_CSV = """# made-up prices for a check
# another comment line
# Open,High,Low,Volume,Close
{rows}
"""


def load_hidden_call(ctx):
    """A small file with three comment lines, rows newest first, in the real file's format."""
    rng = np.random.default_rng(ctx.seed)
    days = np.round(rng.uniform(100, 200, (6, 5)), 4)
    days[:, 3] = rng.integers(1000, 90000, 6)
    text = SMALL_CSV.format(rows="\n".join(",".join(f"{v:g}" for v in row) for row in days))
    stock = ctx.load("stock")
    with tempfile.TemporaryDirectory() as tmp:
        return {"data": stock.load_stock_csv(csv_copy(tmp, text, "prices.csv"))}


def real_days(ctx):
    return stock_days().copy()
