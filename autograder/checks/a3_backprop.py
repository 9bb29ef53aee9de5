"""Checks of a3_backprop: layers, optimisers and a two-layer net.

Calls run in the child on the student's `layers.py`, `optim.py` and `fc_net.py`. Every backward
pass also returns the centred numerical gradient (h = 1e-5) of the student's OWN forward, so the
judge can say whether the forward or the backward is wrong. Judges run in the parent; they rebuild
the inputs from the seed (never trusting the child for them) and recognise typical mistakes by
what each mistake returns on them: computed by the private simulators (solutions/mistakes/), or
read from the arrays a student zip ships, never by code in this module (autograder.model.mistakes).
The net's loss parts run TwoLayerNet.loss with stand-in layers computed by torch (`stand_in_layers`),
so that a wrong layer costs only the layer's own parts.
"""
from __future__ import annotations

import copy
from pathlib import Path

import numpy as np
import torch  # imported here so that the fork server loads it once, before any sandbox is fenced in
import torch.nn.functional as F

from autograder.model import judge
from autograder.model.check import Check, Verdict
from autograder.model.gradcheck import eval_numerical_gradient, eval_numerical_gradient_array
from autograder.model import mistakes
from autograder.model.per_function import stand_ins
from autograder.model.judge import compare_array, fmt, max_rel_error
from autograder.config.messages import register

