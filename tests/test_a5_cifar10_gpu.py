"""a5_cifar10_gpu on the CPU with a small generated fixture: the kit's transforms, the five parts on the
student's functions (the reference passes, the stub is not implemented, each mistake costs only its own
part), a short training run of the reference, the grading path on its checkpoint, every guard, and the
data verb."""
from __future__ import annotations

import dataclasses
import hashlib
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from autograder.config import data
from autograder.grading.reference import grade_dir
from autograder.config.paths import ASSIGNMENTS, DATASETS, ROOT, SOLUTIONS
from tests.data.samples.a5_cifar10_gpu import SMALL_NET, code_on_load, untrained
from autograder.student.selfcheck import self_check
from tests.conftest import by_part, edit, grade_reference

AID = "a5_cifar10_gpu"

sys.path.insert(0, str(DATASETS))
import data_utils  # noqa: E402


@pytest.fixture(scope="module")
def fixture_dir(tmp_path_factory):
    """300 training and 300 test images in CIFAR-10's format, graded through $CIFAR10_DIR."""
    root = tmp_path_factory.mktemp("cifar")
    folder = data_utils.make_cifar10_fixture(root, per_batch=60, n_test=300, seed=1)
    mp = pytest.MonkeyPatch()
    mp.setenv("CIFAR10_DIR", str(folder))
    yield folder
    mp.undo()


def majority_share(fixture_dir) -> float:
    """The accuracy of always answering the most common test label: what chance means here."""
    _, y = data_utils.load_cifar10_batch(fixture_dir / "test_batch")
    return float(np.bincount(y).max() / len(y))


@pytest.fixture(scope="module")
def fixture_course(course, fixture_dir):
    """course.yml with thresholds for the fixture: it is not CIFAR-10, and after seconds of training the
    reference only beats chance clearly (half the points 3 points above chance, all from 7 points above)."""
    a5 = course.assignments[AID]
    chance = majority_share(fixture_dir)
    thresholds = ((chance + 0.03, 0.5), (chance + 0.07, 1.0))
    parts = dict(a5.parts, test_accuracy=dataclasses.replace(a5.parts["test_accuracy"], thresholds=thresholds))
    return dataclasses.replace(course, assignments=dict(course.assignments, **{AID: dataclasses.replace(a5, parts=parts)}))


def with_limits(course, seconds):
    a5 = course.assignments[AID]
    parts = {k: dataclasses.replace(p, time_limit_s=seconds) for k, p in a5.parts.items()}
    return dataclasses.replace(course, assignments=dict(course.assignments, **{AID: dataclasses.replace(a5, parts=parts)}))


def train_cli(folder: Path, data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(DATASETS), OMP_NUM_THREADS="2")
    return subprocess.run([sys.executable, "train.py", "--data", str(data_dir), "--device", "cpu", *args],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=300)


# ---------------------------------------------------------------------------- the kit's transforms

def test_augment_batch_crops_padded_images_and_flips():
    torch.manual_seed(0)
    x = torch.randint(1, 256, (64, 3, 32, 32), dtype=torch.uint8)
    out = data_utils.augment_batch(x)
    assert out.shape == x.shape and out.dtype == torch.uint8
    padded = torch.nn.functional.pad(x, (4, 4, 4, 4))
    offsets, flips = set(), 0
    for i in range(len(x)):
        found = [(a, b, f) for a in range(9) for b in range(9) for f in (0, 1)
                 if torch.equal(out[i], padded[i, :, a:a + 32, b:b + 32].flip(-1) if f
                                else padded[i, :, a:a + 32, b:b + 32])]
        assert found, f"image {i} is not a crop of the padded image"
        offsets.add(found[0][:2])
        flips += found[0][2]
    assert len(offsets) > 20 and 15 < flips < 49, "each image draws its own crop and flip"
    assert not torch.equal(data_utils.augment_batch(x), data_utils.augment_batch(x))


