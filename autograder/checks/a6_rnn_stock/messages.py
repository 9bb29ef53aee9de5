"""a6's student-facing sentences, in Korean and English (one catalogue for the whole kit)."""
from autograder.config.messages import register

register({
    "a6.hint.tanh": {"en": "your values are the pre-activation: apply np.tanh",
                     "ko": "활성화 함수 적용 전 값입니다: np.tanh를 적용하세요"},
    "a6.hint.time_major": {"en": "h must have shape (N, T, H): batch first, then time",
                           "ko": "h의 shape은 (N, T, H)여야 합니다: 배치가 먼저, 그다음 시간"},
    "a6.hint.carry": {"en": "only the last time step is right: in backpropagation through time the gradient "
                            "into h_t is dh[:, t] PLUS the dprev_h coming back from step t + 1",
                      "ko": "마지막 시점만 맞습니다: 시간 역전파(BPTT)에서 h_t로 들어오는 기울기는 dh[:, t]에 "
                            "t + 1 시점에서 돌아온 dprev_h를 더한 값입니다"},
    "a6.hint.newest_first": {"en": "the rows are newest first, as in the file: reverse them (data[::-1]) so "
                                   "that the oldest day comes first",
                             "ko": "행이 파일처럼 최신 날짜부터 나옵니다: 가장 오래된 날이 먼저 오도록 뒤집으세요 "
                                   "(data[::-1])"},
    "a6.hint.comments": {"en": "skip the comment lines that start with '#' (np.loadtxt(..., comments='#'))",
                         "ko": "'#'로 시작하는 주석 줄을 건너뛰세요 (np.loadtxt(..., comments='#'))"},
    "a6.hint.columns": {"en": "the columns are in the wrong order: keep the file's order Open, High, Low, Volume, "
                              "Close",
                        "ko": "열 순서가 틀렸습니다: 파일의 순서 Open, High, Low, Volume, Close를 유지하세요"},
    "a6.hint.constant": {"en": "a constant column (max == min) must map to 0 without dividing by zero",
                         "ko": "값이 일정한 열(max == min)은 0으로 바꿔야 하며, 0으로 나누면 안 됩니다"},
    "a6.hint.target_last_row": {"en": "y[i] looks like the Close of the LAST day inside the window; the target is "
                                      "the NEXT day's Close, data[i + seq_len, -1]",
                                "ko": "y[i]가 윈도 안 마지막 날의 종가로 보입니다; 목표값은 그다음 날의 종가 "
                                      "data[i + seq_len, -1]입니다"},
    "a6.hint.window_count": {"en": "there are N = T - seq_len windows: the last window needs a next day for its "
                                   "target",
                             "ko": "윈도 개수는 N = T - seq_len입니다: 마지막 윈도에도 목표값이 될 다음 날이 "
                                   "있어야 합니다"},
    "a6.hint.y_shape": {"en": "y must have shape (N, 1), not (N,)", "ko": "y의 shape은 (N,)이 아니라 (N, 1)이어야 합니다"},
    "a6.hint.test_start": {"en": "the test split starts seq_len days before train_size, data[train_size - seq_len:], "
                                 "so that its first window predicts day train_size",
                           "ko": "테스트 구간은 train_size보다 seq_len일 앞에서 시작합니다 "
                                 "(data[train_size - seq_len:]): 첫 윈도가 train_size번째 날을 예측하도록"},
    "a6.hint.fit_all": {"en": "the scaler seems fitted on ALL days: fit it on the training split only, or the test "
                              "days' prices leak into the inputs",
                        "ko": "스케일러를 전체 날짜로 fit한 것 같습니다: 학습 구간으로만 fit하세요. 그렇지 않으면 "
                              "테스트 기간의 가격 정보가 입력에 새어 들어갑니다"},
    "a6.hidden.ok": {"en": "h and every gradient are right on both edge shapes",
                     "ko": "두 가장자리 shape 모두에서 h와 모든 기울기가 맞습니다"},
    "a6.own.forward": {"en": "every h_t is what your own rnn_step_forward gives on (x_t, h_{t-1}), h0 first: "
                             "rnn_forward is right (rnn_step_forward is judged in its own part)",
                       "ko": "모든 h_t가 여러분의 rnn_step_forward에 (x_t, h_{t-1})을 넣은 값과 같습니다(처음은 h0): "
                             "rnn_forward는 맞습니다 (rnn_step_forward는 해당 파트에서 따로 채점합니다)"},
    "a6.own.backward": {"en": "the gradients are your own rnn_step_backward chained back through time over your "
                              "rnn_forward's cache: rnn_backward is right (those functions are judged in their own "
                              "parts)",
                        "ko": "기울기가 여러분의 rnn_step_backward를 rnn_forward의 cache 위에서 시간 역순으로 이은 "
                              "값과 같습니다: rnn_backward는 맞습니다 (그 함수들은 해당 파트에서 따로 채점합니다)"},
    "a6.own.step_case": {"en": "(your rnn_step_forward is wrong on random inputs, so rnn_step_backward was judged "
                               "on a cache it builds where its next_h is right: {case})",
                         "ko": "(rnn_step_forward가 임의 입력에서 틀려서, next_h가 맞게 나오는 입력({case})에서 "
                               "만든 cache로 rnn_step_backward를 채점했습니다)"},
    "a6.case.b0": {"en": "b = 0", "ko": "b = 0"},
    "a6.case.a0": {"en": "x Wx + prev_h Wh + b = 0", "ko": "x Wx + prev_h Wh + b = 0"},
    "a6.own.no_cache": {"en": "your rnn_step_forward gives a wrong next_h on every input tried, so no cache it "
                              "builds can test rnn_step_backward: fix rnn_step_forward first.",
                        "ko": "rnn_step_forward가 시도한 모든 입력에서 틀린 next_h를 내므로, 그 cache로는 "
                              "rnn_step_backward를 채점할 수 없습니다: rnn_step_forward를 먼저 고치세요."},
    "a6.own.windows": {"en": "the split and the scaling are right, and X, y are what your own make_windows "
                             "returns on them (make_windows is judged in its own part)",
                       "ko": "분할과 스케일링이 맞고, X와 y는 여러분의 make_windows가 그 위에서 반환한 값입니다 "
                             "(make_windows는 해당 파트에서 따로 채점합니다)"},
    "a6.lstm.shape": {"en": "StockLSTM({args}) on input {input} returned shape {got}; expected {expected}",
                      "ko": "StockLSTM({args})에 입력 {input}을 넣었더니 shape {got}이 나왔습니다; 기대값 {expected}"},
    "a6.lstm.batch": {"en": "a sample's output changes when other samples are in the batch (difference {err:.2g}): "
                            "is the LSTM batch_first=True?",
                      "ko": "배치의 다른 샘플에 따라 한 샘플의 출력이 바뀝니다 (차이 {err:.2g}): "
                            "LSTM에 batch_first=True를 주었나요?"},
    "a6.lstm.last": {"en": "the output does not change when the last day of the window changes: many to one "
                           "predicts from the LAST time step's output",
                     "ko": "윈도의 마지막 날을 바꿔도 출력이 변하지 않습니다: many-to-one은 마지막 시점의 출력으로 "
                           "예측합니다"},
    "a6.lstm.ok": {"en": "StockLSTM is many to one: shapes right, samples independent, reads the last day",
                   "ko": "StockLSTM이 many-to-one입니다: shape이 맞고, 샘플끼리 독립이며, 마지막 날을 읽습니다"},
    "a6.rmse.nan": {"en": "the predictions contain NaN or inf", "ko": "예측값에 NaN 또는 inf가 있습니다"},
    "a6.rmse.count": {"en": "expected {expected} test predictions, got {got}",
                      "ko": "테스트 예측이 {expected}개여야 하는데 {got}개입니다"},
    "a6.rmse.what": {"en": "persistence RMSE / your RMSE", "ko": "지속 예측 RMSE / 여러분의 RMSE"},
    "a6.rmse.summary": {"en": "test RMSE ${rmse:.2f} against ${baseline:.2f} for persistence (tomorrow = today) "
                              "and ${reference:.2f} for the reference model.",
                        "ko": "테스트 RMSE ${rmse:.2f}, 지속 예측(내일 = 오늘) ${baseline:.2f}, "
                              "참고 모델 ${reference:.2f}."},
    # the feedback plot of lstm_test_rmse (judges.draw_predictions)
    "a6.plot.actual": {"en": "actual", "ko": "실제 종가"},
    "a6.plot.yours": {"en": "your LSTM (${rmse:.2f})", "ko": "여러분의 LSTM (${rmse:.2f})"},
    "a6.plot.persistence": {"en": "persistence (${rmse:.2f})", "ko": "지속 예측 (${rmse:.2f})"},
    "a6.plot.day": {"en": "test day", "ko": "테스트 기간의 날짜"},
    "a6.plot.close": {"en": "close (USD)", "ko": "종가 (USD)"},
})
