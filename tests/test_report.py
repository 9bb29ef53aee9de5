"""The grader's pages and files, from hand-made records: feedback.html, report.html (in a real
headless Chromium when it is installed), results.json, grades.csv and canvas.csv, the plot hook."""
import base64
import csv
import io
import json
import re
import shutil
import subprocess

import pytest

import autograder.checks.a1_knn_linear as a1_checks
from autograder.model.check import Result
from autograder.config.messages import translator
from autograder.report import StudentRecord, load_record, write_cohort, write_student
from autograder.report.csvs import GRADE_COLUMNS, grades_csv
from autograder.report.plots import histogram_counts
from autograder.report.gradescope import results_dict
from autograder.report.staff import common_failures, message_shape

AID = "a1_knn_linear"
TITLE = "k-Nearest Neighbours and the linear score function"
PARTS = ["dists_two_loops", "dists_hidden", "cross_validate_k", "speed_no_loops"]


def make_record(student, scores, statuses, late_share=0.0, output=""):
    results = []
    for part, score, status in zip(PARTS, scores, statuses):
        message = "matches the reference" if status == "passed" else f"{part}[3, 4]: expected 1.5, got {score + 2.5}"
        details = {"max_rel_error": 0.25, "index": [3, 4]} if status == "failed" else {}
        if part == "cross_validate_k":
            details = {"ks": [1, 3, 5, 8], "mean_acc": [0.5, 0.61, 0.64, 0.6], "value": 0.64}
        results.append(Result(part=part, score=score, max_score=10.0, status=status, message=message,
                              hidden=part == "dists_hidden", details=details))
    late = {"submitted": "2026-09-23T10:00:00+00:00", "due": "2026-09-21T14:59:00+00:00", "seconds_late": 1.5e5,
            "days_late": 2 if late_share else 0, "share": late_share, "note": ""}
    return StudentRecord(student=student, assignment=AID, results=results, late=late, output=output,
                         notes=["a symbolic link was not followed: up"] if late_share else [], digest="0" * 64,
                         seconds=1.25)


@pytest.fixture
def cohort():
    return [make_record("kim minjun", [10, 10, 10, 10], ["passed"] * 4, output="epoch 1 <script>alert(1)</script>\n" * 3 + "x" * 9000),
            make_record("이서연", [10, 0, 10, 0], ["passed", "failed", "passed", "timeout"], late_share=0.2),
            make_record("park", [0, 0, 10, 0], ["failed", "failed", "passed", "not_implemented"])]


def draw_cv(ax, details):
    """A plot hook as an assignment would write it: accuracy against k."""
    if "ks" not in details:
        return False
    ax.plot(details["ks"], details["mean_acc"], "o-")


@pytest.fixture
def with_plot(monkeypatch):
    monkeypatch.setattr(a1_checks, "PLOTS", {"cross_validate_k": draw_cv}, raising=False)


@pytest.fixture
def written(tmp_path, cohort, with_plot):
    t = translator("en")
    for rec in cohort:
        write_student(tmp_path, rec, TITLE, t, "en")
    write_cohort(tmp_path, cohort, AID, TITLE, 40.0, t, "en")
    return tmp_path


def assert_self_contained(html):
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html), "the page fetches something"
    assert "<script" not in html.replace("&lt;script", "")
    assert "<link" not in html


