"""The course in two languages from one source (issue #15): every solutions notebook holds English and
Korean prose in well-formed pairs; the released notebook of each language is >= 80 % prose in that
language, with the same cells, ids, nbgrader metadata and code; assignments/ holds the course's
language; the student README, titles and plot labels follow the language; a Korean feedback page is
legible in a real browser (screenshot kept).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from autograder.config.course import ASSIGNMENT_IDS
from autograder.config.paths import ASSIGNMENTS, ROOT
from autograder.release.bilingual import (LANGS, check_pairs, language_share, letters, monolingual, text_language,
                                          translate_literals)
from autograder.release.generate import student_text
from autograder.release.notebooks import execute_notebook, find_notebooks
from tests.conftest import KERNELS

NOTEBOOKS = find_notebooks()
AIDS = sorted(NOTEBOOKS)
MIN_SHARE = 0.8


def released(aid: str, lang: str) -> dict:
    return json.loads(student_text(NOTEBOOKS[aid], lang))


def source(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@pytest.mark.parametrize("aid", AIDS)
def test_every_prose_cell_has_its_partner(aid):
    nb = json.loads(NOTEBOOKS[aid].read_text(encoding="utf-8"))
    assert check_pairs(nb) == []
    assert any(c.get("metadata", {}).get("lang") == "ko" for c in nb["cells"]), "no Korean prose at all"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("aid", AIDS)
def test_released_prose_is_in_the_release_language(aid, lang):
    found, total = language_share(released(aid, lang), lang)
    assert total >= 5, f"{aid}: only {total} prose cells"
    assert found / total >= MIN_SHARE, f"{aid} ({lang}): {found} of {total} prose cells in {lang}"


@pytest.mark.parametrize("aid", AIDS)
def test_both_languages_have_the_same_cells_ids_metadata_and_graded_code(aid):
    ko, en = released(aid, "ko"), released(aid, "en")
    assert [c["id"] for c in ko["cells"]] == [c["id"] for c in en["cells"]]
    assert [c["cell_type"] for c in ko["cells"]] == [c["cell_type"] for c in en["cells"]]
    for a, b in zip(ko["cells"], en["cells"]):
        assert a["metadata"] == b["metadata"], a["id"]
        meta = a["metadata"].get("nbgrader", {})
        if a["cell_type"] == "code" and (meta.get("grade") or meta.get("solution")):
            assert source(a) == source(b), f"graded or solution cell {a['id']} differs between languages"
    ids = [c["id"] for c in ko["cells"]]
    assert not any(i.endswith("-ko") for i in ids), "a Korean partner cell leaked into the release"


@pytest.mark.parametrize("aid", AIDS)
def test_plot_labels_follow_the_language(aid):
    nb = json.loads(NOTEBOOKS[aid].read_text(encoding="utf-8"))
    labelled = {c["id"]: c["metadata"]["i18n"]["ko"] for c in nb["cells"] if c.get("metadata", {}).get("i18n")}
    if not labelled:
        pytest.skip(f"{aid} has no translated labels")
    ko = {c["id"]: source(c) for c in released(aid, "ko")["cells"]}
    en = {c["id"]: source(c) for c in released(aid, "en")["cells"]}
    for cell_id, table in labelled.items():
        for english, korean in table.items():
            assert f'"{korean}"' in ko[cell_id] and f'"{english}"' not in ko[cell_id]
            assert f'"{english}"' in en[cell_id] and korean not in en[cell_id]


@pytest.mark.parametrize("aid", AIDS)
def test_assignments_notebook_is_in_the_course_language(course, aid):
    committed = json.loads((ASSIGNMENTS / aid / f"{aid}.ipynb").read_text(encoding="utf-8"))
    found, total = language_share(committed, course.language)
    assert found / total >= MIN_SHARE, "run `python -m autograder.release.generate` (make assignments)"


def test_pairs_that_do_not_pair_are_named():
    en = {"cell_type": "markdown", "id": "a", "metadata": {"lang": "en"}, "source": "Hello"}
    ko = {"cell_type": "markdown", "id": "a-ko", "metadata": {"lang": "ko"}, "source": "안녕"}
    assert check_pairs({"cells": [en, ko]}) == []
    assert "without its Korean partner" in check_pairs({"cells": [en]})[0]
    assert "without the English cell" in check_pairs({"cells": [ko]})[0]
    assert "must have the id 'a-ko'" in check_pairs({"cells": [en, dict(ko, id="b")]})[0]
    with pytest.raises(ValueError, match="without its Korean partner"):
        monolingual({"cells": [en]}, "ko")
    assert [source(c) for c in monolingual({"cells": [en, ko]}, "ko")["cells"]] == ["안녕"]
    assert monolingual({"cells": [en, ko]}, "en")["cells"][0]["id"] == "a"


def test_label_translation_touches_only_whole_double_quoted_literals():
    code = 'plt.xlabel("loss"); plt.title("loss curve"); d["loss"] = loss; print(\'loss\')'
    out = translate_literals(code, {"loss": "손실"})
    assert out == 'plt.xlabel("손실"); plt.title("loss curve"); d["손실"] = loss; print(\'loss\')'


def test_language_of_a_text():
    assert text_language("손실 함수(loss function)를 최소화하는 가중치를 찾는 것이 최적화(optimization)입니다.") == "ko"
    assert text_language("The loss function measures how unhappy we are with the scores.") == "en"
    assert text_language("## 1. Output size") is None                       # too short to be prose
    assert text_language("Implement the naive forward pass of the convolution here. 합성곱 순전파") == "mixed"


@pytest.mark.parametrize("lang", LANGS)
def test_student_readme_and_title_follow_the_language(course, lang):
    from autograder.release.bundle import student_bundle
    aid = "a1_knn_linear"
    bundle = student_bundle(course, aid, course.cohort().name, lang=lang)
    readme = bundle.files[f"{course.id}-{aid}/README.md"].decode("utf-8")
    assert readme.startswith(f"# {course.assignments[aid].title_in(lang)} ({aid})")
    paragraphs = [p for p in re.split(r"\n\s*\n", readme) if text_language(p) is not None]
    share = sum(text_language(p) == lang for p in paragraphs) / len(paragraphs)
    assert share >= MIN_SHARE, f"README ({lang}): {share:.0%} of its paragraphs in {lang}"
    notebook = json.loads(bundle.files[f"{course.id}-{aid}/assignments/{aid}/{aid}.ipynb"])
    found, total = language_share(notebook, lang)
    assert found / total >= MIN_SHARE


def test_every_assignment_has_a_title_in_both_languages(course):
    for aid in ASSIGNMENT_IDS:
        a = course.assignments[aid]
        hangul, latin = letters(a.title_in("ko"))
        assert hangul > latin, f"{aid}: no Korean title (course.yml title: {{en: ..., ko: ...}})"
        assert text_language(a.description_in("ko")) == "ko" and text_language(a.description_in("en")) == "en", aid


@KERNELS
@pytest.mark.slow
@pytest.mark.parametrize("aid", AIDS)
def test_korean_release_runs_top_to_bottom_with_the_reference(aid):
    """The reference notebook as the Korean release has it (plot labels translated) runs through. The
    English release runs the source's own code (next test), which test_notebooks runs top to bottom."""
    problem = execute_notebook(NOTEBOOKS[aid], lang="ko")
    assert problem is None, problem


