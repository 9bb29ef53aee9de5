"""Collecting submissions: folders and zips, hostile archives, odd ids, empty and missing ones;
and the late policy read from nbgrader's timestamp.txt."""
import datetime as dt
import os
import stat
import zipfile

import pytest

from autograder.grading.collect import CollectLimits, find_submissions, safe_member, stage
from autograder.config.course import LatePolicy
from autograder.grading.late import lateness, lateness_of, parse_timestamp

AID = "a1_knn_linear"
CODE = b"def linear_scores(X, W, b):\n    return X.dot(W) + b\n"


def staged_files(sub):
    return sorted(p.relative_to(sub.folder).as_posix() for p in sub.folder.rglob("*") if p.is_file())


def make_zip(path, members, symlinks=()):
    with zipfile.ZipFile(path, "w") as z:
        for name, data in members.items():
            z.writestr(name, data)
        for name, target in symlinks:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, target)


def test_finds_folders_zips_and_missing_with_odd_ids(tmp_path):
    subs = tmp_path / "submitted"
    (subs / "kim minjun" / AID).mkdir(parents=True)
    (subs / "kim minjun" / AID / "linear_score.py").write_bytes(CODE)
    (subs / "이서연").mkdir()
    make_zip(subs / "이서연" / f"{AID}.zip", {"linear_score.py": CODE})
    (subs / "nobody").mkdir()
    (subs / ".hidden").mkdir()
    found = dict(find_submissions(subs, AID))
    assert set(found) == {"kim minjun", "이서연", "nobody"}
    assert found["kim minjun"].name == AID and found["이서연"].suffix == ".zip" and found["nobody"] is None


def test_stage_folder_copies_regular_files_and_skips_symlinks(tmp_path, t_en):
    src = tmp_path / "s" / AID
    (src / "sub").mkdir(parents=True)
    (src / "linear_score.py").write_bytes(CODE)
    (src / "sub" / "helper.py").write_text("X = 1\n")
    secret = tmp_path / "secret.txt"
    secret.write_text("other student's work")
    os.symlink(secret, src / "stolen.py")
    os.symlink(tmp_path, src / "up")
    os.mkfifo(src / "pipe")
    sub = stage("kim", src, tmp_path / "stage", AID, t_en)
    assert sub.problem == ""
    assert staged_files(sub) == ["linear_score.py", "sub/helper.py"]
    assert (sub.folder / "linear_score.py").read_bytes() == CODE
    assert any("stolen.py" in n for n in sub.notes) and any("up" in n for n in sub.notes)
    assert any("pipe" in n for n in sub.notes)
    assert len(sub.digest) == 64


def test_zip_slip_absolute_and_symlink_members_never_land_outside(tmp_path, t_en):
    archive = tmp_path / f"{AID}.zip"
    make_zip(archive, {"linear_score.py": CODE, "../../evil.py": b"x", "/abs/evil2.py": b"x",
                       "ok/../../../evil3.py": b"x", "C:\\windows\\evil4.py": b"x"},
             symlinks=[("link.py", "/etc/passwd")])
    dest = tmp_path / "stage" / "0"
    sub = stage("kim", archive, dest, AID, t_en)
    assert sub.problem == ""
    assert staged_files(sub) == ["linear_score.py"]
    assert len(sub.notes) == 5
    assert not list(tmp_path.rglob("evil*")) and not (tmp_path / "abs").exists()
    assert not (sub.folder / "link.py").exists()


def test_zip_of_the_folder_is_unwrapped(tmp_path, t_en):
    archive = tmp_path / f"{AID}.zip"
    make_zip(archive, {f"{AID}/linear_score.py": CODE, f"{AID}/timestamp.txt": b"2026-09-01 10:00:00 UTC"})
    sub = stage("kim", archive, tmp_path / "stage", AID, t_en)
    assert staged_files(sub) == ["linear_score.py", "timestamp.txt"]
    # the code in aid/ and the timestamp beside it, as a pack might lay them out
    make_zip(archive, {f"{AID}/linear_score.py": CODE, "timestamp.txt": b"2026-09-01 10:00:00 UTC"})
    sub = stage("kim", archive, tmp_path / "stage2", AID, t_en)
    assert staged_files(sub) == ["linear_score.py", "timestamp.txt"]


def test_zip_bomb_and_member_count_are_refused(tmp_path, t_en):
    bomb = tmp_path / f"{AID}.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("linear_score.py", CODE)
        z.writestr("big.bin", b"\0" * (3 * 2**20))
    sub = stage("kim", bomb, tmp_path / "stage", AID, t_en, CollectLimits(max_bytes=2**20))
    assert sub.folder is None and "more than 1 MB" in sub.problem
    assert not (tmp_path / "stage" / AID).exists()
    make_zip(bomb, {f"f{i}.py": b"" for i in range(30)})
    sub = stage("kim", bomb, tmp_path / "stage", AID, t_en, CollectLimits(max_files=10))
    assert sub.folder is None and "more than 10 files" in sub.problem


def test_empty_missing_and_broken_submissions_say_why(tmp_path, t_en):
    empty = tmp_path / "e" / AID
    empty.mkdir(parents=True)
    (empty / "timestamp.txt").write_text("2026-09-01 10:00:00 UTC")
    sub = stage("e", empty, tmp_path / "s1", AID, t_en)
    assert sub.folder is None and "empty" in sub.problem
    sub = stage("m", None, tmp_path / "s2", AID, t_en)
    assert sub.folder is None and f"neither {AID}/ nor {AID}.zip" in sub.problem
    broken = tmp_path / f"{AID}.zip"
    broken.write_bytes(b"PK\x03\x04 this is not a zip")
    sub = stage("b", broken, tmp_path / "s3", AID, t_en)
    assert sub.folder is None and "not a readable zip" in sub.problem