def test_feedback_page_shows_total_parts_details_plot_and_cut_output(written):
    html = (written / "이서연" / "feedback.html").read_text(encoding="utf-8")
    assert 'id="total">16 / 40<' in html                     # (10 + 10) * 0.8
    for part in PARTS:
        assert f'id="part-{part}"' in html
    assert "hidden test" in html and '<span class="badge timeout">time limit</span>' in html
    assert "Submitted 2 day(s) late: 20% of the score taken off (4 points)" in html
    # dists_hidden (hidden, failed): its numbers are held back without --reveal hidden (test_reveal.py)
    assert "max_rel_error" not in html and "dists_hidden[3, 4]" not in html
    assert html.count("data:image/png;base64,") == 1                 # the hook's plot on cross_validate_k
    assert "a symbolic link was not followed: up" in html
    assert 'name="viewport"' in html
    assert_self_contained(html)
    first = (written / "kim minjun" / "feedback.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(…)&lt;/script&gt;" in first and "<script>alert" not in first   # numbers held back
    assert "characters cut ...]" in first and "x" * 9000 not in first
    assert_self_contained(first)


def test_feedback_page_in_korean(tmp_path, cohort):
    write_student(tmp_path, cohort[1], TITLE, translator("ko"), "ko")
    html = (tmp_path / "이서연" / "feedback.html").read_text(encoding="utf-8")
    assert '<html lang="ko">' in html and "총점" in html and "비공개 테스트" in html and "2일 늦게 제출" in html


def test_results_json_and_record_round_trip(written, cohort):
    t = translator("en")
    data = json.loads((written / "이서연" / "results.json").read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(results_dict(cohort[1], t)))
    assert data["score"] == 16 and [x["score"] for x in data["tests"]] == [8, 0, 8, 0]
    assert [x["visibility"] for x in data["tests"]] == ["visible", "after_due_date", "visible", "visible"]
    assert data["tests"][3]["output"].startswith("[time limit]")
    back = load_record(written / "이서연", "이서연", AID)
    assert back is not None and back.total == 16 and back.results[1].details == cohort[1].results[1].details
    assert load_record(written / "이서연", "someone else", AID) is None


def test_grades_and_canvas_csv(written, cohort):
    rows = list(csv.reader(io.StringIO(grades_csv(cohort).removeprefix("\ufeff"))))
    assert rows[0] == GRADE_COLUMNS and len(rows) == 1 + 3 * len(PARTS)
    late_row = dict(zip(GRADE_COLUMNS, rows[1 + len(PARTS)]))
    assert (late_row["student_id"], late_row["score"], late_row["late_penalty"]) == ("이서연", "8", "2")
    canvas = list(csv.reader(open(written / "canvas.csv", encoding="utf-8-sig")))
    assert [r[0] for r in canvas[2:]] == ["kim minjun", "이서연", "park"]
    assert [r[5] for r in canvas[1:]] == ["40", "40", "16", "10"]


def test_histogram_bins_tenths_of_the_maximum():
    assert histogram_counts([0, 9.9, 10, 55, 100, 120, -3], 100) == [3, 1, 0, 0, 0, 1, 0, 0, 0, 2]


def test_staff_report_histogram_pass_rates_and_common_failures(written, cohort):
    html = (written / "report.html").read_text(encoding="utf-8")
    assert 'id="histogram"' in html
    svg = base64.b64decode(re.search(r'id="histogram" alt="histogram" src="data:image/svg\+xml;base64,([^"]+)"',
                                     html).group(1)).decode()
    assert sum(int(c) for c in re.findall(r'data-count="(\d+)"', svg)) == len(cohort)   # every student in a bar
    assert "dists_two_loops</td><td>2/3 (67%)" in html
    assert "cross_validate_k</td><td>3/3 (100%)" in html
    assert 'href="%EC%9D%B4%EC%84%9C%EC%97%B0/feedback.html"' in html    # the Korean id, percent-encoded
    failures = common_failures(cohort)
    assert failures[0][:3] == (2, "dists_hidden", "failed")              # same mistake, different numbers
    assert message_shape("x[3, 4]: expected 1.5, got -2e-3") == "x[#, #]: expected #, got #"
    assert_self_contained(html)


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
BROWSER_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def chromium(tmp_path, *args):
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    proc = subprocess.run([CHROMIUM, *BROWSER_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, timeout=120)
    return proc


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install chromium; .ci/run does it)")
def test_pages_render_in_headless_chromium(written, tmp_path):
    shots = tmp_path / "screenshots"
    shots.mkdir()
    pages = {"feedback": written / "이서연" / "feedback.html", "report": written / "report.html"}
    doms = {}
    for name, page in pages.items():
        dom = chromium(tmp_path, "--dump-dom", page.as_uri())
        doms[name] = text = dom.stdout.decode("utf-8")
        assert dom.returncode == 0 and "</html>" in text, dom.stderr.decode()[-2000:]
        for part in PARTS:
            assert part in text
        shot = shots / f"{name}.png"
        proc = chromium(tmp_path, "--window-size=412,1600", f"--screenshot={shot}", page.as_uri())
        assert proc.returncode == 0 and shot.is_file(), proc.stderr.decode()[-2000:]
        assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 5000
    assert 'id="total">16 / 40</span>' in doms["feedback"] and "이서연" in doms["feedback"]
    assert "students: <b>3</b>" in doms["report"]