register({
    "a3.lecture.mismatch": {
        "en": "the lecture's example: {name} should be {slide} (as on the slide), got {got}",
        "ko": "강의 예제: {name}은(는) 슬라이드처럼 {slide}이어야 하는데 {got}입니다"},
    "a3.lecture.ok": {"en": "matches the lecture's numbers: {values}", "ko": "강의의 값과 일치합니다: {values}"},
    "a3.hint.reshape": {"en": "dx must have the shape of x: reshape it back to (N, d_1, ..., d_k)",
                        "ko": "dx는 x와 같은 shape이어야 합니다: (N, d_1, ..., d_k)로 다시 reshape하세요"},
    "a3.hint.db_sum": {"en": "db sums dout over the N examples of the batch (axis 0)",
                       "ko": "db는 배치의 N개 예제에 대해 dout을 더한 값입니다 (axis 0)"},
    "a3.hint.not_averaged": {"en": "the loss is not averaged over the N examples: divide by N",
                             "ko": "손실을 N개 예제에 대해 평균내지 않았습니다: N으로 나누세요"},
    "a3.hint.svm_correct_class": {
        "en": "the correct class is counted in the margin sum: skip j == y[i] (its margin would always be 1)",
        "ko": "정답 클래스가 마진 합에 포함되었습니다: j == y[i]는 건너뛰세요 (그 마진은 항상 1입니다)"},
    "a3.hint.log10": {"en": "logs are natural logs (np.log): the slide's 0.89 was computed with log10",
                      "ko": "로그는 자연로그(np.log)입니다: 슬라이드의 0.89는 log10으로 계산한 값입니다"},
    "a3.hint.softmax_overflow": {
        "en": "np.exp overflows on scores near 1000: subtract each row's maximum score before np.exp",
        "ko": "1000 근처의 점수에서 np.exp가 오버플로됩니다: np.exp 전에 각 행의 최댓값을 빼세요"},
    "a3.hint.bn_missing_terms": {
        "en": "batchnorm backward is missing the mean/variance terms: the batch mean and variance depend on "
              "every x[i], so dx = (dx_hat - mean(dx_hat) - x_hat * mean(dx_hat * x_hat)) / std",
        "ko": "batchnorm 역전파에 평균/분산 항이 빠졌습니다: 배치 평균과 분산은 모든 x[i]에 의존하므로 "
              "dx = (dx_hat - mean(dx_hat) - x_hat * mean(dx_hat * x_hat)) / std 입니다"},
    "a3.hint.bn_unbiased": {"en": "batchnorm uses the biased variance x.var(axis=0) (divide by N, not N - 1)",
                            "ko": "batchnorm은 편향 분산 x.var(axis=0)을 씁니다 (N - 1이 아니라 N으로 나눔)"},
    "a3.hint.bn_running": {
        "en": "running_mean = momentum * running_mean + (1 - momentum) * sample_mean (and the same for the variance)",
        "ko": "running_mean = momentum * running_mean + (1 - momentum) * sample_mean (분산도 같은 방식)"},
    "a3.hint.bn_test_batch": {
        "en": "at test time normalise with running_mean and running_var, not with the test batch's statistics",
        "ko": "테스트 때는 테스트 배치의 통계가 아니라 running_mean과 running_var로 정규화하세요"},
    "a3.dropout.fraction": {
        "en": "dropout in train mode kept {kept:.1%} of the units; with p = {p} (the probability of KEEPING "
              "a unit) about {p:.0%} should be kept",
        "ko": "학습 모드 dropout이 유닛의 {kept:.1%}를 유지했습니다; p = {p}(유닛을 '유지'할 확률)이면 "
              "약 {p:.0%}가 유지되어야 합니다"},
    "a3.dropout.keep_vs_drop": {
        "en": "p is the probability of keeping a unit, not of dropping it: keep where np.random.rand(*x.shape) < p",
        "ko": "p는 유닛을 버릴 확률이 아니라 유지할 확률입니다: np.random.rand(*x.shape) < p 인 곳을 유지하세요"},
    "a3.dropout.not_inverted": {
        "en": "dropout is not inverted: in train mode divide the kept units by p, so that test mode is the identity",
        "ko": "inverted dropout이 아닙니다: 학습 모드에서 유지된 유닛을 p로 나누어야 테스트 모드가 항등 함수가 됩니다"},
    "a3.dropout.kept_values": {
        "en": "a kept unit x[{index}] = {x} became {got}; inverted dropout gives x / p = {expected}",
        "ko": "유지된 유닛 x[{index}] = {x}가 {got}이 되었습니다; inverted dropout이면 x / p = {expected}입니다"},
    "a3.dropout.test_time": {
        "en": "dropout applied at test time: in test mode the output must equal the input (no mask, no scaling)",
        "ko": "테스트 때 dropout을 적용했습니다: 테스트 모드의 출력은 입력과 같아야 합니다 (마스크도, 스케일링도 없음)"},
    "a3.dropout.seed": {
        "en": "the same seed gave two different masks: call np.random.seed(dropout_param['seed']) before drawing",
        "ko": "같은 seed로 서로 다른 마스크가 나왔습니다: 마스크를 뽑기 전에 np.random.seed(dropout_param['seed'])를 호출하세요"},
    "a3.dropout.backward": {
        "en": "dx{index}: expected dout * mask = {expected}, got {got} (max relative error {rel:.2g}); "
              "relative error against the numerical gradient of your dropout_forward: {num:.2g}",
        "ko": "dx{index}: dout * mask = {expected}이어야 하는데 {got}입니다 (최대 상대 오차 {rel:.2g}); "
              "여러분의 dropout_forward의 수치 미분과의 상대 오차: {num:.2g}"},
    "a3.dropout.backward_test": {"en": "in test mode dropout_backward must return dout unchanged",
                                 "ko": "테스트 모드에서 dropout_backward는 dout을 그대로 반환해야 합니다"},
    "a3.hint.momentum_sign": {
        "en": "momentum sign flipped: CS231n's update is v = momentum * v - learning_rate * dw, then w = w + v",
        "ko": "모멘텀의 부호가 뒤집혔습니다: CS231n의 갱신은 v = momentum * v - learning_rate * dw, 그다음 w = w + v 입니다"},
    "a3.hint.sgd_sign": {"en": "the step goes uphill: subtract learning_rate * dw",
                         "ko": "오르막으로 이동합니다: learning_rate * dw를 빼세요"},
    "a3.hint.nesterov_plain": {
        "en": "this is plain momentum; Nesterov's step is w - momentum * v_prev + (1 + momentum) * v",
        "ko": "이것은 일반 모멘텀입니다; Nesterov의 갱신은 w - momentum * v_prev + (1 + momentum) * v 입니다"},
    "a3.hint.eps_inside": {"en": "divide by np.sqrt(cache) + epsilon, with epsilon outside the square root",
                           "ko": "epsilon은 제곱근 밖에 두고 np.sqrt(cache) + epsilon으로 나누세요"},
    "a3.hint.decay_swapped": {"en": "cache = decay_rate * cache + (1 - decay_rate) * dw ** 2 (decay_rate and "
                                    "1 - decay_rate are swapped)",
                              "ko": "cache = decay_rate * cache + (1 - decay_rate) * dw ** 2 입니다 (decay_rate와 "
                                    "1 - decay_rate가 바뀌었습니다)"},
    "a3.hint.adam_bias": {
        "en": "Adam without bias correction: use m / (1 - beta1 ** t) and v / (1 - beta2 ** t), t counting from 1",
        "ko": "Adam에 편향 보정이 없습니다: t를 1부터 세어 m / (1 - beta1 ** t)와 v / (1 - beta2 ** t)를 쓰세요"},
    "a3.hint.adam_t": {"en": "increase t before the bias correction: the first step uses t = 1",
                       "ko": "편향 보정 전에 t를 증가시키세요: 첫 갱신에서 t = 1 입니다"},
    "a3.hint.reg_grad": {
        "en": "the regularisation gradient is wrong: the loss has 0.5 * reg * np.sum(W * W), whose gradient is reg * W",
        "ko": "정규화 항의 그래디언트가 틀렸습니다: 손실의 0.5 * reg * np.sum(W * W)의 그래디언트는 reg * W 입니다"},
    "a3.hint.reg_loss": {
        "en": "the regularisation term is 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2)), weights only",
        "ko": "정규화 항은 0.5 * reg * (np.sum(W1 * W1) + np.sum(W2 * W2)) 이며 가중치에만 적용합니다"},
    "a3.init.shape": {"en": "params['{name}'] has shape {got}, expected {expected}",
                      "ko": "params['{name}']의 shape이 {got}인데 {expected}이어야 합니다"},
    "a3.init.bias": {"en": "params['{name}'] must start at zero", "ko": "params['{name}']는 0으로 시작해야 합니다"},
    "a3.init.scale": {"en": "params['{name}'] should have standard deviation weight_scale = {expected:g}; got {got:.4g}",
                      "ko": "params['{name}']의 표준편차는 weight_scale = {expected:g}이어야 하는데 {got:.4g}입니다"},
    "a3.xor.what": {"en": "XOR training accuracy", "ko": "XOR 학습 정확도"},
    "a3.init.ok": {"en": "shapes, zero biases and weight scale are right", "ko": "shape, 0 편향, 가중치 스케일이 맞습니다"},
})


# ----------------------------------------------------------------------------------------------
# helpers shared by calls (child) and judges (parent)

def rng_of(seed: int):
    return np.random.default_rng(seed)


def away_from_zero(x, gap=0.02):
    """Keep inputs off the kinks of relu-like functions so that numerical gradients are exact."""
    return np.where(np.abs(x) < gap, np.sign(x + 1e-12) * gap + x, x)


def close_by_key(rtol=1e-6, atol=1e-8, hints_for=None):
    """Like judge.close, with hints that know which array they are about: hints_for(seed) gives
    {name: [(message_key, predicate(got, expected))]}."""
    def factory(seed):
        def judge_(got, expected, ctx):
            hints = hints_for(mistakes.seed_of(ctx, seed)) if hints_for else {}
            for name in expected:
                verdict = compare_array(name, got.get(name), expected[name], ctx.t, rtol, atol, hints.get(name, ()))
                if verdict is not None:
                    return verdict
            return Verdict(1.0, ctx.t("judge.ok"))
        return judge_
    return factory


