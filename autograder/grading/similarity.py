"""Similar submissions, for the staff to look at: a flag, never a change of any score.

    found = compare(codes, stub=stub_code(aid), corpus=read_corpus(Path("corpus"), aid))
    write_similarity_csv(out, found)            # OUT/similarity.csv, most similar first

Winnowing (Schleimer, Wilkerson and Aiken 2003; what MOSS, JPlag and Dolos build on) over normalised
tokens: Python's own tokenizer reads the code; comments, blank lines and docstrings are dropped,
every identifier becomes `N` (attribute names after a dot and keywords stay: `np.sum` is `N.sum`),
every number `0` and every string `S`. So renaming variables, deleting comments or adding blank lines
changes nothing. Each run of K tokens is hashed (crc32, the same in every run), and of every W
consecutive hashes the smallest is kept: the fingerprints. What the release handed out (the stub
files) and what more than a quarter of the cohort share (the idioms anyone writes) are left out.
Two submissions' score is the Jaccard index of their fingerprints, 0..1. A known solution from
`--corpus DIR` (`DIR/<name>/<aid>/*.py`) is compared with every student, never with another corpus entry.
"""
from __future__ import annotations

import io
import keyword
import tokenize
import zipfile
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

K = 12                 # tokens in a k-gram: a short statement or two
W = 6                  # winnowing window: any match of W + K - 1 tokens or more is always caught
COMMON_SHARE = 0.25    # fingerprints in more than this share of the submissions are idioms, not copies
COMMON_MIN = 10        # ... but never fewer than this many submissions
MIN_LISTED = 0.05      # similarity.csv lists the pairs at or above this score
MAX_FILE_BYTES = 1 << 20
CORPUS = "corpus:"     # the prefix of a corpus entry's name in the pairs
SKIP = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT}


@dataclass(frozen=True)
class Print:
    hash: int
    file: str
    first: int      # line numbers, 1-based, in that file
    last: int


@dataclass
class Code:
    """One submission's (or corpus entry's) graded files: {file name: text}."""
    name: str
    files: dict[str, str]
    prints: list[Print] = field(default_factory=list)


@dataclass
class Region:
    file_a: str
    lines_a: tuple[int, int]
    file_b: str
    lines_b: tuple[int, int]
    text_a: str = ""
    text_b: str = ""


@dataclass
class Pair:
    a: str
    b: str
    score: float
    shared: int
    regions: list[Region] = field(default_factory=list)


def tokens(text: str) -> list[tuple[str, int]]:
    """(normalised token, line) of Python source; code that does not tokenize counts up to there."""
    out: list[tuple[str, int]] = []
    previous = ""
    pending_string: tuple[str, int] | None = None   # a string alone on its line is a docstring: dropped
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type in SKIP:
                continue
            if pending_string is not None:
                if tok.type != tokenize.NEWLINE:
                    out.append(pending_string)
                pending_string = None
            if tok.type == tokenize.STRING and previous in ("", ";", ":"):
                pending_string = ("S", tok.start[0])
                previous = "S"
                continue
            if tok.type == tokenize.NAME:
                norm = tok.string if keyword.iskeyword(tok.string) or previous == "." else "N"
            elif tok.type == tokenize.NUMBER:
                norm = "0"
            elif tok.type in (tokenize.STRING, getattr(tokenize, "FSTRING_START", -1)):
                norm = "S"
            elif tok.type == tokenize.NEWLINE:
                norm = ";"
            else:
                norm = tok.string
            out.append((norm, tok.start[0]))
            previous = norm
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return out


def fingerprints(files: dict[str, str]) -> list[Print]:
    """The winnowed fingerprints of every file, each with the lines its k-gram spans."""
    prints: list[Print] = []
    for name in sorted(files):
        toks = tokens(files[name])
        grams = [(zlib.crc32("\x1f".join(t for t, _ in toks[i:i + K]).encode()), toks[i][1], toks[i + K - 1][1])
                 for i in range(len(toks) - K + 1)]
        chosen = -1
        for start in range(max(len(grams) - W + 1, 1 if grams else 0)):
            window = grams[start:start + W]
            low = min(range(len(window)), key=lambda j: (window[j][0], -j)) + start   # rightmost minimum
            if low != chosen:
                chosen = low
                h, first, last = grams[low]
                prints.append(Print(h, name, first, last))
    return prints


def compare(codes: list[Code], stub: dict[str, str] | None = None, corpus: list[Code] = (),
            common_share: float = COMMON_SHARE) -> list[Pair]:
    """Every pair of `codes`, and each of them with each corpus entry, most similar first (score > 0)."""
    handed_out = {p.hash for p in fingerprints(stub or {})}
    everyone = list(codes) + list(corpus)
    sets: list[set[int]] = []
    for code in everyone:
        code.prints = [p for p in fingerprints(code.files) if p.hash not in handed_out]
        sets.append({p.hash for p in code.prints})
    holders: dict[int, list[int]] = defaultdict(list)
    for i, hashes in enumerate(sets):
        for h in hashes:
            holders[h].append(i)
    limit = max(COMMON_MIN, common_share * len(codes))
    common = {h for h, who in holders.items() if len(who) > limit}
    kept = [s - common for s in sets]
    first_corpus = len(codes)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for h, who in holders.items():
        if h in common:
            continue
        for x in range(len(who)):
            for y in range(x + 1, len(who)):
                i, j = who[x], who[y]
                if j >= first_corpus and i >= first_corpus:
                    continue
                shared[(i, j)] += 1
    pairs = []
    for (i, j), n in shared.items():
        union = len(kept[i] | kept[j])
        score = round(n / union, 4) if union else 0.0
        pairs.append(Pair(everyone[i].name, everyone[j].name, score, n))
    pairs.sort(key=lambda p: (-p.score, -p.shared, p.a, p.b))
    by_name = {c.name: c for c in everyone}
    for pair in pairs[:TOP_REGIONS]:
        pair.regions = regions(by_name[pair.a], by_name[pair.b], common)
    return pairs


