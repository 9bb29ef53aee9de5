"""a6_rnn_stock: the real CSV in the right order, the reference passes, the stub fails, typical mistakes are
named, the checkpoint part judges RMSE against persistence, and the training script writes what is graded."""
import importlib.util
import subprocess
import sys
import time

import numpy as np
import pytest
import torch

from autograder.model.check import JudgeContext
from autograder.checks import a6_rnn_stock as checks
from autograder.grading.reference import grade_dir
from autograder.config.paths import ASSIGNMENTS, DATASETS, SOLUTIONS
from autograder.report.plots import part_plot
from tests.data.samples import build_sample, load_samples
from tests.conftest import by_part, edit

AID = "a6_rnn_stock"
CSV = DATASETS / "data-02-stock_daily.csv"
OLDEST = [568.00257, 568.00257, 552.922516, 13100, 558.462551]        # the file's last line
NEWEST = [828.659973, 833.450012, 828.349976, 1247700, 831.659973]    # the file's first data line


def reference_module(name):
    spec = importlib.util.spec_from_file_location(f"a6_reference_{name}", SOLUTIONS / AID / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(SOLUTIONS / AID))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(SOLUTIONS / AID))
    return module


@pytest.fixture(scope="module")
def stock():
    return reference_module("stock")


@pytest.fixture(scope="module")
def reference_results(course, t_en):
    start = time.perf_counter()
    results, _ = grade_dir(course, AID, SOLUTIONS / AID, t_en)
    return by_part(results), time.perf_counter() - start


def sample(name):
    return next(s for s in load_samples(AID) if s.student == name)


def test_real_csv_loads_oldest_first(stock):
    data = stock.load_stock_csv(str(CSV))
    assert data.shape == (732, 5)
    np.testing.assert_allclose(data[0], OLDEST)
    np.testing.assert_allclose(data[-1], NEWEST)
    np.testing.assert_array_equal(checks.stock_days(), data)   # the kit's own copy reads the same


def test_split_windows_and_scaler_on_the_real_data(stock):
    data = stock.load_stock_csv(str(CSV))
    X_train, y_train, X_test, y_test, scaler = stock.prepare_data(data, 7)
    assert X_train.shape == (505, 7, 5) and y_train.shape == (505, 1)
    assert X_test.shape == (220, 7, 5) and y_test.shape == (220, 1)
    # the first test window predicts day 512 (the first day after the training split), from days 505..511
    np.testing.assert_allclose(scaler.inverse_transform(X_test[0]), data[505:512])
    assert scaler.inverse_column(y_test[0, 0]) == pytest.approx(data[512, -1])
    # fitted on the training split: its range is [0, 1], GOOG's later prices rise above it
    assert X_train.min() == 0.0 and X_train.max() == pytest.approx(1.0)
    assert X_test.max() > 1.05
    np.testing.assert_allclose(checks.test_windows(7), X_test)


def test_constant_column_maps_to_zero(stock):
    scaler = stock.MinMaxScaler().fit(np.array([[1.0, 4.0], [3.0, 4.0]]))
    out = scaler.transform(np.array([[2.0, 4.0], [5.0, 4.0]]))
    np.testing.assert_array_equal(out, [[0.5, 0.0], [2.0, 0.0]])


def test_committed_checkpoint_is_small_and_beats_the_threshold(stock):
    path = SOLUTIONS / AID / "checkpoint.pt"
    assert path.stat().st_size < 100_000
    model, seq_len = stock.load_checkpoint(path)
    data = stock.load_stock_csv(str(CSV))
    _, _, X_test, y_test, scaler = stock.prepare_data(data, seq_len)
    with torch.no_grad():
        pred = scaler.inverse_column(model(torch.as_tensor(X_test, dtype=torch.float32)).numpy()[:, 0])
    actual = scaler.inverse_column(y_test[:, 0])
    rmse = np.sqrt(np.mean((pred - actual) ** 2))
    persistence = np.sqrt(np.mean((data[511:-1, -1] - actual) ** 2))
    assert persistence == pytest.approx(7.97, abs=0.01)
    assert 0.75 <= persistence / rmse < 1.0, (rmse, persistence)   # honest: persistence still wins


def judge_ctx(course, t_en):
    return JudgeContext(t=t_en, part=course.assignments[AID].parts["lstm_test_rmse"])


