"""The staff's fast path for a5: an airbench-style CIFAR-10 net and recipe (Keller Jordan, 2024).

Not the students' starting point (their train.py is a plain PyTorch loop); `make bench-gpu` runs this
on a GPU to show what the hardware does: about 94 % test accuracy in well under a minute.

    python -m bench.airbench --epochs 20 --amp          # on a GPU
    python -m bench.airbench --device cpu --epochs 2 --batch-size 128 --limit 512 --data DIR

The net is a frozen 2x2 "whitening" convolution, three groups of conv - pool - batch norm - GELU, a max
pool over what is left and a linear classifier. The whole training set lives on the device as uint8
pixels, and each batch is augmented and normalised there (`data_utils.augment_batch`,
`data_utils.normalize_batch`). The recipe: SGD with Nesterov momentum, a warm-up then linear decay of
the learning rate, label smoothing, a high learning rate for the batch-norm shifts; no test-time tricks.
"""
import argparse
import sys
import time
from pathlib import Path

import torch
import torch.nn as nn
from tqdm import tqdm

_DATASETS = Path(__file__).resolve().parent.parent / "datasets"
if str(_DATASETS) not in sys.path:
    sys.path.insert(0, str(_DATASETS))
import data_utils  # noqa: E402



class ConvGroup(nn.Module):
    """
    conv 3x3 - max pool 2x2 - batch norm - GELU - conv 3x3 - batch norm - GELU.

    Maps (N, C_in, H, W) to (N, C_out, H // 2, W // 2).
    """

    def __init__(self, c_in, c_out, bn_momentum=0.4):
        super().__init__()
        self.conv1 = nn.Conv2d(c_in, c_out, 3, padding=1, bias=False)
        self.pool = nn.MaxPool2d(2)
        self.norm1 = nn.BatchNorm2d(c_out, momentum=bn_momentum)
        self.conv2 = nn.Conv2d(c_out, c_out, 3, padding=1, bias=False)
        self.norm2 = nn.BatchNorm2d(c_out, momentum=bn_momentum)
        self.act = nn.GELU()
        for conv in (self.conv1, self.conv2):
            # Start close to the identity: the first c_in filters copy their input channel.
            nn.init.dirac_(conv.weight.data[:c_in])
        for norm in (self.norm1, self.norm2):
            norm.weight.requires_grad = False   # scale fixed at 1; only the shift is learned

    def forward(self, x):
        x = self.act(self.norm1(self.pool(self.conv1(x))))
        x = self.act(self.norm2(self.conv2(x)))
        return x


class CifarNet(nn.Module):
    """
    whiten (2x2 conv, 24 filters) - GELU - ConvGroup x 3 - max pool 3x3 - linear - scale.

    Input (N, 3, 32, 32), normalised; output logits (N, 10). Spatial sizes: 32 -> 31 (whiten)
    -> 15 -> 7 -> 3 (groups) -> 1 (pool).
    """

    def __init__(self, widths=(64, 256, 256), num_classes=10, scale=1 / 9):
        super().__init__()
        self.scale = scale
        self.whiten = nn.Conv2d(3, 24, kernel_size=2, padding=0, bias=True)
        self.whiten.weight.requires_grad = False   # set from the data by init_whitening, then frozen
        self.act = nn.GELU()
        self.group1 = ConvGroup(24, widths[0])
        self.group2 = ConvGroup(widths[0], widths[1])
        self.group3 = ConvGroup(widths[1], widths[2])
        self.pool = nn.MaxPool2d(3)
        self.fc = nn.Linear(widths[2], num_classes, bias=False)

    def forward(self, x):
        """x: (N, 3, 32, 32) -> scores (N, num_classes)."""
        x = self.act(self.whiten(x))
        x = self.group3(self.group2(self.group1(x)))
        x = self.pool(x).flatten(1)
        return self.fc(x) * self.scale

    @torch.no_grad()
    def init_whitening(self, images, eps=5e-4):
        """
        PCA whitening of 2x2 patches (the lecture on data preprocessing): the whiten filters become
        the eigenvectors of the patch covariance scaled by 1 / sqrt(eigenvalue + eps), and their
        negatives, so that the first layer decorrelates its input.

        Inputs:
        - images: A tensor of shape (N, 3, 32, 32) of normalised training images (a few thousand).
        """
        w = self.whiten.weight
        c, h, k = w.shape[1], w.shape[2], w.shape[3]
        patches = images.float().unfold(2, h, 1).unfold(3, k, 1)          # (N, c, 31, 31, h, k)
        patches = patches.permute(0, 2, 3, 1, 4, 5).reshape(-1, c * h * k)
        cov = patches.T @ patches / len(patches)
        eigenvalues, eigenvectors = torch.linalg.eigh(cov)                  # ascending
        eigenvalues, eigenvectors = eigenvalues.flip(0), eigenvectors.T.flip(0)
        filters = (eigenvectors / torch.sqrt(eigenvalues + eps)[:, None]).reshape(-1, c, h, k)
        w.copy_(torch.cat([filters, -filters]).to(w.dtype))


