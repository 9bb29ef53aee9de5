"""Train the network of model.py on CIFAR-10 and save its best weights as checkpoint.pt.

    python train.py                                    # build_model(), 10 epochs, on a GPU if there is one
    python train.py --epochs 2 --limit 1000 --device cpu   # a quick look on a laptop

Fill in `train_epoch`, `evaluate` and `confusion_matrix` (the blocks marked YOUR CODE HERE); the grader
checks each of them on its own. `main()` at the bottom is given: read it top to bottom, it is the
whole training program, as in PyTorch's own examples (github.com/pytorch/examples).

The data is torchvision's CIFAR10 data set (`data_utils.cifar10_dataset`) with the kit's transforms:
training images are augmented (random crop with padding 4, horizontal flip) and normalised, test images
only normalised (`data_utils.cifar10_transforms`).
"""
import argparse
import sys
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F


def train_epoch(model, loader, optimizer, device):
    """
    One epoch of training: one pass over `loader`, one optimizer step per batch.

    Inputs:
    - model: a torch.nn.Module mapping images (B, 3, 32, 32) to scores (B, 10), already on `device`.
    - loader: an iterable of (images, labels) batches: a float tensor (B, 3, 32, 32) and an int64
      tensor (B,) of class labels (a torch.utils.data.DataLoader, or a plain list of such pairs).
    - optimizer: a torch.optim optimizer over the model's parameters.
    - device: the torch.device the model is on.

    Returns a tuple of:
    - mean_loss: the mean cross-entropy loss over all the images of the epoch, a float (each batch's
      mean loss counts as many times as the batch has images).
    - accuracy: the share of the epoch's images whose highest score is their label, a float in [0, 1].
    """
    # TODO:
    #   1. Put the model in training mode (model.train()): dropout drops, batch norm uses batch statistics.
    #   2. For each (images, labels) of the loader:
    #      a. move both to the device (images.to(device));
    #      b. scores = model(images) (forward, once per batch) and
    #         loss = F.cross_entropy(scores, labels) (the batch's mean loss);
    #      c. optimizer.zero_grad() (PyTorch ADDS new gradients to the old ones), loss.backward()
    #         (backpropagation fills each parameter's .grad), optimizer.step() (updates the weights);
    #      d. add loss.item() * len(labels) to a running total, the number of correct predictions
    #         ((scores.argmax(1) == labels).sum().item()) to another, and len(labels) to a count.
    #   3. Return (total loss / count, correct / count) as two Python floats.
    # 할 일:
    #   1. 모델을 학습 모드(training mode)로 둡니다(model.train()): 드롭아웃이 켜지고, 배치 정규화는
    #      배치의 통계를 씁니다.
    #   2. loader의 각 (images, labels)에 대해:
    #      a. 둘 다 device로 옮깁니다(images.to(device)).
    #      b. scores = model(images) (배치마다 순전파(forward) 한 번),
    #         loss = F.cross_entropy(scores, labels) (배치의 평균 손실)를 계산합니다.
    #      c. optimizer.zero_grad() (PyTorch는 새 그래디언트를 기존 값에 더하기 때문입니다),
    #         loss.backward() (역전파(backpropagation)가 각 파라미터의 .grad를 채웁니다),
    #         optimizer.step() (가중치를 갱신합니다)을 차례로 호출합니다.
    #      d. loss.item() * len(labels)를 손실 합계에, 맞힌 개수((scores.argmax(1) == labels).sum().item())를
    #         정답 수에, len(labels)를 이미지 수에 더합니다.
    #   3. (손실 합계 / 이미지 수, 정답 수 / 이미지 수)를 파이썬 float 두 개로 반환합니다.
    ### BEGIN SOLUTION
    model.train()
    total_loss, correct, count = 0.0, 0, 0
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        scores = model(images)
        loss = F.cross_entropy(scores, labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        total_loss += loss.item() * len(labels)
        correct += (scores.argmax(1) == labels).sum().item()
        count += len(labels)
    return total_loss / count, correct / count
    ### END SOLUTION


def evaluate(model, loader, device):
    """
    The mean loss and the accuracy of `model` on the images of `loader`, without training.

    Inputs: as for train_epoch (no optimizer).

    Returns a tuple of:
    - mean_loss: the mean cross-entropy loss over all the images (each batch weighted by its size:
      the last batch of a test loader is often smaller).
    - accuracy: the share of the images whose highest score is their label, a float in [0, 1].
    """
    # TODO:
    #   1. Put the model in evaluation mode (model.eval()): no dropout, batch norm uses its running
    #      statistics.
    #   2. Under `with torch.no_grad():` (no gradients are needed, which saves memory and time), for each
    #      batch: move it to the device, compute the scores and F.cross_entropy, and add up
    #      loss.item() * len(labels), the correct predictions and the number of images, as in train_epoch.
    #      No zero_grad, backward or step here: evaluation must not change the model.
    #   3. Return (total loss / count, correct / count).
    # 할 일:
    #   1. 모델을 평가 모드(evaluation mode)로 둡니다(model.eval()): 드롭아웃이 꺼지고, 배치 정규화는
    #      학습 중에 모은 이동 평균(running statistics)을 씁니다.
    #   2. `with torch.no_grad():` 안에서(그래디언트가 필요 없으므로 메모리와 시간을 아낍니다) 배치마다
    #      device로 옮기고, 점수와 F.cross_entropy를 계산하고, train_epoch처럼 loss.item() * len(labels),
    #      맞힌 개수, 이미지 수를 더해 갑니다. zero_grad, backward, step은 하지 않습니다: 평가가 모델을
    #      바꾸면 안 됩니다.
    #   3. (손실 합계 / 이미지 수, 정답 수 / 이미지 수)를 반환합니다.
    ### BEGIN SOLUTION
    model.eval()
    total_loss, correct, count = 0.0, 0, 0
    with torch.no_grad():
        for images, labels in loader:
            images, labels = images.to(device), labels.to(device)
            scores = model(images)
            total_loss += F.cross_entropy(scores, labels).item() * len(labels)
            correct += (scores.argmax(1) == labels).sum().item()
            count += len(labels)
    return total_loss / count, correct / count
    ### END SOLUTION


def confusion_matrix(y_true, y_pred, num_classes=10):
    """
    Inputs:
    - y_true: A numpy array of shape (N,) of true labels in 0..num_classes-1.
    - y_pred: A numpy array of shape (N,) of predicted labels in 0..num_classes-1.
    - num_classes: C, the number of classes.

    Returns:
    - confusion: An int64 numpy array of shape (C, C); confusion[i, j] is the number of images of class
      i predicted as class j. The diagonal holds the correct predictions.
    """
    # TODO:
    #   Without a Python loop over the N samples (a loop over the C classes is fine):
    #   either number each (true, predicted) pair as true * C + predicted, count those numbers with
    #   np.bincount(..., minlength=C * C) and reshape the counts to (C, C);
    #   or start from np.zeros((C, C), dtype=np.int64) and np.add.at(confusion, (y_true, y_pred), 1).
    #   Return an int64 array.
    # 할 일:
    #   N개의 샘플을 도는 파이썬 반복문 없이 구현합니다(C개의 클래스를 도는 반복문은 괜찮습니다).
    #   (정답, 예측) 쌍마다 정답 * C + 예측이라는 번호를 매겨 np.bincount(..., minlength=C * C)로 세고
    #   (C, C)로 reshape하거나, np.zeros((C, C), dtype=np.int64)에서 시작해
    #   np.add.at(confusion, (y_true, y_pred), 1)을 쓰세요. int64 배열을 반환합니다.
    ### BEGIN SOLUTION
    flat = np.asarray(y_true, dtype=np.int64) * num_classes + np.asarray(y_pred, dtype=np.int64)
    return np.bincount(flat, minlength=num_classes * num_classes).reshape(num_classes, num_classes).astype(np.int64)
    ### END SOLUTION


# ------------------------------------------------------------------ given: the training program

def import_data_utils():
    """The kit's datasets/data_utils.py: on the path, or in a datasets/ folder above this file."""
    try:
        import data_utils
    except ImportError:
        for parent in Path(__file__).resolve().parents:
            if (parent / "datasets" / "data_utils.py").is_file():
                sys.path.insert(0, str(parent / "datasets"))
                break
        import data_utils
    return data_utils


@torch.no_grad()
def predict(model, loader, device):
    """The predicted and the true labels of every image of `loader`, as two numpy arrays of shape (N,)."""
    model.eval()
    preds, truth = [], []
    for images, labels in loader:
        preds.append(model(images.to(device)).argmax(1).cpu())
        truth.append(labels)
    return torch.cat(preds).numpy(), torch.cat(truth).numpy()


def get_device(name):
    """'auto' -> 'cuda' when a GPU is there, else 'cpu'."""
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: no CUDA GPU is available here (use --device cpu or auto)")
    return torch.device(name)


def make_loaders(root, batch_size, device, limit=0):
    """DataLoaders of CIFAR-10's training images (shuffled, augmented) and test images (in order)."""
    data_utils = import_data_utils()
    train_set = data_utils.cifar10_dataset(root, train=True, transform=data_utils.cifar10_transforms(train=True))
    test_set = data_utils.cifar10_dataset(root, train=False, transform=data_utils.cifar10_transforms(train=False))
    if limit:
        train_set = torch.utils.data.Subset(train_set, range(min(limit, len(train_set))))
    on_gpu = device.type == "cuda"
    workers = 4 if on_gpu else 0          # on a GPU, prepare the next batches in other processes
    train_loader = torch.utils.data.DataLoader(train_set, batch_size=batch_size, shuffle=True,
                                               num_workers=workers, pin_memory=on_gpu)
    test_loader = torch.utils.data.DataLoader(test_set, batch_size=1000, num_workers=workers, pin_memory=on_gpu)
    return train_loader, test_loader


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Train build_model() on CIFAR-10 and save checkpoint.pt.")
    p.add_argument("--data", type=Path, default=None,
                   help="folder with cifar-10-batches-py (default: data_utils.cifar10_dir())")
    p.add_argument("--epochs", type=int, default=10)
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=1e-3, help="Adam's learning rate")
    p.add_argument("--limit", type=int, default=0, help="use only the first N training images (0: all)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    p.add_argument("--seed", type=int, default=0, help="the same seed gives the same run (on the CPU)")
    p.add_argument("--out", type=Path, default=Path("checkpoint.pt"))
    p.add_argument("--quiet", action="store_true", help="no per-epoch log")
    return p.parse_args(argv)


def main(argv=None):
    from model import build_model                 # your network (model.py, next to this file)

    args = parse_args(argv)
    torch.manual_seed(args.seed)                  # the weights' initialisation, the shuffling, the dropout
    device = get_device(args.device)
    root = args.data or import_data_utils().cifar10_dir()
    train_loader, test_loader = make_loaders(root, args.batch_size, device, args.limit)

    model = build_model().to(device)
    optimizer = torch.optim.Adam(model.parameters(), lr=args.lr)
    n_params = sum(p.numel() for p in model.parameters())
    if not args.quiet:
        print(f"{len(train_loader.dataset)} training and {len(test_loader.dataset)} test images from {root}, "
              f"on {device}; {type(model).__name__} with {n_params:,} parameters", flush=True)

    history = {"loss": [], "train_acc": [], "test_loss": [], "test_acc": [], "seconds": [], "best_acc": 0.0}
    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        loss, train_acc = train_epoch(model, train_loader, optimizer, device)
        test_loss, test_acc = evaluate(model, test_loader, device)
        seconds = time.perf_counter() - start
        for key, value in (("loss", loss), ("train_acc", train_acc), ("test_loss", test_loss),
                           ("test_acc", test_acc), ("seconds", seconds)):
            history[key].append(value)
        # keep the weights of the best epoch so far (moved to the CPU, so that any machine can load them)
        saved = epoch == 1 or test_acc > history["best_acc"]
        if saved:
            history["best_acc"] = test_acc
            torch.save({k: v.detach().cpu() for k, v in model.state_dict().items()}, args.out)
        if not args.quiet:
            print(f"epoch {epoch:3d}/{args.epochs}  loss {loss:.4f}  train {100 * train_acc:5.1f}%  "
                  f"test {100 * test_acc:5.1f}%  {seconds:6.1f} s{'  saved ' + str(args.out) if saved else ''}",
                  flush=True)
    if not args.quiet:
        print(f"best test accuracy {100 * history['best_acc']:.2f}% in {history['seconds'][-1]:.1f} s; "
              f"weights saved to {args.out}")
    return history


if __name__ == "__main__":
    main()
