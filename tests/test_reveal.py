"""Hidden numbers held back (issue #16): without `--reveal hidden` a hidden part shows its status,
points and named mistake, never its inputs or expected/actual numbers; grades.csv keeps them all."""
from __future__ import annotations

import html
import json
import re

import pytest

from autograder.config.course import load_course
from autograder.config.messages import translator
from autograder.grading.batch import run_batch
from autograder.grading.withheld import Withholding, mask_numbers
from autograder.report.csvs import read_csv
from tests.data.samples import build_sample, load_samples

AID = "a1_knn_linear"
PART = "dists_hidden"


def test_withholding_keeps_the_catalogue_words_and_drops_the_parameters():
    import autograder.checks.a2_svm_softmax  # noqa: F401  (registers the a2 hints)
    tw = Withholding("en")
    message = (tw("judge.mismatch", name="dW", index="[3, 2]", expected="1.234", got="-0.5", rel=0.3)
               + "; " + tw("hint.prefix") + tw("a2.hint.reg_grad_missing"))
    free = tw.number_free(message)
    assert "1.234" not in free and "-0.5" not in free and "[3, 2]" not in free
    assert free.startswith("dW[…, …]: expected …, got …") and "2 * reg * W" in free   # the named mistake stays
    assert mask_numbers("W1 float32 x=3 at [1, 2]") == "W1 float32 x=… at […, …]"


@pytest.fixture(scope="module")
def two_same_mistakes(tmp_path_factory):
    """Two students with the same wrong no-loop distances (no square root), graded once without and
    once with --reveal hidden."""
    root = tmp_path_factory.mktemp("reveal")
    sample = next(s for s in load_samples(AID) if "square root" in s.note)
    (root / "submitted").mkdir()
    for student in ("twin-a", "twin-b"):
        build_sample(AID, sample, root / "build")
        (root / "build" / sample.student).rename(root / "submitted" / student)
    course = load_course()
    held = run_batch(course, AID, root / "submitted", root / "held", lang="en", progress=False)
    # --resume keeps the grades and writes the pages again, numbers shown
    run_batch(course, AID, root / "submitted", root / "held", lang="en", progress=False, resume=True, reveal=True)
    return root, held


def test_same_wrong_code_fails_the_hidden_part_with_different_numbers_held_back(two_same_mistakes):
    root, records = two_same_mistakes
    full = {s: next(r for r in records[s].results if r.part == PART) for s in ("twin-a", "twin-b")}
    assert all(r.status == "failed" and r.hidden for r in full.values())
    assert full["twin-a"].message != full["twin-b"].message          # each student's own hidden inputs
    assert records["twin-a"].withheld[PART] == records["twin-b"].withheld[PART]   # same mistake, no numbers
    for student, r in full.items():
        numbers = set(re.findall(r"\d+\.\d+", r.message))
        assert numbers, r.message
        rows = [row for row in read_csv(root / "held" / "grades.csv") if row["student_id"] == student]
        assert next(row for row in rows if row["part"] == PART)["message"] == " ".join(r.message.split())
        withheld = records[student].withheld[PART]
        assert not numbers & set(re.findall(r"\d+\.\d+", withheld)) and "…" in withheld


def test_feedback_and_results_json_show_the_numbers_only_with_reveal(two_same_mistakes, tmp_path):
    root, records = two_same_mistakes
    course = load_course()
    run_batch(course, AID, root / "submitted", tmp_path, lang="en", progress=False)   # held back again
    for student in ("twin-a", "twin-b"):
        r = next(r for r in records[student].results if r.part == PART)
        secret = sorted(set(re.findall(r"\d+\.\d+", r.message)))[0]
        for out, shown in ((tmp_path, False), (root / "held", True)):
            html = (out / student / "feedback.html").read_text(encoding="utf-8")
            card = html.split(f'id="part-{PART}"')[1].split("</section>")[0]
            tests = json.loads((out / student / "results.json").read_text(encoding="utf-8"))["tests"]
            output = next(t["output"] for t in tests if t["name"] == PART)
            assert (secret in card) is shown and (secret in output) is shown, (out, card, output)
            assert 'class="badge failed"' in card and " / 10</span>" in card   # status and points always
        mistakes = records[student].mistakes
        assert mistakes.get(PART), "the named mistake is recorded for report.html's counts"
        assert translator("en")(mistakes[PART][0]) in records[student].withheld[PART]


def test_report_counts_the_students_each_named_mistake_caught(two_same_mistakes):
    """report.html's "what the cohort got wrong": the twins' named mistake on the hidden part, 2 students."""
    root, records = two_same_mistakes
    page = (root / "held" / "report.html").read_text(encoding="utf-8")
    table = page.split('id="mistakes"')[1].split("</table>")[0]
    sentence = html.escape(translator("en")(records["twin-a"].mistakes[PART][0]), quote=False)
    rows = [row for row in table.split("<tr>") if f'<td class="part">{PART}</td>' in row and sentence in row]
    assert len(rows) == 1 and "<td>2</td>" in rows[0], table