def near(g, v, rtol=1e-6, atol=1e-9):
    g, v = np.asarray(g, dtype=np.float64), np.asarray(v, dtype=np.float64)
    return g.shape == v.shape and bool(np.allclose(g, v, rtol=rtol, atol=atol, equal_nan=True))


# ----------------------------------------------------------------------------------------------
# the lectures' worked examples

def lecture_wx_b(ctx):
    """f = w x + b at w = -2, x = 5, b = 3 through affine_forward / affine_backward with dout = 1."""
    layers = ctx.load("layers")
    x, w, b = np.array([[5.0]]), np.array([[-2.0]]), np.array([3.0])
    f, cache = layers.affine_forward(x, w, b)
    dx, dw, db = layers.affine_backward(np.ones((1, 1)), cache)
    return {"f": f, "df_dx": dx, "df_dw": dw, "df_db": db}


def lecture_sigmoid_neuron(ctx):
    """The lecture's sigmoid neuron: inputs (2, 5), weights (0.5, 0.1), no bias, MSE loss
    L = (a - 0) ** 2 against the target 0, so dL/da = 2 a."""
    layers = ctx.load("layers")
    x, w, b = np.array([[2.0, 5.0]]), np.array([[0.5], [0.1]]), np.zeros(1)
    z, cache_affine = layers.affine_forward(x, w, b)
    a, cache_sigmoid = layers.sigmoid_forward(z)
    dL_da = 2 * (np.asarray(a) - 0.0)
    dz = layers.sigmoid_backward(dL_da, cache_sigmoid)
    _, dw, _ = layers.affine_backward(dz, cache_affine)
    return {"z": z, "a": a, "dL_da": dL_da, "dL_dz": dz, "dL_dw": np.ravel(dw)}


LECTURE_WX_B = {"f": -7.0, "df_dx": -2.0, "df_dw": 5.0, "df_db": 1.0}
LECTURE_NEURON = {"z": 1.5, "a": 0.818, "dL_da": 1.636, "dL_dz": 0.244, "dL_dw": (0.488, 1.22)}


def lecture_judge(slide: dict, rtol: float):
    """The slide's numbers (rounded as printed: `rtol` covers the rounding), then the reference."""
    def judge_(got, expected, ctx):
        t = ctx.t
        for name, value in slide.items():
            value = np.asarray(value, dtype=np.float64)
            g = got.get(name)
            if g is None:
                return Verdict(0.0, t("judge.missing_key", name=name))
            g = np.asarray(g, dtype=np.float64).reshape(-1)
            if g.size != value.size or not np.all(np.isfinite(g)) or not np.allclose(g, value.reshape(-1),
                                                                                     rtol=rtol, atol=1e-9):
                shown = ", ".join(fmt(v) for v in g[:4]) if g.size else "[]"
                return Verdict(0.0, t("a3.lecture.mismatch", name=name, slide=_show(value), got=shown),
                               {"name": name})
        verdict = judge.close(rtol=1e-6, atol=1e-8)(got, expected, ctx)
        if not verdict.passed:
            return verdict
        return Verdict(1.0, t("a3.lecture.ok", values=", ".join(f"{k} = {_show(v)}" for k, v in slide.items())))
    return judge_


def _show(value) -> str:
    value = np.ravel(np.asarray(value, dtype=np.float64))
    text = ", ".join(f"{v:g}" for v in value)
    return f"({text})" if value.size > 1 else text


# ----------------------------------------------------------------------------------------------
# affine and activations

def affine_inputs(seed, x_shape=(3, 4, 5), m=6):
    rng = rng_of(seed)
    x = rng.standard_normal(x_shape)
    d = int(np.prod(x_shape[1:]))
    w = rng.standard_normal((d, m)) * 0.5
    b = rng.standard_normal(m)
    dout = rng.standard_normal((x_shape[0], m))
    return x, w, b, dout


def affine_forward_call(ctx):
    x, w, b, _ = affine_inputs(ctx.seed)
    out, _ = ctx.load("layers").affine_forward(x, w, b)
    return {"out": out}


def affine_backward_call(x_shape=(5, 2, 3), m=4):
    def call(ctx):
        layers = ctx.load("layers")
        x, w, b, dout = affine_inputs(ctx.seed, x_shape, m)
        out, cache = layers.affine_forward(x.copy(), w.copy(), b.copy())
        dx, dw, db = layers.affine_backward(dout.copy(), cache)
        f = lambda xx, ww, bb: layers.affine_forward(xx, ww, bb)[0]
        return {"out": out, "dx": dx, "dw": dw, "db": db,
                "dx_num": eval_numerical_gradient_array(lambda v: f(v, w, b), x.copy(), dout),
                "dw_num": eval_numerical_gradient_array(lambda v: f(x, v, b), w.copy(), dout),
                "db_num": eval_numerical_gradient_array(lambda v: f(x, w, v), b.copy(), dout)}
    return call


AFFINE_HINTS = [
    ("a3.hint.reshape", lambda g, e: g.shape != e.shape and g.size == e.size and e.ndim > 2),
    ("a3.hint.db_sum", lambda g, e: e.ndim == 1 and g.shape != e.shape),
]

ACTIVATIONS = {   # name: keyword arguments to try (the default first)
    "relu": [{}],
    "sigmoid": [{}],
    "tanh": [{}],
    "leaky_relu": [{}, {"alpha": 0.2}],
    "elu": [{}, {"alpha": 0.5}],
}