def test_normalisations_agree(fixture_dir):
    ds = data_utils.cifar10_dataset(fixture_dir, train=False, transform=data_utils.cifar10_transforms(train=False))
    assert len(ds) == 300 and ds.data.dtype == np.uint8 and ds.data.shape == (300, 32, 32, 3)
    from_numpy = data_utils.normalize_cifar10(ds.data[:8])
    from_torch = data_utils.normalize_batch(torch.from_numpy(ds.data[:8]).permute(0, 3, 1, 2)).numpy()
    per_image = np.stack([ds[i][0].numpy() for i in range(8)])
    assert from_numpy.shape == (8, 3, 32, 32) and from_numpy.dtype == np.float32
    np.testing.assert_allclose(from_torch, from_numpy, atol=1e-6)
    np.testing.assert_allclose(per_image, from_numpy, atol=1e-6)
    assert abs(float(data_utils.normalize_cifar10(np.full((1, 32, 32, 3), 255.0 * 0.4914))[0, 0].mean())) < 1e-5
    assert ds[0][1] == ds.targets[0]
    train_ds = data_utils.cifar10_dataset(fixture_dir.parent, train=True, transform=data_utils.cifar10_transforms())
    assert len(train_ds) == 300 and train_ds[0][0].shape == (3, 32, 32)


def test_whitening_layer_decorrelates_patches(fixture_dir):
    """The staff's fast recipe (bench/airbench.py, no longer the students' model.py)."""
    import importlib.util
    spec = importlib.util.spec_from_file_location("a5_airbench", ROOT / "bench" / "airbench.py")
    model_mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(model_mod)
    net = model_mod.build_model()
    ds = data_utils.cifar10_dataset(fixture_dir, train=True)
    x = data_utils.normalize_batch(torch.from_numpy(ds.data).permute(0, 3, 1, 2))
    net.init_whitening(x, eps=1e-6)
    with torch.no_grad():
        out = torch.nn.functional.conv2d(x, net.whiten.weight)          # (N, 24, 31, 31)
    first = out[:, :12].permute(0, 2, 3, 1).reshape(-1, 12).double()
    cov = first.T @ first / len(first)
    np.testing.assert_allclose(cov.numpy(), np.eye(12), atol=1e-3)
    torch.testing.assert_close(out[:, 12:], -out[:, :12])
    assert not net.whiten.weight.requires_grad


# ---------------------------------------------------------------------------- the five parts on the functions

PARTS = ("simple_net", "deep_net", "train_epoch", "evaluate", "confusion_matrix")
TRAIN, MODEL = "train.py", "model.py"


@pytest.fixture
def graded_data(monkeypatch):
    """The data `check` grades on without $CIFAR10_DIR: the generated fixture the reference checkpoint was
    trained on (the module's smaller fixture is another draw, with other class colours)."""
    monkeypatch.delenv("CIFAR10_DIR", raising=False)
    if (DATASETS / data_utils.BATCH_FOLDER / "test_batch").is_file():
        pytest.skip("the real CIFAR-10 is downloaded: the reference checkpoint is trained on the fixture")


def test_reference_passes_the_five_parts(course, t_en, graded_data):
    parts = grade_reference(course, AID, t_en, within_s=300)
    assert "1,626,442 parameters" in parts["simple_net"].message
    assert parts["train_epoch"].details["loss_after"] < parts["train_epoch"].details["loss_before"]
    assert parts["test_accuracy"].score == 90 and parts["test_accuracy"].details["value"] >= 0.75


def test_stub_is_not_implemented_in_each_of_the_five_parts(course, t_en, stub_copy, graded_data):
    results = by_part(grade_dir(course, AID, stub_copy(AID), t_en)[0])
    assert set(results) == set(PARTS) | {"model_loads", "test_accuracy"}
    for part, r in results.items():
        assert (r.status, r.score) == ("not_implemented", 0), (part, r.status, r.message)
    assert "train.py" in results["train_epoch"].message and "model.py" in results["deep_net"].message


