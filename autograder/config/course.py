"""Load and validate course.yml.

A bad file never ends in a traceback: `load_course` raises `CourseError` with one message that
names the key and says what is wrong, e.g. ``course.yml: assignments.a1_knn_linear.parts.
dists_two_loops.points: must be a number >= 0, got -5``.
"""
from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from autograder.config.checkpoint import DEFAULT_MAX_MB
from autograder.config.paths import course_file

ASSIGNMENT_IDS = (
    "a1_knn_linear",
    "a2_svm_softmax",
    "a3_backprop",
    "a4_cnn_layers",
    "a5_cifar10_gpu",
    "a6_rnn_stock",
)
LANGUAGES = ("ko", "en")

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)   # libyaml where installed: 10x faster


class CourseError(ValueError):
    """course.yml is missing, unreadable or inconsistent; the message names the key."""


@dataclass(frozen=True)
class Part:
    name: str
    points: float
    min_ratio: float | None = None                   # speed parts: student must be this many times faster
    thresholds: tuple[tuple[float, float], ...] = ()  # accuracy parts: (threshold, share of points)
    time_limit_s: float | None = None                # overrides the assignment's limit for this part
    extra: dict = field(default_factory=dict)        # any other keys, for the assignment's own checks


@dataclass(frozen=True)
class Assignment:
    id: str
    title: str
    lecture: int
    time_limit_s: float
    memory_mb: int
    parts: dict[str, Part]
    max_checkpoint_mb: float = DEFAULT_MAX_MB        # a5/a6: the largest checkpoint.pt a submission may carry
    min_kill_rate: float | None = None               # overrides release.min_kill_rate for this assignment
    titles: dict[str, str] = field(default_factory=dict)        # {lang: title}; `title` is the English one
    descriptions: dict[str, str] = field(default_factory=dict)  # {lang: one paragraph}, may be empty

    def title_in(self, lang: str) -> str:
        """The title in `lang` (course.yml `title: {en: ..., ko: ...}`), else the one there is."""
        return self.titles.get(lang) or self.title

    def description_in(self, lang: str) -> str:
        return self.descriptions.get(lang) or next(iter(self.descriptions.values()), "")

    @property
    def total_points(self) -> float:
        return sum(p.points for p in self.parts.values())


@dataclass(frozen=True)
class LatePolicy:
    grace_minutes: float
    penalty_per_day: float
    max_days_late: int
    free_late_days: int = 0   # a term budget spent in due-date order by `gradebook` (grading/late.py charge)


@dataclass(frozen=True)
class Dates:
    release: dt.datetime
    due: dt.datetime


@dataclass(frozen=True)
class Cohort:
    name: str
    late_policy: LatePolicy
    dates: dict[str, Dates]
    extensions: str = ""      # CSV student_id,assignment,days (relative to the course file); '' for none


@dataclass(frozen=True)
class ReleaseSettings:
    """course.yml's `release:` block: the gate's mutation step."""
    min_kill_rate: float = 0.9            # share of mutants the checks must catch, per assignment
    max_mutants_per_function: int = 8     # cap per graded function
    mutation_budget_s: float = 90.0       # wall seconds per assignment; mutants left over are not run


@dataclass(frozen=True)
class Course:
    id: str
    title: str
    language: str
    cohorts: dict[str, Cohort]
    assignments: dict[str, Assignment]
    path: Path
    release: ReleaseSettings = ReleaseSettings()
    titles: dict[str, str] = field(default_factory=dict)        # {lang: title}; `title` is the English one

    def title_in(self, lang: str) -> str:
        """The course's title in `lang` (course.yml `title: {en: ..., ko: ...}`), else the one there is."""
        return self.titles.get(lang) or self.title

    def cohort(self, name: str | None = None) -> Cohort:
        """The named cohort, or the first one in the file."""
        if name is None:
            return next(iter(self.cohorts.values()))
        if name not in self.cohorts:
            raise CourseError(f"{self.path.name}: cohorts: no cohort named {name!r} "
                              f"(known: {', '.join(self.cohorts)})")
        return self.cohorts[name]


def load_course(path: Path | str | None = None) -> Course:
    """`path`, or the course file in force (`--course FILE`, $AUTOGRADER_COURSE, else course.yml)."""
    path = Path(path) if path else course_file()
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)
    except FileNotFoundError:
        raise CourseError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark else ""
        raise CourseError(f"{path.name}:{where} not valid YAML ({getattr(exc, 'problem', exc)})") from None
    return _Reader(path.name).course(raw, path)


def english_or_first(texts: dict[str, str]) -> str:
    """The English text of {lang: text}, else the first one (what `Assignment.title` holds)."""
    return texts.get("en") or next(iter(texts.values()))


