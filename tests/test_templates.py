"""Texts and pages from templates (issue 17): the release's README and Gradescope scripts from
autograder/release/templates/, the HTML pages from autograder/report/templates/ with autoescape on;
both folders are package data, so a pip install carries them."""
from __future__ import annotations

import re
import tomllib
from fnmatch import fnmatch

import jinja2
import pytest

from autograder.config.messages import translator
from autograder.config.paths import ROOT
from autograder.model.check import Result
from autograder.release.texts import render
from autograder.report import StudentRecord
from autograder.report.feedback import feedback_html
from autograder.report.html import environment
from autograder.report.staff import report_html

def test_release_templates_render_every_value_and_refuse_a_missing_one():
    """(The student README is rendered in test_release's zips, with the values student_bundle gives.)"""
    script = render("run_autograder", aid="a1_knn_linear")
    assert "-m autograder.commands.gradescope a1_knn_linear --submission" in script
    assert '${AUTOGRADER_ROOT:-/autograder}' in script and script.endswith("\n")
    for text in (script, render("setup.sh"), render("pytest.ini")):
        assert "{{" not in text and "{%" not in text
    with pytest.raises(jinja2.UndefinedError):
        render("run_autograder")


def test_templates_are_package_data():
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["package-data"]
    for package in ("autograder.release", "autograder.report"):
        folder = ROOT.joinpath(*package.split(".")) / "templates"
        files = [p.relative_to(folder.parent).as_posix() for p in folder.rglob("*") if p.is_file()]
        assert files and all(any(fnmatch(f, glob) for glob in data[package]) for f in files), (package, files)


def hostile_record():
    part = 'p" onmouseover="alert(1)'
    return StudentRecord(student="<img src=x onerror=alert(1)>", assignment="a1_knn_linear", late={},
                         results=[Result(part=part, score=0.0, max_score=1.0, status="failed",
                                         message="</td><script>alert(2)</script>", details={"<k>": "<v>"})],
                         output="<svg onload=alert(3)>")


def test_pages_escape_every_value_inside_text_and_attributes():
    assert environment().autoescape is True
    t = translator("en")
    for html in (feedback_html(hostile_record(), "<b>title</b>", t, "en"),
                 report_html([hostile_record()], "a1_knn_linear", "<b>title</b>", 1.0, t, "en")):
        assert not re.search(r"<(script|svg|img src=x)|\" onmouseover=|<b>title|<k>|<v>", html)
        assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html or "%3Cimg" in html
    page = feedback_html(hostile_record(), "T", t, "en")
    assert 'id="part-p&#34; onmouseover=&#34;alert(1)"' in page and "&lt;svg onload=alert(3)&gt;" in page
