"""Checks of a5_cifar10_gpu: the student's PyTorch nets, training loop and confusion matrix, each part on its
own, then the trained network graded on held-out CIFAR-10 accuracy.

Calls run in the child on the student's `model.py` and `train.py` and return raw arrays (scores, the
parameters and gradients seen at each optimizer step, counts); the judges run in the parent and compute
every number that scores from inputs they rebuild from the seed (`ctx.given`): the child's own losses or
accuracies are only compared with the parent's, never believed. A mistake in one function costs only its
part: train_epoch and evaluate run on a tiny linear model of the check's, not on the student's nets.

Modules: `messages`; `nets` (simple_net, deep_net); `loop` (train_epoch, evaluate); `confusion`
(confusion_matrix); `checkpoint` (model_loads, test_accuracy: build_model() with checkpoint.pt); `inference`
(the held-out images through the student's net, fast and with a plain forward pass's predictions).
"""
from autograder.checks.a5_cifar10_gpu import messages  # noqa: F401  (registers the messages)
from autograder.checks.a5_cifar10_gpu.checkpoint import (SAMPLE, SAMPLE_FILE, TEST_FILE, data_root, judge_accuracy,
                                                         judge_loads, predict_file, test_set, write_sample_images,
                                                         write_test_images)
from autograder.checks.a5_cifar10_gpu.confusion import cm_call, cm_data, judge_cm
from autograder.checks.a5_cifar10_gpu.loop import (eval_data, evaluate_call, judge_evaluate, judge_train_epoch,
                                                   train_data, train_epoch_call)
from autograder.checks.a5_cifar10_gpu.nets import deep_call, judge_deep, judge_simple, simple_call
from autograder.model.check import Check

__all__ = ["CHECKS", "GRADED_FILES", "data_root", "test_set"]

# The checks judge model.py's nets and build_model(), train.py's three functions and the trained weights;
# train.py's main() is the student's own program (it never runs in grading).
GRADED_FILES = ("model.py", "train.py")

CHECKS = [
    Check("simple_net", simple_call, judge_simple, seed=1, reference=False,
          uses=("model.SimpleConvNet.__init__", "model.SimpleConvNet.forward"),
          doc="SimpleConvNet: the MNIST example's parameter shapes, its scores with the check's weights (eval "
              "mode), dropout only in training mode"),
    Check("deep_net", deep_call, judge_deep, seed=2, reference=False,
          uses=("model.DeepConvNet.__init__", "model.DeepConvNet.forward"),
          doc="DeepConvNet: conv - batch norm - ReLU stages with pooling and dropout, (N, 10) scores, for the "
              "default and other widths"),
    Check("train_epoch", train_epoch_call, judge_train_epoch, seed=3, reference=False, given=train_data,
          uses=("train.train_epoch",),
          doc="train_epoch on a tiny linear model: training mode, each step's gradients those of its batch alone "
              "(zero_grad, backward, step), the loss falls, the returned mean loss and accuracy"),
    Check("evaluate", evaluate_call, judge_evaluate, seed=4, reference=False, given=eval_data,
          uses=("train.evaluate",),
          doc="evaluate on a tiny linear model: eval mode, no gradients, weights untouched, mean loss and "
              "accuracy over batches of unequal size"),
    Check("confusion_matrix", cm_call, judge_cm, seed=5, reference=False, given=cm_data,
          uses=("train.confusion_matrix",),
          doc="confusion_matrix: counts on 200,000 samples and on a class never predicted, int64, no loop over "
              "the samples"),
    Check("model_loads", predict_file(SAMPLE_FILE), judge_loads, inputs=write_sample_images, reference=False,
          doc=f"build_model() loads checkpoint.pt (weights_only, strict keys) and maps {SAMPLE} images "
              "to finite (N, 10) logits"),
    Check("test_accuracy", predict_file(TEST_FILE), judge_accuracy, inputs=write_test_images, reference=False,
          doc="accuracy on the held-out CIFAR-10 test images, partial credit by course.yml's thresholds"),
]
