"""The texts a release writes into its zips, rendered from `autograder/release/templates/`:
the student README, pytest.ini, and Gradescope's setup.sh and run_autograder.

The templates are Jinja2 (`{{ aid }}`), not HTML: nothing is escaped, and a value a template names
but the caller does not give fails the release (StrictUndefined) instead of writing a blank.
"""
from __future__ import annotations

from functools import lru_cache

import jinja2


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("autograder.release", "templates"),
                              autoescape=False, keep_trailing_newline=True, undefined=jinja2.StrictUndefined)


def render(name: str, **values) -> str:
    """The template `name` of autograder/release/templates/ with `values` filled in."""
    return environment().get_template(name).render(**values)
