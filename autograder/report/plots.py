"""Plots as inline PNGs (data: URIs), drawn with matplotlib's Agg canvas (no pyplot, no display).

An assignment supplies a plot for a part from its check module: ``PLOTS = {part: draw}`` in
``autograder/checks/<aid>.py``, where ``draw(ax, details)`` draws on a matplotlib Axes from the
part's diagnostic numbers, and returns False when it has nothing to show. The judge puts the
arrays the plot needs into ``Verdict.details`` as lists, e.g. ``{"loss_history": got["loss"].tolist()}``;
the feedback page lists only the short details as numbers and leaves long lists to the plot.
"""
from __future__ import annotations

import base64
import importlib
import io


def figure(width: float = 5.0, height: float = 3.0):
    from matplotlib.figure import Figure
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig, fig.add_subplot()


def png_uri(fig) -> str:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    FigureCanvasAgg(fig)
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def plot_hooks(aid: str) -> dict:
    try:
        module = importlib.import_module(f"autograder.checks.{aid}")
    except ImportError:
        return {}
    return dict(getattr(module, "PLOTS", {}) or {})


def part_plot(draw, details: dict) -> str | None:
    """The part's plot as a data: URI, or None when the hook draws nothing or fails."""
    if draw is None or not details:
        return None
    fig, ax = figure()
    try:
        if draw(ax, details) is False:
            return None
        return png_uri(fig)
    except Exception:  # a plot is a courtesy: a broken one never costs the feedback page
        return None


def histogram(totals: list[float], max_total: float) -> str:
    fig, ax = figure(6.0, 2.8)
    top = max_total if max_total > 0 else 1.0
    bins = [top * i / 10 for i in range(11)]
    ax.hist([min(max(x, 0.0), top) for x in totals], bins=bins, color="#1f7a35", edgecolor="white")
    ax.set_xlim(0, top)
    ax.yaxis.get_major_locator().set_params(integer=True)
    return png_uri(fig)