# (file, the reference's code, the mistake, the part it must cost, words of its message)
MISTAKES = {
    "train_no_zero_grad": (TRAIN, "        optimizer.zero_grad()\n        loss.backward()\n",
                           "        loss.backward()\n", "train_epoch", ["sum over batches 1..2", "zero_grad()"]),
    "train_no_backward": (TRAIN, "        optimizer.zero_grad()\n        loss.backward()\n",
                          "        optimizer.zero_grad()\n", "train_epoch",
                          ["batch 1 the parameters had no gradients", "loss.backward()"]),
    "train_zero_after_backward": (TRAIN, "        optimizer.zero_grad()\n        loss.backward()\n",
                                  "        loss.backward()\n        optimizer.zero_grad()\n", "train_epoch",
                                  ["gradients were zero"]),
    "train_no_train_mode": (TRAIN, "    model.train()\n", "", "train_epoch", ["model.train()"]),
    "train_sums_the_losses": (TRAIN, "    return total_loss / count, correct / count\n    ### END SOLUTION\n\n\n"
                              "def evaluate", "    return total_loss, correct / count\n    ### END SOLUTION\n\n\n"
                              "def evaluate", "train_epoch", ["returned mean_loss"]),
    "eval_no_eval_mode": (TRAIN, "    model.eval()\n    total_loss", "    total_loss", "evaluate", ["model.eval()"]),
    "eval_with_grad": (TRAIN, "    with torch.no_grad():\n        for images, labels in loader:\n",
                       "    if True:\n        for images, labels in loader:\n", "evaluate", ["torch.no_grad()"]),
    "eval_batch_means": (TRAIN, "            total_loss += F.cross_entropy(scores, labels).item() * len(labels)\n"
                         "            correct += (scores.argmax(1) == labels).sum().item()\n"
                         "            count += len(labels)\n    return total_loss / count, correct / count\n",
                         "            total_loss += F.cross_entropy(scores, labels).item()\n"
                         "            correct += (scores.argmax(1) == labels).sum().item()\n"
                         "            count += len(labels)\n    return total_loss / len(loader), correct / count\n",
                         "evaluate", ["returned mean_loss", "mean of the batches' means"]),
    "cm_transposed": (TRAIN, "np.asarray(y_true, dtype=np.int64) * num_classes + np.asarray(y_pred, dtype=np.int64)",
                      "np.asarray(y_pred, dtype=np.int64) * num_classes + np.asarray(y_true, dtype=np.int64)",
                      "confusion_matrix", ["transpose"]),
    "cm_loop": (TRAIN, "    flat = np.asarray(y_true, dtype=np.int64) * num_classes",
                "    confusion = np.zeros((num_classes, num_classes), dtype=np.int64)\n"
                "    for t, p in zip(y_true, y_pred):\n        confusion[t, p] += 1\n    return confusion\n"
                "    flat = np.asarray(y_true, dtype=np.int64) * num_classes", "confusion_matrix",
                ["one by one", "np.bincount"]),
    "simple_no_relu": (MODEL, "        x = F.relu(self.conv2(x))\n", "        x = self.conv2(x)\n", "simple_net",
                       ["differ from", "score ["]),
    "simple_average_pool": (MODEL, "        x = self.dropout1(F.max_pool2d(x, 2))\n",
                            "        x = self.dropout1(F.avg_pool2d(x, 2))\n", "simple_net", ["differ from"]),
    "deep_no_batchnorm": (MODEL,
                          "                       nn.Conv2d(c_out, c_out, 3, padding=1), nn.BatchNorm2d(c_out), nn.ReLU(),\n",
                          "                       nn.Conv2d(c_out, c_out, 3, padding=1), nn.ReLU(),\n", "deep_net",
                          ["followed by a BatchNorm2d", "conv 2 is followed by Conv2d(128)"]),
    "deep_fixed_dropout": (MODEL, "nn.Sequential(nn.Flatten(), nn.Dropout(dropout), nn.Linear(",
                           "nn.Sequential(nn.Flatten(), nn.Dropout(0.3), nn.Linear(", "deep_net", ["dropout probabilities"]),
}


@pytest.mark.parametrize("case", sorted(MISTAKES))
def test_a_mistake_costs_only_its_own_part(case, course, t_en, solution_copy, graded_data):
    """Every other part passes, the checkpoint's too (deep_net's mistakes also change build_model's keys)."""
    file, old, new, part, words = MISTAKES[case]
    code = solution_copy(AID)
    edit(code / file, old, new)
    results = by_part(grade_dir(course, AID, code, t_en)[0])
    if part == "deep_net":
        results = {p: r for p, r in results.items() if p not in ("model_loads", "test_accuracy")}
    lost = {p: (r.status, r.message) for p, r in results.items() if r.status != "passed"}
    assert set(lost) == {part}, lost
    for word in words:
        assert word in results[part].message, (word, results[part].message)


