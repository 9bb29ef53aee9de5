"""a3_backprop's messages: its hints and its custom judges' sentences, in both languages."""
from autograder.config.messages import register

register({
    "a3.hint.reshape": {"en": "dx must have the shape of x: reshape it back to (N, d_1, ..., d_k)",
                        "ko": "dx는 x와 같은 shape이어야 합니다: (N, d_1, ..., d_k)로 다시 reshape하세요"},
    "a3.hint.db_sum": {"en": "db sums dout over the N examples of the batch (axis 0)",
                       "ko": "db는 배치의 N개 예제에 대해 dout을 더한 값입니다 (axis 0)"},
    "a3.hint.not_averaged": {"en": "the loss is not averaged over the N examples: divide by N",
                             "ko": "손실을 N개 예제에 대해 평균내지 않았습니다: N으로 나누세요"},
    "a3.hint.svm_correct_class": {
        "en": "the correct class is counted in the margin sum: skip j == y[i] (its margin would always be 1)",
        "ko": "정답 클래스가 마진 합에 포함되었습니다: j == y[i]는 건너뛰세요 (그 마진은 항상 1입니다)"},
    "a3.hint.log10": {"en": "logs are natural logs (np.log): the slide's 0.89 was computed with log10",
                      "ko": "로그는 자연로그(np.log)입니다: 슬라이드의 0.89는 log10으로 계산한 값입니다"},
    "a3.hint.softmax_overflow": {
        "en": "np.exp overflows on scores near 1000: subtract each row's maximum score before np.exp",
        "ko": "1000 근처의 점수에서 np.exp가 오버플로됩니다: np.exp 전에 각 행의 최댓값을 빼세요"},
    "a3.hint.bn_missing_terms": {
        "en": "batchnorm backward is missing the mean/variance terms: the batch mean and variance depend on "
              "every x[i], so dx = (dx_hat - mean(dx_hat) - x_hat * mean(dx_hat * x_hat)) / std",
        "ko": "batchnorm 역전파에 평균/분산 항이 빠졌습니다: 배치 평균과 분산은 모든 x[i]에 의존하므로 "
              "dx = (dx_hat - mean(dx_hat) - x_hat * mean(dx_hat * x_hat)) / std 입니다"},
    "a3.hint.bn_unbiased": {"en": "batchnorm uses the biased variance x.var(axis=0) (divide by N, not N - 1)",
                            "ko": "batchnorm은 편향 분산 x.var(axis=0)을 씁니다 (N - 1이 아니라 N으로 나눔)"},
    "a3.hint.bn_running": {
        "en": "running_mean = momentum * running_mean + (1 - momentum) * sample_mean (and the same for the variance)",
        "ko": "running_mean = momentum * running_mean + (1 - momentum) * sample_mean (분산도 같은 방식)"},
    "a3.hint.bn_test_batch": {
        "en": "at test time normalise with running_mean and running_var, not with the test batch's statistics",
        "ko": "테스트 때는 테스트 배치의 통계가 아니라 running_mean과 running_var로 정규화하세요"},
    "a3.dropout.fraction": {
        "en": "dropout in train mode kept {kept:.1%} of the units; with p = {p} (the probability of KEEPING "
              "a unit) about {p:.0%} should be kept",
        "ko": "학습 모드 dropout이 유닛의 {kept:.1%}를 유지했습니다; p = {p}(유닛을 '유지'할 확률)이면 "
              "약 {p:.0%}가 유지되어야 합니다"},
    "a3.dropout.keep_vs_drop": {
        "en": "p is the probability of keeping a unit, not of dropping it: keep where np.random.rand(*x.shape) < p",
        "ko": "p는 유닛을 버릴 확률이 아니라 유지할 확률입니다: np.random.rand(*x.shape) < p 인 곳을 유지하세요"},
    "a3.dropout.not_inverted": {
        "en": "dropout is not inverted: in train mode divide the kept units by p, so that test mode is the identity",
        "ko": "inverted dropout이 아닙니다: 학습 모드에서 유지된 유닛을 p로 나누어야 테스트 모드가 항등 함수가 됩니다"},
    "a3.dropout.kept_values": {
        "en": "a kept unit x[{index}] = {x} became {got}; inverted dropout gives x / p = {expected}",
        "ko": "유지된 유닛 x[{index}] = {x}가 {got}이 되었습니다; inverted dropout이면 x / p = {expected}입니다"},
    "a3.dropout.test_time": {
        "en": "dropout applied at test time: in test mode the output must equal the input (no mask, no scaling)",
        "ko": "테스트 때 dropout을 적용했습니다: 테스트 모드의 출력은 입력과 같아야 합니다 (마스크도, 스케일링도 없음)"},
    "a3.dropout.seed": {
        "en": "the same seed gave two different masks: call np.random.seed(dropout_param['seed']) before drawing",
        "ko": "같은 seed로 서로 다른 마스크가 나왔습니다: 마스크를 뽑기 전에 np.random.seed(dropout_param['seed'])를 호출하세요"},
    "a3.dropout.backward": {
        "en": "dx{index}: expected dout * mask = {expected}, got {got} (max relative error {rel:.2g}); "
              "relative error against the numerical gradient of your dropout_forward: {num:.2g}",
        "ko": "dx{index}: dout * mask = {expected}이어야 하는데 {got}입니다 (최대 상대 오차 {rel:.2g}); "
              "여러분의 dropout_forward의 수치 미분과의 상대 오차: {num:.2g}"},
    "a3.dropout.backward_test": {"en": "in test mode dropout_backward must return dout unchanged",
                                 "ko": "테스트 모드에서 dropout_backward는 dout을 그대로 반환해야 합니다"},
    "a3.hint.momentum_sign": {
        "en": "momentum sign flipped: CS231n's update is v = momentum * v - learning_rate * dw, then w = w + v",
        "ko": "모멘텀의 부호가 뒤집혔습니다: CS231n의 갱신은 v = momentum * v - learning_rate * dw, 그다음 w = w + v 입니다"},
    "a3.hint.sgd_sign": {"en": "the step goes uphill: subtract learning_rate * dw",
                         "ko": "오르막으로 이동합니다: learning_rate * dw를 빼세요"},
    "a3.hint.nesterov_plain": {
        "en": "this is plain momentum; Nesterov's step is w - momentum * v_prev + (1 + momentum) * v",
        "ko": "이것은 일반 모멘텀입니다; Nesterov의 갱신은 w - momentum * v_prev + (1 + momentum) * v 입니다"},
    "a3.hint.eps_inside": {"en": "divide by np.sqrt(cache) + epsilon, with epsilon outside the square root",
                           "ko": "epsilon은 제곱근 밖에 두고 np.sqrt(cache) + epsilon으로 나누세요"},
    "a3.hint.decay_swapped": {"en": "cache = decay_rate * cache + (1 - decay_rate) * dw ** 2 (decay_rate and "
                                    "1 - decay_rate are swapped)",
                              "ko": "cache = decay_rate * cache + (1 - decay_rate) * dw ** 2 입니다 (decay_rate와 "
                                    "1 - decay_rate가 바뀌었습니다)"},
    "a3.hint.adam_bias": {
        "en": "Adam without bias correction: use m / (1 - beta1 ** t) and v / (1 - beta2 ** t), t counting from 1",
        "ko": "Adam에 편향 보정이 없습니다: t를 1부터 세어 m / (1 - beta1 ** t)와 v / (1 - beta2 ** t)를 쓰세요"},
    "a3.hint.adam_t": {"en": "increase t before the bias correction: the first step uses t = 1",
                       "ko": "편향 보정 전에 t를 증가시키세요: 첫 갱신에서 t = 1 입니다"},
    "a3.hint.reg_grad": {
        "en": "the regularisation gradient is wrong: the loss has 0.5 * reg * np.sum(W * W), whose gradient is reg * W",
        "ko": "정규화 항의 그래디언트가 틀렸습니다: 손실의 0.5 * reg * np.sum(W * W)의 그래디언트는 reg * W 입니다"},
    "a3.hint.reg_loss": {
        "en": "the regularisation term is 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2)), weights only",
        "ko": "정규화 항은 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2)) 이며 가중치에만 적용합니다"},
    "a3.init.shape": {"en": "params['{name}'] has shape {got}, expected {expected}",
                      "ko": "params['{name}']의 shape이 {got}인데 {expected}이어야 합니다"},
    "a3.init.bias": {"en": "params['{name}'] must start at zero", "ko": "params['{name}']는 0으로 시작해야 합니다"},
    "a3.init.scale": {"en": "params['{name}'] should have standard deviation weight_scale = {expected:g}; got {got:.4g}",
                      "ko": "params['{name}']의 표준편차는 weight_scale = {expected:g}이어야 하는데 {got:.4g}입니다"},
    "a3.xor.what": {"en": "XOR training accuracy", "ko": "XOR 학습 정확도"},
    "a3.init.ok": {"en": "shapes, zero biases and weight scale are right", "ko": "shape, 0 편향, 가중치 스케일이 맞습니다"},
})