def activation_call(name, shape=(4, 6)):
    def call(ctx):
        layers = ctx.load("layers")
        forward, backward = getattr(layers, f"{name}_forward"), getattr(layers, f"{name}_backward")
        rng = rng_of(ctx.seed)
        out = {}
        for i, kwargs in enumerate(ACTIVATIONS[name]):
            x = away_from_zero(rng.standard_normal(shape) * 2)
            dout = rng.standard_normal(shape)
            suffix = "" if i == 0 else "_" + "_".join(f"{k}{v:g}" for k, v in kwargs.items())
            o, cache = forward(x.copy(), **kwargs)
            out["out" + suffix] = o
            out["dx" + suffix] = backward(dout.copy(), cache)
            out["dx_num" + suffix] = eval_numerical_gradient_array(lambda v: forward(v, **kwargs)[0], x.copy(), dout)
        return out
    return call


def activation_judge(name):
    suffixes = ["" if i == 0 else "_" + "_".join(f"{k}{v:g}" for k, v in kw.items())
                for i, kw in enumerate(ACTIVATIONS[name])]
    parts = [judge.gradient(values=("out" + s,), grads={"dx" + s: "dx_num" + s}) for s in suffixes]

    def judge_(got, expected, ctx):
        for part in parts:
            verdict = part(got, expected, ctx)
            if not verdict.passed:
                return verdict
        return verdict
    return judge_


def activations_hidden(ctx):
    """Large inputs: no NaN or inf from sigmoid, tanh and ELU."""
    layers = ctx.load("layers")
    x = np.array([[-800.0, -50.0, -5.0, 0.5, 5.0, 50.0, 800.0]])
    dout = np.ones_like(x)
    out = {}
    for name in ("sigmoid", "tanh", "elu"):
        o, cache = getattr(layers, f"{name}_forward")(x.copy())
        out[f"{name}_out"] = o
        out[f"{name}_dx"] = getattr(layers, f"{name}_backward")(dout.copy(), cache)
    return out


# ----------------------------------------------------------------------------------------------
# batch normalisation