# ---------------------------------------------------------------------------- training and grading

@pytest.fixture(scope="module")
def trained(tmp_path_factory, fixture_dir):
    """The reference, trained for a few seconds on the fixture with its own train.py."""
    folder = tmp_path_factory.mktemp("trained") / AID
    folder.mkdir()
    for name in ("model.py", "train.py"):
        (folder / name).write_bytes((SOLUTIONS / AID / name).read_bytes())
    proc = train_cli(folder, fixture_dir.parent, "--epochs", "3", "--batch-size", "16", "--seed", "0")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return folder, proc.stdout


@pytest.mark.slow
def test_short_training_run_logs_and_saves_a_state_dict(trained):
    folder, log = trained
    epochs = re.findall(r"epoch\s+(\d)/3\s+loss ([\d.]+)\s+train\s+([\d.]+)%\s+test\s+([\d.]+)%\s+([\d.]+) s", log)
    assert [e[0] for e in epochs] == ["1", "2", "3"], log
    assert "300 training and 300 test images" in log and "DeepConvNet with 308,394 parameters" in log
    state = torch.load(folder / "checkpoint.pt", weights_only=True)
    assert isinstance(state, dict) and state["classifier.2.weight"].shape == (10, 128 * 4 * 4)
    best = float(re.search(r"best test accuracy ([\d.]+)%", log).group(1))
    assert best == pytest.approx(max(float(e[3]) for e in epochs), abs=0.05)


@pytest.mark.slow
def test_grading_path_on_the_trained_checkpoint(trained, fixture_dir, fixture_course, t_en):
    folder, log = trained
    best = float(re.search(r"best test accuracy ([\d.]+)%", log).group(1)) / 100
    results, report = self_check(fixture_course, AID, folder, "en")
    parts = by_part(results)
    assert set(parts) == set(PARTS) | {"model_loads", "test_accuracy"}
    assert all(parts[p].status == "passed" for p in PARTS + ("model_loads",)), report
    acc = parts["test_accuracy"]
    # the grader's accuracy (labels held by the parent) is the one train.py measured for this checkpoint
    assert acc.details["value"] == pytest.approx(best, abs=5e-5), (acc.message, best)   # the log rounds to 0.01 %
    assert best >= majority_share(fixture_dir) + 0.07, "a few seconds of training must beat chance clearly"
    assert acc.status == "passed" and acc.score == 90, acc.message
    assert "All 7 parts pass" in report
    assert "test accuracy on 300 held-out images" in acc.message


# ---------------------------------------------------------------------------- guards

def small_net_folder(root: Path, net: str = SMALL_NET) -> Path:
    """The reference with a small network in build_model (fast to run), no checkpoint."""
    folder = root / AID
    folder.mkdir(parents=True)
    for name in ("model.py", "train.py"):
        (folder / name).write_bytes((SOLUTIONS / AID / name).read_bytes())
    edit(folder / "model.py", "    return DeepConvNet(widths=(32, 64, 128))\n", net)
    return folder


