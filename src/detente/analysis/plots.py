"""Static charts of a relation series (``detente relations --plot FILE.svg|png``).

Drawn with matplotlib's Agg backend: no display, no network. The top panel
stacks the events of each period by GDELT quad class, the bottom one shows
the Goldstein sum (bars) and mean (line). A timeline's state bands, when
given, shade the top panel (diplomatic ties) and the bottom one (sanctions).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from pathlib import Path

from detente.analysis.periods import next_period
from detente.analysis.relations import QUAD_NAMES, RelationSeries
from detente.analysis.timeline import Band
from detente.errors import InputError

log = logging.getLogger(__name__)

FORMATS = (".svg", ".png")
QUAD_COLOURS = ("#4c9be8", "#1f5fa8", "#f0a04b", "#c0392b")
STATE_COLOURS = {
    "normal": "#ffffff", "restored": "#d9f0d3", "restoring": "#eef7e8", "downgraded": "#fdebd0",
    "severed": "#f5b7b1", "none": "#ffffff", "threatened": "#fcf3cf", "imposed": "#f5cba7",
    "reimposed": "#f0b27a", "eased": "#e8f6f3", "lifted": "#d1f2eb",
}  # fmt: skip


def plot_series(series: RelationSeries, out: str | Path, bands: tuple[Band, ...] = ()) -> Path:
    """Write a chart of a relation series to an SVG or PNG file.

    Args:
        series: the series (one bar per period).
        out: the file; its suffix (``.svg`` or ``.png``) picks the format.
        bands: state bands to shade (from :func:`detente.analysis.timeline.timeline`).

    Raises:
        InputError: the suffix is not ``.svg`` or ``.png``.
    """
    path = Path(out)
    if path.suffix.lower() not in FORMATS:
        raise InputError(str(path), "unsupported plot format", "use a .svg or .png file name")
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = series.rows
    x = [r.period for r in rows]
    widths = [(next_period(r.period, series.by) - r.period).days * 0.8 for r in rows]
    fig, (top, bottom) = plt.subplots(2, 1, figsize=(10, 6), sharex=True,
                                      gridspec_kw={"height_ratios": [3, 2]})  # fmt: skip
    base = [0] * len(rows)
    for i, (name, colour) in enumerate(zip(QUAD_NAMES, QUAD_COLOURS, strict=True)):
        values = [r.quad[i] for r in rows]
        top.bar(x, values, width=widths, bottom=base, color=colour, label=name, align="edge")
        base = [b + v for b, v in zip(base, values, strict=True)]
    top.set_ylabel("events")
    top.legend(loc="upper left", fontsize="small", frameon=False)
    direction = "→" if series.directed else "↔"
    top.set_title(f"{series.a_name} {direction} {series.b_name}: events per {series.by} "
                  f"(by event date)")  # fmt: skip
    bottom.bar(x, [r.goldstein_sum for r in rows], width=widths, align="edge",
               color=["#c0392b" if r.goldstein_sum < 0 else "#1f5fa8" for r in rows],
               label="Goldstein sum")  # fmt: skip
    means = [(r.period + timedelta(days=w / 1.6), r.goldstein_mean) for r, w in zip(rows, widths, strict=True)
             if r.goldstein_mean is not None]  # fmt: skip
    if means:
        bottom.plot([m[0] for m in means], [m[1] for m in means], "o-", color="#333333",
                    markersize=3, label="Goldstein mean")  # fmt: skip
    bottom.axhline(0, color="#999999", linewidth=0.6)
    bottom.set_ylabel("Goldstein")
    bottom.legend(loc="upper left", fontsize="small", frameon=False)
    if rows:
        end = next_period(rows[-1].period, series.by)
        for band in bands:
            # Diplomatic ties shade the event panel, sanctions the Goldstein panel.
            ax = top if band.dimension == "ties" else bottom
            colour = STATE_COLOURS.get(band.state, "#eeeeee")
            ax.axvspan(band.start, band.end or end, color=colour, alpha=0.5, zorder=0, linewidth=0)
            who = "ties" if band.dimension == "ties" else f"{band.actor} sanctions"
            ax.annotate(f"{who}: {band.state}", (band.start, 1.0), xycoords=("data", "axes fraction"),
                        xytext=(2, -10), textcoords="offset points", fontsize=7, color="#555555")  # fmt: skip
    if not rows:
        top.text(0.5, 0.5, "no dated events", transform=top.transAxes, ha="center")
    fig.autofmt_xdate()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, format=path.suffix.lower()[1:])
    plt.close(fig)
    log.info("wrote %s", path)
    return path