def bn_inputs(seed, n=20, d=5, batches=3):
    rng = rng_of(seed)
    gamma = rng.uniform(0.5, 2.0, d)
    beta = rng.standard_normal(d)
    xs = [rng.standard_normal((n, d)) * rng.uniform(1, 3, d) + rng.uniform(-4, 4, d) for _ in range(batches)]
    x_test = rng.standard_normal((n // 2, d)) * 2 + 1
    return xs, gamma, beta, x_test


def batchnorm_forward_call(ctx):
    layers = ctx.load("layers")
    xs, gamma, beta, x_test = bn_inputs(ctx.seed)
    bn_param = {"mode": "train"}
    for x in xs:
        out, _ = layers.batchnorm_forward(x.copy(), gamma.copy(), beta.copy(), bn_param)
    result = {"out_train": out, "running_mean": bn_param.get("running_mean"),
              "running_var": bn_param.get("running_var")}
    bn_param["mode"] = "test"
    result["out_test"] = layers.batchnorm_forward(x_test.copy(), gamma.copy(), beta.copy(), bn_param)[0]
    other = {"mode": "train", "momentum": 0.5, "eps": 0.1}
    layers.batchnorm_forward(xs[0].copy(), gamma.copy(), beta.copy(), other)
    result["out_train_eps"] = layers.batchnorm_forward(xs[1].copy(), gamma.copy(), beta.copy(), other)[0]
    result["running_mean_momentum"] = other.get("running_mean")
    return result


def _bn_variants(seed):
    """What typical mistakes would give on the inputs of batchnorm_forward_call (by array name)."""
    found = mistakes.variants("a3_backprop", "batchnorm_forward", seed)
    return {name: mistakes.hints(found, name) for name in ("out_train", "running_mean", "running_var", "out_test")}


def batchnorm_backward_call(n=8, d=5):
    def call(ctx):
        layers = ctx.load("layers")
        x, gamma, beta, dout = bn_backward_inputs(ctx.seed, n, d)
        f = lambda xx, gg, bb: layers.batchnorm_forward(xx, gg, bb, {"mode": "train"})[0]
        out, cache = layers.batchnorm_forward(x.copy(), gamma.copy(), beta.copy(), {"mode": "train"})
        dx, dgamma, dbeta = layers.batchnorm_backward(dout.copy(), cache)
        return {"out": out, "dx": dx, "dgamma": dgamma, "dbeta": dbeta,
                "dx_num": eval_numerical_gradient_array(lambda v: f(v, gamma, beta), x.copy(), dout),
                "dgamma_num": eval_numerical_gradient_array(lambda v: f(x, v, beta), gamma.copy(), dout),
                "dbeta_num": eval_numerical_gradient_array(lambda v: f(x, gamma, v), beta.copy(), dout)}
    return call


def bn_backward_inputs(seed, n, d):
    rng = rng_of(seed)
    x = rng.standard_normal((n, d)) * 3 + 2
    gamma, beta = rng.uniform(0.5, 2.0, d), rng.standard_normal(d)
    dout = rng.standard_normal((n, d))
    return x, gamma, beta, dout


def batchnorm_backward_judge(part, seed):
    """judge.gradient, with the batch mean and variance treated as constants as the named mistake."""
    def judge_(got, expected, ctx):
        found = mistakes.variants("a3_backprop", part, mistakes.seed_of(ctx, seed))
        return judge.gradient(values=("out",), grads={"dx": "dx_num", "dgamma": "dgamma_num", "dbeta": "dbeta_num"},
                              rtol=1e-6, atol=1e-8, hints=mistakes.hints(found, "dx", rtol=1e-5))(got, expected, ctx)
    return judge_


# ----------------------------------------------------------------------------------------------
# dropout

DROPOUT_P = 0.3      # keep probability: far from 0.5, so that keep and drop cannot be confused


def dropout_inputs(seed, shape=(400, 50)):
    rng = rng_of(seed)
    x = rng.uniform(1, 3, shape) * rng.choice([-1.0, 1.0], shape)
    return x


def dropout_forward_call(ctx):
    layers = ctx.load("layers")
    x = dropout_inputs(ctx.seed)
    train = {"mode": "train", "p": DROPOUT_P, "seed": 1234}
    out_train = layers.dropout_forward(x.copy(), dict(train))[0]
    out_again = layers.dropout_forward(x.copy(), dict(train))[0]
    out_test = layers.dropout_forward(x.copy(), {"mode": "test", "p": DROPOUT_P, "seed": 1234})[0]
    return {"out_train": out_train, "out_train_again": out_again, "out_test": out_test}


def dropout_forward_judge(seed):
    x = dropout_inputs(seed)
    p = DROPOUT_P

    def judge_(got, expected, ctx):
        t = ctx.t
        for name in ("out_train", "out_train_again", "out_test"):
            if name not in got:
                return Verdict(0.0, t("judge.missing_key", name=name))
            if np.shape(got[name]) != x.shape:
                return Verdict(0.0, t("judge.shape", name=name, expected=x.shape, got=np.shape(got[name])))
            if not np.all(np.isfinite(got[name])):
                return Verdict(0.0, t("judge.nan", name=name, index=""))
        out = np.asarray(got["out_train"], dtype=np.float64)
        kept = out != 0
        frac = float(kept.mean())
        if abs(frac - p) > 0.03:
            msg = t("a3.dropout.fraction", kept=frac, p=p)
            if abs(frac - (1 - p)) <= 0.03:
                msg += "; " + t("hint.prefix") + t("a3.dropout.keep_vs_drop")
            return Verdict(0.0, msg, {"kept_fraction": frac})
        ratio = out[kept] / x[kept]
        if not np.allclose(ratio, 1 / p, rtol=1e-6):
            if np.allclose(ratio, 1.0, rtol=1e-6):
                return Verdict(0.0, t("a3.dropout.not_inverted"), {"kept_fraction": frac})
            bad = np.flatnonzero(kept.ravel())[int(np.argmax(np.abs(ratio - 1 / p)))]
            idx = np.unravel_index(bad, x.shape)
            return Verdict(0.0, t("a3.dropout.kept_values", index=", ".join(map(str, idx)), x=fmt(x[idx]),
                                  got=fmt(out[idx], x[idx] / p), expected=fmt(x[idx] / p, out[idx])))
        if not np.array_equal(got["out_train_again"], got["out_train"]):
            return Verdict(0.0, t("a3.dropout.seed"))
        test = np.asarray(got["out_test"], dtype=np.float64)
        if not np.allclose(test, x, rtol=1e-12, atol=0):
            if np.allclose(test, x * p, rtol=1e-9):
                return Verdict(0.0, t("a3.dropout.not_inverted") + " " + t("a3.dropout.test_time"))
            return Verdict(0.0, t("a3.dropout.test_time"))
        return Verdict(1.0, t("judge.ok") + f" (kept {frac:.1%}, p = {p})", {"kept_fraction": frac})
    return judge_


def dropout_small(seed):
    rng = rng_of(seed)
    x = rng.uniform(0.5, 2, (6, 7)) * rng.choice([-1.0, 1.0], (6, 7))
    dout = rng.standard_normal((6, 7))
    return x, dout


def dropout_backward_call(ctx):
    layers = ctx.load("layers")
    x, dout = dropout_small(ctx.seed)
    param = {"mode": "train", "p": 0.6, "seed": 42}
    out, cache = layers.dropout_forward(x.copy(), dict(param))
    dx = layers.dropout_backward(dout.copy(), cache)
    dx_num = eval_numerical_gradient_array(lambda v: layers.dropout_forward(v, dict(param))[0], x.copy(), dout)
    _, cache_test = layers.dropout_forward(x.copy(), {"mode": "test", "p": 0.6, "seed": 42})
    dx_test = layers.dropout_backward(dout.copy(), cache_test)
    return {"out": out, "dx": dx, "dx_num": dx_num, "dx_test": dx_test}


def dropout_backward_judge(seed):
    x, dout = dropout_small(seed)

    def judge_(got, expected, ctx):
        t = ctx.t
        for name in ("out", "dx", "dx_num", "dx_test"):
            if name not in got:
                return Verdict(0.0, t("judge.missing_key", name=name))
            if np.shape(got[name]) != x.shape:
                return Verdict(0.0, t("judge.shape", name=name, expected=x.shape, got=np.shape(got[name])))
        want = dout * np.asarray(got["out"], dtype=np.float64) / x        # dout * mask, the mask of the forward
        dx = np.asarray(got["dx"], dtype=np.float64)
        rel, num = max_rel_error(dx, want), max_rel_error(dx, got["dx_num"])
        if rel > 1e-6 or num > 1e-6 or not np.all(np.isfinite(dx)):
            bad = np.where(np.isfinite(dx), np.abs(dx - want), np.inf)
            idx = np.unravel_index(int(np.argmax(bad)), x.shape)
            msg = t("a3.dropout.backward", index=judge.index_str(idx), expected=fmt(want[idx], dx[idx]), got=fmt(dx[idx], want[idx]),
                    rel=rel, num=num)
            kept = np.asarray(got["out"]) != 0
            if near(dx, dout * kept):
                msg += "; " + t("hint.prefix") + t("a3.dropout.not_inverted")
            return Verdict(0.0, msg, {"rel_error_numeric": num, "rel_error": rel})
        if not np.allclose(got["dx_test"], dout, rtol=1e-12, atol=0):
            return Verdict(0.0, t("a3.dropout.backward_test"))
        return Verdict(1.0, t("judge.ok"), {"rel_error_numeric": num})
    return judge_


# ----------------------------------------------------------------------------------------------
# losses on scores

def loss_inputs(seed, n=10, c=6, scale=1.0, shift=0.0):
    rng = rng_of(seed)
    x = rng.standard_normal((n, c)) * scale + shift
    y = rng.integers(0, c, n)
    return x, y


def loss_call(name, **kw):
    def call(ctx):
        fn = getattr(ctx.load("layers"), name)
        x, y = loss_inputs(ctx.seed, **kw)
        loss, dx = fn(x.copy(), y.copy())
        return {"loss": loss, "dx": dx, "dx_num": eval_numerical_gradient(lambda v: fn(v, y.copy())[0], x.copy())}
    return call


def loss_hints(name, **kw):
    def hints_for(seed):
        x, y = loss_inputs(seed, **kw)
        n = x.shape[0]
        hints = [("a3.hint.not_averaged", lambda g, e: g.size == 1 and near(g, e * n)),
                 ("a3.hint.softmax_overflow", lambda g, e: g.size == 1 and not np.all(np.isfinite(g)))]
        if name == "svm_loss":
            hints.append(("a3.hint.svm_correct_class", lambda g, e: g.size == 1 and near(g, e + 1)))
        else:
            hints.append(("a3.hint.log10", lambda g, e: g.size == 1 and near(g, e / np.log(10))))
        return hints
    return hints_for


def loss_judge(name, seed, **kw):
    return judge.gradient(values=("loss",), grads={"dx": "dx_num"}, rtol=1e-6, atol=1e-9,
                          hints=loss_hints(name, **kw)(seed))


# ----------------------------------------------------------------------------------------------
# optimisers

OPTIM_DEFAULTS = {
    "sgd": ["learning_rate"],
    "sgd_momentum": ["learning_rate", "momentum"],
    "nesterov_momentum": ["learning_rate", "momentum"],
    "adagrad": ["learning_rate", "epsilon"],
    "rmsprop": ["learning_rate", "decay_rate", "epsilon"],
    "adam": ["learning_rate", "beta1", "beta2", "epsilon"],
}
OPTIM_STATE = {"sgd": [], "sgd_momentum": ["velocity"], "nesterov_momentum": ["velocity"], "adagrad": ["cache"],
               "rmsprop": ["cache"], "adam": ["m", "v", "t"]}


def optim_inputs(name, seed, shape=(4, 5), steps=3):
    """The starting weights, the gradient of each step and an explicit config with some state."""
    rng = rng_of(seed)
    w = rng.standard_normal(shape)
    dws = [rng.standard_normal(shape) for _ in range(steps)]
    config = {
        "sgd": {"learning_rate": 0.1},
        "sgd_momentum": {"learning_rate": 0.05, "momentum": 0.8, "velocity": rng.standard_normal(shape) * 0.1},
        "nesterov_momentum": {"learning_rate": 0.05, "momentum": 0.8, "velocity": rng.standard_normal(shape) * 0.1},
        "adagrad": {"learning_rate": 0.1, "epsilon": 1e-2, "cache": rng.uniform(0, 0.1, shape)},
        "rmsprop": {"learning_rate": 0.05, "decay_rate": 0.9, "epsilon": 1e-2, "cache": rng.uniform(0, 0.1, shape)},
        "adam": {"learning_rate": 0.05, "beta1": 0.8, "beta2": 0.95, "epsilon": 1e-3},
    }[name]
    return w, dws, config


def optim_outputs(rule, name, seed):
    """One step from config=None (the defaults) and three steps from an explicit config.
    Runs the student's rule in the child, and the private mistake simulators' rules in the parent."""
    w, dws, config = optim_inputs(name, seed)
    out = {}
    next_w, cfg = rule(w.copy(), dws[0].copy(), None)
    out["default_next_w"] = next_w
    for key in OPTIM_DEFAULTS[name]:
        out[f"default_{key}"] = np.float64(cfg.get(key, np.nan)) if isinstance(cfg, dict) else np.nan
    cfg = copy.deepcopy(config)
    w_step = w.copy()
    for dw in dws:
        w_step, cfg = rule(w_step, dw.copy(), cfg)
    out["next_w"] = w_step
    for key in OPTIM_STATE[name]:
        out[key] = cfg.get(key, np.nan) if isinstance(cfg, dict) else np.nan
    return out


def optim_call(name):
    def call(ctx):
        return optim_outputs(getattr(ctx.load("optim"), name), name, ctx.seed)
    return call


def optim_judge(name, seed):
    """Every output against the reference; a mismatch that equals a known mistake's output names it."""
    def judge_(got, expected, ctx):
        found = mistakes.variants("a3_backprop", name, mistakes.seed_of(ctx, seed))
        for array in expected:
            hints = mistakes.hints(found, array, rtol=1e-7)
            verdict = compare_array(array, got.get(array), expected[array], ctx.t, 1e-6, 1e-10, hints)
            if verdict is not None:
                return verdict
        return Verdict(1.0, ctx.t("judge.ok"))
    return judge_


def optim_hidden(ctx):
    """Adam continued from step 5, and momentum 0 reducing to sgd."""
    optim = ctx.load("optim")
    rng = rng_of(ctx.seed)
    w, dw = rng.standard_normal((3, 4)), rng.standard_normal((3, 4))
    config = {"learning_rate": 0.01, "m": rng.standard_normal((3, 4)) * 0.1,
              "v": rng.uniform(0, 0.1, (3, 4)), "t": 5}
    adam_w, config = optim.adam(w.copy(), dw.copy(), config)
    momentum_w, _ = optim.sgd_momentum(w.copy(), dw.copy(), {"learning_rate": 0.3, "momentum": 0.0})
    return {"adam_next_w": adam_w, "adam_t": config["t"], "adam_m": config["m"], "momentum0_next_w": momentum_w}


# ----------------------------------------------------------------------------------------------
# the two-layer net

def two_layer_init(ctx):
    np.random.seed(ctx.seed)
    net = ctx.load("fc_net").TwoLayerNet(input_dim=300, hidden_dim=200, num_classes=10, weight_scale=0.05, reg=0.1)
    out = {}
    for name in ("W1", "b1", "W2", "b2"):
        value = np.asarray(net.params[name])
        out[f"{name}_shape"] = np.array(value.shape, dtype=np.int64)
        out[f"{name}_std"] = value.std() if value.size else np.nan
        out[f"{name}_absmax"] = np.abs(value).max() if value.size else np.nan
    return out


def two_layer_init_judge(got, expected, ctx):
    t = ctx.t
    for name in ("W1", "b1", "W2", "b2"):
        shape = tuple(expected[f"{name}_shape"].tolist())
        if tuple(np.asarray(got.get(f"{name}_shape", ())).tolist()) != shape:
            return Verdict(0.0, t("a3.init.shape", name=name, expected=shape,
                                  got=tuple(np.asarray(got.get(f"{name}_shape", ())).tolist())))
    for name in ("b1", "b2"):
        if got[f"{name}_absmax"] != 0:
            return Verdict(0.0, t("a3.init.bias", name=name))
    for name in ("W1", "W2"):
        std = float(got[f"{name}_std"])
        if not abs(std - 0.05) <= 0.05 * 0.1:
            return Verdict(0.0, t("a3.init.scale", name=name, expected=0.05, got=std))
    return Verdict(1.0, t("a3.init.ok"))


def two_layer_inputs(seed, n=5, d=6, h=7, c=4):
    rng = rng_of(seed)
    X = rng.standard_normal((n, d))
    y = rng.integers(0, c, n)
    params = {"W1": rng.standard_normal((d, h)) * 0.5, "b1": rng.standard_normal(h) * 0.1,
              "W2": rng.standard_normal((h, c)) * 0.5, "b2": rng.standard_normal(c) * 0.1}
    return X, y, params


def torch_grads(fn, arrays, dout=None):
    """fn on the arrays as float64 torch tensors: its value, or (dout given) the gradients of
    sum(dout * fn) with respect to each array, by autograd."""
    tensors = [torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=dout is not None) for a in arrays]
    value = fn(*tensors)
    if dout is None:
        return value.detach().numpy()
    # a scalar's backward: backward(dout) would import sympy (torch's shape checks), 0.8 s per child
    (value * torch.as_tensor(np.asarray(dout, dtype=np.float64))).sum().backward()
    return [tensor.grad.numpy() for tensor in tensors]


def stand_in_layers() -> dict:
    """The layers TwoLayerNet calls, as torch computes them (float64, autograd): the net's parts
    then judge fc_net.py's own code (wiring, loss, reg, grads) and a wrong layer costs only the
    layer's parts. Torch, not the reference's NumPy."""
    def affine(x, w, b):
        return F.linear(x.reshape(x.shape[0], -1), w.T, b)

    def affine_forward(x, w, b):
        return torch_grads(affine, (x, w, b)).astype(np.result_type(x, w)), ("stand-in affine", x, w, b)

    def affine_backward(dout, cache):
        _, x, w, b = cache
        return tuple(torch_grads(affine, (x, w, b), dout))

    def relu_forward(x):
        return torch_grads(F.relu, (x,)).astype(np.asarray(x).dtype), ("stand-in relu", x)

    def relu_backward(dout, cache):
        return torch_grads(F.relu, (cache[1],), dout)[0]

    def softmax_loss(x, y):
        labels = torch.as_tensor(np.asarray(y), dtype=torch.long)
        cross_entropy = lambda scores: F.cross_entropy(scores, labels)   # the mean over the batch
        return float(torch_grads(cross_entropy, (x,))), torch_grads(cross_entropy, (x,), 1.0)[0]

    return {"affine_forward": affine_forward, "affine_backward": affine_backward, "relu_forward": relu_forward,
            "relu_backward": relu_backward, "softmax_loss": softmax_loss}


def two_layer_loss_call(reg):
    """TwoLayerNet.loss with the layers it uses replaced by `stand_in_layers` (in fc_net.py and
    in layers.py, put back afterwards)."""
    def call(ctx):
        fc_net = ctx.load("fc_net")
        modules = [fc_net] + ([ctx.load("layers")] if (Path(ctx.dir) / "layers.py").is_file() else [])
        with stand_ins(modules, stand_in_layers()):
            return two_layer_loss_outputs(ctx, fc_net, reg)
    return call


def two_layer_loss_outputs(ctx, fc_net, reg):
    X, y, params = two_layer_inputs(ctx.seed)
    n, d = X.shape
    net = fc_net.TwoLayerNet(input_dim=d, hidden_dim=params["W1"].shape[1],
                             num_classes=params["W2"].shape[1], weight_scale=0.1, reg=reg)
    net.params = {k: v.copy() for k, v in params.items()}
    out = {"scores": net.loss(X.copy())}
    loss, grads = net.loss(X.copy(), y.copy())
    out["loss"] = loss
    for name in ("W1", "b1", "W2", "b2"):
        out[f"d{name}"] = grads[name]
        out[f"d{name}_num"] = eval_numerical_gradient(lambda _: net.loss(X, y)[0], net.params[name])
    return out


def two_layer_judge(seed, reg):
    _, _, params = two_layer_inputs(seed)
    grads = {f"d{name}": f"d{name}_num" for name in ("W1", "b1", "W2", "b2")}
    hints = []
    if reg:
        ws = [params["W1"], params["W2"]]
        reg_sum = 0.5 * reg * sum(np.sum(w * w) for w in ws)
        hints = [("a3.hint.reg_grad", lambda g, e: any(g.shape == w.shape and (near(g - e, -reg * w, 1e-5)
                                                       or near(g - e, reg * w, 1e-5)) for w in ws)),
                 ("a3.hint.reg_loss", lambda g, e: g.size == 1 and any(near(g - e, k * reg_sum, 1e-6)
                                                                       for k in (-1, 1)))]
    return judge.gradient(values=("loss", "scores"), grads=grads, rtol=1e-6, atol=1e-8, hints=hints)


XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([0, 1, 1, 0])


def two_layer_xor(ctx):
    """Full-batch gradient descent on XOR with the student's TwoLayerNet (its loss and grads)."""
    np.random.seed(ctx.seed)
    net = ctx.load("fc_net").TwoLayerNet(input_dim=2, hidden_dim=32, num_classes=2, weight_scale=1.0, reg=0.0)
    for _ in range(500):
        _, grads = net.loss(XOR_X.copy(), XOR_Y.copy())
        for name in net.params:
            net.params[name] = net.params[name] - 0.5 * grads[name]
    # raw scores only: the parent computes the accuracy against XOR_Y (xor_judge)
    return {"scores": net.loss(XOR_X.copy())}


def xor_judge(got, expected, ctx):
    """The training accuracy, computed here from the scores: nothing the child computed is trusted."""
    return judge.accuracy(lambda: XOR_Y, ctx.t("a3.xor.what"), num_classes=2)(got, expected, ctx)


# ----------------------------------------------------------------------------------------------

CHECKS = [
    Check("lecture_wx_b", lecture_wx_b, lecture_judge(LECTURE_WX_B, 1e-9),
          doc="the lecture's f = wx + b at w = -2, x = 5, b = 3: df/dx = -2, df/dw = 5, df/db = 1"),
    Check("lecture_sigmoid_neuron", lecture_sigmoid_neuron, lecture_judge(LECTURE_NEURON, 2e-3),
          doc="the lecture's sigmoid neuron: 1.5, 0.818, 1.636, 0.244, dw = (0.488, 1.22)"),
    Check("affine_forward", affine_forward_call, judge.close(), seed=11, doc="affine_forward on (3, 4, 5) inputs"),
    Check("affine_backward", affine_backward_call(), judge.gradient(
        values=("out",), grads={"dx": "dx_num", "dw": "dw_num", "db": "db_num"}, hints=AFFINE_HINTS), seed=12,
        doc="affine_backward against the reference and the numerical gradient"),
    Check("affine_backward_hidden", affine_backward_call((1, 3, 2, 2), 3), judge.gradient(
        values=("out",), grads={"dx": "dx_num", "dw": "dw_num", "db": "db_num"}, hints=AFFINE_HINTS),
        hidden=True, seed=13, doc="affine_backward with one example of shape (3, 2, 2)"),
    *[Check(name, activation_call(name), activation_judge(name), seed=20 + i,
            doc=f"{name}_forward and {name}_backward (numerical gradient check)")
      for i, name in enumerate(ACTIVATIONS)],
    Check("activations_hidden", activations_hidden, judge.close(rtol=1e-6, atol=1e-12), hidden=True, seed=26,
          doc="sigmoid, tanh and ELU on inputs up to 800 in size: no overflow"),
    Check("batchnorm_forward", batchnorm_forward_call, close_by_key(hints_for=_bn_variants)(30), seed=30,
          doc="batchnorm_forward in train and test mode, running averages, eps and momentum"),
    Check("batchnorm_backward", batchnorm_backward_call(), batchnorm_backward_judge("batchnorm_backward", 31), seed=31,
          doc="batchnorm_backward against the reference and the numerical gradient"),
    Check("batchnorm_backward_hidden", batchnorm_backward_call(2, 3),
          batchnorm_backward_judge("batchnorm_backward_hidden", 32),
          hidden=True, seed=32, doc="batchnorm_backward on a batch of two"),
    Check("dropout_forward", dropout_forward_call, dropout_forward_judge(40), seed=40,
          doc="inverted dropout: keep fraction p, kept units divided by p, the seed, identity at test time"),
    Check("dropout_backward", dropout_backward_call, dropout_backward_judge(41), seed=41,
          doc="dropout_backward: dout times the forward's mask, dout at test time"),
    Check("svm_loss", loss_call("svm_loss"), loss_judge("svm_loss", 50), seed=50,
          doc="svm_loss on scores: loss and dx (numerical gradient check)"),
    Check("softmax_loss", loss_call("softmax_loss"), loss_judge("softmax_loss", 51), seed=51,
          doc="softmax_loss on scores: loss and dx (numerical gradient check)"),
    Check("softmax_loss_large_scores", loss_call("softmax_loss", scale=5.0, shift=1000.0),
          loss_judge("softmax_loss", 52, scale=5.0, shift=1000.0), seed=52,
          doc="softmax_loss on scores near 1000: no overflow"),
    *[Check(name, optim_call(name), optim_judge(name, 60 + i), seed=60 + i,
            doc=f"{name}: defaults and three steps with state")
      for i, name in enumerate(OPTIM_DEFAULTS)],
    Check("optim_hidden", optim_hidden, judge.close(rtol=1e-6, atol=1e-10), hidden=True, seed=66,
          doc="adam continued from step 5; momentum 0 is sgd"),
    Check("two_layer_init", two_layer_init, two_layer_init_judge, seed=70,
          doc="TwoLayerNet's params: shapes, zero biases, weight_scale"),
    Check("two_layer_loss", two_layer_loss_call(0.0), two_layer_judge(71, 0.0), seed=71,
          doc="TwoLayerNet.loss without regularisation: scores, loss, grads (numerical gradient check); "
              "runs with stand-in layers (affine, relu, softmax_loss computed by torch), so only fc_net.py counts"),
    Check("two_layer_reg", two_layer_loss_call(0.7), two_layer_judge(72, 0.7), seed=72,
          doc="TwoLayerNet.loss with reg = 0.7: 0.5 * reg * sum(W * W) on the weights; runs with stand-in "
              "layers (affine, relu, softmax_loss computed by torch), so only fc_net.py counts"),
    Check("two_layer_xor", two_layer_xor, xor_judge, seed=73,
          doc="TwoLayerNet learns XOR to 100 % training accuracy (end to end: with the student's own layers)"),
]