def build_model():
    """The network graded with your checkpoint.pt: (N, 3, 32, 32) normalised images -> (N, 10) logits."""
    return CifarNet()


def build_model():
    return CifarNet()


def parse_args(argv=None):
    p = argparse.ArgumentParser(description="Train a CIFAR-10 network and save checkpoint.pt.")
    p.add_argument("--data", type=Path, default=None,
                   help="folder with cifar-10-batches-py (default: data_utils.cifar10_dir())")
    p.add_argument("--epochs", type=int, default=20)
    p.add_argument("--batch-size", type=int, default=1024)
    p.add_argument("--lr", type=float, default=1.5,
                   help="learning rate for a batch of 1024 images, scaled linearly with --batch-size")
    p.add_argument("--momentum", type=float, default=0.85)
    p.add_argument("--weight-decay", type=float, default=2e-3,
                   help="share of each weight removed per step at the full learning rate (batch 1024)")
    p.add_argument("--label-smoothing", type=float, default=0.2)
    p.add_argument("--bn-lr-scale", type=float, default=64.0,
                   help="the batch-norm shifts learn this many times faster than the other weights")
    p.add_argument("--whiten-bias-epochs", type=int, default=3,
                   help="train the bias of the first (whitening) layer this many epochs, then freeze it")
    p.add_argument("--limit", type=int, default=0, help="use only the first N training images (0: all)")
    p.add_argument("--device", choices=("auto", "cpu", "cuda"), default="auto")
    p.add_argument("--amp", action="store_true", help="bfloat16 autocast on the GPU (faster, same accuracy)")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out", type=Path, default=Path("checkpoint.pt"))
    p.add_argument("--quiet", action="store_true", help="no progress bar and no per-epoch log")
    return p.parse_args(argv)


def get_device(name):
    """'auto' -> 'cuda' when a GPU is there, else 'cpu'."""
    if name == "auto":
        name = "cuda" if torch.cuda.is_available() else "cpu"
    if name == "cuda" and not torch.cuda.is_available():
        raise SystemExit("--device cuda: no CUDA GPU is available here (use --device cpu or auto)")
    return torch.device(name)


def load_split(root, train, device):
    """
    One split of CIFAR-10 on the device.

    Returns:
    - x: A uint8 tensor of shape (N, 3, 32, 32), raw pixels.
    - y: An int64 tensor of shape (N,).
    """
    ds = data_utils.cifar10_dataset(root, train=train)
    x = torch.from_numpy(ds.data).permute(0, 3, 1, 2).contiguous()
    y = torch.tensor(ds.targets, dtype=torch.int64)
    return x.to(device), y.to(device)


def make_optimizer(model, args, total_steps):
    """
    SGD with Nesterov momentum in two groups (batch-norm shifts at bn_lr_scale times the rate) and
    a schedule: linear warm-up from 0.2 to 1 over the first 23 % of the steps, then a linear decay
    to 0.07. Weight decay is decoupled: each step removes `weight_decay` * (lr / base lr) of a weight.
    """
    lr = args.lr * args.batch_size / 1024
    bn_shifts = [m.bias for m in model.modules()
                 if isinstance(m, nn.modules.batchnorm._BatchNorm) and m.bias is not None and m.bias.requires_grad]
    ids = {id(p) for p in bn_shifts}
    others = [p for p in model.parameters() if p.requires_grad and id(p) not in ids]
    decay = args.weight_decay * args.batch_size / 1024
    groups = [dict(params=others, lr=lr, weight_decay=decay / lr)]
    if bn_shifts:
        bn_lr = lr * args.bn_lr_scale
        groups.append(dict(params=bn_shifts, lr=bn_lr, weight_decay=decay / bn_lr))
    optimizer = torch.optim.SGD(groups, momentum=args.momentum, nesterov=True)
    warmup = max(1, int(0.23 * total_steps))

    def factor(step):
        if step < warmup:
            return 0.2 + 0.8 * step / warmup
        return 1.0 - 0.93 * (step - warmup) / max(1, total_steps - warmup)
    return optimizer, torch.optim.lr_scheduler.LambdaLR(optimizer, factor)


def train_step(model, optimizer, loss_fn, images, labels, amp=False):
    """
    One step of training: forward, loss, backward and an update of the weights.

    Inputs:
    - model: the network, in training mode.
    - optimizer: a torch.optim optimizer over the model's parameters.
    - loss_fn: maps (scores (N, 10), labels (N,)) to a scalar loss.
    - images: A float tensor of shape (N, 3, 32, 32), normalised and augmented.
    - labels: An int64 tensor of shape (N,).
    - amp: when True, run the forward pass under bfloat16 autocast.

    Returns a tuple of:
    - loss: the batch's loss, a Python float.
    - correct: how many of the N images the scores classify correctly, an int.
    """
    with torch.autocast(images.device.type, dtype=torch.bfloat16, enabled=amp):
        scores = model(images)
        loss = loss_fn(scores, labels)
    optimizer.zero_grad(set_to_none=True)
    loss.backward()
    optimizer.step()
    correct = (scores.argmax(1) == labels).sum()
    return loss.item(), int(correct.item())


