"""a5's messages for the parts on model.py's nets and train.py's functions, in both languages
(the checkpoint parts register theirs in `checkpoint`)."""
from autograder.config.messages import register

register({
    # model.py: the nets
    "a5.net.not_module": {"en": "{name}() is not a torch.nn.Module (got {kind})",
                          "ko": "{name}()이 torch.nn.Module이 아닙니다 ({kind})"},
    "a5.net.not_tensor": {"en": "{name}'s forward returned {kind}, not a tensor of scores",
                          "ko": "{name}의 forward가 점수 텐서가 아니라 {kind}을(를) 반환했습니다"},
    "a5.net.out_shape": {"en": "{name} maps {n} images (N, 3, 32, 32) to shape {got}; expected ({n}, 10) scores",
                         "ko": "{name}이 이미지 {n}장 (N, 3, 32, 32)을 shape {got}로 바꿉니다. ({n}, 10) 점수여야 "
                               "합니다"},
    "a5.net.shapes": {"en": "SimpleConvNet's parameters have the shapes {got}; expected {expected} (conv1, conv2, "
                            "fc1, fc2: weights and biases)",
                      "ko": "SimpleConvNet의 파라미터 shape이 {got}입니다. {expected}이어야 합니다 (conv1, conv2, "
                            "fc1, fc2의 가중치와 편향)"},
    "a5.net.eval_random": {"en": "{name} gives different scores for the same images in eval mode: outside "
                                 "training nothing may be random (use nn.Dropout modules, which model.eval() "
                                 "turns off)",
                           "ko": "{name}이 평가 모드(eval mode)에서 같은 이미지에 다른 점수를 냅니다: 학습이 아닐 때는 "
                                 "무작위가 없어야 합니다 (model.eval()이 꺼 주는 nn.Dropout 모듈을 쓰세요)"},
    "a5.net.no_dropout": {"en": "{name} gives the same scores twice in training mode: where is the dropout?",
                          "ko": "{name}이 학습 모드에서 같은 점수를 두 번 냅니다: 드롭아웃(dropout)은 어디 있나요?"},
    "a5.net.dropout_p": {"en": "{name}'s dropout probabilities are {got}; expected {expected}",
                         "ko": "{name}의 드롭아웃 확률이 {got}입니다. {expected}이어야 합니다"},
    "a5.net.forward": {"en": "SimpleConvNet's scores (eval mode, with the check's weights) differ from "
                             "conv1 - ReLU - conv2 - ReLU - max pool 2x2 - flatten - fc1 - ReLU - fc2: "
                             "score [{index}] should be {expected}, got {got}",
                       "ko": "SimpleConvNet의 점수(평가 모드, 검사용 가중치)가 conv1 - ReLU - conv2 - ReLU - 최대 풀링 "
                             "2x2 - 펼치기 - fc1 - ReLU - fc2의 점수와 다릅니다: 점수 [{index}]는 {expected}이어야 "
                             "하는데 {got}입니다"},
    "a5.simple.ok": {"en": "SimpleConvNet: the layers of PyTorch's MNIST example (1,626,442 parameters), the "
                           "right scores in eval mode, dropout only in training mode",
                     "ko": "SimpleConvNet: PyTorch MNIST 예제의 층(파라미터 1,626,442개), 평가 모드에서 올바른 점수, "
                           "학습 모드에서만 드롭아웃"},
    "a5.deep.convs": {"en": "DeepConvNet(widths={widths}) calls convolutions with {got} output channels; "
                            "expected {expected} (two per stage)",
                      "ko": "DeepConvNet(widths={widths})의 합성곱 출력 채널이 {got}입니다. {expected}이어야 "
                            "합니다 (단계마다 두 개)"},
    "a5.deep.bn": {"en": "in DeepConvNet every convolution must be followed by a BatchNorm2d of its channels "
                         "(conv {conv} is followed by {after})",
                   "ko": "DeepConvNet에서는 모든 합성곱 바로 뒤에 그 채널 수의 BatchNorm2d가 와야 합니다 "
                         "(합성곱 {conv} 뒤에 {after}이(가) 옵니다)"},
    "a5.deep.sizes": {"en": "DeepConvNet's convolutions output maps of {got} pixels a side; expected {expected} "
                            "(padding=1, one 2x2 max pool after each stage)",
                      "ko": "DeepConvNet 합성곱의 출력 특징 맵 한 변이 {got}픽셀입니다. {expected}이어야 합니다 "
                            "(padding=1, 단계마다 끝에 2x2 최대 풀링 하나)"},
    "a5.deep.params": {"en": "DeepConvNet() has {got:,} parameters; the description gives {expected:,}",
                       "ko": "DeepConvNet()의 파라미터가 {got:,}개입니다. 설명대로라면 {expected:,}개입니다"},
    "a5.deep.running": {"en": "DeepConvNet's batch norm did not update its running statistics in training mode",
                        "ko": "DeepConvNet의 배치 정규화가 학습 모드에서 이동 평균(running statistics)을 갱신하지 "
                              "않았습니다"},
    "a5.deep.ok": {"en": "DeepConvNet: conv - batch norm - ReLU stages of {widths} channels with pooling, "
                         "dropout {p:g} before the classifier, (N, 10) scores; also with other widths",
                   "ko": "DeepConvNet: 채널 {widths}의 합성곱 - 배치 정규화 - ReLU 단계와 풀링, 분류기 앞의 드롭아웃 "
                         "{p:g}, (N, 10) 점수; 다른 너비에서도 맞습니다"},
    # train.py: train_epoch and evaluate
    "a5.loop.not_pair": {"en": "{name} should return (mean_loss, accuracy), two numbers; got {kind}",
                         "ko": "{name}은(는) (mean_loss, accuracy) 두 숫자를 반환해야 하는데 {kind}을(를) "
                               "반환했습니다"},
    "a5.loop.calls": {"en": "{name} called the model {got} times for {n} batches; expected one forward pass per "
                            "batch",
                      "ko": "{name}이(가) 배치 {n}개에 모델을 {got}번 호출했습니다. 배치마다 순전파 한 번이어야 "
                            "합니다"},
    "a5.loop.not_training": {"en": "train_epoch ran the model in eval mode: call model.train() first (the check "
                                   "hands over a model in eval mode)",
                             "ko": "train_epoch이 모델을 평가 모드로 실행했습니다: 먼저 model.train()을 호출하세요 "
                                   "(검사는 평가 모드인 모델을 넘깁니다)"},
    "a5.loop.steps": {"en": "train_epoch called optimizer.step() {got} times for {n} batches; expected one step "
                            "per batch",
                      "ko": "train_epoch이 배치 {n}개에 optimizer.step()을 {got}번 호출했습니다. 배치마다 한 번이어야 "
                            "합니다"},
    "a5.loop.forward": {"en": "{name}: the scores of batch {k} are not the model's on that batch with the weights "
                              "of that moment (max difference {diff:.3g})",
                        "ko": "{name}: 배치 {k}의 점수가 그 순간의 가중치로 그 배치에 대해 모델이 낸 점수가 아닙니다 "
                              "(최대 차이 {diff:.3g})"},
    "a5.loop.no_grad_at_step": {"en": "at optimizer.step() of batch {k} the parameters had no gradients: call "
                                      "loss.backward() before optimizer.step()",
                                "ko": "배치 {k}의 optimizer.step() 때 파라미터에 그래디언트가 없었습니다: "
                                      "optimizer.step() 전에 loss.backward()를 호출하세요"},
    "a5.loop.accumulated": {"en": "at optimizer.step() of batch {k} the gradients were the sum over batches "
                                  "1..{k}: PyTorch adds each backward to the old .grad, so call "
                                  "optimizer.zero_grad() before loss.backward()",
                            "ko": "배치 {k}의 optimizer.step() 때 그래디언트가 배치 1..{k}의 합이었습니다: PyTorch는 "
                                  "backward마다 기존 .grad에 더하므로 loss.backward() 전에 optimizer.zero_grad()를 "
                                  "호출하세요"},
    "a5.loop.zero_at_step": {"en": "at optimizer.step() of batch {k} the gradients were zero or cleared after "
                                   "loss.backward(): the order is zero_grad(), backward(), step()",
                             "ko": "배치 {k}의 optimizer.step() 때 그래디언트가 0이었거나 loss.backward() 뒤에 "
                                   "지워졌습니다: 순서는 zero_grad(), backward(), step()입니다"},
    "a5.loop.wrong_grad": {"en": "at optimizer.step() of batch {k} the gradients are not those of the batch's mean "
                                 "cross-entropy loss (max relative error {rel:.3g}): F.cross_entropy(scores, "
                                 "labels), then loss.backward()",
                           "ko": "배치 {k}의 optimizer.step() 때 그래디언트가 그 배치의 평균 교차 엔트로피 손실의 "
                                 "그래디언트가 아닙니다 (최대 상대 오차 {rel:.3g}): F.cross_entropy(scores, labels) "
                                 "다음 loss.backward()"},
    "a5.loop.no_progress": {"en": "the loss on the check's images did not fall ({before:.4g} before, {after:.4g} "
                                  "after the epoch)",
                            "ko": "검사용 이미지의 손실이 줄지 않았습니다 (에폭 전 {before:.4g}, 후 {after:.4g})"},
    "a5.loop.mean_loss": {"en": "{name} returned mean_loss {got}; the mean cross-entropy of the scores your model "
                                "gave over all {n} images is {expected}",
                          "ko": "{name}이(가) mean_loss로 {got}을(를) 반환했습니다. 모델이 낸 점수로 이미지 {n}장 "
                                "전체의 평균 교차 엔트로피는 {expected}입니다"},
    "a5.loop.accuracy": {"en": "{name} returned accuracy {got}; your model's scores classify {correct} of {n} "
                               "images right ({expected})",
                         "ko": "{name}이(가) accuracy로 {got}을(를) 반환했습니다. 모델의 점수로는 이미지 {n}장 중 "
                               "{correct}장을 맞혔습니다 ({expected})"},
    "a5.hint.batch_means": {"en": "that is the mean of the batches' means: weight each batch by its size "
                                  "(loss.item() * len(labels)) and divide by the number of images",
                            "ko": "이 값은 배치 평균들의 평균입니다: 배치마다 크기로 가중하고(loss.item() * "
                                  "len(labels)) 이미지 수로 나누세요"},
    "a5.train.ok": {"en": "train_epoch: training mode, one forward, zero_grad, backward and step per batch (the "
                          "gradients of each batch alone), the loss fell ({before:.4g} -> {after:.4g}), and the "
                          "mean loss and accuracy are right",
                    "ko": "train_epoch: 학습 모드, 배치마다 순전파 한 번과 zero_grad, backward, step (각 배치만의 "
                          "그래디언트), 손실 감소 ({before:.4g} -> {after:.4g}), 평균 손실과 정확도가 맞습니다"},
    "a5.eval.training": {"en": "evaluate ran the model in training mode: call model.eval() first (the check hands "
                               "over a model in training mode)",
                         "ko": "evaluate가 모델을 학습 모드로 실행했습니다: 먼저 model.eval()을 호출하세요 "
                               "(검사는 학습 모드인 모델을 넘깁니다)"},
    "a5.eval.grad": {"en": "evaluate ran the model with gradients enabled: wrap the loop in `with torch.no_grad():`",
                     "ko": "evaluate가 그래디언트를 켠 채 모델을 실행했습니다: 반복문을 `with torch.no_grad():`로 "
                           "감싸세요"},
    "a5.eval.changed": {"en": "evaluate changed the model's weights: no backward or optimizer step in evaluation",
                        "ko": "evaluate가 모델의 가중치를 바꿨습니다: 평가에서는 backward도 optimizer step도 하지 "
                              "않습니다"},
    "a5.eval.ok": {"en": "evaluate: eval mode, no gradients, the weights untouched, the right mean loss and "
                         "accuracy over batches of unequal size",
                   "ko": "evaluate: 평가 모드, 그래디언트 없음, 가중치 그대로, 크기가 다른 배치들에 대해 올바른 평균 "
                         "손실과 정확도"},
    # train.py: confusion_matrix
    "a5.cm.dtype": {"en": "confusion_matrix returned dtype {got}; expected int64 (counts)",
                    "ko": "confusion_matrix가 dtype {got}을(를) 반환했습니다. int64(개수)여야 합니다"},
    "a5.cm.loop": {"en": "confusion_matrix touched the samples one by one ({touches:,} element reads for {n:,} "
                         "samples): no Python loop over the samples (np.bincount or np.add.at)",
                   "ko": "confusion_matrix가 샘플을 하나씩 읽었습니다 (샘플 {n:,}개에 원소 읽기 {touches:,}번): "
                         "샘플을 도는 파이썬 반복문 없이 구현하세요 (np.bincount 또는 np.add.at)"},
    "a5.hint.transposed": {"en": "your matrix is the transpose of the right one: rows are the true classes, "
                                 "columns the predicted ones",
                           "ko": "행렬이 정답의 전치(transpose)입니다: 행이 실제 클래스, 열이 예측한 클래스입니다"},
    "a5.cm.ok": {"en": "confusion_matrix: the right counts for {n:,} samples and for a class never predicted, "
                       "int64, without a loop over the samples",
                 "ko": "confusion_matrix: 샘플 {n:,}개와 한 번도 예측되지 않은 클래스에서 올바른 개수, int64, "
                       "샘플을 도는 반복문 없음"},
})