def test_rmse_judge_credits_by_ratio_to_persistence(course, t_en):
    actual, persistence = checks.test_targets()
    ctx = judge_ctx(course, t_en)
    reference = {"pred_close": actual + 9.0}
    as_good = checks.judge_rmse({"pred_close": persistence}, reference, ctx)
    assert as_good.fraction == 1.0 and as_good.details["value"] == pytest.approx(1.0)
    assert "$7.97" in as_good.message and "$9.00 for the reference model" in as_good.message
    base = checks.rmse(persistence, actual)
    for ratio, share in ((0.8, 1.0), (0.7, 0.7), (0.5, 0.4), (0.3, 0.0)):
        got = {"pred_close": actual + base / ratio}      # a constant offset: RMSE = base / ratio
        verdict = checks.judge_rmse(got, reference, ctx)
        assert verdict.fraction == share, (ratio, verdict.message)
        assert verdict.details["rmse"] == pytest.approx(base / ratio)
        assert len(verdict.details["predicted"]) == len(verdict.details["actual"]) == 220
    nan = checks.judge_rmse({"pred_close": np.full(220, np.nan)}, reference, ctx)
    assert nan.fraction == 0 and "NaN" in nan.message
    short = checks.judge_rmse({"pred_close": actual[:-1]}, reference, ctx)
    assert short.fraction == 0 and "expected 220 test predictions, got 219" in short.message


def test_prediction_plot_hook_draws_from_the_details(course, t_en):
    actual, persistence = checks.test_targets()
    verdict = checks.judge_rmse({"pred_close": persistence + 1.0}, {"pred_close": persistence}, judge_ctx(course, t_en))
    uri = part_plot(checks.PLOTS["lstm_test_rmse"], verdict.details)
    assert uri and uri.startswith("data:image/png;base64,")
    assert part_plot(checks.PLOTS["lstm_test_rmse"], {"value": 1.0}) is None


def test_reference_passes_every_check(course, reference_results):
    results, seconds = reference_results
    failing = {p: r.message for p, r in results.items() if r.status != "passed"}
    assert not failing
    assert set(results) == set(course.assignments[AID].parts)
    assert seconds < 60
    assert "$9.44" in results["lstm_test_rmse"].message


def test_stub_fails_every_graded_part(course, t_en, stub_copy):
    code = stub_copy(AID)
    results = by_part(grade_dir(course, AID, code, t_en)[0])
    assert results["lstm_test_rmse"].status == "missing_file"
    assert "checkpoint.pt" in results["lstm_test_rmse"].message
    (code / "checkpoint.pt").write_bytes((SOLUTIONS / AID / "checkpoint.pt").read_bytes())
    results = by_part(grade_dir(course, AID, code, t_en)[0])
    for part, r in results.items():
        assert r.score == 0, part
        assert r.status == "not_implemented", (part, r.status, r.message)


@pytest.mark.parametrize("student,failing,hint", [
    ("park ji-ho", {"load_stock_csv", "load_stock_csv_hidden"}, "rows are newest first"),
    ("choi-yuna", {"prepare_data_hidden"}, "fitted on ALL days"),
    # prepare_data windows with the student's own make_windows: its mistake costs make_windows only
    ("jung-hoon", {"make_windows"}, "LAST day inside the window"),
    ("lee-dohyun", {"rnn_backward", "rnn_hidden"}, "PLUS the dprev_h"),
], ids=["rows-newest-first", "scaler-fitted-on-all-days", "target-from-last-row", "bptt-no-carry"])
def test_typical_mistakes_are_caught_and_named(course, t_en, tmp_path, student, failing, hint):
    folder = build_sample(AID, sample(student), tmp_path)
    results = by_part(grade_dir(course, AID, folder, t_en)[0])
    assert {p for p, r in results.items() if r.status != "passed"} == failing
    first = sorted(failing, key=list(results).index)[0]
    assert results[first].status == "failed"
    assert hint in results[first].message, results[first].message


def test_scaler_fitted_on_all_days_passes_the_public_checks(course, t_en, tmp_path):
    """The leak is subtle: only the hidden check (real data, test prices above the training range) sees it."""
    folder = build_sample(AID, sample("choi-yuna"), tmp_path)
    results = grade_dir(course, AID, folder, t_en, hidden=False)[0]
    assert all(r.status == "passed" for r in results)