@pytest.mark.parametrize("text", ["2026-09-21 14:05:09.123456 UTC", "2026-09-21T23:05:09.123456+09:00",
                                  "2026-09-21 14:05:09.123456"])
def test_nbgrader_timestamps_parse(text):
    assert parse_timestamp(text) == dt.datetime(2026, 9, 21, 14, 5, 9, 123456, tzinfo=dt.timezone.utc)


def test_late_policy_grace_days_and_cap(tmp_path):
    policy = LatePolicy(grace_minutes=15, penalty_per_day=0.1, max_days_late=5)
    due = dt.datetime(2026, 9, 21, 23, 59, tzinfo=dt.timezone(dt.timedelta(hours=9)))
    at = lambda **kw: lateness(policy, due, due + dt.timedelta(**kw))  # noqa: E731
    assert at(minutes=-60).share == 0 and at(minutes=14).share == 0
    assert (at(minutes=16).days_late, at(minutes=16).share) == (1, 0.1)
    assert (at(days=2, seconds=1).days_late, at(days=2, seconds=1).share) == (3, 0.3)
    assert at(days=5).share == 0.5
    assert at(days=5, minutes=1).share == 1.0
    assert lateness(policy, due, None).share == 0 and lateness(policy, due, None).note == "no timestamp.txt"
    folder = tmp_path / "sub"
    folder.mkdir()
    (folder / "timestamp.txt").write_text("2026-09-22 21:00:00.000000 UTC\n")   # due 14:59 UTC: 1 day 6 h 1 min late
    late = lateness_of(folder, policy, due)
    assert (late.days_late, late.share) == (2, 0.2)
    (folder / "timestamp.txt").write_text("yesterday-ish")
    assert lateness_of(folder, policy, due).note.startswith("unreadable timestamp")


def test_safe_member():
    assert safe_member("a/./b.py").as_posix() == "a/b.py"
    for bad in ("../x", "/etc/passwd", "a/../../x", "C:/x", "", "./"):
        assert safe_member(bad) is None


def test_bytecode_deep_folders_and_reserved_ids_are_left_out(tmp_path, t_en):
    from autograder.grading.collect import MAX_DEPTH
    archive = tmp_path / f"{AID}.zip"
    deep = "/".join(["d"] * 1000) + "/x.py"    # deep enough to overflow a recursive walk or mkdir
    make_zip(archive, {"linear_score.py": CODE, "helper.pyc": b"\0" * 16, "sub/helper.pyo": b"\0", deep: b""})
    sub = stage("kim", archive, tmp_path / "stage", AID, t_en)
    assert sub.problem == "" and staged_files(sub) == ["linear_score.py"]
    assert any("levels deep" in n for n in sub.notes)
    src = tmp_path / "s" / AID
    src.mkdir(parents=True)
    (src / "linear_score.py").write_bytes(CODE)
    (src / "helper.pyc").write_bytes(b"\0" * 16)
    os.makedirs(src / "/".join(["d"] * (MAX_DEPTH + 3)))
    sub = stage("kim", src, tmp_path / "stage2", AID, t_en)
    assert sub.problem == "" and staged_files(sub) == ["linear_score.py"]
    assert any("levels deep" in n for n in sub.notes)
    subs = tmp_path / "submitted"
    for sid in ("grades.csv", "report.html", "canvas.csv", "kim"):
        (subs / sid / AID).mkdir(parents=True)
    assert [sid for sid, _ in find_submissions(subs, AID)] == ["kim"]


def test_loose_files_beside_the_student_folders_are_named_not_graded(tmp_path):
    from autograder.grading.collect import stray_entries
    (tmp_path / "kim" / "a1_knn_linear").mkdir(parents=True)
    (tmp_path / "s003.zip").write_bytes(b"PK")
    (tmp_path / ".DS_Store").write_bytes(b"")
    assert stray_entries(tmp_path) == ["s003.zip"]


def test_folder_names_that_are_not_utf8_get_readable_unique_ids(tmp_path):
    subs = os.fsencode(tmp_path / "submitted")
    os.mkdir(subs)
    for raw in ("김철수".encode("cp949"), "김철수".encode(), b"caf\xe9", b"tab\tbell\x07", b"\x01", b"\x01..",
                "grades.csv".encode()):
        os.mkdir(os.path.join(subs, raw))
        os.mkdir(os.path.join(subs, raw, AID.encode()))
    found = dict(find_submissions(os.fsdecode(subs), AID))
    assert set(found) == {"김철수", "김철수 (2)", "café", "tab bell", "student-01", "student-012e2e"}
    assert os.fsencode(found["김철수"].parent.name) == "김철수".encode()     # really that name keeps it
    assert os.fsencode(found["김철수 (2)"].parent.name) == "김철수".encode("cp949")
    assert all(path.is_dir() for path in found.values())                    # the real folder, found again


def test_zip_member_names_without_the_utf8_flag_are_decoded(tmp_path, t_en):
    archive = tmp_path / f"{AID}.zip"
    make_zip(archive, {"linear_score.py": CODE, "../QQQQQQ.py": b"x"})
    archive.write_bytes(archive.read_bytes().replace(b"QQQQQQ", "김철수".encode("cp949")))
    sub = stage("s", archive, tmp_path / "stage", AID, t_en)
    assert staged_files(sub) == ["linear_score.py"]
    assert sub.notes == ["a zip member that would land outside the submission was skipped: ../김철수.py"]
