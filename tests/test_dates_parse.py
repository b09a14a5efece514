"""Time expressions resolved against the publication date."""

from __future__ import annotations

from datetime import date

import pytest

from detente.extract.dates import TimeValue, attach, find_time_expressions, parse_time

PUB = date(2024, 2, 1)  # a Thursday


@pytest.mark.parametrize(
    ("text", "iso", "precision"),
    [
        ("2019", "2019", "year"),
        ("in 2019", "2019", "year"),
        ("December 2023", "2023-12", "month"),
        ("December 5, 2023", "2023-12-05", "day"),
        ("5 December 2023", "2023-12-05", "day"),
        ("the fall of 2019", "2019-09", "season"),
        ("last fall", "2023-09", "season"),
        ("next spring", "2024-03", "season"),
        ("last year", "2023", "year"),
        ("this year", "2024", "year"),
        ("last month", "2024-01", "month"),
        ("yesterday", "2024-01-31", "day"),
        ("today", "2024-02-01", "day"),
        ("Wednesday", "2024-01-31", "day"),
        ("on Monday", "2024-01-29", "day"),
        ("three years ago", "2021", "year"),
        ("two days ago", "2024-01-30", "day"),
        ("December", "2023-12", "month"),
        ("January 15", "2024-01-15", "day"),
        ("earlier this month", "2024-02", "month"),
    ],
)
def test_dates_parse_relative_to_publication(text: str, iso: str, precision: str) -> None:
    value = parse_time(text, PUB)
    assert value is not None and (value.iso(), value.precision) == (iso, precision)


@pytest.mark.parametrize(("text", "iso"), [("Wednesday", "2024-02-07"), ("March", "2024-03")])
def test_dates_parse_future_clause(text: str, iso: str) -> None:
    value = parse_time(text, PUB, future=True)
    assert value is not None and value.iso() == iso


def test_dates_parse_later_than_reference() -> None:
    reference = TimeValue(date(2002, 4, 11), date(2002, 4, 11), "day")
    value = parse_time("two days later", PUB, reference)
    assert value is not None and value.iso() == "2002-04-13"
    year = TimeValue(date(2002, 1, 1), date(2002, 12, 31), "year")
    later = parse_time("two days later", PUB, year)
    assert later is not None and (later.iso(), later.precision) == ("2002", "year")


@pytest.mark.parametrize("text", ["the past few months", "recently", "the future", "1,000"])
def test_dates_parse_unresolvable(text: str) -> None:
    assert parse_time(text, PUB) is None


def test_dates_parse_without_publication() -> None:
    assert parse_time("2019", None) is not None
    assert parse_time("last fall", None) is None


def test_dates_season_range() -> None:
    value = parse_time("winter 2023", PUB)
    assert value is not None and value.start == date(2023, 12, 1) and value.end == date(2024, 2, 29)


def _expr(nlp, sentence: str, trigger: str):  # type: ignore[no-untyped-def]
    doc = nlp(sentence)
    sent = next(iter(doc.sents))
    tok = next(t for t in doc if t.text == trigger)
    return attach(tok, [], find_time_expressions(sent, PUB))


@pytest.mark.parametrize(
    ("sentence", "trigger", "iso"),
    [
        ("Canada imposed sanctions in 2019.", "imposed", "2019"),
        ("Ottawa released a document last fall stating its position.", "released", "2023-09"),
        ("Following the death of Chávez and the election of Maduro in 2013, efforts "
         "to topple the government intensified.", "intensified", "2013"),
        ("She became an activist during the 2002 coup, when forces overthrew the president.",
         "overthrew", "2002"),
    ],
)
def test_dates_attach_to_event(nlp, sentence: str, trigger: str, iso: str) -> None:  # type: ignore[no-untyped-def]
    expr = _expr(nlp, sentence, trigger)
    assert expr is not None and expr.value.iso() == iso


@pytest.mark.parametrize(
    ("sentence", "trigger"),
    [
        ("Washington announced relief ahead of Venezuela's 2024 presidential election.",
         "announced"),
        ("The group has called for talks since 2017.", "called"),
    ],
)
def test_dates_attach_ignores_non_dating_years(nlp, sentence: str, trigger: str) -> None:  # type: ignore[no-untyped-def]
    assert _expr(nlp, sentence, trigger) is None
