"""a5's model_loads and test_accuracy: the student's network and checkpoint, graded on held-out accuracy.

The parent writes the test images (normalised as the kit's transform does) into the inputs folder;
the child imports the student's `model.py`, calls `build_model()`, loads `checkpoint.pt` with
`torch.load(weights_only=True)` and strict keys, and returns the logits. The child never sees a
label: the parent reads them itself and computes the accuracy, and course.yml's thresholds give the
share of the points. Every way a checkpoint can be wrong comes back as a problem code with plain
numbers (and names as UTF-8 bytes), so that the parent words the message in the student's language.

The test set is $CIFAR10_DIR when set, else `data_utils.cifar10_dir()` (the real CIFAR-10 when
downloaded, else the generated fixture).
"""
from __future__ import annotations

import importlib.util
import os
import pickle
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
import torch

from autograder.checks.a5_cifar10_gpu.inference import NUM_CLASSES, forward_all
from autograder.model.check import Verdict
from autograder.sandbox.child import SubmissionProblem
from autograder.model.judge import thresholds
from autograder.config.checkpoint import CHECKPOINT, LOAD_CEILING_MB, max_checkpoint_mb
from autograder.config.messages import register
from autograder.config.paths import DATASETS

SAMPLE = 64                     # images of the quick model_loads part
TEST_FILE, SAMPLE_FILE = "a5_test_images.npy", "a5_sample_images.npy"
TEXT_BYTES = 2000               # names and error texts sent back are cut to this

# Problem codes the child returns instead of logits.
TOO_LARGE, REFUSED, UNREADABLE, NOT_STATE_DICT, KEYS, SHAPES, NOT_MODULE, NOT_TENSOR = range(1, 9)

