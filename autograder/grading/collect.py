"""Collecting a cohort's submissions safely, in nbgrader's `submitted/` layout.

    subs = find_submissions(Path("submitted"), "a1_knn_linear")          # [(student_id, source), ...]
    sub = stage(student, source, staging / "0", "a1_knn_linear", t)     # a clean private copy

A source is ``DIR/<student_id>/<aid>/`` (a folder) or ``DIR/<student_id>/<aid>.zip``. Staging
copies only regular files into a fresh folder: a zip member that would land outside it (``../``,
an absolute path, a drive letter) and every symlink (in a zip or in a folder) are skipped and
noted; the number of files and the bytes written are capped, counted on what is really written,
not on what a zip header claims. A student whose submission is missing, empty or refused still
gets a `Submission` whose `problem` says why, so the batch gives them rows.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from autograder.config.messages import register
from autograder.model.safe_text import fs_name, unique_names, zip_name

register({
    "collect.missing": {"en": "no submission: neither {aid}/ nor {aid}.zip in the student's folder",
                        "ko": "제출물이 없습니다: 학생 폴더에 {aid}/ 폴더도 {aid}.zip 파일도 없습니다"},
    "collect.empty": {"en": "the submission is empty: no files to grade in {source}",
                      "ko": "제출물이 비어 있습니다: {source}에 채점할 파일이 없습니다"},
    "collect.bad_zip": {"en": "{source} is not a readable zip file ({error})",
                        "ko": "{source}은(는) 읽을 수 있는 zip 파일이 아닙니다 ({error})"},
    "collect.too_many": {"en": "the submission was refused: more than {limit} files",
                         "ko": "제출물이 거부되었습니다: 파일이 {limit}개를 넘습니다"},
    "collect.too_big": {"en": "the submission was refused: more than {mb:g} MB of files",
                        "ko": "제출물이 거부되었습니다: 파일 크기가 {mb:g} MB를 넘습니다"},
    "collect.symlink": {"en": "a symbolic link was not followed: {name}",
                        "ko": "심볼릭 링크는 따라가지 않았습니다: {name}"},
    "collect.unsafe": {"en": "a zip member that would land outside the submission was skipped: {name}",
                       "ko": "제출물 폴더 밖을 가리키는 zip 항목을 건너뛰었습니다: {name}"},
    "collect.special": {"en": "not a regular file, skipped: {name}", "ko": "일반 파일이 아니라 건너뛰었습니다: {name}"},
    "collect.too_deep": {"en": "a folder nested more than {limit} levels deep was skipped: {name}",
                         "ko": "{limit}단계보다 깊이 중첩된 폴더를 건너뛰었습니다: {name}"},
})

MAX_FILES = 2000
MAX_BYTES = 256 * 1024 * 1024
SKIP_NAMES = {"__pycache__", ".ipynb_checkpoints", "__MACOSX", ".DS_Store", ".git"}
SKIP_SUFFIXES = (".pyc", ".pyo")   # compiled code: only the sources that staff can read are ever run
MAX_DEPTH = 32                     # folder levels below the submission's own
# The batch's own files in OUT: a "student" of that name would need OUT/<name>/ where they go
RESERVED_IDS = {"grades.csv", "canvas.csv", "report.html", "similarity.csv"}
CHUNK = 1 << 20


@dataclass(frozen=True)
class CollectLimits:
    max_files: int = MAX_FILES
    max_bytes: int = MAX_BYTES


@dataclass
class Submission:
    """One student's submission, staged: `folder` is None when there is nothing to grade."""
    student: str
    source: Path | None                          # what was found: the folder or the zip
    folder: Path | None = None                   # the clean staged copy
    problem: str = ""                            # '' or a message saying why nothing can be graded
    notes: list[str] = field(default_factory=list)   # skipped members and links, for the feedback
    digest: str = ""                             # sha256 over the staged files' names and bytes
    files: int = 0
    bytes: int = 0


class Refused(Exception):
    """The submission breaks a limit; the message is for the student."""