TOP_REGIONS = 20   # the pairs whose matching regions are worked out (the report shows fewer)


def regions(a: Code, b: Code, common: set[int]) -> list[Region]:
    """The runs of `a`'s fingerprints that `b` has too, merged where they touch, with where they are in b."""
    in_b: dict[int, Print] = {}
    for p in b.prints:
        in_b.setdefault(p.hash, p)
    found: list[Region] = []
    for p in a.prints:
        q = in_b.get(p.hash)
        if q is None or p.hash in common:
            continue
        last = found[-1] if found else None
        if (last is not None and last.file_a == p.file and last.file_b == q.file
                and p.first <= last.lines_a[1] + 1 and q.first <= last.lines_b[1] + 1):
            last.lines_a = (last.lines_a[0], max(last.lines_a[1], p.last))
            last.lines_b = (min(last.lines_b[0], q.first), max(last.lines_b[1], q.last))
        else:
            found.append(Region(p.file, (p.first, p.last), q.file, (q.first, q.last)))
    found.sort(key=lambda r: -(r.lines_a[1] - r.lines_a[0]))
    for r in found[:SHOWN_REGIONS]:
        r.text_a = excerpt(a.files.get(r.file_a, ""), r.lines_a)
        r.text_b = excerpt(b.files.get(r.file_b, ""), r.lines_b)
    return found[:SHOWN_REGIONS]


SHOWN_REGIONS = 3      # regions per pair kept with their text, longest first
EXCERPT_LINES = 40


def excerpt(text: str, lines: tuple[int, int]) -> str:
    """Lines first..last of `text` (at most EXCERPT_LINES), for the side-by-side view."""
    first, last = lines
    chosen = text.splitlines()[first - 1:min(last, first - 1 + EXCERPT_LINES)]
    return "\n".join(chosen)


def read_code(source: Path | None, names: list[str]) -> dict[str, str]:
    """The graded files `names` of a submission (a folder or a zip, wherever the files sit in it)."""
    files: dict[str, str] = {}
    if source is None:
        return files
    wanted = set(names)
    if source.is_file() and source.suffix == ".zip":
        try:
            with zipfile.ZipFile(source) as archive:
                for info in archive.infolist():
                    base = info.filename.replace("\\", "/").rsplit("/", 1)[-1]
                    if base in wanted and base not in files and 0 < info.file_size <= MAX_FILE_BYTES:
                        files[base] = archive.read(info).decode("utf-8", "replace")
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            return files
    elif source.is_dir():
        for name in names:
            path = source / name
            if path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_FILE_BYTES:
                files[name] = path.read_text(encoding="utf-8", errors="replace")
    return files


def read_corpus(folder: Path, aid: str) -> list[Code]:
    """`--corpus DIR`: every DIR/<name>/<aid>/*.py set as one known solution named 'corpus:<name>'."""
    found = []
    for entry in sorted(folder.iterdir()) if folder.is_dir() else []:
        code_dir = entry / aid
        if code_dir.is_dir():
            files = {p.name: p.read_text(encoding="utf-8", errors="replace")
                     for p in sorted(code_dir.glob("*.py")) if p.is_file() and p.stat().st_size <= MAX_FILE_BYTES}
            if files:
                found.append(Code(CORPUS + entry.name, files))
    return found


def code_names(aid: str) -> list[str]:
    """The .py files a submission of `aid` is graded on (what pack zips)."""
    from autograder.student.pack import submission_files
    return [name for name in submission_files(aid) if name.endswith(".py")]


def stub_code(aid: str) -> dict[str, str]:
    """The code the release handed out: the student files of assignments/<aid>/."""
    from autograder.config.paths import ASSIGNMENTS
    return read_code(ASSIGNMENTS / aid, code_names(aid))


def cohort_similarity(aid: str, sources: list[tuple[str, Path | None]], corpus: Path | None = None) -> list[Pair]:
    """`grade`'s step: every student's graded files (and the corpus) compared."""
    names = code_names(aid)
    codes = [Code(student, read_code(source, names)) for student, source in sources]
    known = read_corpus(corpus, aid) if corpus is not None else []
    return compare([c for c in codes if c.files], stub_code(aid), known)


def similarity_rows(pairs: list[Pair]) -> list[list]:
    """similarity.csv's rows: student_a,student_b,score (then the fingerprints shared), most similar first."""
    return [["student_a", "student_b", "score", "shared_fingerprints"]] + [
        [p.a, p.b, p.score, p.shared] for p in pairs if p.score >= MIN_LISTED]