register({
    "a5.too_large": {
        "en": "checkpoint.pt is {mb:.1f} MB; the limit is {limit} MB. Save only the weights of the model you "
              "submit: torch.save(model.state_dict(), 'checkpoint.pt')",
        "ko": "checkpoint.pt가 {mb:.1f} MB로 제한({limit} MB)을 넘습니다. 제출하는 모델의 가중치만 저장하세요: "
              "torch.save(model.state_dict(), 'checkpoint.pt')"},
    "a5.refused": {
        "en": "torch.load(weights_only=True) refused checkpoint.pt ({error}). A checkpoint may hold only tensors: "
              "save model.state_dict(), not the whole model or other Python objects; a file that would run code "
              "when loaded is never opened",
        "ko": "torch.load(weights_only=True)가 checkpoint.pt를 거부했습니다 ({error}). 체크포인트에는 텐서만 "
              "들어 있어야 합니다: 모델 전체나 다른 파이썬 객체가 아니라 model.state_dict()를 저장하세요. "
              "불러올 때 코드를 실행하는 파일은 절대 열지 않습니다"},
    "a5.unreadable": {
        "en": "torch.load cannot read checkpoint.pt ({error}); save it again with "
              "torch.save(model.state_dict(), 'checkpoint.pt')",
        "ko": "torch.load가 checkpoint.pt를 읽지 못했습니다 ({error}). "
              "torch.save(model.state_dict(), 'checkpoint.pt')로 다시 저장하세요"},
    "a5.not_state_dict": {
        "en": "checkpoint.pt holds {kind}, not a state_dict (a dict of parameter names to tensors): "
              "save model.state_dict()",
        "ko": "checkpoint.pt에 state_dict(파라미터 이름 -> 텐서 dict)가 아니라 {kind}이(가) 들어 있습니다: "
              "model.state_dict()를 저장하세요"},
    "a5.keys": {
        "en": "the keys of checkpoint.pt do not match build_model()'s: {n_missing} missing ({missing}), "
              "{n_unexpected} unexpected ({unexpected}). Does build_model() build the network you trained?",
        "ko": "checkpoint.pt의 키가 build_model()의 키와 다릅니다: 없는 키 {n_missing}개 ({missing}), "
              "예상하지 못한 키 {n_unexpected}개 ({unexpected}). build_model()이 학습한 그 네트워크를 만드나요?"},
    "a5.hint.prefix": {
        "en": "every key of the checkpoint starts with '{prefix}' ({why}): save the inner model's state_dict, "
              "or remove the prefix from the keys before saving",
        "ko": "체크포인트의 모든 키가 '{prefix}'로 시작합니다 ({why}). 안쪽 모델의 state_dict를 저장하거나, "
              "저장하기 전에 키에서 접두어를 지우세요"},
    "a5.shapes": {
        "en": "checkpoint.pt's {name} has shape {got}, but build_model() makes {expected} "
              "({n} tensors differ): does build_model() build the network you trained?",
        "ko": "checkpoint.pt의 {name} shape은 {got}인데 build_model()은 {expected}를 만듭니다 "
              "(다른 텐서 {n}개): build_model()이 학습한 그 네트워크를 만드나요?"},
    "a5.not_module": {"en": "build_model() returned {kind}, not a torch.nn.Module",
                      "ko": "build_model()이 torch.nn.Module이 아니라 {kind}을(를) 반환했습니다"},
    "a5.not_tensor": {"en": "the model returned {kind}, not a tensor of logits of shape (N, 10)",
                      "ko": "모델이 (N, 10) 로짓 텐서가 아니라 {kind}을(를) 반환했습니다"},
    "a5.out_shape": {"en": "the model's output has shape {got} for {n} images; expected ({n}, 10) logits",
                     "ko": "이미지 {n}장에 대한 모델 출력의 shape이 {got}입니다. ({n}, 10) 로짓이어야 합니다"},
    "a5.nan": {"en": "the model's output holds NaN or inf for {bad} of {n} images (image {first} first)",
               "ko": "이미지 {n}장 중 {bad}장의 모델 출력에 NaN 또는 inf가 있습니다 (처음은 {first}번 이미지)"},
    "a5.loads": {"en": "build_model() loads checkpoint.pt ({params:,} parameters, {mb:.1f} MB) and returns "
                       "({n}, 10) finite logits",
                 "ko": "build_model()이 checkpoint.pt를 불러오고 (파라미터 {params:,}개, {mb:.1f} MB) "
                       "유한한 ({n}, 10) 로짓을 반환합니다"},
    "a5.accuracy": {"en": "test accuracy on {n} held-out images", "ko": "테스트 이미지 {n}장의 정확도"},
    "a5.why.module": {"en": "a model wrapped in nn.DataParallel", "ko": "nn.DataParallel로 감싼 모델"},
    "a5.why.compile": {"en": "a model compiled with torch.compile", "ko": "torch.compile로 컴파일한 모델"},
    "a5.why.other": {"en": "a model wrapped in another module", "ko": "다른 모듈로 감싼 모델"},
})


# ---------------------------------------------------------------------------- parent side: the data

def _data_utils():
    spec = importlib.util.spec_from_file_location("a5_data_utils", DATASETS / "data_utils.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def data_root() -> Path:
    """The folder of the graded test set: $CIFAR10_DIR, else data_utils.cifar10_dir()."""
    du = _data_utils()
    root = Path(os.environ["CIFAR10_DIR"]) if os.environ.get("CIFAR10_DIR") else Path(du.cifar10_dir())
    return root / du.BATCH_FOLDER if (root / du.BATCH_FOLDER).is_dir() else root


@lru_cache(maxsize=2)
def _test_set(root: Path):
    du = _data_utils()
    X, y = du.load_cifar10_batch(root / "test_batch")
    return du.normalize_cifar10(X), y


def test_set():
    """Parent side only: (images (N, 3, 32, 32) float32 normalised, labels (N,) int64)."""
    return _test_set(data_root())


def write_test_images(folder: Path, seed: int) -> None:
    np.save(folder / TEST_FILE, test_set()[0])


def write_sample_images(folder: Path, seed: int) -> None:
    np.save(folder / SAMPLE_FILE, test_set()[0][:SAMPLE])


# ---------------------------------------------------------------------------- child side: the model

def _text(s: str) -> np.ndarray:
    return np.frombuffer(s.encode("utf-8", "replace")[:TEXT_BYTES], dtype=np.uint8)


def _reason(text: str) -> str:
    """The informative line of torch's long weights_only message."""
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line).strip() for line in text.splitlines()]
    for word in ("GLOBAL", "Unsupported", ""):
        for line in lines:
            if word in line and line:
                return line
    return "?"


