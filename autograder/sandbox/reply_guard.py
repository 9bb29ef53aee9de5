"""What a child's reply must look like before a judge computes anything with it.

The child's arrays are its word: a judge that subtracts, compares or broadcasts them trusts their
shapes. A reply crafted to blow a judge up (a numerical gradient of shape (300000, 1, 1) broadcast
against a (3073, 10) one makes billions of elements in the grader) must end as the student's
`bad_output` before any arithmetic, and the grader's memory must stay bounded whatever comes back.
`reply_problem` is checked for every part with a reference run (see grading.judge_outcomes):

- every array the reply holds is one the reference's reply holds too (or run k of a timed part,
  `name@k`, of such an array);
- its dtype is of the reference's kind: numbers (bool, int, float) where the reference has numbers;
- the reply holds at most `REPLY_FACTOR` times the bytes of the reference's arrays of the same
  names (or `REPLY_FLOOR`);
- an array of another shape than the reference's is no larger than `SHAPE_FACTOR` times it, and
  broadcasting it against any array of the reply or the reference gives at most `BROADCAST_MAX`
  elements (or `SHAPE_FACTOR` times the largest reference array). Such an array still goes to the
  judge, whose message says "expected shape" and may add a hint (a transposed or flattened result);
  anything beyond is `bad_output` with the same words, and the judge is never called.

Numbers are checked as counts from the arrays' headers: nothing here allocates.
"""
from __future__ import annotations

import math

import numpy as np

from autograder.model.check import run_key
from autograder.config.messages import register

register({
    "judge.grader_error": {"en": "the grader itself failed while judging this part ({error}): a fault of the "
                                 "grading kit, not of your code; it is flagged to the course staff, who will regrade it",
                           "ko": "이 항목을 판정하는 중 채점기 자체에서 오류가 났습니다({error}). 여러분의 코드가 아니라 "
                                 "채점 도구의 결함이며, 조교에게 표시되어 다시 채점됩니다"},
    "reply.extra": {"en": "the reply holds an array named {name} that the check does not return",
                    "ko": "응답에 이 검사가 반환하지 않는 배열 {name}이(가) 들어 있습니다"},
    "reply.dtype": {"en": "{name}: expected a numeric array, got dtype {dtype}",
                    "ko": "{name}: 숫자 배열이어야 하는데 dtype이 {dtype}입니다"},
    "reply.too_big": {"en": "the reply holds {got:,} bytes of arrays, far more than the {expected:,} bytes of the "
                            "reference's",
                      "ko": "응답의 배열이 {got:,}바이트로, 기준 답안의 {expected:,}바이트보다 훨씬 큽니다"},
})

REPLY_FACTOR = 8              # a reply may hold this many times the reference's bytes ...
REPLY_FLOOR = 1 << 20         # ... or this many, whichever is more (float64 for float32, say)
SHAPE_FACTOR = 4              # an array of the wrong shape: at most this many times the reference's elements
BROADCAST_MAX = 1 << 22       # elements any two arrays may broadcast to (32 MB of float64) ...
#                               ... or SHAPE_FACTOR times the largest reference array, whichever is more

NUMERIC = "biuf"              # bool, signed and unsigned int, float


def _reference_name(name: str, expected: dict) -> str | None:
    """The reference's array `name` stands for: itself, or for `x@k` (run k of a timed part) `x`."""
    if name in expected:
        return name
    base, _, k = name.rpartition("@")
    if base in expected and k.isdigit() and name == run_key(base, int(k)):
        return base
    return None


def _broadcast_size(a: tuple, b: tuple) -> int:
    """Elements of a op b, or 0 when the shapes cannot broadcast (numpy raises before allocating)."""
    try:
        return math.prod(np.broadcast_shapes(a, b))
    except ValueError:
        return 0


def reply_problem(got: dict, expected: dict, t) -> str | None:
    """None when the reply may go to the judge, else the `bad_output` message saying why.
    `expected` empty (a check without a reference run) checks nothing."""
    if not expected:
        return None
    exp = {name: np.asarray(v) for name, v in expected.items()}
    arrays = {name: np.asarray(v) for name, v in got.items()}
    got_bytes = sum(a.nbytes for a in arrays.values())
    ref_bytes = 0   # what the reference holds for the same names (each timed run counts once more)
    largest = max((a.size for a in exp.values()), default=0)
    limit = max(BROADCAST_MAX, SHAPE_FACTOR * largest)
    odd = []
    for full, a in arrays.items():
        ref, name = _reference_name(full, exp), full[:100]   # the child names its arrays: shown cut short
        if ref is None:
            return t("reply.extra", name=name)
        e = exp[ref]
        ref_bytes += e.nbytes
        if e.dtype.kind in NUMERIC and a.dtype.kind not in NUMERIC:
            return t("reply.dtype", name=name, dtype=a.dtype)
        if a.shape != e.shape:
            if a.size > max(SHAPE_FACTOR * e.size, 64):
                return t("judge.shape", name=name, expected=e.shape, got=a.shape)
            odd.append((name, a, e))
    if got_bytes > max(REPLY_FACTOR * ref_bytes, REPLY_FLOOR):
        return t("reply.too_big", got=got_bytes, expected=ref_bytes)
    shapes = [a.shape for a in arrays.values()] + [a.shape for a in exp.values()]
    for name, a, e in odd:
        if any(_broadcast_size(a.shape, s) > limit for s in shapes):
            return t("judge.shape", name=name, expected=e.shape, got=a.shape)
    return None