@torch.no_grad()
def predict(model, x, batch_size=1000, amp=False, flip_tta=False):
    """
    Scores of raw uint8 images x (N, 3, 32, 32), in evaluation mode, as a float tensor (N, 10).
    With flip_tta, the scores of each image and its mirror image are averaged.
    """
    model.eval()
    out = []
    for i in range(0, len(x), batch_size):
        images = data_utils.normalize_batch(x[i:i + batch_size])
        with torch.autocast(images.device.type, dtype=torch.bfloat16, enabled=amp):
            scores = model(images).float()
            if flip_tta:
                scores = (scores + model(images.flip(-1)).float()) / 2
        out.append(scores)
    return torch.cat(out)


def accuracy(model, x, y, **kwargs):
    return (predict(model, x, **kwargs).argmax(1) == y).float().mean().item()


def train(model, train_data, test_data, args, device):
    """Train for args.epochs epochs; save the best test accuracy's state_dict to args.out.
    Returns the history: a dict of per-epoch lists (loss, train_acc, test_acc, seconds) and best_acc."""
    x_train, y_train = train_data
    x_test, y_test = test_data
    steps_per_epoch = -(-len(x_train) // args.batch_size)
    optimizer, scheduler = make_optimizer(model, args, args.epochs * steps_per_epoch)
    loss_fn = nn.CrossEntropyLoss(label_smoothing=args.label_smoothing)
    history = {"loss": [], "train_acc": [], "test_acc": [], "seconds": [], "best_acc": 0.0}
    start = time.perf_counter()
    for epoch in range(1, args.epochs + 1):
        if epoch == args.whiten_bias_epochs + 1 and getattr(model, "whiten", None) is not None:
            model.whiten.bias.requires_grad = False
        model.train()
        order = torch.randperm(len(x_train), device=device)
        total_loss, correct = 0.0, 0
        bar = tqdm(range(steps_per_epoch), desc=f"epoch {epoch}", leave=False, disable=args.quiet or None)
        for step in bar:
            idx = order[step * args.batch_size:(step + 1) * args.batch_size]
            images = data_utils.normalize_batch(data_utils.augment_batch(x_train[idx]))
            if device.type == "cuda":
                images = images.contiguous(memory_format=torch.channels_last)
            loss, c = train_step(model, optimizer, loss_fn, images, y_train[idx], amp=args.amp)
            scheduler.step()
            total_loss += loss * len(idx)
            correct += c
            bar.set_postfix(loss=f"{loss:.3f}")
        test_acc = accuracy(model, x_test, y_test, amp=args.amp)
        seconds = time.perf_counter() - start
        history["loss"].append(total_loss / len(x_train))
        history["train_acc"].append(correct / len(x_train))
        history["test_acc"].append(test_acc)
        history["seconds"].append(seconds)
        saved = test_acc > history["best_acc"] or epoch == 1
        if saved:
            history["best_acc"] = test_acc
            torch.save({k: v.detach().cpu() for k, v in model.state_dict().items()}, args.out)
        if not args.quiet:
            print(f"epoch {epoch:3d}/{args.epochs}  loss {history['loss'][-1]:.4f}  "
                  f"train {100 * history['train_acc'][-1]:5.1f}%  test {100 * test_acc:5.1f}%  "
                  f"{seconds:6.1f} s{'  saved ' + str(args.out) if saved else ''}", flush=True)
    return history


def main(argv=None):
    args = parse_args(argv)
    torch.manual_seed(args.seed)
    device = get_device(args.device)
    root = args.data or data_utils.cifar10_dir()
    train_data = load_split(root, True, device)
    if args.limit:
        train_data = (train_data[0][:args.limit], train_data[1][:args.limit])
    test_data = load_split(root, False, device)
    model = build_model().to(device)
    if device.type == "cuda":
        model = model.to(memory_format=torch.channels_last)
    if hasattr(model, "init_whitening") and hasattr(model, "whiten"):
        model.init_whitening(data_utils.normalize_batch(train_data[0][:5000]))
    if not args.quiet:
        print(f"{len(train_data[0])} training and {len(test_data[0])} test images from {root}, on {device}",
              flush=True)
    history = train(model, train_data, test_data, args, device)
    if not args.quiet:
        print(f"best test accuracy {100 * history['best_acc']:.2f}% in {history['seconds'][-1]:.1f} s; "
              f"weights saved to {args.out}")
    return history


if __name__ == "__main__":
    main()
