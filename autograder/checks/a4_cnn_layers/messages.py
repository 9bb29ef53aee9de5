"""a4_cnn_layers' messages: its hints and its custom judges' sentences, in both languages."""
from autograder.config.messages import register

register({
    "a4.size.wrong": {"en": "conv_output_size{args} should be {expected}, got {got}",
                      "ko": "conv_output_size{args}는 {expected}이어야 하는데 {got}입니다"},
    "a4.size.not_int": {"en": "conv_output_size{args} returned {got}, not an int (use // once you know the "
                              "division is exact)",
                        "ko": "conv_output_size{args}가 int가 아닌 {got}을(를) 반환했습니다 (나누어떨어짐을 확인한 뒤 "
                              "//를 쓰세요)"},
    "a4.size.no_raise": {"en": "conv_output_size{args} should raise ValueError: (W - F + 2P) / S = {ratio:.3g} "
                               "is not whole, the filter does not fit",
                         "ko": "conv_output_size{args}는 ValueError를 발생시켜야 합니다: (W - F + 2P) / S = "
                               "{ratio:.3g}는 정수가 아니라 필터가 맞지 않습니다"},
    "a4.hint.flipped": {"en": "your output equals a convolution with the filter flipped: a CNN 'convolution' is a "
                              "cross-correlation, the filter is used as it is (w[f], not w[f, :, ::-1, ::-1])",
                        "ko": "출력이 필터를 뒤집은 합성곱과 같습니다: CNN의 '합성곱'은 교차상관이므로 필터를 그대로 "
                              "씁니다 (w[f, :, ::-1, ::-1]가 아니라 w[f])"},
    "a4.hint.bias": {"en": "is the bias b[f] added to every output of filter f?",
                     "ko": "필터 f의 모든 출력에 편향 b[f]를 더했나요?"},
    "a4.hint.padded_dx": {"en": "dx has the shape of the padded input: the zero border is not part of x, so crop "
                                "it (dx_pad[:, :, pad:pad + H, pad:pad + W])",
                          "ko": "dx가 패딩된 입력의 shape입니다: 0으로 채운 테두리는 x의 일부가 아니므로 잘라내세요 "
                                "(dx_pad[:, :, pad:pad + H, pad:pad + W])"},
    "a4.hint.empty_dx": {"en": "dx is empty: with pad = 0, dx_pad[:, :, pad:-pad] selects nothing; slice "
                               "pad:pad + H instead",
                         "ko": "dx가 비어 있습니다: pad = 0이면 dx_pad[:, :, pad:-pad]는 아무것도 고르지 않습니다; "
                               "pad:pad + H로 자르세요"},
    "a4.hint.pool_all": {"en": "the gradient went to every element of the window: only the maximum affected the "
                               "output, so only the maximum gets the upstream gradient",
                         "ko": "그래디언트가 윈도우의 모든 원소로 갔습니다: 출력에 영향을 준 것은 최댓값뿐이므로 "
                               "최댓값에만 상위 그래디언트를 전달하세요"},
    "a4.hint.pool_ties": {"en": "with ties, the gradient went to every tied maximum: send it to the first maximum "
                                "only (np.argmax of the flattened window), so each window passes on exactly its "
                                "upstream gradient",
                          "ko": "동률일 때 그래디언트가 모든 최댓값으로 갔습니다: 첫 번째 최댓값(펼친 윈도우의 "
                                "np.argmax)에만 보내서 각 윈도우가 상위 그래디언트를 정확히 한 번만 전달하게 하세요"},
    "a4.hint.reg": {"en": "the regularisation term is 0.5 * reg * sum(W * W) over W1, W2 and W3 (gradient "
                          "reg * W), as in CS231n",
                    "ko": "정규화 항은 W1, W2, W3에 대한 0.5 * reg * sum(W * W)입니다 (그래디언트 reg * W, "
                          "CS231n과 같음)"},
    "a4.init.std": {"en": "{name} should be drawn with standard deviation weight_scale = {scale:g}; yours has "
                          "{got:.3g} (np.random.randn times weight_scale)",
                    "ko": "{name}은(는) 표준편차 weight_scale = {scale:g}로 뽑아야 하는데 {got:.3g}입니다 "
                          "(np.random.randn에 weight_scale을 곱하세요)"},
    "a4.init.bias": {"en": "the biases b1, b2, b3 should start at zero", "ko": "편향 b1, b2, b3는 0으로 시작해야 합니다"},
    "a4.init.dtype": {"en": "the parameters should have the dtype given to the constructor (float32 by default)",
                      "ko": "파라미터의 dtype은 생성자에 준 dtype(기본값 float32)이어야 합니다"},
    "a4.overfit.what": {"en": "training accuracy on 50 images after 30 Adam steps",
                        "ko": "이미지 50장에 Adam 30 스텝 뒤 학습 정확도"},
})
