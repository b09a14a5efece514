"""Dates at a precision, and calendar periods (day, week, month, quarter, year).

An event date is an interval: ``2019`` (year precision) is 2019-01-01..2019-12-31,
``2019-06`` (season precision) the three months from June. Analysis counts an
event in a period only when its date is at least as precise as the period.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Literal

Period = Literal["day", "week", "month", "quarter", "year"]
PERIODS: tuple[Period, ...] = ("day", "week", "month", "quarter", "year")

# Finest first; an event date of precision p fits a period when its rank is <= the period's.
PRECISION_RANK = {"day": 0, "month": 2, "season": 3, "year": 5, "unknown": 9}
PERIOD_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 4, "year": 5}


def parse_iso(value: str | None) -> date | None:
    """The first day of an ISO date at any precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        return date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1,
                    int(parts[2]) if len(parts) > 2 else 1)  # fmt: skip
    except (ValueError, IndexError):
        return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def interval(value: str | None, precision: str) -> tuple[date, date] | None:
    """The days an event date may stand for.

    Args:
        value: ISO date at its precision (a season is written as its first month).
        precision: day, month, season, year or unknown.

    Returns:
        ``(first, last)`` day, or ``None`` when the date is unknown.
    """
    start = parse_iso(value)
    if start is None or precision == "unknown":
        return None
    if precision == "day":
        return start, start
    if precision == "month":
        return start, _month_end(start.year, start.month)
    if precision == "season":
        last = _add_months(start, 2)
        return start, _month_end(last.year, last.month)
    if precision == "year":
        return date(start.year, 1, 1), date(start.year, 12, 31)
    return None


def fits(precision: str, by: Period) -> bool:
    """True when an event date of ``precision`` falls in one period of length ``by``.

    A day date fits every period, a month date fits months, quarters and
    years (a season may straddle two quarters, so it fits only years).
    """
    if precision == "season":
        return by == "year"
    return PRECISION_RANK.get(precision, 9) <= PERIOD_RANK[by]


def period_start(day: date, by: Period) -> date:
    """The first day of the period holding ``day`` (weeks start on Monday, ISO 8601)."""
    if by == "day":
        return day
    if by == "week":
        return day - timedelta(days=day.weekday())
    if by == "month":
        return day.replace(day=1)
    if by == "quarter":
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def next_period(start: date, by: Period) -> date:
    """The first day of the period after the one starting on ``start``."""
    if by == "day":
        return start + timedelta(days=1)
    if by == "week":
        return start + timedelta(days=7)
    if by == "month":
        return _add_months(start, 1)
    if by == "quarter":
        return _add_months(start, 3)
    return date(start.year + 1, 1, 1)


def period_range(first: date, last: date, by: Period) -> Iterator[date]:
    """Every period start from the period of ``first`` to that of ``last``, in order."""
    current = period_start(first, by)
    end = period_start(last, by)
    while current <= end:
        yield current
        current = next_period(current, by)


def period_label(start: date, by: Period) -> str:
    """A short label: ``2019-04-16``, ``2019-W16``, ``2019-04``, ``2019-Q2``, ``2019``."""
    if by == "day":
        return start.isoformat()
    if by == "week":
        year, week, _ = start.isocalendar()
        return f"{year}-W{week:02d}"
    if by == "month":
        return f"{start.year}-{start.month:02d}"
    if by == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return str(start.year)
