"""The networks of this assignment: `SimpleConvNet`, `DeepConvNet`, and `build_model()`, the one you submit.

Fill in the blocks marked YOUR CODE HERE. Run `python -m autograder check a5_cifar10_gpu` (or `pytest`
in this folder) to see which parts pass.

Every network maps a float batch of shape (N, 3, 32, 32), normalised as the kit's CIFAR-10 transform
does (`data_utils.cifar10_transforms`), to scores (logits) of shape (N, 10), one per class.

The grader calls `build_model()`, loads your `checkpoint.pt` into it with
`model.load_state_dict(torch.load("checkpoint.pt", weights_only=True), strict=True)` and predicts the
held-out test images, so `build_model()` must build exactly the network whose `state_dict` train.py saved.
"""
import torch
import torch.nn as nn
import torch.nn.functional as F


class SimpleConvNet(nn.Module):
    """
    PyTorch's MNIST example, adapted to CIFAR-10's 3 x 32 x 32 images:

    conv 3x3 (32 filters) - ReLU - conv 3x3 (64 filters) - ReLU - max pool 2x2 - dropout 0.25 -
    fully connected (64 * 14 * 14 -> 128) - ReLU - dropout 0.5 - fully connected (128 -> 10).

    The convolutions have no padding: 32 -> 30 -> 28, and the pool halves 28 to 14.
    Input (N, 3, 32, 32); output scores (N, 10).
    """

    def __init__(self):
        super().__init__()
        # TODO:
        #   Create the layers as attributes of self (the ReLUs and the pool need none: F.relu, F.max_pool2d):
        #   1. self.conv1 = nn.Conv2d(3, 32, 3) and self.conv2 = nn.Conv2d(32, 64, 3)
        #      (kernel size 3, stride 1, no padding);
        #   2. self.dropout1 = nn.Dropout(0.25) and self.dropout2 = nn.Dropout(0.5);
        #   3. self.fc1 = nn.Linear(64 * 14 * 14, 128) and self.fc2 = nn.Linear(128, 10).
        # 할 일:
        #   층들을 self의 속성으로 만듭니다 (ReLU와 풀링은 F.relu, F.max_pool2d로 쓰므로 필요 없습니다).
        #   1. self.conv1 = nn.Conv2d(3, 32, 3), self.conv2 = nn.Conv2d(32, 64, 3)
        #      (커널 크기 3, 스트라이드 1, 패딩 없음).
        #   2. self.dropout1 = nn.Dropout(0.25), self.dropout2 = nn.Dropout(0.5).
        #   3. self.fc1 = nn.Linear(64 * 14 * 14, 128), self.fc2 = nn.Linear(128, 10).
        ### BEGIN SOLUTION
        self.conv1 = nn.Conv2d(3, 32, 3)
        self.conv2 = nn.Conv2d(32, 64, 3)
        self.dropout1 = nn.Dropout(0.25)
        self.dropout2 = nn.Dropout(0.5)
        self.fc1 = nn.Linear(64 * 14 * 14, 128)
        self.fc2 = nn.Linear(128, 10)
        ### END SOLUTION

    def forward(self, x):
        """x: (N, 3, 32, 32) -> scores (N, 10)."""
        # TODO:
        #   1. conv1, then F.relu; conv2, then F.relu;
        #   2. F.max_pool2d(x, 2), then dropout1;
        #   3. flatten every image to a vector (torch.flatten(x, 1): (N, 64 * 14 * 14));
        #   4. fc1, F.relu, dropout2, and fc2; return those scores (no softmax: the loss adds it).
        # 할 일:
        #   1. conv1 다음 F.relu, conv2 다음 F.relu를 적용합니다.
        #   2. F.max_pool2d(x, 2) 다음 dropout1을 적용합니다.
        #   3. 이미지마다 벡터로 펼칩니다(torch.flatten(x, 1): (N, 64 * 14 * 14)).
        #   4. fc1, F.relu, dropout2, fc2를 차례로 적용하고 그 점수를 반환합니다
        #      (소프트맥스(softmax)는 넣지 않습니다: 손실 함수가 계산합니다).
        ### BEGIN SOLUTION
        x = F.relu(self.conv1(x))
        x = F.relu(self.conv2(x))
        x = self.dropout1(F.max_pool2d(x, 2))
        x = self.dropout2(F.relu(self.fc1(torch.flatten(x, 1))))
        return self.fc2(x)
        ### END SOLUTION


class DeepConvNet(nn.Module):
    """
    A deeper net with batch normalisation and dropout: one stage per entry of `widths`,

        [conv 3x3 (padding 1) - batch norm - ReLU] x 2 - max pool 2x2,

    then dropout (`dropout`) and a fully connected layer from widths[-1] * 4 * 4 to 10. With padding 1
    only the pools shrink the maps: 32 -> 16 -> 8 -> 4 for three stages.
    Input (N, 3, 32, 32); output scores (N, 10).
    """

    def __init__(self, widths=(64, 128, 256), dropout=0.3):
        super().__init__()
        # TODO:
        #   1. Build a list of layers: for each stage width c_out (the input has c_in = 3 channels at first):
        #      nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(),
        #      nn.Conv2d(c_out, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(), nn.MaxPool2d(2);
        #      then c_in = c_out for the next stage.
        #   2. self.features = nn.Sequential(*layers).
        #   3. self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(dropout),
        #      nn.Linear(widths[-1] * 4 * 4, 10)).
        # 할 일:
        #   1. 층의 리스트를 만듭니다. 단계(stage)마다 너비 c_out에 대해 (처음 입력 채널은 c_in = 3):
        #      nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(),
        #      nn.Conv2d(c_out, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(), nn.MaxPool2d(2)를
        #      넣고, 다음 단계를 위해 c_in = c_out으로 둡니다.
        #   2. self.features = nn.Sequential(*layers).
        #   3. self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(dropout),
        #      nn.Linear(widths[-1] * 4 * 4, 10)).
        ### BEGIN SOLUTION
        layers, c_in = [], 3
        for c_out in widths:
            layers += [nn.Conv2d(c_in, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(),
                       nn.Conv2d(c_out, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(),
                       nn.MaxPool2d(2)]
            c_in = c_out
        self.features = nn.Sequential(*layers)
        self.classifier = nn.Sequential(nn.Flatten(), nn.Dropout(dropout), nn.Linear(widths[-1] * 4 * 4, 10))
        ### END SOLUTION

    def forward(self, x):
        """x: (N, 3, 32, 32) -> scores (N, 10)."""
        # TODO: the features, then the classifier.
        # 할 일: features를 거친 다음 classifier를 거칩니다.
        ### BEGIN SOLUTION
        return self.classifier(self.features(x))
        ### END SOLUTION


def build_model():
    """The network graded with your checkpoint.pt: (N, 3, 32, 32) normalised images -> (N, 10) logits."""
    # TODO: return the network you train and submit: DeepConvNet(widths=(32, 64, 128)) unless you design
    #   your own (half the default widths: the grader runs it on 10,000 test images on a CPU, so keep it small).
    # 할 일: 학습해서 제출할 네트워크를 반환합니다. 직접 설계하지 않았다면 DeepConvNet(widths=(32, 64, 128))
    #   (기본 너비의 절반: 채점기가 CPU에서 테스트 이미지 10,000장을 돌리므로 작게 유지하세요).
    ### BEGIN SOLUTION
    return DeepConvNet(widths=(32, 64, 128))
    ### END SOLUTION
