"""Events of a pair per period, by event date."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from detente.analysis.base import resolve_country
from detente.analysis.periods import fits, interval, period_label, period_range, period_start
from detente.analysis.relations import active_pairs, relation_series
from detente.errors import NotFoundError
from detente.store import Store
from test_relations_builder import HISTORY, Doc, Ev, build


@pytest.fixture()
def history(db_path: Path) -> Path:
    return build(db_path, HISTORY)


def series(db: Path, *args: str, **kw: object):  # type: ignore[no-untyped-def]
    with Store(db, read_only=True) as store:
        return relation_series(store, *args, **kw)  # type: ignore[arg-type]


def test_relations_counts_by_event_date_not_publication(db_path: Path) -> None:
    recalled = Doc("h1", "In April 2019 Canada imposed sanctions on Venezuelan governors, the ministry recalled.",
                   date(2024, 2, 1), events=(Ev("Canada imposed sanctions on Venezuelan governors", "163",
                                                date="2019-04", precision="month"),))  # fmt: skip
    build(db_path, [recalled])
    s = series(db_path, "CAN", "VEN", by="year")
    assert [(r.label, r.events) for r in s.rows] == [("2019", 1)]


def test_relations_one_row_per_period_including_empty_ones(history: Path) -> None:
    s = series(history, "CAN", "VEN", by="year", since=date(2017, 1, 1), until=date(2024, 12, 31))
    assert [r.label for r in s.rows] == [str(y) for y in range(2017, 2025)]
    assert [r.events for r in s.rows] == [3, 0, 2, 0, 0, 0, 1, 0]


def test_relations_reports_are_not_events(history: Path) -> None:
    row = series(history, "CAN", "VEN", by="month", until=date(2017, 9, 30)).rows[-1]
    assert (row.label, row.events, row.mentions) == ("2017-09", 1, 2)


def test_relations_directed_keeps_one_direction(history: Path) -> None:
    both = series(history, "CAN", "VEN", by="year")
    one = series(history, "VEN", "CAN", by="year", directed=True)
    assert sum(r.events for r in both.rows) == 6
    assert [(r.label, r.events) for r in one.rows] == [("2017", 1)]


def test_relations_negated_events_do_not_count(history: Path) -> None:
    s = series(history, "CAN", "VEN", by="year", since=date(2023, 1, 1))
    assert [(r.label, r.events, r.plover) for r in s.rows] == [("2023", 1, {"AGREE": 1})]


def test_relations_quad_classes_and_goldstein(history: Path) -> None:
    row = series(history, "CAN", "VEN", by="quarter", until=date(2017, 12, 31)).rows[-1]
    assert (row.label, row.quad) == ("2017-Q4", (0, 0, 0, 2))
    assert (row.goldstein_sum, row.goldstein_mean) == (-8.0, -4.0)


def test_relations_coarse_dates_are_skipped_not_spread(history: Path) -> None:
    s = series(history, "CAN", "VEN", by="week")
    assert s.skipped == 1  # the 2023-12 (month) intent cannot be placed in a week
    assert sum(r.events for r in s.rows) == 5


def test_relations_no_events_gives_no_rows(history: Path) -> None:
    s = series(history, "CAN", "CUB", by="month")
    assert (s.rows, s.skipped) == ((), 0)


def test_relations_records_have_plover_columns(history: Path) -> None:
    records = series(history, "CAN", "VEN", by="year").records()
    assert set(records[0]) >= {"period", "events", "mentions", "quad1", "quad4", "goldstein_sum",
                               "goldstein_mean", "SANCTION", "AGREE"}  # fmt: skip


def test_relations_active_pairs(history: Path) -> None:
    with Store(history, read_only=True) as store:
        pairs = active_pairs(store)
    assert [(p.a, p.b, p.events, p.mentions) for p in pairs] == [("CAN", "VEN", 6, 7)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("CAN", "CAN"), ("can", "CAN"), ("Canada", "CAN"), ("venezuela", "VEN"), ("EUR", "EUR"),
     ("United States", "USA")],
)  # fmt: skip
def test_relations_resolve_country(text: str, expected: str) -> None:
    assert resolve_country(text) == expected


@pytest.mark.parametrize("text", ["Atlantis", "C4N", ""])
def test_relations_resolve_country_unknown(text: str) -> None:
    with pytest.raises(NotFoundError):
        resolve_country(text)


@pytest.mark.parametrize(
    ("day", "by", "expected"),
    [(date(2019, 4, 17), "week", "2019-W16"), (date(2019, 4, 17), "month", "2019-04"),
     (date(2019, 4, 17), "quarter", "2019-Q2"), (date(2019, 4, 17), "year", "2019"),
     (date(2019, 4, 17), "day", "2019-04-17")],
)  # fmt: skip
def test_relations_period_labels(day: date, by: str, expected: str) -> None:
    assert period_label(period_start(day, by), by) == expected  # type: ignore[arg-type]


def test_relations_period_range_crosses_years() -> None:
    found = list(period_range(date(2019, 11, 20), date(2020, 2, 1), "month"))
    assert found == [date(2019, 11, 1), date(2019, 12, 1), date(2020, 1, 1), date(2020, 2, 1)]


@pytest.mark.parametrize(
    ("value", "precision", "expected"),
    [("2019-04-15", "day", (date(2019, 4, 15), date(2019, 4, 15))),
     ("2019-02", "month", (date(2019, 2, 1), date(2019, 2, 28))),
     ("2019-12", "season", (date(2019, 12, 1), date(2020, 2, 29))),
     ("2019", "year", (date(2019, 1, 1), date(2019, 12, 31))), (None, "unknown", None)],
)  # fmt: skip
def test_relations_date_intervals(value: str | None, precision: str, expected: object) -> None:
    assert interval(value, precision) == expected


@pytest.mark.parametrize(
    ("precision", "by", "expected"),
    [("day", "week", True), ("month", "week", False), ("month", "quarter", True),
     ("season", "quarter", False), ("season", "year", True), ("year", "month", False)],
)  # fmt: skip
def test_relations_precision_fits_period(precision: str, by: str, expected: bool) -> None:
    assert fits(precision, by) is expected  # type: ignore[arg-type]
