"""A hidden part's message without its numbers, and the mistakes a message names.

Every sentence a student reads is built from the message catalogue: `t(key, **params)`. Grading a
student with a `Withholding` translator records each sentence twice: as it reads (the full message,
for grades.csv and `--reveal hidden`) and with every number of its parameters held back (the
inputs, expected and actual values, indices, shapes). A hidden part's number-free message is its
full message with each recorded sentence swapped for its number-free twin; what a judge glued
between sentences loses its numbers too. The catalogue's own words stay, so the named mistake
("the reg term's gradient lacks 2 * reg * W") is still there.

    tw = Withholding(lang)
    results, output = grade_dir(course, aid, folder, tw, ...)
    withheld = tw.withheld(results)        # {part: number-free message} for the hidden parts
    mistakes = tw.mistakes(results)        # {part: [message keys of the mistakes named]}
"""
from __future__ import annotations

import re
import string

from autograder.config.messages import CATALOG, register, translator

register({
    "reveal.held_back": {"en": "…", "ko": "…"},
    "reveal.note": {"en": "hidden test: its inputs and numbers are shown after the due date",
                    "ko": "비공개 테스트: 입력과 수치는 마감 후에 공개됩니다"},
})

# a number that is not part of a name (W1, float32 and a2 keep their digits)
NUMBER = re.compile(r"(?<![\w.])[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?(?![\w])")
_FORMATTER = string.Formatter()
SLOT = 0xF0000   # Unicode private use plane 15: never in a message (safe_text keeps what it shows)


def mask_numbers(text: str, placeholder: str = "…") -> str:
    return NUMBER.sub(placeholder, text)


class Withholding:
    """A translator (`t(key, **params)`) that also keeps each sentence's number-free twin."""

    def __init__(self, lang: str):
        self.lang = lang
        self._t = translator(lang)
        self.placeholder = self._t("reveal.held_back")
        self.twins: dict[str, str] = {}      # full sentence -> number-free sentence
        self.keys: dict[str, str] = {}       # full sentence -> its message key

    def __call__(self, key: str, **params) -> str:
        full = self._t(key, **params)
        if full and full not in self.twins:
            self.twins[full] = self._masked(key, params) if params else full
            self.keys[full] = key
        return full

    def _masked(self, key: str, params: dict) -> str:
        texts = CATALOG.get(key)
        if texts is None:
            return mask_numbers(key, self.placeholder)
        template = texts.get(self.lang) or texts["en"]
        out = []
        try:
            for literal, field, spec, conversion in _FORMATTER.parse(template):
                out.append(literal)
                if field is None:
                    continue
                value = _FORMATTER.get_field(field, (), params)[0]
                out.append(self._masked_value(value, spec, conversion))
        except (KeyError, IndexError, ValueError, AttributeError):
            return mask_numbers(self._t(key, **params), self.placeholder)
        return "".join(out)

    def _masked_value(self, value, spec: str, conversion: str | None) -> str:
        if isinstance(value, str) or value is None or isinstance(value, bool):
            shown = _FORMATTER.format_field(_FORMATTER.convert_field(value, conversion), spec) \
                if isinstance(value, str) else str(value)
            return mask_numbers(shown, self.placeholder)   # a sentence or a formatted number in a string
        return self.placeholder                             # a number, an array, a shape: held back

    def number_free(self, message: str) -> str:
        """`message` with each recorded sentence swapped for its twin, numbers elsewhere held back."""
        slots: list[str] = []
        for full in sorted(self.twins, key=len, reverse=True):
            if full in message:
                message = message.replace(full, chr(SLOT + len(slots)))   # a slot no number can touch
                slots.append(self.twins[full])
        message = mask_numbers(message, self.placeholder)
        return "".join(slots[ord(c) - SLOT] if SLOT <= ord(c) < SLOT + len(slots) else c for c in message)

    def withheld(self, results) -> dict[str, str]:
        return {r.part: self.number_free(r.message) for r in results if r.hidden}

    def mistakes(self, results) -> dict[str, list[str]]:
        """{part: the message keys of the mistakes its (failing) message names as hints}."""
        prefix = self._t("hint.prefix")
        found = {}
        for r in results:
            if r.status == "passed" or prefix not in r.message:
                continue
            keys = [key for full, key in self.keys.items() if key != "hint.prefix" and prefix + full in r.message]
            if keys:
                found[r.part] = sorted(set(keys))
        return found
