"""The pair chart as a plotly.js figure (plain JSON; the page draws it with the bundled plotly.js).

Top: events per period stacked by GDELT quad class, with the Goldstein mean
on a second axis; bottom: the state bands of diplomatic ties and of each
sanctioning country, drawn Gantt-style (horizontal bars from a start date).
Every bar of the top panel is one period of the series.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from detente.analysis.periods import next_period
from detente.analysis.plots import QUAD_COLOURS, STATE_COLOURS
from detente.analysis.relations import QUAD_NAMES, RelationSeries
from detente.analysis.timeline import Timeline

# plotly.js period lengths: milliseconds or "M<n>" months.
_XPERIOD: dict[str, Any] = {"day": 86_400_000, "week": 7 * 86_400_000, "month": "M1",
                            "quarter": "M3", "year": "M12"}  # fmt: skip


def band_rows(tl: Timeline) -> list[str]:
    """The labels of the band rows: ties first, then one row per sanctioning country."""
    rows = ["diplomatic ties"]
    for b in tl.bands:
        if b.dimension == "sanctions":
            label = f"sanctions {b.actor}→{b.target}"
            if label not in rows:
                rows.append(label)
    return rows


def pair_figure(series: RelationSeries, tl: Timeline, today: date | None = None) -> dict[str, Any]:
    """The plotly figure (``data`` and ``layout``) of a pair's series and state bands.

    Args:
        series: events per period.
        tl: the pair's timeline (its bands).
        today: where open bands end (default: the end of the last period or band).
    """
    x = [r.period.isoformat() for r in series.rows]
    labels = [r.label for r in series.rows]
    ranges = [
        [r.period.isoformat(), next_period(r.period, series.by).isoformat()] for r in series.rows
    ]
    period = _XPERIOD[series.by]
    data: list[dict[str, Any]] = []
    for i, (name, colour) in enumerate(zip(QUAD_NAMES, QUAD_COLOURS, strict=True)):
        data.append({
            "type": "bar", "name": name, "x": x, "y": [r.quad[i] for r in series.rows],
            "marker": {"color": colour}, "customdata": ranges, "hovertext": labels,
            "hovertemplate": "%{hovertext}: %{y} " + name + "<extra></extra>",
            "xaxis": "x", "yaxis": "y", "xperiod": period, "xperiodalignment": "middle",
        })  # fmt: skip
    data.append({
        "type": "scatter", "mode": "lines+markers", "name": "Goldstein mean", "x": x,
        "y": [r.goldstein_mean for r in series.rows], "yaxis": "y2", "xaxis": "x",
        "connectgaps": False, "line": {"color": "#333333", "width": 1.5},
        "marker": {"size": 5}, "hovertext": labels, "customdata": ranges,
        "hovertemplate": "%{hovertext}: Goldstein mean %{y:.2f}<extra></extra>",
        "xperiod": period, "xperiodalignment": "middle",
    })  # fmt: skip
    ends = [next_period(series.rows[-1].period, series.by)] if series.rows else []
    ends += [b.end or b.start for b in tl.bands]
    horizon = today or (max(ends) if ends else date.today())
    rows = band_rows(tl)
    order = list(reversed(rows))
    shapes: list[dict[str, Any]] = []
    marks: dict[str, list[Any]] = {"x": [], "y": [], "text": [], "hover": []}
    for b in tl.bands:
        row = "diplomatic ties" if b.dimension == "ties" else f"sanctions {b.actor}→{b.target}"
        end = b.end or max(horizon, b.start)
        pos = order.index(row)
        shapes.append({
            "type": "rect", "xref": "x", "yref": "y3", "layer": "below",
            "x0": b.start.isoformat(), "x1": end.isoformat(), "y0": pos - 0.4, "y1": pos + 0.4,
            "fillcolor": STATE_COLOURS.get(b.state, "#dddddd"),
            "line": {"color": "#888888", "width": 0.5},
        })  # fmt: skip
        middle = b.start + (end - b.start) / 2
        marks["x"].append(datetime.combine(middle, time()).isoformat())
        marks["y"].append(row)
        marks["text"].append(b.state)
        marks["hover"].append(f"{row}: {b.state} from {b.start.isoformat()}"
                              + (f" to {b.end.isoformat()}" if b.end else ""))  # fmt: skip
    data.append({
        "type": "scatter", "mode": "text", "name": "states", "x": marks["x"], "y": marks["y"],
        "text": marks["text"], "hovertext": marks["hover"], "hoverinfo": "text",
        "xaxis": "x", "yaxis": "y3", "showlegend": False, "textfont": {"size": 11},
    })  # fmt: skip
    direction = "→" if series.directed else "↔"
    layout: dict[str, Any] = {
        "title": {"text": f"{series.a_name} {direction} {series.b_name}: events per {series.by}, "
                          f"by event date", "x": 0.01, "y": 0.98},
        "barmode": "stack", "bargap": 0.15, "hovermode": "closest",
        "margin": {"l": 130, "r": 60, "t": 90, "b": 40},
        "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom"},
        "xaxis": {"type": "date", "anchor": "y3"},
        "yaxis": {"title": {"text": "events"}, "domain": [0.36, 1.0], "rangemode": "tozero"},
        "yaxis2": {"title": {"text": "Goldstein mean"}, "overlaying": "y", "side": "right",
                   "range": [-10.5, 10.5], "tickvals": [-10, -5, 0, 5, 10], "zeroline": False,
                   "showgrid": False},
        "yaxis3": {"domain": [0.0, 0.26], "type": "category", "categoryorder": "array",
                   "categoryarray": order, "range": [-0.5, len(order) - 0.5],
                   "automargin": True, "fixedrange": True},
        "shapes": shapes,
        "height": 560,
    }  # fmt: skip
    return {"data": data, "layout": layout}
