"""The class roster `canvas.csv` takes its Student, ID, SIS and Section columns from (`grade --roster FILE`).

A roster is a CSV in UTF-8 (a BOM, as Excel writes it, is fine) with a header row. Either the kit's own
columns, where `student_id` is the folder name of a submission (`<student_id>/<aid>.zip`)::

    student_id,name,sis_user_id,section            (optional: canvas_id, sis_login_id)
    2026123456,김민준,2026123456,001

or Canvas's own gradebook export as it is downloaded (Student, ID, SIS User ID, SIS Login ID, Section):
then a submission's folder name is looked up among the SIS User ID, the SIS Login ID and the ID.
Column names are matched without regard to case, spaces or underscores.
"""
from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

FIELDS = {   # our field -> the column names it may have (normalised: lower case, no spaces or underscores)
    "student_id": ("studentid",),
    "name": ("name", "student", "studentname"),
    "canvas_id": ("canvasid", "id"),
    "sis_user_id": ("sisuserid", "sisid"),
    "sis_login_id": ("sisloginid", "loginid"),
    "section": ("section",),
}
KEYS = ("student_id", "sis_user_id", "sis_login_id", "canvas_id")   # what a folder name may be, in this order


class RosterError(ValueError):
    """The roster cannot be read; the message names the file, the line and the fix."""


@dataclass(frozen=True)
class Student:
    name: str = ""
    canvas_id: str = ""
    sis_user_id: str = ""
    sis_login_id: str = ""
    section: str = ""
    student_id: str = ""
    order: int = 0       # the roster's row order


def _normal(name: str) -> str:
    return "".join(name.lower().split()).replace("_", "")


def read_roster(path: Path) -> dict[str, Student]:
    """Every student of the roster, under each id they carry (student id, SIS user id, SIS login id,
    Canvas id): `roster.get(folder_name)` finds them by whichever one the submissions use."""
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            rows = list(csv.reader(f))
    except FileNotFoundError:
        raise RosterError(f"{path}: roster file not found") from None
    except UnicodeDecodeError:
        raise RosterError(f"{path}: not UTF-8; save it as 'CSV UTF-8' (Excel) and try again") from None
    if not rows:
        raise RosterError(f"{path}: empty; the first row names the columns (student_id,name,sis_user_id,section)")
    header = [_normal(h) for h in rows[0]]
    columns = {field: next((header.index(n) for n in names if n in header), None) for field, names in FIELDS.items()}
    if all(columns[k] is None for k in KEYS):
        raise RosterError(f"{path}: line 1: no id column; name one student_id, SIS User ID, SIS Login ID or ID "
                          f"(found: {', '.join(rows[0])})")
    roster: dict[str, Student] = {}
    for number, row in enumerate(rows[1:], start=2):
        values = {field: (row[i].strip() if i is not None and i < len(row) else "") for field, i in columns.items()}
        if not any(values[k] for k in KEYS) or values["name"].strip().lower() == "points possible":
            continue   # a blank line, or the "Points Possible" row of a Canvas export
        student = Student(order=number, **values)
        for key in KEYS:
            value = values[key]
            if not value:
                continue
            if value in roster and roster[value] != student:
                raise RosterError(f"{path}: line {number}: id {value} is already on line {roster[value].order}; "
                                  "each student once")
            roster[value] = student
    return roster


def roster_students(roster: dict[str, Student]) -> list[Student]:
    """Each student once, in the roster's order."""
    return sorted({s.order: s for s in roster.values()}.values(), key=lambda s: s.order)
