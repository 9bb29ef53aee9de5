"""Plots as inline PNGs (data: URIs), drawn with matplotlib's Agg canvas (no pyplot, no display).

An assignment supplies a plot for a part from its check module: ``PLOTS = {part: draw}`` in
``autograder/checks/<aid>.py``, where ``draw(ax, details)`` draws on a matplotlib Axes from the
part's diagnostic numbers, and returns False when it has nothing to show. The judge puts the
arrays the plot needs into ``Verdict.details`` as lists, e.g. ``{"loss_history": got["loss"].tolist()}``;
the feedback page lists only the short details as numbers and leaves long lists to the plot.
"""
from __future__ import annotations

import base64
import functools
import inspect
import importlib
import io


# Fonts with Hangul that matplotlib may fall back to, glyph by glyph (Linux: fonts-noto-cjk, as CI installs)
KOREAN_FONTS = ("Noto Sans CJK KR", "NanumGothic", "Malgun Gothic", "AppleGothic", "Noto Sans CJK JP")


def figure(width: float = 5.0, height: float = 3.0):
    from matplotlib.figure import Figure
    use_korean_font()
    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    return fig, fig.add_subplot()


@functools.lru_cache(maxsize=1)
def use_korean_font() -> str | None:
    """Put the first installed font with Hangul after matplotlib's default, so Korean labels draw."""
    import matplotlib
    from matplotlib import font_manager
    installed = {f.name for f in font_manager.fontManager.ttflist}
    found = next((name for name in KOREAN_FONTS if name in installed), None)
    if found:      # a list of families: matplotlib falls back along it glyph by glyph
        matplotlib.rcParams["font.family"] = [matplotlib.rcParams["font.sans-serif"][0], found]
    return found


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


def part_plot(draw, details: dict, t=None) -> str | None:
    """The part's plot as a data: URI, or None when the hook draws nothing or fails. A hook
    `draw(ax, details, t)` gets the page's translator for its title, labels and legend."""
    if draw is None or not details:
        return None
    fig, ax = figure()
    try:
        takes_t = t is not None and len(inspect.signature(draw).parameters) >= 3
        if (draw(ax, details, t) if takes_t else draw(ax, details)) is False:
            return None
        return png_uri(fig)
    except Exception:  # a plot is a courtesy: a broken one never costs the feedback page
        return None


def histogram_counts(totals: list[float], max_total: float, bins: int = 10) -> list[int]:
    """How many totals fall in each tenth of 0..max_total (the last bin holds max_total itself)."""
    top = max_total if max_total > 0 else 1.0
    counts = [0] * bins
    for x in totals:
        counts[min(int(min(max(x, 0.0), top) / top * bins), bins - 1)] += 1
    return counts


def histogram(totals: list[float], max_total: float) -> str:
    """The score histogram as an inline SVG (a data: URI): ten bars over 0..max_total, drawn by
    hand because a cohort's report should not wait on a plotting library."""
    counts = histogram_counts(totals, max_total)
    top = max_total if max_total > 0 else 1.0
    width, height, left, bottom, pad = 600, 280, 40, 30, 10
    plot_w, plot_h = width - left - pad, height - bottom - pad
    peak = max(counts) or 1
    bar_w = plot_w / len(counts)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="sans-serif" font-size="11">',
             f'<line x1="{left}" y1="{pad + plot_h}" x2="{left + plot_w}" y2="{pad + plot_h}" stroke="#333"/>',
             f'<line x1="{left}" y1="{pad}" x2="{left}" y2="{pad + plot_h}" stroke="#333"/>']
    for i, count in enumerate(counts):
        h = plot_h * count / peak
        x = left + i * bar_w
        parts.append(f'<rect class="bar" data-count="{count}" x="{x + 1:.1f}" y="{pad + plot_h - h:.1f}" '
                     f'width="{bar_w - 2:.1f}" height="{h:.1f}" fill="#1f7a35"/>')
    for i in range(len(counts) + 1):
        x = left + i * bar_w
        parts.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle">{top * i / len(counts):g}</text>')
    for value in sorted({0, peak}):
        y = pad + plot_h - plot_h * value / peak
        parts.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end">{value}</text>')
    parts.append("</svg>")
    return "data:image/svg+xml;base64," + base64.b64encode("".join(parts).encode()).decode("ascii")