def find_submissions(submissions: Path, aid: str) -> list[tuple[str, Path | None]]:
    """(student_id, folder or zip or None) for every student folder in DIR, sorted by id.

    Hidden entries (a leading dot) are not students, nor are folders named like the batch's own
    files in OUT (`RESERVED_IDS`); a student folder that is a symlink is listed with no source, so
    it gets its rows without being followed. The student id is the folder's name decoded sensibly
    (`student_id`): UTF-8, else cp949 (a zip made on Korean Windows), else latin-1, with control
    characters removed; two folders whose names decode the same get ' (2)', ... to stay apart.
    """
    entries = []
    for entry in os.scandir(submissions):
        if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=True):
            continue
        name = student_id(entry.name)
        if name not in RESERVED_IDS:
            entries.append((name, os.fsencode(entry.name), entry))
    # the same decoded name: the folder whose name is really that text (valid UTF-8) keeps it
    entries.sort(key=lambda e: (e[0], e[1] != e[0].encode("utf-8", "replace"), e[1]))
    found = []
    for student, (_, _, entry) in zip(unique_names([e[0] for e in entries]), entries):
        if entry.is_symlink():
            found.append((student, None))
            continue
        base = Path(entry.path)
        folder, archive = base / aid, base / f"{aid}.zip"
        if folder.is_dir() and not folder.is_symlink():
            found.append((student, folder))
        elif archive.is_file() and not archive.is_symlink():
            found.append((student, archive))
        else:
            found.append((student, None))
    return found


def student_id(name: str) -> str:
    """A student folder's name as an id: readable (see safe_text.fs_name), never empty, '.' or '..'."""
    text = fs_name(name).strip()
    if text in ("", ".", ".."):
        return "student-" + os.fsencode(name).hex()
    return text


def stray_entries(submissions: Path) -> list[str]:
    """Top-level entries of DIR that are not student folders (a loose `s003.zip`, say): never graded,
    so the instructor is told."""
    return sorted(fs_name(e.name) for e in os.scandir(submissions)
                  if not e.name.startswith(".") and not e.is_dir(follow_symlinks=True))


class _Writer:
    """Writes files under `root`, counting files and bytes against the limits, hashing names and bytes."""

    def __init__(self, root: Path, limits: CollectLimits):
        self.root, self.limits = root, limits
        self.files = self.bytes = 0
        self.entries: list[tuple[str, str]] = []

    def write(self, rel: PurePosixPath, stream) -> None:
        self.files += 1
        if self.files > self.limits.max_files:
            raise Refused(("collect.too_many", {"limit": self.limits.max_files}))
        target = self.root.joinpath(*rel.parts)
        target.parent.mkdir(parents=True, exist_ok=True)
        h = hashlib.sha256()
        with open(target, "wb") as f:
            while chunk := stream.read(CHUNK):
                self.bytes += len(chunk)
                if self.bytes > self.limits.max_bytes:
                    raise Refused(("collect.too_big", {"mb": self.limits.max_bytes / 2**20}))
                h.update(chunk)
                f.write(chunk)
        self.entries.append((rel.as_posix(), h.hexdigest()))

    def digest(self) -> str:
        h = hashlib.sha256()
        for name, sha in sorted(self.entries):
            h.update(f"{name}\0{sha}\n".encode("utf-8", "surrogateescape"))
        return h.hexdigest()


