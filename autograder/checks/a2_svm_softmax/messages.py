"""a2's student-facing sentences, in Korean and English (one catalogue for the whole kit)."""
from autograder.config.messages import register

register({
    "a2.hint.reg_grad_missing": {
        "en": "dW is off by exactly 2 * reg * W: the regularisation gradient is missing (add 2 * reg * W to dW)",
        "ko": "dW가 정확히 2 * reg * W만큼 다릅니다: 정규화 항의 그래디언트가 빠졌습니다 (dW에 2 * reg * W를 더하세요)"},
    "a2.hint.reg_grad_factor": {
        "en": "dW is off by a factor of 2 in the regularisation gradient: the derivative of reg * np.sum(W * W) "
              "is 2 * reg * W",
        "ko": "정규화 그래디언트가 2배 어긋났습니다: reg * np.sum(W * W)의 미분은 2 * reg * W입니다"},
    "a2.hint.reg_loss_missing": {
        "en": "the loss lacks the regularisation term reg * np.sum(W * W)",
        "ko": "손실에 정규화 항 reg * np.sum(W * W)이 빠졌습니다"},
    "a2.hint.reg_loss_factor": {
        "en": "the regularisation term is off by a factor of 2: in this assignment it is reg * np.sum(W * W), "
              "not 0.5 * reg * np.sum(W * W)",
        "ko": "정규화 항이 2배 어긋났습니다: 이 과제에서는 0.5 * reg * np.sum(W * W)가 아니라 reg * np.sum(W * W)입니다"},
    "a2.hint.loss_not_averaged": {
        "en": "the loss is N times too large: it is not averaged over the N examples (divide the data loss by N)",
        "ko": "손실이 N배 큽니다: N개 예제에 대해 평균을 내지 않았습니다 (데이터 손실을 N으로 나누세요)"},
    "a2.hint.grad_not_averaged": {
        "en": "dW is N times too large: the gradient is not averaged over the N examples (divide it by N too)",
        "ko": "dW가 N배 큽니다: 그래디언트도 N개 예제에 대해 평균을 내야 합니다 (N으로 나누세요)"},
    "a2.hint.correct_class_counted": {
        "en": "the correct class is counted in the SVM margin: each example adds max(0, s_y - s_y + 1) = 1; "
              "skip j == y[i] (or set margins[np.arange(N), y] = 0)",
        "ko": "정답 클래스가 SVM 마진에 포함되었습니다: 예제마다 max(0, s_y - s_y + 1) = 1이 더해집니다; "
              "j == y[i]는 건너뛰세요 (또는 margins[np.arange(N), y] = 0)"},
    "a2.hint.overflow": {
        "en": "softmax overflowed on scores near 1000: np.exp(1000) is inf. Subtract each row's largest score "
              "before np.exp (the probabilities do not change)",
        "ko": "1000 근처의 점수에서 softmax가 오버플로되었습니다: np.exp(1000)은 inf입니다. np.exp 전에 각 행의 "
              "최댓값을 빼세요 (확률은 변하지 않습니다)"},
    "a2.hint.log10": {
        "en": "the loss is the natural-log loss divided by ln(10): use np.log, not np.log10 (the slide's 0.89 is "
              "log10; with the natural log the cat's loss is 2.04)",
        "ko": "손실이 자연로그 손실을 ln(10)으로 나눈 값입니다: np.log10이 아니라 np.log를 쓰세요 (슬라이드의 0.89는 "
              "log10 값이고, 자연로그로는 고양이 이미지의 손실이 2.04입니다)"},
    "a2.train.calls": {
        "en": "train should call self.loss once per iteration: {expected} calls expected, {got} made",
        "ko": "train은 반복마다 self.loss를 한 번 호출해야 합니다: {expected}번이어야 하는데 {got}번 호출했습니다"},
    "a2.train.batch_size": {
        "en": "iteration {it}: the minibatch should have batch_size = {expected} rows, it has {got}",
        "ko": "반복 {it}: 미니배치는 batch_size = {expected}개의 행이어야 하는데 {got}개입니다"},
    "a2.train.rows": {
        "en": "iteration {it}: the minibatch holds rows that are not rows of X (X_batch = X[idx])",
        "ko": "반복 {it}: 미니배치에 X의 행이 아닌 행이 있습니다 (X_batch = X[idx])"},
    "a2.train.labels": {
        "en": "iteration {it}: the minibatch's labels are not its rows' labels (y_batch = y[idx], the same idx)",
        "ko": "반복 {it}: 미니배치의 레이블이 그 행들의 레이블이 아닙니다 (같은 idx로 y_batch = y[idx])"},
    "a2.train.same_batch": {
        "en": "every iteration used the same rows: sample a new random minibatch each iteration",
        "ko": "모든 반복이 같은 행을 썼습니다: 반복마다 새 무작위 미니배치를 뽑으세요"},
    "a2.train.reg": {
        "en": "train should pass its reg ({expected}) to the loss; the loss got {got}",
        "ko": "train은 받은 reg({expected})를 손실 함수에 넘겨야 하는데 {got}이(가) 넘어갔습니다"},
    "a2.train.step": {
        "en": "iteration {it}: W should move by exactly -learning_rate * grad (learning_rate = {lr:g}) with the "
              "grad your loss returned; it moved by {ratio} times that (W -= learning_rate * grad)",
        "ko": "반복 {it}: W는 손실 함수가 반환한 grad로 정확히 -learning_rate * grad만큼 (learning_rate = {lr:g}) "
              "움직여야 하는데 그 {ratio}배 움직였습니다 (W -= learning_rate * grad)"},
    "a2.train.history": {
        "en": "the loss history should hold the {iters} losses your loss returned, in order",
        "ko": "손실 기록에는 손실 함수가 반환한 손실 {iters}개가 순서대로 있어야 합니다"},
    "a2.train.ok": {
        "en": "{iters} SGD steps on random minibatches, each by -learning_rate * grad of your own loss "
              "(the loss is judged in its own parts)",
        "ko": "무작위 미니배치로 SGD {iters} 스텝, 각 스텝이 여러분 손실 함수의 grad로 -learning_rate * grad만큼 "
              "움직였습니다 (손실 함수는 각자의 항목에서 판정)"},
    "a2.zoo.what": {"en": "training accuracy on the zoo data", "ko": "zoo 데이터 학습 정확도"},
})
