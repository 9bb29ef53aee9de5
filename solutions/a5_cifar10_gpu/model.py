"""The network you submit: `build_model()` and the weights you trained, saved as `checkpoint.pt`.

The grader calls `build_model()`, loads your checkpoint into it with
`model.load_state_dict(torch.load("checkpoint.pt", weights_only=True), strict=True)` and predicts
the held-out test images. The images arrive as a float batch of shape (N, 3, 32, 32), normalised
as the kit's CIFAR-10 transform does (`data_utils.cifar10_transforms(train=False)`); the model must
return logits of shape (N, 10). Any architecture built from torch.nn is fine, as long as
`build_model()` builds exactly the network whose `state_dict` you saved.

The reference is a small, fast net (no residual connections) in the spirit of airbench (Keller
Jordan, 2024): a frozen 2x2 "whitening" convolution, three groups of conv - pool - batch norm -
GELU, a max pool over what is left and a linear classifier. `init_whitening` is given: train.py
calls it when your model has it (and a `whiten` layer), before the first step.
"""
import torch
import torch.nn as nn


class ConvGroup(nn.Module):
    """
    conv 3x3 - max pool 2x2 - batch norm - GELU - conv 3x3 - batch norm - GELU.

    Maps (N, C_in, H, W) to (N, C_out, H // 2, W // 2).
    """

    def __init__(self, c_in, c_out, bn_momentum=0.4):
        super().__init__()
        ### BEGIN SOLUTION
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
        ### END SOLUTION

    def forward(self, x):
        ### BEGIN SOLUTION
        x = self.act(self.norm1(self.pool(self.conv1(x))))
        x = self.act(self.norm2(self.conv2(x)))
        ### END SOLUTION
        return x


class CifarNet(nn.Module):
    """
    whiten (2x2 conv, 24 filters) - GELU - ConvGroup x 3 - max pool 3x3 - linear - scale.

    Input (N, 3, 32, 32), normalised; output logits (N, 10). Spatial sizes: 32 -> 31 (whiten)
    -> 15 -> 7 -> 3 (groups) -> 1 (pool).
    """

    def __init__(self, widths=(64, 256, 256), num_classes=10, scale=1 / 9):
        super().__init__()
        ### BEGIN SOLUTION
        self.scale = scale
        self.whiten = nn.Conv2d(3, 24, kernel_size=2, padding=0, bias=True)
        self.whiten.weight.requires_grad = False   # set from the data by init_whitening, then frozen
        self.act = nn.GELU()
        self.group1 = ConvGroup(24, widths[0])
        self.group2 = ConvGroup(widths[0], widths[1])
        self.group3 = ConvGroup(widths[1], widths[2])
        self.pool = nn.MaxPool2d(3)
        self.fc = nn.Linear(widths[2], num_classes, bias=False)
        ### END SOLUTION

    def forward(self, x):
        """x: (N, 3, 32, 32) -> scores (N, num_classes)."""
        ### BEGIN SOLUTION
        x = self.act(self.whiten(x))
        x = self.group3(self.group2(self.group1(x)))
        x = self.pool(x).flatten(1)
        return self.fc(x) * self.scale
        ### END SOLUTION

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
    ### BEGIN SOLUTION
    return CifarNet()
    ### END SOLUTION
