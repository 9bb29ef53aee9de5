"""Late days (issue #16) and trusted submission times (issue #18 item 4): the CS231n budget, extensions,
`--submitted-at`, and a pack-written timestamp checked against the evidence its zip carries."""
from __future__ import annotations

import datetime as dt
import zipfile
from dataclasses import replace

import pytest

from autograder.config.course import LatePolicy, load_course
from autograder.config.messages import translator
from autograder.grading.batch import run_batch
from autograder.grading.evidence import late_verdict, submission_time
from autograder.grading.late import FROM_LMS, FROM_NBGRADER, FROM_PACK, charge, pack_warning
from autograder.report.csvs import read_csv
from autograder.student.pack import pack
from tests.data.samples import build_sample, load_samples

AID = "a1_knn_linear"
UTC = dt.timezone.utc


def test_the_contracts_late_day_example():
    """free_late_days 4, 25 % a day, 2, 1 and 2 days late: a1 and a2 free, a3 spends the last free day
    and pays for one: 75 % of a3's score."""
    policy = LatePolicy(grace_minutes=15, penalty_per_day=0.25, max_days_late=5, free_late_days=4)
    a1, a2, a3 = charge(policy, [2, 1, 2])
    assert (a1.free_days_used, a1.share, a1.free_days_left) == (2, 0.0, 2)
    assert (a2.free_days_used, a2.share, a2.free_days_left) == (1, 0.0, 1)
    assert (a3.free_days_used, a3.share, a3.free_days_left) == (1, 0.25, 0)
    # past max_days_late the score is 0, and no free day is spent on it
    assert [(c.free_days_used, c.share) for c in charge(policy, [6, 1])] == [(0, 1.0), (1, 0.0)]
    # without a budget every day costs
    assert charge(replace(policy, free_late_days=0), [2])[0].share == 0.5


def test_an_extension_moves_the_due_date(tmp_path):
    course = load_course()
    cohort = course.cohort()
    due = cohort.dates[AID].due
    folder = tmp_path / "sub"
    folder.mkdir()
    (folder / "timestamp.txt").write_text((due + dt.timedelta(days=1, hours=20)).isoformat())   # 2 days late
    late = late_verdict(course, None, AID, "s1", folder, folder, None, {})
    assert (late.days_late, late.source) == (2, FROM_NBGRADER)       # no SHA256SUMS: nbgrader's own, trusted
    late = late_verdict(course, None, AID, "s1", folder, folder, None, {("s1", AID): 2})
    assert (late.days_late, late.share, late.extension_days) == (0, 0.0, 2)


def test_pack_after_the_due_date_warns_with_the_penalty():
    course = load_course()
    t = translator("en")
    due = course.cohort().dates[AID].due
    assert pack_warning(course, AID, due - dt.timedelta(hours=1), t) == ""
    text = pack_warning(course, AID, due + dt.timedelta(days=2, hours=1), t)
    policy = course.cohort().late_policy
    assert "3 day(s) late" in text and f"{3 * policy.penalty_per_day:.0%}" in text


@pytest.fixture(scope="module")
def backdated(tmp_path_factory):
    """The reference solution packed with a timestamp 1 hour before the due date, while the zip itself
    is made now (months after it): a backdated submission received 4 days late."""
    root = tmp_path_factory.mktemp("late")
    course = load_course()
    due = course.cohort().dates[AID].due
    sample = next(s for s in load_samples(AID) if s.note == "the reference solution")
    folder = build_sample(AID, sample, root / "build")
    (root / "submitted" / "s1").mkdir(parents=True)
    pack(course, AID, folder, root / "submitted" / "s1" / f"{AID}.zip", translator("en"), now=due - dt.timedelta(hours=1))
    received = due + dt.timedelta(days=3, hours=5)
    (root / "lms.csv").write_text(f"\ufeffstudent_id,submitted_at\ns1,{received.isoformat()}\n", encoding="utf-8")
    return root, course


def test_backdated_timestamp_is_flagged_without_and_penalised_with_submitted_at(backdated):
    root, course = backdated
    flagged = run_batch(course, AID, root / "submitted", root / "out", lang="en", progress=False)["s1"]
    assert flagged.late["days_late"] == 0 and flagged.share_off == 0          # never a penalty by itself
    assert flagged.late["source"] == FROM_PACK and "after its timestamp.txt" in flagged.late_flag
    rows = read_csv(root / "out" / "grades.csv")
    assert all(row["late_flag"] for row in rows)
    assert "s1" in (root / "out" / "report.html").read_text(encoding="utf-8").split('id="late-flags"')[1]

    trusted = run_batch(course, AID, root / "submitted", root / "out", lang="en", progress=False, resume=True,
                        submitted_at=root / "lms.csv")["s1"]
    policy = course.cohort().late_policy
    assert trusted.late["source"] == FROM_LMS and trusted.late["days_late"] == 4 and not trusted.late_flag
    assert trusted.share_off == pytest.approx(min(1.0, 4 * policy.penalty_per_day))
    assert trusted.raw_total == trusted.max_total and trusted.total < trusted.raw_total
    assert {row["days_late"] for row in read_csv(root / "out" / "grades.csv")} == {"4"}


def test_an_edited_timestamp_no_longer_matches_sha256sums(backdated, tmp_path):
    root, _ = backdated
    with zipfile.ZipFile(root / "submitted" / "s1" / f"{AID}.zip") as archive:
        archive.extractall(tmp_path / "sub")
    stamp = tmp_path / "sub" / "timestamp.txt"
    stamp.write_text("2026-01-01 00:00:00.000000 UTC\n")
    when = submission_time(tmp_path / "sub", tmp_path / "sub", 15)
    assert when.source == FROM_PACK and "timestamp.txt was changed after pack wrote it" in when.flag
    assert when.time == dt.datetime(2026, 1, 1, tzinfo=UTC)
    trusted = dt.datetime(2026, 9, 30, tzinfo=UTC)
    assert submission_time(tmp_path / "sub", tmp_path / "sub", 15, trusted).time == trusted
