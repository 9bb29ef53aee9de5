"""The student's self-check: public checks on a folder, as a table or as pytest tests."""
from __future__ import annotations

from pathlib import Path

from autograder.checks import course_for
from autograder.model.check import Result
from autograder.config.course import Course
from autograder.grading.reference import checks_for, grade_dir
from autograder.config.messages import translator
from autograder.student.table import render


def format_points(x: float) -> str:
    return f"{x:g}"


def results_table(results: list[Result], t) -> str:
    rows = [[r.part, f"{format_points(r.score)}/{format_points(r.max_score)}", t(f"status.{r.status}"), r.message]
            for r in results]
    total = sum(r.score for r in results)
    max_total = sum(r.max_score for r in results)
    rows.append([t("table.total"), f"{format_points(total)}/{format_points(max_total)}", "", ""])
    return render([t("table.part"), t("table.points"), t("table.status"), t("table.message")], rows)


def self_check(course: Course, aid: str, code_dir: Path, lang: str) -> tuple[list[Result], str]:
    """Run the public checks; return the results and the printable report."""
    t = translator(lang)
    results, _ = grade_dir(course, aid, code_dir, t, hidden=False)
    failed = sum(1 for r in results if r.status != "passed")
    summary = t("check.all_passed", n=len(results)) if not failed else t("check.some_failed", failed=failed,
                                                                            n=len(results))
    report = "\n".join([t("check.header", aid=aid, dir=code_dir), "", results_table(results, t), "", summary])
    return results, report


def public_parts(aid: str) -> list[str]:
    return [c.part for c in checks_for(aid, hidden=False)]


def run_public(aid: str, test_file: str) -> dict[str, Result]:
    """For the pytest file in an assignment folder: every public part's result, by part name."""
    course = course_for(aid)   # a misspelt part in course.yml: one line, not a KeyError in every test
    t = translator(course.language)
    results, _ = grade_dir(course, aid, Path(test_file).resolve().parent, t, hidden=False)
    return {r.part: r for r in results}


def public_tests(aid: str, test_file: str):
    """The fixture and the test of an assignment folder's test_public.py: one test a public part,
    failing with the check's own message (no traceback). Use as
    ``results, test_part = public_tests("a1_knn_linear", __file__)``."""
    import pytest

    @pytest.fixture(scope="module")
    def results():
        return run_public(aid, test_file)

    @pytest.mark.parametrize("part", public_parts(aid))
    def test_part(results, part):
        result = results[part]
        if result.status != "passed":
            pytest.fail(f"{part}: {result.status}: {result.message}", pytrace=False)

    return results, test_part