def _names(names) -> np.ndarray:
    return _text("\n".join(sorted(names)))


def loaded_model(ctx):
    """build_model() with checkpoint.pt loaded; a dict describing the problem instead when it fails."""
    build_model = getattr(ctx.load("model"), "build_model", None)
    if not callable(build_model):
        raise SubmissionProblem("missing", "model.py", "build_model")
    model = build_model()
    if not isinstance(model, torch.nn.Module):
        return {"problem": NOT_MODULE, "text": _text(type(model).__name__)}
    path = Path(ctx.dir) / CHECKPOINT
    if not path.is_file():
        raise SubmissionProblem("missing_file", CHECKPOINT)
    size = path.stat().st_size
    if size > LOAD_CEILING_MB * 2**20:   # the course's own limit is the parent's to judge, from "bytes"
        return {"problem": TOO_LARGE, "bytes": size}
    loaded = _load_into(model, path)
    loaded["bytes"] = size
    return loaded


def _load_into(model, path: Path) -> dict:
    """The model with the checkpoint's weights (strict), or a dict describing why not."""
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as exc:   # weights_only met something that is not a tensor, or garbage
        text = str(exc)
        return {"problem": REFUSED if "GLOBAL" in text else UNREADABLE, "text": _text(_reason(text))}
    except Exception as exc:  # a truncated or foreign file
        return {"problem": UNREADABLE, "text": _text(f"{type(exc).__name__}: {exc}".splitlines()[0])}
    if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
        kind = type(state).__name__ if not isinstance(state, dict) else "a dict whose values are not all tensors"
        return {"problem": NOT_STATE_DICT, "text": _text(kind)}
    own = model.state_dict()
    missing, unexpected = set(own) - set(state), set(state) - set(own)
    if missing or unexpected:
        return {"problem": KEYS, "missing": _names(missing), "unexpected": _names(unexpected),
                "counts": np.array([len(missing), len(unexpected)])}
    wrong = sorted(k for k in own if tuple(own[k].shape) != tuple(state[k].shape))
    if wrong:
        k = wrong[0]
        return {"problem": SHAPES, "text": _text(k), "got": np.array(state[k].shape, dtype=np.int64),
                "expected": np.array(own[k].shape, dtype=np.int64), "count": len(wrong)}
    model.load_state_dict(state, strict=True)
    model.eval()
    return {"model": model, "params": sum(int(v.numel()) for v in state.values())}


def predict_file(name: str):
    def call(ctx):
        loaded = loaded_model(ctx)
        if "problem" in loaded:
            return loaded
        images = np.load(Path(ctx.inputs) / name, allow_pickle=False)
        outs = []
        for out in forward_all(loaded["model"], images):
            if not isinstance(out, torch.Tensor):
                return {"problem": NOT_TENSOR, "text": _text(type(out).__name__)}
            if out.dim() != 2 or out.shape[1] != NUM_CLASSES:
                return {"out_shape": np.array((len(images),) + tuple(out.shape[1:]), dtype=np.int64)}
            outs.append(out.detach().float().cpu())
        logits = torch.cat(outs).numpy()
        if logits.shape[0] != len(images):
            return {"out_shape": np.array(logits.shape, dtype=np.int64)}
        return {"logits": logits, "bytes": loaded["bytes"], "params": loaded["params"]}
    return call


# ---------------------------------------------------------------------------- parent side: judges

def _decode(array) -> str:
    return bytes(np.asarray(array, dtype=np.uint8)).decode("utf-8", "replace")


def _examples(names: list[str], limit: int = 3) -> str:
    return ", ".join(names[:limit]) + (", ..." if len(names) > limit else "") if names else "-"