def safe_member(name: str) -> PurePosixPath | None:
    """The relative path a zip member may take, or None when it would leave the folder."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    parts = [p for p in name.split("/") if p not in ("", ".")]
    if not parts or ".." in parts:
        return None
    return PurePosixPath(*parts)


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _common_top(names: list[PurePosixPath], aid: str) -> str | None:
    """The folder to strip from member names: the one top-level folder every member sits in
    (a zip of the folder itself), or `aid` when the code is in `aid/` and not at the top."""
    tops = {p.parts[0] for p in names}
    if len(tops) == 1 and all(len(p.parts) > 1 for p in names):
        return tops.pop()
    if aid in tops and not any(len(p.parts) == 1 and p.suffix == ".py" for p in names):
        return aid
    return None


def _stage_zip(source: Path, aid: str, writer: _Writer, notes: list[tuple[str, dict]]) -> None:
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Refused(("collect.bad_zip", {"source": source.name, "error": str(exc)[:200]}))
    with archive:
        infos = archive.infolist()
        if len(infos) > writer.limits.max_files:
            raise Refused(("collect.too_many", {"limit": writer.limits.max_files}))
        members = []
        for info in infos:
            if info.is_dir():
                continue
            name = zip_name(info.filename, info.flag_bits)
            rel = safe_member(name)
            if rel is None:
                notes.append(("collect.unsafe", {"name": name[:200]}))
            elif _is_symlink(info):
                notes.append(("collect.symlink", {"name": name[:200]}))
            elif len(rel.parts) > MAX_DEPTH + 2:   # its folders (one of them the zip's top) and its name
                notes.append(("collect.too_deep", {"limit": MAX_DEPTH, "name": name[:200]}))
            elif not SKIP_NAMES & set(rel.parts) and not rel.name.endswith(SKIP_SUFFIXES):
                members.append((rel, info))
        top = _common_top([rel for rel, _ in members], aid)
        for rel, info in members:
            if top is not None and rel.parts[0] == top and len(rel.parts) > 1:
                rel = PurePosixPath(*rel.parts[1:])
            try:
                with archive.open(info) as stream:
                    writer.write(rel, stream)
            except Refused:
                raise
            except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
                raise Refused(("collect.bad_zip", {"source": source.name, "error": str(exc)[:200]}))


def _stage_folder(source: Path, writer: _Writer, notes: list[tuple[str, dict]]) -> None:
    """Copy regular files only; symlinks (to files or folders) and special files are skipped."""
    for dirpath, dirnames, filenames in os.walk(source, followlinks=False):
        here = Path(dirpath)
        keep = []
        deep = len(here.relative_to(source).parts) >= MAX_DEPTH
        for d in sorted(dirnames):
            if d in SKIP_NAMES:
                continue
            if deep:   # os.walk recurses: a folder thousands of levels deep would overflow the stack
                name = fs_name((here / d).relative_to(source).as_posix())[:200]
                notes.append(("collect.too_deep", {"limit": MAX_DEPTH, "name": name}))
                continue
            if (here / d).is_symlink():
                notes.append(("collect.symlink", {"name": fs_name((here / d).relative_to(source).as_posix())}))
            else:
                keep.append(d)
        dirnames[:] = keep
        for name in sorted(filenames):
            path = here / name
            rel = PurePosixPath(path.relative_to(source).as_posix())
            if name in SKIP_NAMES or name.endswith(SKIP_SUFFIXES):
                continue
            mode = os.lstat(path).st_mode
            if stat.S_ISLNK(mode):
                notes.append(("collect.symlink", {"name": fs_name(rel.as_posix())}))
            elif not stat.S_ISREG(mode):
                notes.append(("collect.special", {"name": fs_name(rel.as_posix())}))
            else:
                fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
                with os.fdopen(fd, "rb") as stream:
                    writer.write(rel, stream)


def stage(student: str, source: Path | None, dest: Path, aid: str, t,
          limits: CollectLimits = CollectLimits()) -> Submission:
    """Copy a submission's regular files into dest/<aid>/ (fresh) and describe what happened."""
    sub = Submission(student=student, source=source)
    if source is None:
        sub.problem = t("collect.missing", aid=aid)
        return sub
    folder = dest / aid
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    writer = _Writer(folder, limits)
    notes: list[tuple[str, dict]] = []
    try:
        if source.suffix == ".zip" and source.is_file():
            _stage_zip(source, aid, writer, notes)
        else:
            _stage_folder(source, writer, notes)
    except Refused as exc:
        key, params = exc.args[0]
        sub.problem = t(key, **params)
    sub.notes = [t(key, **params) for key, params in notes]
    sub.files, sub.bytes, sub.digest = writer.files, writer.bytes, writer.digest()
    if not sub.problem and not any(name.endswith((".py", ".ipynb", ".pt")) for name, _ in writer.entries):
        sub.problem = t("collect.empty", source=fs_name(source.name) + ("/" if source.is_dir() else ""))
    if sub.problem:
        shutil.rmtree(folder, ignore_errors=True)
    else:
        sub.folder = folder
    return sub