@pytest.mark.parametrize("aid", AIDS)
def test_english_release_runs_the_sources_own_code(aid):
    nb = json.loads(NOTEBOOKS[aid].read_text(encoding="utf-8"))

    def code(notebook):
        return [source(c) for c in notebook["cells"] if c["cell_type"] == "code"]
    assert code(monolingual(nb, "en")) == code(nb), \
        "the English release changes code (labels in metadata.i18n.en?): run it top to bottom as the Korean one"


# ---------------------------------------------------------------- Korean in a real browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
SHOTS = Path(os.environ.get("SCREENSHOT_DIR", ROOT / ".cache" / "screenshots"))


def korean_font() -> str:
    if not shutil.which("fc-list"):
        return ""
    return subprocess.run(["fc-list", ":lang=ko", "family"], capture_output=True, text=True).stdout.strip()


def screenshot(tmp_path: Path, page: Path, shot: Path, size: str = "412,1200") -> bytes:
    profile = tmp_path / f"profile-{shot.stem}"
    proc = subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", f"--window-size={size}",
                           f"--screenshot={shot}", page.as_uri()], capture_output=True, timeout=120)
    assert proc.returncode == 0 and shot.is_file(), proc.stderr.decode()[-2000:]
    return shot.read_bytes()


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does it)")
@pytest.mark.skipif(not korean_font(), reason="no font with Hangul (apt-get install fonts-noto-cjk; .ci/run does it)")
def test_korean_feedback_page_is_legible_in_chromium(tmp_path):
    """Two different Korean words draw different pixels (boxes would draw the same), and a Korean
    feedback page renders; its screenshot is kept in .cache/screenshots/ (or $SCREENSHOT_DIR)."""
    from autograder.config.messages import translator
    from autograder.model.check import Result
    from autograder.report import StudentRecord, write_student

    words = {}
    for name, word in (("a", "손실 함수"), ("b", "역전파법")):
        page = tmp_path / f"{name}.html"
        page.write_text(f'<html lang="ko"><meta charset="utf-8"><body style="margin:0;background:#fff">'
                        f'<p style="font:64px sans-serif;margin:8px">{word}</p></body></html>', encoding="utf-8")
        words[name] = screenshot(tmp_path, page, tmp_path / f"{name}.png", "400,200")
    assert words["a"] != words["b"], "two Korean words render alike: Hangul shows as boxes"

    results = [Result(part="dists_two_loops", score=10.0, max_score=10.0, status="passed", message="정답과 일치합니다"),
               Result(part="dists_no_loops", score=0.0, max_score=10.0, status="failed",
                      message="dists[3, 4]: 기대값 1.5, 실제값 4 (최대 상대 오차 0.63)")]
    record = StudentRecord(student="이서연", assignment="a1_knn_linear", results=results, late={}, output="",
                           notes=[], digest="0" * 64, seconds=1.0)
    from autograder.config.course import load_course
    title = load_course().assignments["a1_knn_linear"].title_in("ko")
    write_student(tmp_path, record, title, translator("ko"), "ko")
    page = tmp_path / "이서연" / "feedback.html"
    assert "피드백" in page.read_text(encoding="utf-8")
    SHOTS.mkdir(parents=True, exist_ok=True)
    data = screenshot(tmp_path, page, SHOTS / "feedback_ko.png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000