def _prefix_hint(t, unexpected: list[str], n_missing: int, n_unexpected: int) -> str:
    """torch.compile and DataParallel prefix every key: say so when that looks like the whole difference."""
    if not unexpected or n_missing != n_unexpected:
        return ""
    first = unexpected[0].split(".", 1)[0] + "."
    if all(k.startswith(first) for k in unexpected):
        why = {"module.": "a5.why.module", "_orig_mod.": "a5.why.compile"}.get(first, "a5.why.other")
        return "; " + t("hint.prefix") + t("a5.hint.prefix", prefix=first, why=t(why))
    return ""


def problem_verdict(got: dict, t, limit_mb: float) -> Verdict | None:
    """The failing verdict for a checkpoint or an output that cannot be graded (a checkpoint over the
    course's `limit_mb` included); None when fine."""
    if int(got.get("bytes", 0)) > limit_mb * 2**20:   # whatever else is wrong with it
        got = {"problem": TOO_LARGE, "bytes": got["bytes"]}
    if "problem" in got:
        code = int(got["problem"])
        text = _decode(got["text"]) if "text" in got else ""
        if code == TOO_LARGE:
            msg = t("a5.too_large", mb=int(got["bytes"]) / 2**20, limit=f"{limit_mb:g}")
        elif code == REFUSED:
            msg = t("a5.refused", error=text)
        elif code == UNREADABLE:
            msg = t("a5.unreadable", error=text)
        elif code == NOT_STATE_DICT:
            msg = t("a5.not_state_dict", kind=text)
        elif code == KEYS:
            missing = [k for k in _decode(got["missing"]).split("\n") if k]
            unexpected = [k for k in _decode(got["unexpected"]).split("\n") if k]
            n_missing, n_unexpected = (int(v) for v in got["counts"])
            msg = t("a5.keys", n_missing=n_missing, missing=_examples(missing), n_unexpected=n_unexpected,
                    unexpected=_examples(unexpected)) + _prefix_hint(t, unexpected, n_missing, n_unexpected)
        elif code == SHAPES:
            msg = t("a5.shapes", name=text, got=tuple(int(v) for v in got["got"]),
                    expected=tuple(int(v) for v in got["expected"]), n=int(got["count"]))
        elif code == NOT_MODULE:
            return Verdict(0.0, t("a5.not_module", kind=text), status="bad_output")
        else:
            return Verdict(0.0, t("a5.not_tensor", kind=text), status="bad_output")
        return Verdict(0.0, msg, {"problem": code}, status="bad_checkpoint")
    if "out_shape" in got:
        shape = tuple(int(v) for v in got["out_shape"])
        return Verdict(0.0, t("a5.out_shape", got=shape, n=shape[0]), {"shape": list(shape)}, status="bad_output")
    logits = np.asarray(got["logits"])
    bad = ~np.isfinite(logits).all(axis=1)
    if bad.any():
        return Verdict(0.0, t("a5.nan", bad=int(bad.sum()), n=len(logits), first=int(np.argmax(bad))),
                       {"nan_rows": int(bad.sum())}, status="bad_output")
    return None


def judge_loads(got, expected, ctx):
    verdict = problem_verdict(got, ctx.t, max_checkpoint_mb(ctx.assignment))
    if verdict is not None:
        return verdict
    n = len(got["logits"])
    return Verdict(1.0, ctx.t("a5.loads", params=int(got["params"]), mb=int(got["bytes"]) / 2**20, n=n),
                   {"params": int(got["params"]), "bytes": int(got["bytes"])})


def accuracy(got, expected) -> float:
    labels = test_set()[1]
    logits = np.asarray(got["logits"])
    if len(logits) != len(labels):
        raise ValueError(f"{len(logits)} rows of logits for {len(labels)} test images")
    return float(np.mean(logits.argmax(axis=1) == labels))


def judge_accuracy(got, expected, ctx):
    verdict = problem_verdict(got, ctx.t, max_checkpoint_mb(ctx.assignment))
    if verdict is not None:
        return verdict
    what = ctx.t("a5.accuracy", n=len(got["logits"]))
    return thresholds(accuracy, what)(got, expected, ctx)
