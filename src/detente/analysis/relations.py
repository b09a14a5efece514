"""How a relationship moves: events of a country pair per period.

Counts happenings (event clusters, see :mod:`detente.analysis.clusters`), not
reports, and places each on its EVENT date, never on the day it was
published: a 2024 article recalling 2019 sanctions adds to 2019. A date
coarser than the period (a year-only date when counting by month) cannot be
placed in one period; such events are counted in ``skipped``, never spread
or put on the period's first day.

Per period: counts per GDELT quad class (1 verbal cooperation, 2 material
cooperation, 3 verbal conflict, 4 material conflict; GDELT 2.0 Event
Codebook), per PLOVER 2.0 event type, and the Goldstein (1992) scale's sum
and mean over the period's events.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from detente.analysis.base import Queryable, country_name
from detente.analysis.periods import Period, fits, period_label, period_range, period_start
from detente.errors import InputError

log = logging.getLogger(__name__)

MAX_PERIODS = 10_000  # a series longer than this is a mistake (27 years of days)
QUAD_NAMES = ("verbal cooperation", "material cooperation", "verbal conflict", "material conflict")
COUNTED_STATUSES = ("actual",)


@dataclass(frozen=True)
class PeriodRow:
    """The events of a pair in one period.

    Attributes:
        period: first day of the period.
        label: ``2019-04``, ``2019-Q2``, ...
        events: happenings dated in the period.
        mentions: reports of those happenings.
        quad: events per quad class 1..4.
        plover: events per PLOVER type (types without events left out).
        goldstein_sum: sum of the events' Goldstein scores.
        goldstein_mean: their mean, or ``None`` without events.
    """

    period: date
    label: str
    events: int
    mentions: int
    quad: tuple[int, int, int, int]
    plover: dict[str, int]
    goldstein_sum: float
    goldstein_mean: float | None


@dataclass(frozen=True)
class RelationSeries:
    """Events of a country pair per period (see the module docstring).

    Attributes:
        a: first country code.
        b: second country code.
        by: period length.
        directed: only events from ``a`` to ``b`` (else both directions).
        statuses: event statuses counted (``actual`` by default).
        rows: one row per period, empty periods included, in order.
        skipped: events whose date is unknown or coarser than the period.
        plover_types: the PLOVER types that occur, for table columns.
    """

    a: str
    b: str
    a_name: str
    b_name: str
    by: Period
    directed: bool
    statuses: tuple[str, ...]
    rows: tuple[PeriodRow, ...]
    skipped: int
    plover_types: tuple[str, ...] = field(default_factory=tuple)

    def records(self) -> list[dict[str, Any]]:
        """Flat rows for CSV / JSON Lines (one column per quad class and PLOVER type)."""
        out = []
        for r in self.rows:
            row: dict[str, Any] = {
                "period": r.label,
                "start": r.period.isoformat(),
                "events": r.events,
                "mentions": r.mentions,
            }
            for i, n in enumerate(r.quad, 1):
                row[f"quad{i}"] = n
            row["goldstein_sum"] = round(r.goldstein_sum, 3)
            row["goldstein_mean"] = None if r.goldstein_mean is None else round(r.goldstein_mean, 3)
            for t in self.plover_types:
                row[t] = r.plover.get(t, 0)
            out.append(row)
        return out


def pair_clusters(
    q: Queryable,
    a: str,
    b: str,
    *,
    directed: bool = False,
    statuses: Sequence[str] | None = COUNTED_STATUSES,
    since: date | None = None,
    until: date | None = None,
) -> list[dict[str, Any]]:
    """The event clusters of a pair (rows of ``event_clusters``), oldest first.

    Args:
        q: the store.
        a: a country code.
        b: another country code.
        directed: only ``a`` acting on ``b``.
        statuses: statuses to keep (``None``: all).
        since: first event date (inclusive).
        until: last event date (inclusive).
    """
    return q.query(
        "SELECT * FROM event_clusters WHERE "
        "((source_country = ? AND target_country = ?) "
        " OR (NOT ? AND source_country = ? AND target_country = ?)) "
        "AND (? IS NULL OR list_contains(?::VARCHAR[], status)) "
        "AND (?::DATE IS NULL OR date_start >= ?::DATE) "
        "AND (?::DATE IS NULL OR date_start <= ?::DATE) "
        "ORDER BY date_start NULLS LAST, first_reported, id",
        [a, b, directed, b, a, None if statuses is None else list(statuses),
         None if statuses is None else list(statuses), since, since, until, until],
    )  # fmt: skip


def relation_series(
    q: Queryable,
    a: str,
    b: str,
    *,
    by: Period = "month",
    directed: bool = False,
    since: date | None = None,
    until: date | None = None,
    statuses: Sequence[str] = COUNTED_STATUSES,
) -> RelationSeries:
    """Events of a pair per period, by event date (``detente relations``).

    Args:
        q: the store (clusters must be current: see ``update_clusters``).
        a: a country code.
        b: another country code.
        by: day, week, month, quarter or year.
        directed: only ``a`` acting on ``b`` (default: both directions).
        since: first day counted; the series starts at its period.
        until: last day counted; the series ends at its period.
        statuses: statuses counted (negated, future and hypothetical events
            did not happen, so only ``actual`` ones count by default).

    Returns:
        One row per period from ``since`` (or the first event) to ``until``
        (or the last event), empty periods included.
    """
    clusters = pair_clusters(
        q, a, b, directed=directed, statuses=statuses, since=since, until=until
    )
    placed = [c for c in clusters if c["date_start"] is not None and fits(c["date_precision"], by)]
    skipped = len(clusters) - len(placed)
    buckets: dict[date, list[dict[str, Any]]] = {}
    for c in placed:
        buckets.setdefault(period_start(c["date_start"], by), []).append(c)
    first = since or (min(buckets) if buckets else None)
    last = until or (max(buckets) if buckets else None)
    rows: list[PeriodRow] = []
    types: Counter[str] = Counter()
    if first is not None and last is not None and first <= last:
        check_length(first, last, by)
        for start in period_range(first, last, by):
            rows.append(_row(start, by, buckets.get(start, []), types))
    return RelationSeries(
        a=a, b=b, a_name=country_name(a), b_name=country_name(b), by=by, directed=directed,
        statuses=tuple(statuses), rows=tuple(rows), skipped=skipped,
        plover_types=tuple(sorted(types)),
    )  # fmt: skip


def check_length(first: date, last: date, by: Period) -> None:
    """Refuse a series of more than :data:`MAX_PERIODS` periods.

    Raises:
        InputError: the range holds too many periods of length ``by``.
    """
    days = {"day": 1, "week": 7, "month": 28, "quarter": 90, "year": 365}[by]
    if (last - first).days // days > MAX_PERIODS:
        raise InputError(
            f"{first}..{last}",
            "too many periods",
            f"more than {MAX_PERIODS:,} {by}s; use a longer period or a shorter range",
        )


def _row(start: date, by: Period, events: list[dict[str, Any]], types: Counter[str]) -> PeriodRow:
    quad = [0, 0, 0, 0]
    plover: Counter[str] = Counter()
    scores = []
    for e in events:
        if e["quad_class"] in (1, 2, 3, 4):
            quad[e["quad_class"] - 1] += 1
        if e["plover_event"]:
            plover[e["plover_event"]] += 1
        if e["goldstein"] is not None:
            scores.append(float(e["goldstein"]))
    types.update(plover)
    total = float(sum(scores))
    return PeriodRow(
        period=start,
        label=period_label(start, by),
        events=len(events),
        mentions=sum(int(e["n_mentions"]) for e in events),
        quad=(quad[0], quad[1], quad[2], quad[3]),
        plover=dict(sorted(plover.items())),
        goldstein_sum=total,
        goldstein_mean=total / len(scores) if scores else None,
    )


@dataclass(frozen=True)
class PairSummary:
    """A country pair (either direction) and how much happened between them."""

    a: str
    b: str
    a_name: str
    b_name: str
    events: int
    mentions: int
    first: date | None
    last: date | None
    goldstein_mean: float | None
    conflict_events: int


def active_pairs(
    q: Queryable, *, limit: int = 10, since: date | None = None, country: str | None = None
) -> list[PairSummary]:
    """The pairs with the most actual events (both directions together).

    Args:
        q: the store.
        limit: how many pairs.
        since: only events dated on or after this day.
        country: only pairs involving this country code.
    """
    rows = q.query(
        "SELECT least(source_country, target_country) AS a, "
        "greatest(source_country, target_country) AS b, count(*) AS events, "
        "sum(n_mentions) AS mentions, min(date_start) AS first, max(date_start) AS last, "
        "avg(goldstein) AS goldstein_mean, count(*) FILTER (WHERE quad_class >= 3) AS conflict "
        "FROM event_clusters WHERE status = 'actual' AND source_country IS NOT NULL "
        "AND target_country IS NOT NULL AND source_country <> target_country "
        "AND (?::DATE IS NULL OR date_start >= ?::DATE) "
        "AND (?::VARCHAR IS NULL OR ? IN (source_country, target_country)) "
        "GROUP BY 1, 2 ORDER BY events DESC, mentions DESC, a, b LIMIT ?",
        [since, since, country, country, limit],
    )
    return [
        PairSummary(
            a=r["a"],
            b=r["b"],
            a_name=country_name(r["a"]),
            b_name=country_name(r["b"]),
            events=int(r["events"]),
            mentions=int(r["mentions"] or 0),
            first=r["first"],
            last=r["last"],
            goldstein_mean=None if r["goldstein_mean"] is None else float(r["goldstein_mean"]),
            conflict_events=int(r["conflict"]),
        )
        for r in rows
    ]
