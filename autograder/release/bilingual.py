"""One notebook, two languages: solutions/<aid>/<aid>.ipynb holds English and Korean prose as
pairs of markdown cells; the release emits one language (format: /work/coord/notebook-format.md).

    nb = json.loads(text)
    problems = check_pairs(nb)                 # [] when every pair is well formed
    ko = monolingual(nb, "ko")                 # the notebook in Korean: same ids, metadata, code

A pair is an English markdown cell (`metadata.lang == "en"`, the cell's id and nbgrader metadata)
followed by its Korean partner (`metadata.lang == "ko"`, id `<en id>-ko`). Emission keeps the
English cell and gives it the chosen language's source. A code cell may carry translations of its
double-quoted string literals (plot labels) in `metadata.i18n[lang]`.

    python -m autograder.release.bilingual check solutions/a1_knn_linear/a1_knn_linear.ipynb
    python -m autograder.release.bilingual pair NOTEBOOK CELL_ID KO_TEXT_FILE
"""
from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path

LANGS = ("ko", "en")
SOURCE_LANG = "en"                # the cell of a pair that carries the id and nbgrader metadata


def cell_text(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def lang_of(cell: dict) -> str | None:
    return cell.get("metadata", {}).get("lang")


def partner_id(cell_id: str, lang: str) -> str:
    return f"{cell_id}-{lang}"


def check_pairs(nb: dict) -> list[str]:
    """What is wrong with the notebook's language pairs, one line each ([] when nothing)."""
    problems, cells = [], nb.get("cells", [])
    for i, cell in enumerate(cells):
        lang = lang_of(cell)
        where = f"cell {i} ({cell.get('id', '?')})"
        if lang is None:
            if cell.get("metadata", {}).get("i18n") and _graded(cell):
                problems.append(f"{where}: a graded or solution cell cannot carry label translations (i18n)")
            continue
        if lang not in LANGS:
            problems.append(f"{where}: lang {lang!r} is not one of {', '.join(LANGS)}")
        elif cell.get("cell_type") != "markdown":
            problems.append(f"{where}: only markdown cells are paired by language")
        elif lang == SOURCE_LANG:
            following = cells[i + 1] if i + 1 < len(cells) else {}
            if lang_of(following) != "ko":
                problems.append(f"{where}: English prose without its Korean partner right after it")
            elif following.get("id") != partner_id(cell.get("id", ""), "ko"):
                problems.append(f"cell {i + 1}: the Korean partner of {cell.get('id')!r} must have the id "
                                f"{partner_id(cell.get('id', ''), 'ko')!r}, not {following.get('id')!r}")
        else:
            before = cells[i - 1] if i else {}
            if lang_of(before) != SOURCE_LANG:
                problems.append(f"{where}: Korean prose without the English cell it translates right before it")
            if "nbgrader" in cell.get("metadata", {}):
                problems.append(f"{where}: the Korean partner takes its nbgrader metadata from the English "
                                "cell: remove it here")
    return problems


def _graded(cell: dict) -> bool:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade") or meta.get("solution"))


def monolingual(nb: dict, lang: str) -> dict:
    """The notebook in `lang` alone: each pair becomes its English cell with `lang`'s source."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGS)}")
    problems = check_pairs(nb)
    if problems:
        raise ValueError("; ".join(problems))
    out = copy.deepcopy(nb)
    cells, kept = out.get("cells", []), []
    for i, cell in enumerate(cells):
        cell_lang = lang_of(cell)
        if cell_lang not in (None, SOURCE_LANG):
            continue                                   # a partner: its text moved into the English cell
        if cell_lang == SOURCE_LANG:
            if lang != SOURCE_LANG:
                cell["source"] = cells[i + 1]["source"]
            del cell["metadata"]["lang"]
        translations = cell.get("metadata", {}).pop("i18n", None)
        if translations and lang in translations:
            cell["source"] = translate_literals(cell_text(cell), translations[lang])
        kept.append(cell)
    out["cells"] = kept
    out.setdefault("metadata", {})["language"] = lang
    return out


def translate_literals(source: str, table: dict[str, str]) -> str:
    """Every double-quoted literal of `source` found in `table` replaced by its translation."""
    def swap(m: re.Match) -> str:
        text = m.group(1)
        return json.dumps(table[text], ensure_ascii=False) if text in table else m.group(0)
    return re.sub(r'"((?:[^"\\\n]|\\.)*)"', swap, source)


def monolingual_text(text: str, lang: str) -> str:
    """`monolingual` on a notebook's JSON text, written back as the kit writes notebooks."""
    return notebook_text(monolingual(json.loads(text), lang))


def notebook_text(nb: dict) -> str:
    """A notebook as the kit writes notebooks."""
    return json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"


def is_bilingual(nb: dict) -> bool:
    return any(lang_of(c) for c in nb.get("cells", []))


def course_id() -> str:
    """The course's id (course.yml `course`), "course" when the course cannot be read."""
    try:
        from autograder.config.course import load_course
        return load_course().id
    except Exception:       # as default_language
        return "course"


def default_language() -> str:
    """The course's language (course.yml `language`), "ko" when the course cannot be read."""
    try:
        from autograder.config.course import load_course
        return load_course().language
    except Exception:       # a broken course.yml is the course step's to report, not the notebook's
        return "ko"


# ---------------------------------------------------------------- which language a text is in

PROSE_MIN_LETTERS = 40           # a markdown cell with fewer letters (a heading, a formula) is not prose
KOREAN_MIN_SHARE = 0.4           # Hangul syllables stand for 2-3 Latin letters; English terms in () are fine
CODE_OR_MATH = re.compile(r"```.*?```|`[^`\n]*`|\$\$.*?\$\$|\$[^$\n]*\$|^(?: {4}|\t).*$", re.S | re.M)


def letters(text: str) -> tuple[int, int]:
    """(Hangul syllables, Latin letters) of `text` outside code spans, code blocks and math."""
    prose = CODE_OR_MATH.sub(" ", text)
    hangul = sum(1 for ch in prose if "\uac00" <= ch <= "\ud7a3")
    latin = sum(1 for ch in prose if ch.isascii() and ch.isalpha())
    return hangul, latin


def text_language(text: str) -> str | None:
    """"ko", "en", "mixed" (neither, as a reader would call it), or None when `text` is too short to
    be prose (fewer than PROSE_MIN_LETTERS letters)."""
    hangul, latin = letters(text)
    if hangul + latin < PROSE_MIN_LETTERS:
        return None
    share = hangul / (hangul + latin)
    if share >= KOREAN_MIN_SHARE:
        return "ko"
    return "en" if share < 0.02 else "mixed"


def prose_languages(nb: dict) -> list[str]:
    """The language of every prose markdown cell of a (released, one-language) notebook."""
    found = (text_language(cell_text(c)) for c in nb.get("cells", []) if c.get("cell_type") == "markdown")
    return [lang for lang in found if lang is not None]


def language_share(nb: dict, lang: str) -> tuple[int, int]:
    """(prose cells in `lang`, prose cells) of a released notebook."""
    found = prose_languages(nb)
    return sum(1 for x in found if x == lang), len(found)


# ---------------------------------------------------------------- authoring helper

def set_pair(nb: dict, cell_id: str, ko_text: str, en_text: str | None = None) -> None:
    """Tag the markdown cell `cell_id` English and put (or replace) its Korean partner after it."""
    cells = nb["cells"]
    index = next((i for i, c in enumerate(cells) if c.get("id") == cell_id), None)
    if index is None or cells[index].get("cell_type") != "markdown":
        raise KeyError(f"no markdown cell with id {cell_id!r}")
    en = cells[index]
    en.setdefault("metadata", {})["lang"] = SOURCE_LANG
    if en_text is not None:
        en["source"] = en_text.splitlines(keepends=True)
    partner = {"cell_type": "markdown", "id": partner_id(cell_id, "ko"), "metadata": {"lang": "ko"},
               "source": ko_text.splitlines(keepends=True)}
    if index + 1 < len(cells) and lang_of(cells[index + 1]) == "ko":
        cells[index + 1] = partner
    else:
        cells.insert(index + 1, partner)


def main(argv: list[str]) -> int:
    if len(argv) >= 2 and argv[0] == "check":
        problems = check_pairs(json.loads(Path(argv[1]).read_text(encoding="utf-8")))
        print("\n".join(problems) or "pairs ok")
        return 1 if problems else 0
    if len(argv) == 4 and argv[0] == "pair":
        path = Path(argv[1])
        nb = json.loads(path.read_text(encoding="utf-8"))
        set_pair(nb, argv[2], Path(argv[3]).read_text(encoding="utf-8").rstrip("\n"))
        path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
