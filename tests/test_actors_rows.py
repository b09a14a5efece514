"""Choosing among a phrase's dictionary rows: dated rows and co-coded rows."""

from __future__ import annotations

from datetime import date

import pytest

from detente.extract.actor_compose import co_actors
from detente.extract.actors import get_resolver

ROWS = (
    ("Ana Torres", "PER", "CVL", "", "", ""),  # an entry's default code
    ("Ana Torres", "PER", "GOV", "", "2010-01-01", "2014-12-31"),
    ("Ana Torres", "PER", "MIL", "", "2012-06-01", "2012-06-30"),  # narrower: overrides GOV
    ("the Duchy", "DUC", "", "", "", ""),
    ("the Duchy", "GRA", "", "", "", ""),
)


@pytest.mark.parametrize(
    ("when", "expected"),
    [
        ("2005-03-01", "PERCVL"),
        ("2011-03-01", "PERGOV"),
        ("2012-06-15", "PERMIL"),
        ("2016-03-01", "PERCVL"),
    ],
)
def test_actors_rows_narrowest_dated_row_wins(when: str, expected: str) -> None:
    actor = get_resolver((ROWS,)).lookup("Ana Torres", date.fromisoformat(when))
    assert actor is not None and actor.code == expected


def test_actors_rows_co_coded_phrase_names_all() -> None:
    actor = get_resolver((ROWS,)).lookup("the Duchy", date(2000, 1, 1))
    assert actor is not None
    assert [a.country for a in co_actors(actor)] == ["DUC", "GRA"]


def test_actors_rows_single_row_names_one() -> None:
    actor = get_resolver((ROWS,)).lookup("Ana Torres", date(2005, 3, 1))
    assert actor is not None and co_actors(actor) == [actor]
