"""a6: each part is judged on the function it names (issue 14 item 3).

rnn_step_backward runs on a cache the student's rnn_step_forward builds where that forward is right;
rnn_forward and rnn_backward are accepted when consistent with the student's own step functions;
prepare_data when it hands the right scaled splits to the student's own make_windows. A wrong
composition still fails. (The one-mistake-at-a-time table is tests/test_one_mistake.py.)"""
import pytest

from autograder.grading.reference import grade_dir
from tests.conftest import by_part, edit

AID = "a6_rnn_stock"
RNN, STOCK = "rnn_layers.py", "stock.py"
STEP = "next_h = np.tanh(x.dot(Wx) + prev_h.dot(Wh) + b)"
CARRY = "rnn_step_backward(dh[:, t, :] + dprev_h, cache[t])"
WINDOW_Y = "    y = data[seq_len:, -1:].copy()\n"
FIT = "scaler = MinMaxScaler().fit(train)"


def grade(course, t_en, code, *edits):
    for file, old, new in edits:
        edit(code / file, old, new)
    return by_part(grade_dir(course, AID, code, t_en)[0])


def lost(results):
    return {p for p, r in results.items() if r.score < r.max_score - 1e-9}


def test_a_forward_without_tanh_costs_only_its_own_part(course, t_en, solution_copy):
    r = grade(course, t_en, solution_copy(AID), (RNN, STEP, "next_h = x.dot(Wx) + prev_h.dot(Wh) + b"))
    assert lost(r) == {"rnn_step_forward"}, {p: r[p].message for p in lost(r)}
    assert "apply np.tanh" in r["rnn_step_forward"].message
    assert "x Wx + prev_h Wh + b = 0" in r["rnn_step_backward"].message
    assert "your own rnn_step_forward" in r["rnn_forward"].message
    assert "chained back through time" in r["rnn_backward"].message


def test_a_forward_without_bias_is_judged_on_b_zero(course, t_en, solution_copy):
    r = grade(course, t_en, solution_copy(AID), (RNN, STEP, "next_h = np.tanh(x.dot(Wx) + prev_h.dot(Wh))"))
    assert lost(r) == {"rnn_step_forward"}, {p: r[p].message for p in lost(r)}
    assert "where its next_h is right: b = 0)" in r["rnn_step_backward"].message


def test_a_step_backward_mistake_is_still_caught_on_the_fallback_cache(course, t_en, solution_copy):
    """Forward without b, backward without the bias gradient: judged on b = 0, the backward still fails."""
    r = grade(course, t_en, solution_copy(AID), (RNN, STEP, "next_h = np.tanh(x.dot(Wx) + prev_h.dot(Wh))"),
              (RNN, "db = da.sum(axis=0)", "db = da.sum(axis=0) * 0.5"))
    assert {"rnn_step_forward", "rnn_step_backward"} <= lost(r)
    assert not lost(r) & {"rnn_forward", "rnn_backward", "rnn_hidden"}, {p: r[p].message for p in lost(r)}


def test_a_forward_wrong_everywhere_leaves_step_backward_unjudgeable(course, t_en, solution_copy):
    """The known limit: no cache of a forward that is wrong on every input can test the backward."""
    r = grade(course, t_en, solution_copy(AID), (RNN, STEP, STEP + " + 1e-3"))
    assert r["rnn_step_backward"].score == 0
    assert "fix rnn_step_forward first" in r["rnn_step_backward"].message
    assert not lost(r) & {"rnn_forward", "rnn_backward", "rnn_hidden"}, {p: r[p].message for p in lost(r)}


def test_consistency_does_not_rescue_a_wrong_bptt(course, t_en, solution_copy):
    r = grade(course, t_en, solution_copy(AID), (RNN, STEP, "next_h = x.dot(Wx) + prev_h.dot(Wh) + b"),
              (RNN, CARRY, "rnn_step_backward(dh[:, t, :], cache[t])"))
    assert {"rnn_backward", "rnn_hidden"} <= lost(r)


@pytest.mark.parametrize("wrong_y", ["    y = data[seq_len - 1:-1, -1:].copy()\n",
                                     "    y = data[seq_len:, :1].copy()\n"], ids=["last-row", "open-column"])
def test_prepare_data_windows_with_the_students_own_make_windows(course, t_en, solution_copy, wrong_y):
    r = grade(course, t_en, solution_copy(AID), (STOCK, WINDOW_Y, wrong_y))
    assert lost(r) <= {"make_windows", "lstm_test_rmse"} and "make_windows" in lost(r)
    assert "your own make_windows" in r["prepare_data"].message


def test_prepare_data_still_fails_its_own_mistake_with_a_wrong_make_windows(course, t_en, solution_copy):
    r = grade(course, t_en, solution_copy(AID), (STOCK, WINDOW_Y, "    y = data[seq_len - 1:-1, -1:].copy()\n"),
              (STOCK, FIT, "scaler = MinMaxScaler().fit(data)"))
    assert "prepare_data_hidden" in lost(r)


def test_a_wrong_scaler_costs_only_its_own_part(course, t_en, solution_copy):
    """prepare_data runs with the kit's scaler in place of the student's MinMaxScaler (judged in its own part)."""
    r = grade(course, t_en, solution_copy(AID), (STOCK, "        out = (x - self.min_) / span\n", "        out = x / span\n"))
    assert lost(r) == {"min_max_scaler"}, {p: r[p].message for p in lost(r)}