def small_state(folder: Path):
    import importlib.util
    spec = importlib.util.spec_from_file_location(f"a5_guard_{abs(hash(str(folder)))}", folder / "model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    torch.manual_seed(0)
    return module.build_model().state_dict()


def too_large(folder):
    with open(folder / "checkpoint.pt", "wb") as f:
        f.truncate(101 * 2**20)


def renamed_keys(folder):
    torch.save({"_orig_mod." + k: v for k, v in small_state(folder).items()}, folder / "checkpoint.pt")


def wrong_shape(folder):
    state = small_state(folder)
    state["0.weight"] = torch.zeros(8, 3, 3, 3)
    torch.save(state, folder / "checkpoint.pt")


def nan_weights(folder):
    state = small_state(folder)
    state["13.weight"][3] = float("nan")
    torch.save(state, folder / "checkpoint.pt")


def unreadable(folder):
    (folder / "checkpoint.pt").write_bytes(b"not a checkpoint at all")


def not_a_state_dict(folder):
    torch.save([torch.zeros(3)], folder / "checkpoint.pt")


def good(folder):
    torch.save(small_state(folder), folder / "checkpoint.pt")


SEVEN_OUTPUTS = SMALL_NET.replace("nn.Linear(64, 10)", "nn.Linear(64, 7)")
SLOW_NET = SMALL_NET.replace("    return nn.Sequential(", "    return SlowNet(nn.Sequential(") \
    .replace("nn.Flatten(), nn.Linear(64, 10))", "nn.Flatten(), nn.Linear(64, 10)))") + '''

class SlowNet(nn.Module):
    """Fine on a few images, far too slow on the whole test set (whatever the grader's batch size)."""

    def __init__(self, net):
        super().__init__()
        self.net, self.seen = net, 0

    def forward(self, x):
        self.seen += len(x)
        if self.seen > 64:
            import time
            time.sleep(60)
        return self.net(x)
'''

GUARDS = {
    # case: (network in build_model, how the checkpoint is written, status, words in the message)
    "too_large": (SMALL_NET, too_large, "bad_checkpoint", ["101.0 MB; the limit is 100 MB"]),
    "keys_compile": (SMALL_NET, renamed_keys, "bad_checkpoint",
                     ["do not match", "23 missing", "23 unexpected", "'_orig_mod.'", "torch.compile"]),
    "shape": (SMALL_NET, wrong_shape, "bad_checkpoint", ["0.weight has shape (8, 3, 3, 3)", "(16, 3, 3, 3)"]),
    "not_state_dict": (SMALL_NET, not_a_state_dict, "bad_checkpoint", ["holds list, not a state_dict"]),
    "unreadable": (SMALL_NET, unreadable, "bad_checkpoint", ["cannot read checkpoint.pt", "Unsupported operand"]),
    "output_shape": (SEVEN_OUTPUTS, good, "bad_output", ["shape (64, 7) for 64 images", "expected (64, 10)"]),
    "nan": (SMALL_NET, nan_weights, "bad_output", ["NaN or inf for 64 of 64 images"]),
    "missing": (SMALL_NET, None, "missing_file", ["checkpoint.pt is missing"]),
}


@pytest.mark.slow
@pytest.mark.parametrize("case", sorted(GUARDS))
def test_guard(case, tmp_path, fixture_dir, fixture_course, t_en):
    net, write, status, words = GUARDS[case]
    folder = small_net_folder(tmp_path, net)
    if write:
        write(folder)
    results = by_part(grade_dir(fixture_course, AID, folder, t_en)[0])
    for part in ("model_loads", "test_accuracy"):
        r = results[part]
        assert (r.status, r.score) == (status, 0), (part, r.status, r.message)
        for w in words if part == "model_loads" else words[:1] if case not in ("output_shape", "nan") else []:
            assert w in r.message, (w, r.message)
    assert "Traceback" not in results["model_loads"].message


@pytest.mark.slow
def test_small_net_checkpoint_passes_model_loads(tmp_path, fixture_dir, fixture_course, t_en):
    folder = small_net_folder(tmp_path)
    good(folder)
    results = by_part(grade_dir(fixture_course, AID, folder, t_en)[0])
    assert results["model_loads"].status == "passed", results["model_loads"].message
    assert "returns (64, 10) finite logits" in results["model_loads"].message
    assert results["test_accuracy"].status in ("passed", "failed")
    assert 0 <= results["test_accuracy"].details["value"] <= 1


@pytest.mark.slow
def test_code_on_load_is_refused_and_never_runs(tmp_path, fixture_dir, fixture_course, t_en):
    folder = small_net_folder(tmp_path)
    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.system, (f"touch {marker}",))

    torch.save({"13.weight": torch.zeros(10, 64), "payload": Payload()}, folder / "checkpoint.pt")
    results = by_part(grade_dir(fixture_course, AID, folder, t_en)[0])
    r = results["model_loads"]
    assert r.status == "bad_checkpoint", r.message
    assert "weights_only=True) refused checkpoint.pt" in r.message and "GLOBAL posix.system" in r.message
    assert not marker.exists(), "the checkpoint's code ran"
    code_on_load(folder)   # the demo's sample: refused the same way
    assert by_part(grade_dir(fixture_course, AID, folder, t_en)[0])["test_accuracy"].status == "bad_checkpoint"