@pytest.mark.parametrize("file,old,new,part,hint", [
    ("rnn_layers.py", "next_h = np.tanh(x.dot(Wx) + prev_h.dot(Wh) + b)", "next_h = x.dot(Wx) + prev_h.dot(Wh) + b",
     "rnn_step_forward", "apply np.tanh"),
    ("stock.py", "num_layers=num_layers, batch_first=True)", "num_layers=num_layers)", "stock_lstm", "batch_first"),
    ("stock.py", "out = self.fc(outputs[:, -1, :])", "out = self.fc(outputs[:, 0, :])", "stock_lstm", "LAST"),
    ("stock.py", "        span = np.where(span == 0, 1.0, span)\n        out = (x - self.min_)",
     "        out = (x - self.min_)", "min_max_scaler", "constant column"),
    ("stock.py", "    N = data.shape[0] - seq_len\n", "    N = data.shape[0] - seq_len + 1\n", "make_windows",
     "N = T - seq_len"),
], ids=["no-tanh", "not-batch-first", "first-step", "constant-column", "one-window-too-many"])
def test_more_mistakes_are_named(course, t_en, solution_copy, file, old, new, part, hint):
    code = solution_copy(AID)
    edit(code / file, old, new)
    if part == "make_windows":   # the extra window has no next day: keep the reference's y, shapes differ
        edit(code / "stock.py", "    y = data[seq_len:, -1:].copy()\n",
             "    y = np.concatenate([data[seq_len:, -1:], data[-1:, -1:]])\n")
    r = by_part(grade_dir(course, AID, code, t_en, hidden=False)[0])[part]
    assert r.status == "failed", r.message
    assert hint in r.message, r.message


def test_bad_checkpoints_are_refused_with_a_reason(course, t_en, solution_copy, stock):
    code = solution_copy(AID)
    model, _ = stock.load_checkpoint(code / "checkpoint.pt")
    torch.save(model.state_dict(), code / "checkpoint.pt")         # a bare state_dict, no sizes
    r = by_part(grade_dir(course, AID, code, t_en, hidden=False)[0])["lstm_test_rmse"]
    assert r.status == "bad_output" and "save_checkpoint" in r.message, r.message
    torch.save({"model": torch.nn.Linear(5, 1), "input_dim": 5}, code / "checkpoint.pt")   # a pickled module
    r = by_part(grade_dir(course, AID, code, t_en, hidden=False)[0])["lstm_test_rmse"]       # is never unpickled
    assert r.status == "bad_output" and "weights_only=True" in r.message, r.message
    stock.save_checkpoint(stock.StockLSTM(5, 4, output_dim=2), code / "checkpoint.pt")  # the wrong sizes
    r = by_part(grade_dir(course, AID, code, t_en, hidden=False)[0])["lstm_test_rmse"]
    assert r.status == "bad_output", r.message
    stock.save_checkpoint(stock.StockLSTM(5, 4), code / "checkpoint.pt")  # untrained: runs, scores low
    r = by_part(grade_dir(course, AID, code, t_en, hidden=False)[0])["lstm_test_rmse"]
    assert r.status == "failed" and r.score < 4, r.message


@pytest.mark.slow
def test_training_script_writes_a_gradable_checkpoint_and_plot(course, t_en, solution_copy, tmp_path):
    code = solution_copy(AID)
    (code / "checkpoint.pt").unlink()
    proc = subprocess.run([sys.executable, "train.py", "--iterations", "30", "--seed", "1", "--device", "cpu",
                           "--csv", str(CSV), "--plot", str(tmp_path / "prediction.png")],
                          cwd=code, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "persistence $7.97" in proc.stdout
    assert (tmp_path / "prediction.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    r = by_part(grade_dir(course, AID, code, t_en, hidden=False)[0])["lstm_test_rmse"]
    assert r.status in ("passed", "failed") and "persistence" in r.message
    assert len(r.details["predicted"]) == 220


def test_release_never_ships_the_checkpoint_or_solutions():
    folder = ASSIGNMENTS / AID
    assert not (folder / "checkpoint.pt").exists()
    for name in ("rnn_layers.py", "stock.py", "train.py"):
        text = (folder / name).read_text()
        assert "### BEGIN SOLUTION" not in text and "raise NotImplementedError()" in text
