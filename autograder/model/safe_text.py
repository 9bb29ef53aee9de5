"""Text from a submission made safe for a record: every string that comes from the child or the
file system (error messages, captured output, file, folder and zip member names) passes here
before it reaches a record, a page or a CSV.

    safe_text("caf\\udcff.csv")           -> 'caf\\ufffd.csv'   (a lone surrogate replaced)
    safe_text("a\\x1b[2Jb\\nc")            -> 'ab c'             (one line: controls gone)
    safe_text(output, multiline=True)     keeps \\n and \\t, drops other control characters
    fs_name(entry.name)                   a folder name from os.scandir, decoded sensibly
    zip_name(info)                        a zip member's name, re-decoded when it is not UTF-8-flagged
    safe_data(details)                    the same over the strings of nested dicts and lists
"""
from __future__ import annotations

import os
import re
import unicodedata

# Lone surrogates (what Python makes of undecodable bytes), C0/C1 controls and DEL, and the bidi
# overrides that make a name read differently from what it is.
_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROLS = "".join(chr(c) for c in (*range(0x20), *range(0x7f, 0xa0))) + "\u200e\u200f\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[{_CONTROLS}]")
_CONTROL_MULTI = re.compile(f"[{_CONTROLS.replace(chr(9), '').replace(chr(10), '')}]")
_LINE_BREAKS = re.compile("[\r\n\t\u2028\u2029\x0b\x0c]+")

ENCODINGS = ("utf-8", "cp949")   # then latin-1, which always decodes: Korean Windows zips are cp949


def safe_text(value, multiline: bool = False) -> str:
    """A str that encodes as UTF-8 and holds no control characters (with `multiline`, \\n and \\t
    stay, \\r\\n becomes \\n); on one line, line breaks and tabs become one space."""
    if isinstance(value, (bytes, bytearray)):
        text = bytes(value).decode("utf-8", "replace")
    else:
        text = value if isinstance(value, str) else str(value)
    if text.isascii() and text.isprintable():
        return text
    text = _SURROGATE.sub("\ufffd", text)
    if multiline:
        return _CONTROL_MULTI.sub("", text.replace("\r\n", "\n"))
    return _CONTROL.sub("", _LINE_BREAKS.sub(" ", text))


def safe_data(value):
    """`safe_text` applied to every string (keys too) in nested dicts, lists and tuples."""
    if isinstance(value, str):
        return safe_text(value, multiline=True)
    if isinstance(value, dict):
        return {safe_data(k) if isinstance(k, str) else k: safe_data(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(safe_data(v) for v in value)
    return value


def decode_name(raw: bytes, encodings=ENCODINGS, fallback: str = "latin-1") -> str:
    """The first of `encodings` that decodes `raw` strictly into printable text, else `fallback`."""
    for encoding in encodings:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if all(unicodedata.category(c) != "Co" for c in text):   # private-use: a wrong guess
            return text
    return raw.decode(fallback, "replace")


def fs_name(name: str) -> str:
    """A file or folder name as Linux gives it (undecodable bytes as surrogates), decoded as UTF-8,
    else cp949, else latin-1, and made safe to show."""
    raw = os.fsencode(name)
    return safe_text(decode_name(raw) if _SURROGATE.search(name) else name)


def zip_name(filename: str, flag_bits: int) -> str:
    """A zip member's name: zipfile decodes names without the UTF-8 flag (bit 11) as cp437, which
    turns a Korean Windows zip's names into line-drawing characters; those are re-decoded as
    UTF-8 or cp949 when that gives valid text. Not yet made safe (the caller checks the path)."""
    if flag_bits & 0x800 or filename.isascii():
        return filename
    try:
        raw = filename.encode("cp437")
    except UnicodeEncodeError:
        return filename
    return decode_name(raw, fallback="cp437")


def unique_names(names: list[str]) -> list[str]:
    """`names` with ' (2)', ' (3)', ... added to any that repeats an earlier one, never making one
    that is already in the list (two folders whose names decode the same stay two students)."""
    seen, every = set(), set(names)
    out = []
    for name in names:
        candidate, n = name, 1
        while candidate in seen or (candidate != name and candidate in every):
            n += 1
            candidate = f"{name} ({n})"
        seen.add(candidate)
        out.append(candidate)
    return out