@pytest.mark.slow
def test_inference_past_the_time_limit(tmp_path, fixture_dir, fixture_course, t_en):
    folder = small_net_folder(tmp_path, SLOW_NET)
    good(folder)
    results = by_part(grade_dir(with_limits(fixture_course, 8), AID, folder, t_en)[0])
    assert results["model_loads"].status == "passed", results["model_loads"].message
    r = results["test_accuracy"]
    assert (r.status, r.score) == ("timeout", 0), r.message
    assert "stopped after 8 s" in r.message


@pytest.mark.slow
def test_stub_and_untrained_reference(tmp_path, fixture_dir, fixture_course, t_en):
    stub = tmp_path / "stub" / AID
    stub.mkdir(parents=True)
    for name in ("model.py", "train.py"):
        (stub / name).write_bytes((ASSIGNMENTS / AID / name).read_bytes())
    results = grade_dir(fixture_course, AID, stub, t_en)[0]
    assert {r.status for r in results} == {"not_implemented"}
    assert "model.py" in results[0].message
    ref = tmp_path / "ref" / AID
    ref.mkdir(parents=True)
    (ref / "model.py").write_bytes((SOLUTIONS / AID / "model.py").read_bytes())
    untrained(ref)
    parts = by_part(grade_dir(fixture_course, AID, ref, t_en)[0])
    assert parts["model_loads"].status == "passed"
    assert parts["test_accuracy"].details["value"] < majority_share(fixture_dir) + 0.07
    assert parts["test_accuracy"].score < 90


def code_lines(path: Path) -> str:
    """A file's code without its comments and docstrings' TODO text: what the student is handed to run."""
    return "\n".join(line.split("#", 1)[0] for line in path.read_text().splitlines())


def test_stub_leaves_the_nets_and_the_loop_to_the_student():
    train_code, model_code = code_lines(ASSIGNMENTS / AID / "train.py"), code_lines(ASSIGNMENTS / AID / "model.py")
    for name in ("def train_epoch(", "def evaluate(", "def confusion_matrix(", "def main("):
        assert name in train_code
    for code in ("loss.backward()", "zero_grad()", "np.bincount", "F.cross_entropy("):
        assert code not in train_code, code
    assert "nn.Conv2d(" not in model_code and "return DeepConvNet(" not in model_code
    assert "class SimpleConvNet(nn.Module)" in model_code and "class DeepConvNet(nn.Module)" in model_code
    assert not list((ASSIGNMENTS / AID).glob("*.pt"))
    assert "airbench" not in train_code + model_code and len(train_code.splitlines()) < 260


# ---------------------------------------------------------------------------- the data verb

def test_manifest_lists_sources_licences_and_checksums():
    manifest = data.load_manifest()
    assert set(manifest) >= {"cifar10", "stock", "zoo"}
    cifar = manifest["cifar10"]
    assert cifar["archive"]["md5"] == "c58f30108f718f92721af3b95e74349a"
    assert set(cifar["files"]) == {f"data_batch_{i}" for i in range(1, 6)} | {"test_batch", "batches.meta"}
    from torchvision.datasets import CIFAR10
    for name, md5 in CIFAR10.train_list + CIFAR10.test_list + [[CIFAR10.meta["filename"], CIFAR10.meta["md5"]]]:
        assert cifar["files"][name]["md5"] == md5
    assert manifest["zoo"]["licence"] == "CC BY 4.0"
    for name in ("stock", "zoo"):
        assert manifest[name]["url"].startswith("http")
        assert data.verify(name) == DATASETS


def test_verification_finds_missing_and_changed_files(tmp_path):
    folder = tmp_path / "cifar-10-batches-py"
    folder.mkdir()
    files = {}
    for name in ("data_batch_1", "test_batch"):
        (folder / name).write_bytes(name.encode() * 100)
        files[name] = {"md5": hashlib.md5(name.encode() * 100).hexdigest()}
    manifest = {"cifar10": {"url": "https://example.invalid/c.tgz", "folder": "cifar-10-batches-py", "files": files}}
    assert data.verify("cifar10", tmp_path, manifest) == folder
    assert data.verify("cifar10", folder, manifest) == folder
    (folder / "test_batch").write_bytes(b"changed")
    (folder / "data_batch_1").unlink()
    with pytest.raises(data.DataError) as exc:
        data.verify("cifar10", tmp_path, manifest)
    assert "data_batch_1 is missing" in str(exc.value) and "test_batch: md5 does not match" in str(exc.value)
    with pytest.raises(data.DataError, match="unknown data set"):
        data.verify("mnist", tmp_path, manifest)


