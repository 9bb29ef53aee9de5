"""Checks of a2_svm_softmax: the multiclass SVM and softmax losses and a linear classifier.

Calls (`calls.py`) run in the child on the student's `linear_svm.py`, `softmax.py` and
`linear_classifier.py`; judges (`judges.py`) run in the parent. Loss checks return the loss, the
analytic dW and the centred numerical gradient dW_num of the student's own loss (h = 1e-5), so the
feedback can tell a wrong loss from a wrong gradient, and the inputs (W, X, y, reg), so that the
hints (`hints.py`) can recognise and name the typical mistakes by their exact numerical signature.
`messages.py` holds the sentences.
"""
from autograder.checks.a2_svm_softmax import messages  # noqa: F401  (registers the sentences)
from autograder.checks.a2_svm_softmax.calls import (SOFTMAX_LECTURE, SVM_LECTURE, both_call, lecture_softmax,
                                                    lecture_svm, loss_call, loss_inputs, predict_call, speed_call,
                                                    train_call, train_data, zoo_call, zoo_data)
from autograder.checks.a2_svm_softmax.judges import both_judge, lecture_judge, loss_judge, train_judge, zoo_judge
from autograder.model import judge
from autograder.model.check import Check

GRAD = (16, 12, 5)          # N, D, C of the gradient checks: 120 weights, 240 calls for dW_num
VEC = (60, 30, 10)          # the vectorised versions on a bigger batch
SPEED = (4000, 50, 10)      # many examples, few features: the Python loops dominate the naive version
REG = 0.1
GRAD_INPUTS, VEC_INPUTS = loss_inputs(GRAD, REG), loss_inputs(VEC, REG)   # seed -> (W, X, y, reg): call and judge
STABLE_INPUTS = loss_inputs((20, 8, 6), 0.0, scale=1000.0)
EDGE_INPUTS = loss_inputs((1, 4, 2), 0.3)                              # one example, two classes
# Check.uses: the functions a part runs, and the modules it imports besides (linear_classifier.py imports
# linear_svm.py and softmax.py), so that a hang skips only the parts that would hang too.
SVM, SOFTMAX, LC = "linear_svm", "softmax", "linear_classifier.LinearClassifier"

CHECKS = [
    Check("svm_lecture_example", lecture_svm, lecture_judge(SVM_LECTURE),
          uses=(f"{SVM}.svm_loss_naive",),
          doc="svm_loss_naive on the lecture's cat/car/frog scores: 2.9, 0, 12.9, mean 5.27"),
    Check("svm_naive", loss_call(SVM, "svm_loss_naive", GRAD_INPUTS), loss_judge(svm=True), seed=1,
          given=GRAD_INPUTS, uses=(f"{SVM}.svm_loss_naive",),
          doc="svm_loss_naive: loss and dW against the reference and the numerical gradient"),
    Check("svm_vectorized", loss_call(SVM, "svm_loss_vectorized", VEC_INPUTS), loss_judge(svm=True),
          seed=2, given=VEC_INPUTS, uses=(f"{SVM}.svm_loss_vectorized",),
          doc="svm_loss_vectorized: loss and dW against the reference and the numerical gradient"),
    Check("svm_hidden", both_call(SVM, "svm_loss", EDGE_INPUTS), both_judge(svm=True), hidden=True,
          seed=3, given=EDGE_INPUTS, uses=(f"{SVM}.svm_loss_naive", f"{SVM}.svm_loss_vectorized"), doc="both SVM losses on one example and two classes"),
    Check("speed_svm_vectorized", speed_call("linear_svm", "svm_loss_vectorized", SPEED),
          judge.speed(judge.close(rtol=1e-6), "svm_loss_naive"), seed=4, timed=True,
          baseline=speed_call("linear_svm", "svm_loss_naive", SPEED), uses=(f"{SVM}.svm_loss_vectorized",),
          doc="svm_loss_vectorized at least min_ratio times faster than the reference naive version"),
    Check("softmax_lecture_example", lecture_softmax, lecture_judge(SOFTMAX_LECTURE, softmax=True),
          uses=(f"{SOFTMAX}.softmax_loss_naive",),
          doc="softmax_loss_naive on the lecture's cat image: 2.04 with the natural log"),
    Check("softmax_naive", loss_call(SOFTMAX, "softmax_loss_naive", GRAD_INPUTS), loss_judge(softmax=True),
          seed=5, given=GRAD_INPUTS, uses=(f"{SOFTMAX}.softmax_loss_naive",),
          doc="softmax_loss_naive: loss and dW against the reference and the numerical gradient"),
    Check("softmax_vectorized", loss_call(SOFTMAX, "softmax_loss_vectorized", VEC_INPUTS),
          loss_judge(softmax=True), seed=6, given=VEC_INPUTS, uses=(f"{SOFTMAX}.softmax_loss_vectorized",),
          doc="softmax_loss_vectorized: loss and dW against the reference and the numerical gradient"),
    Check("softmax_stable", both_call(SOFTMAX, "softmax_loss", STABLE_INPUTS),
          both_judge(softmax=True), seed=7, given=STABLE_INPUTS,
          uses=(f"{SOFTMAX}.softmax_loss_naive", f"{SOFTMAX}.softmax_loss_vectorized"),
          doc="both softmax losses on scores near 1000, reg = 0 (no overflow)"),
    Check("softmax_hidden", both_call(SOFTMAX, "softmax_loss", EDGE_INPUTS), both_judge(softmax=True),
          hidden=True, seed=8, given=EDGE_INPUTS, uses=(f"{SOFTMAX}.softmax_loss_naive", f"{SOFTMAX}.softmax_loss_vectorized"), doc="both softmax losses on one example and two classes"),
    Check("speed_softmax_vectorized", speed_call("softmax", "softmax_loss_vectorized", SPEED),
          judge.speed(judge.close(rtol=1e-6), "softmax_loss_naive"), seed=9, timed=True,
          baseline=speed_call("softmax", "softmax_loss_naive", SPEED), uses=(f"{SOFTMAX}.softmax_loss_vectorized",),
          doc="softmax_loss_vectorized at least min_ratio times faster than the reference naive version"),
    Check("linear_svm_train", train_call("LinearSVM"), train_judge, seed=10, reference=False, given=train_data,
          uses=(f"{LC}.train", f"{SVM}.svm_loss_vectorized", SOFTMAX),
          doc="LinearSVM.train: 40 SGD steps on random minibatches, each by -learning_rate times the gradient of "
              "your own loss"),
    Check("softmax_train", train_call("Softmax"), train_judge, seed=11, reference=False, given=train_data,
          uses=(f"{LC}.train", f"{SOFTMAX}.softmax_loss_vectorized", SVM),
          doc="Softmax.train: 40 SGD steps on random minibatches, each by -learning_rate times the gradient of "
              "your own loss"),
    Check("predict", predict_call, judge.exact(), seed=12, uses=(f"{LC}.predict", SVM, SOFTMAX),
          doc="LinearClassifier.predict with given weights"),
    Check("zoo_softmax", zoo_call, zoo_judge, seed=13, given=zoo_data,
          uses=(f"{LC}.train", f"{LC}.predict", f"{SOFTMAX}.softmax_loss_vectorized", SVM),
          doc="end to end: Softmax trained on the zoo data (16 features, 7 classes), training accuracy; depends on "
              "softmax_loss_vectorized, train and predict alike"),
]