def check_part_names(course: Course, aid: str, check_parts, complete: bool = True) -> None:
    """Every part of `aid` in the course file is one of `check_parts` (the names of its checks), and
    every check has its part there; else one CourseError line naming the part and the valid ones.
    `complete` False (a student zip ships the public checks only): only the second test."""
    parts = course.assignments[aid].parts
    valid = list(dict.fromkeys(check_parts))
    key = f"{course.path.name}: assignments.{aid}.parts"
    unknown = [name for name in parts if name not in valid] if complete else []
    if unknown:
        close = difflib.get_close_matches(unknown[0], valid, n=1)
        hint = f" (did you mean {close[0]}?)" if close else ""
        raise CourseError(f"{key}.{unknown[0]}: no check of {aid} has this name{hint}; "
                          f"valid parts: {', '.join(valid)}")
    missing = [name for name in valid if name not in parts]
    if missing:
        raise CourseError(f"{key}: no part {missing[0]}, which a check of {aid} grades; give it its points "
                          f"there (parts listed: {', '.join(parts) or 'none'})")


class _Reader:
    """Walks the raw YAML; every error names the dotted key it was reading."""

    def __init__(self, filename: str):
        self.filename = filename

    def fail(self, key: str, what: str):
        raise CourseError(f"{self.filename}: {key}: {what}")

    def get(self, mapping: dict, name: str, key: str, kind=None, default=...):
        if not isinstance(mapping, dict):
            self.fail(key, f"must be a mapping, got {type(mapping).__name__}")
        full = f"{key}.{name}" if key else name
        if name not in mapping:
            if default is ...:
                self.fail(full, "missing")
            return default
        value = mapping[name]
        if kind is not None and (not isinstance(value, kind) or isinstance(value, bool) and kind is not bool):
            expected = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            self.fail(full, f"must be {expected}, got {value!r}")
        return value

    def number(self, mapping, name, key, minimum=0.0, default=...):
        value = self.get(mapping, name, key, (int, float), default)
        if value is not None and value < minimum:
            self.fail(f"{key}.{name}", f"must be a number >= {minimum:g}, got {value!r}")
        return value

    def share(self, mapping, name, key, default=None):
        value = self.number(mapping, name, key, default=default)
        if value is not None and value > 1:
            self.fail(f"{key}.{name}", f"must be a share between 0 and 1, got {value!r}")
        return value

    def date(self, mapping, name, key) -> dt.datetime:
        value = self.get(mapping, name, key)
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            value = dt.datetime.combine(value, dt.time(23, 59))
        if isinstance(value, str):
            try:
                value = dt.datetime.fromisoformat(value)
            except ValueError:
                self.fail(f"{key}.{name}", f"not an ISO 8601 date, got {value!r}")
        if not isinstance(value, dt.datetime):
            self.fail(f"{key}.{name}", f"must be a date, got {value!r}")
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value

    def course(self, raw, path: Path) -> Course:
        if not isinstance(raw, dict):
            self.fail("(top level)", "must be a mapping of keys")
        language = self.get(raw, "language", "", str, "ko")
        if language not in LANGUAGES:
            self.fail("language", f"must be one of {', '.join(LANGUAGES)}, got {language!r}")
        assignments = self.assignments(self.get(raw, "assignments", "", dict))
        cohorts_raw = self.get(raw, "cohorts", "", list)
        if not cohorts_raw:
            self.fail("cohorts", "must list at least one cohort")
        cohorts = {}
        for i, c in enumerate(cohorts_raw):
            cohort = self.cohort(c, f"cohorts[{i}]")
            cohorts[cohort.name] = cohort
        return Course(
            id=self.get(raw, "course", "", str),
            title=english_or_first(self.texts(raw, "title", "") or {"en": ""}),
            language=language,
            cohorts=cohorts,
            assignments=assignments,
            path=path,
            release=self.release(self.get(raw, "release", "", dict, {}) or {}),
            titles=self.texts(raw, "title", ""),
        )

    def release(self, raw: dict) -> ReleaseSettings:
        known = {"min_kill_rate", "max_mutants_per_function", "mutation_budget_s"}
        for name in raw:
            if name not in known:
                self.fail(f"release.{name}", f"unknown key (known: {', '.join(sorted(known))})")
        default = ReleaseSettings()
        rate = self.number(raw, "min_kill_rate", "release", default=default.min_kill_rate)
        if rate > 1:
            self.fail("release.min_kill_rate", f"must be a share between 0 and 1, got {rate!r}")
        cap = self.get(raw, "max_mutants_per_function", "release", int, default.max_mutants_per_function)
        if cap < 1:
            self.fail("release.max_mutants_per_function", f"must be an integer >= 1, got {cap!r}")
        budget = self.number(raw, "mutation_budget_s", "release", minimum=1, default=default.mutation_budget_s)
        return ReleaseSettings(float(rate), cap, float(budget))

    def assignments(self, raw: dict) -> dict[str, Assignment]:
        for aid in raw:
            if aid not in ASSIGNMENT_IDS:
                self.fail(f"assignments.{aid}", f"unknown assignment id (known: {', '.join(ASSIGNMENT_IDS)})")
        for aid in ASSIGNMENT_IDS:
            if aid not in raw:
                self.fail(f"assignments.{aid}", "missing")
        return {aid: self.assignment(aid, raw[aid], f"assignments.{aid}") for aid in ASSIGNMENT_IDS}

    def assignment(self, aid: str, raw, key: str) -> Assignment:
        parts_raw = self.get(raw, "parts", key, dict)
        parts = {name: self.part(name, p, f"{key}.parts.{name}") for name, p in (parts_raw or {}).items()}
        return Assignment(
            id=aid,
            title=english_or_first(self.texts(raw, "title", key, required=True)),
            lecture=self.get(raw, "lecture", key, int),
            time_limit_s=self.number(raw, "time_limit_s", key, minimum=1),
            memory_mb=self.number(raw, "memory_mb", key, minimum=64),
            parts=parts,
            max_checkpoint_mb=float(self.number(raw, "max_checkpoint_mb", key, minimum=0,
                                                default=DEFAULT_MAX_MB)),
            min_kill_rate=self.share(raw, "min_kill_rate", key),
            titles=self.texts(raw, "title", key),
            descriptions=self.texts(raw, "description", key),
        )

    def texts(self, raw: dict, name: str, key: str, required: bool = False) -> dict[str, str]:
        """A text in one language (a string: {"en": it}) or several ({en: ..., ko: ...}), as {lang: text}."""
        value = self.get(raw, name, key, None, ... if required else None)
        if value is None:
            return {}
        if isinstance(value, str):
            return {"en": value}
        if not isinstance(value, dict) or not value or not all(
                lang in LANGUAGES and isinstance(text, str) and text for lang, text in value.items()):
            self.fail(f"{key}.{name}", f"must be a text or a mapping {{en: ..., ko: ...}} of texts, got {value!r}")
        return dict(value)

    def part(self, name: str, raw, key: str) -> Part:
        if not isinstance(raw, dict):
            self.fail(key, f"must be a mapping like {{points: 10}}, got {raw!r}")
        known = {"points", "min_ratio", "thresholds", "time_limit_s"}
        thresholds = []
        for i, row in enumerate(self.get(raw, "thresholds", key, list, [])):
            if (not isinstance(row, list) or len(row) != 2
                    or not all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in row)):
                self.fail(f"{key}.thresholds[{i}]", f"must be [threshold, share], got {row!r}")
            if not 0 <= row[1] <= 1:
                self.fail(f"{key}.thresholds[{i}]", f"share must be between 0 and 1, got {row[1]!r}")
            thresholds.append((float(row[0]), float(row[1])))
        if thresholds != sorted(thresholds):
            self.fail(f"{key}.thresholds", "must be listed from the lowest threshold up")
        return Part(
            name=name,
            points=float(self.number(raw, "points", key)),
            min_ratio=self.number(raw, "min_ratio", key, minimum=0, default=None),
            thresholds=tuple(thresholds),
            time_limit_s=self.number(raw, "time_limit_s", key, minimum=1, default=None),
            extra={k: v for k, v in raw.items() if k not in known},
        )

    def cohort(self, raw, key: str) -> Cohort:
        name = self.get(raw, "name", key, str)
        lp_raw = self.get(raw, "late_policy", key, dict)
        lp_key = f"{key}.late_policy"
        late = LatePolicy(
            grace_minutes=float(self.number(lp_raw, "grace_minutes", lp_key, default=0)),
            penalty_per_day=float(self.number(lp_raw, "penalty_per_day", lp_key)),
            max_days_late=int(self.number(lp_raw, "max_days_late", lp_key)),
            free_late_days=int(self.number(lp_raw, "free_late_days", lp_key, minimum=0, default=0)),
        )
        if late.penalty_per_day > 1:
            self.fail(f"{lp_key}.penalty_per_day", f"must be a share between 0 and 1, got {late.penalty_per_day}")
        dates_raw = self.get(raw, "dates", key, dict)
        dates = {}
        for aid, d in dates_raw.items():
            d_key = f"{key}.dates.{aid}"
            if aid not in ASSIGNMENT_IDS:
                self.fail(d_key, f"unknown assignment id (known: {', '.join(ASSIGNMENT_IDS)})")
            release, due = self.date(d, "release", d_key), self.date(d, "due", d_key)
            if due <= release:
                self.fail(f"{d_key}.due", f"due date {due.isoformat()} is not after the release date {release.isoformat()}")
            dates[aid] = Dates(release, due)
        for aid in ASSIGNMENT_IDS:
            if aid not in dates:
                self.fail(f"{key}.dates.{aid}", "missing")
        return Cohort(name=name, late_policy=late, dates=dates,
                      extensions=self.get(raw, "extensions", key, str, "") or "")