def test_data_cli_locates_zoo_and_refuses_a_changed_copy(tmp_path):
    ok = subprocess.run([sys.executable, "-m", "autograder", "data", "zoo"], cwd=ROOT, capture_output=True, text=True)
    assert ok.returncode == 0 and "CC BY 4.0" in ok.stdout, ok.stderr
    (tmp_path / "data-04-zoo.csv").write_text("1,2,3\n")
    bad = subprocess.run([sys.executable, "-m", "autograder", "data", "zoo", "--root", str(tmp_path)], cwd=ROOT,
                         capture_output=True, text=True)
    assert bad.returncode == 1 and "sha256 does not match" in bad.stderr and "Traceback" not in bad.stderr


@pytest.mark.slow
def test_cifar10_download_offline_fails_with_one_line(tmp_path):
    env = dict(os.environ, https_proxy="http://127.0.0.1:9", http_proxy="http://127.0.0.1:9",
               HTTPS_PROXY="http://127.0.0.1:9", HTTP_PROXY="http://127.0.0.1:9")
    proc = subprocess.run([sys.executable, "-m", "autograder", "data", "cifar10", "--root", str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: could not download cifar10"), proc.stderr


# ---------------------------------------------------------------------------- the GPU, where there is one

@pytest.mark.gpu
@pytest.mark.slow
def test_reference_trains_on_cuda(tmp_path, fixture_dir):
    folder = tmp_path / AID
    folder.mkdir()
    for name in ("model.py", "train.py"):
        (folder / name).write_bytes((SOLUTIONS / AID / name).read_bytes())
    proc = subprocess.run([sys.executable, "train.py", "--data", str(fixture_dir.parent), "--device", "cuda",
                           "--epochs", "5", "--batch-size", "32"], cwd=folder, capture_output=True, text=True,
                          env=dict(os.environ, PYTHONPATH=str(DATASETS)), timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "on cuda" in proc.stdout
    state = torch.load(folder / "checkpoint.pt", weights_only=True)
    assert all(v.device.type == "cpu" for v in state.values())
    assert float(re.search(r"best test accuracy ([\d.]+)%", proc.stdout).group(1)) >= 18


@pytest.mark.slow
def test_bench_gpu_smoke_run_on_the_cpu(fixture_dir):
    proc = subprocess.run([sys.executable, "-m", "bench.gpu", "--device", "cpu", "--data", str(fixture_dir.parent),
                           "--epochs", "1", "--limit", "64", "--batch-size", "32"], cwd=ROOT, capture_output=True,
                          text=True, env=dict(os.environ, OMP_NUM_THREADS="2"), timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert re.search(r"run 1/1: test accuracy [\d.]+ % \(flip TTA [\d.]+ %\), training [\d.]+ s", proc.stdout), proc.stdout
    assert "mean test accuracy" in proc.stdout and "target" in proc.stdout


class ViewAfterConv(torch.nn.Module):
    """A student's net in PyTorch's old idiom: x.view(N, -1) after a convolution (fails in channels-last)."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.conv, self.fc = torch.nn.Conv2d(3, 4, 3), torch.nn.Linear(4 * 30 * 30, 10)

    def forward(self, x):
        x = self.conv(x)
        return self.fc(x.view(x.size(0), -1))


class SharedConv(torch.nn.Module):
    """One convolution on two paths, batch norm on one only: folding the norm into it would change both."""

    def __init__(self):
        super().__init__()
        torch.manual_seed(0)
        self.conv, self.bn = torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4)
        self.fc = torch.nn.Linear(4 * 30 * 30, 10)
        self.bn.running_mean.fill_(0.5)
        self.bn.running_var.fill_(4.0)

    def forward(self, x):
        return self.fc(torch.flatten(torch.relu(self.bn(self.conv(x))) + self.conv(x), 1))


def conv_bn_relu():
    torch.manual_seed(0)
    net = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.BatchNorm2d(4), torch.nn.ReLU(), torch.nn.Flatten(),
                              torch.nn.Linear(4 * 30 * 30, 10))
    net[1].running_mean.uniform_(-1, 1)
    net[1].running_var.uniform_(0.5, 2)
    return net


@pytest.mark.parametrize("net", [ViewAfterConv, conv_bn_relu, SharedConv],
                         ids=["view-after-conv", "conv-bn-relu", "shared-conv"])
def test_held_out_logits_are_the_plain_forwards_whatever_the_net(net):
    """forward_all (channels-last, batch norms folded, ReLU in place, 50 a batch) gives the logits of a plain
    forward pass, and falls back to the default layout, or to the net as written, where the speed-up
    would change them: no student's prediction depends on it."""
    from autograder.checks.a5_cifar10_gpu.inference import forward_all
    model = net().eval()
    images = np.random.default_rng(0).standard_normal((250, 3, 32, 32)).astype(np.float32)
    with torch.no_grad():
        plain = model(torch.from_numpy(images))
    got = torch.cat(forward_all(model, images))
    assert got.shape == (250, 10)
    assert torch.equal(got.argmax(1), plain.argmax(1)) and torch.allclose(got, plain, atol=1e-5)


def test_folding_keeps_a_net_it_would_change_and_folds_one_it_would_not():
    from autograder.checks.a5_cifar10_gpu.inference import folded
    x = torch.randn(8, 3, 32, 32)
    with torch.no_grad():
        shared = SharedConv().eval()
        assert folded(shared, x) is shared
        plain = conv_bn_relu().eval()
        fast = folded(plain, x)
        assert fast is not plain, "a conv - batch norm - ReLU net is folded"
        assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in fast.modules()), "its batch norm is folded"
        assert torch.allclose(fast(x), plain(x), atol=1e-5)


KEEP_FREED = """
import resource, sys, numpy as np, torch
from autograder.checks.a5_cifar10_gpu.inference import forward_all
torch.set_num_threads(1)
net = torch.nn.Sequential(torch.nn.Conv2d(3, 64, 3, padding=1), torch.nn.ReLU(), torch.nn.Flatten(),
                          torch.nn.Linear(64 * 32 * 32, 10)).eval()
images = np.zeros((500, 3, 32, 32), np.float32)
def faults(run):
    run()
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    run()
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before
def plain():
    with torch.no_grad():
        for i in range(0, 500, 50):
            net(torch.from_numpy(images[i:i + 50]))
print(faults(plain), faults(lambda: forward_all(net, images)))
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="keep_freed_memory tunes glibc's malloc")
def test_held_out_batches_reuse_freed_memory_instead_of_page_faulting():
    """Each batch's 13 MB activations come from memory the last batch freed: the second pass over the
    images page-faults far less than a plain forward pass does."""
    proc = subprocess.run([sys.executable, "-c", KEEP_FREED], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    plain, kept = (int(v) for v in proc.stdout.split())
    assert plain > 10_000 and kept < plain / 20, f"page faults: plain forward {plain:,}, forward_all {kept:,}"


def test_a_checkpoint_over_the_courses_limit_gets_nothing_judged_in_the_parent(course, t_en):
    """course.yml's max_checkpoint_mb (the one `pack` enforces) is the grader's limit too."""
    from autograder.checks.a5_cifar10_gpu.checkpoint import judge_loads
    from autograder.model.check import JudgeContext
    got = {"logits": np.zeros((4, 10), np.float32), "bytes": np.array(2**20), "params": np.array(10)}
    small = dataclasses.replace(course.assignments[AID], max_checkpoint_mb=0.5)
    for assignment, passed in ((small, False), (course.assignments[AID], True)):
        ctx = JudgeContext(t=t_en, part=assignment.parts["model_loads"], assignment=assignment, aid=AID)
        verdict = judge_loads(got, {}, ctx)
        assert verdict.passed is passed, verdict.message
    assert verdict.status != "bad_checkpoint"
    ctx = JudgeContext(t=t_en, part=small.parts["model_loads"], assignment=small, aid=AID)
    verdict = judge_loads(got, {}, ctx)
    assert verdict.status == "bad_checkpoint" and "1.0 MB; the limit is 0.5 MB" in verdict.message
