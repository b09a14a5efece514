"""Schema and coverage tests for ``actors/people-world.csv``."""

from __future__ import annotations

from datetime import date, timedelta

import pycountry
import pytest

from detente.data import DataTable, load_table

FILE = "actors/people-world.csv"
COLUMNS = ("name", "aliases", "country", "sector", "office", "title", "start", "end")
OFFICES = {"head_of_state", "head_of_government", "foreign_minister"}
IGO_CODES = {"IGO"}
COVER_START = date(2000, 1, 1)
COVER_END = date(2026, 11, 26)
MAX_GAP_DAYS = 60
COUNTRIES = (
    "AUS", "CHN", "FRA", "DEU", "IND", "IDN", "ITA",
    "JPN", "RUS", "SAU", "ZAF", "KOR", "TUR", "GBR",
)  # fmt: skip
AMERICAS = {"USA", "CAN", "MEX", "BRA", "ARG"}


@pytest.fixture(scope="module")
def table() -> DataTable:
    """The people-world table, loaded once."""
    return load_table(FILE)


def _end(row: dict[str, str]) -> date:
    return date.fromisoformat(row["end"]) if row["end"] else COVER_END


def test_actors_people_world_header_meta(table: DataTable) -> None:
    assert table.version == "1"
    assert table.meta.get("license") == "CC0-1.0"


def test_actors_people_world_columns(table: DataTable) -> None:
    assert table.columns == COLUMNS


def test_actors_people_world_no_blank_names(table: DataTable) -> None:
    assert all(r["name"] and r["title"] for r in table.rows)


def test_actors_people_world_country_codes_valid(table: DataTable) -> None:
    bad = [
        r["country"]
        for r in table.rows
        if r["country"] not in IGO_CODES and pycountry.countries.get(alpha_3=r["country"]) is None
    ]
    assert bad == []


def test_actors_people_world_no_americas(table: DataTable) -> None:
    assert {r["country"] for r in table.rows} & AMERICAS == set()


def test_actors_people_world_sector_matches_country(table: DataTable) -> None:
    bad = [r["name"] for r in table.rows if (r["country"] in IGO_CODES) != (r["sector"] == "IGO")]
    assert bad == [] and {r["sector"] for r in table.rows} <= {"GOV", "IGO"}


def test_actors_people_world_offices_allowed(table: DataTable) -> None:
    assert {r["office"] for r in table.rows} <= OFFICES


def test_actors_people_world_dates_ordered(table: DataTable) -> None:
    bad = [r["name"] for r in table.rows if date.fromisoformat(r["start"]) > _end(r)]
    assert bad == []


def test_actors_people_world_terms_overlap_coverage(table: DataTable) -> None:
    bad = [r["name"] for r in table.rows if _end(r) < COVER_START]
    assert bad == []


def test_actors_people_world_aliases_clean(table: DataTable) -> None:
    bad = [
        r["name"]
        for r in table.rows
        for alias in r["aliases"].split("|")
        if r["aliases"] and (not alias.strip() or alias != alias.strip() or alias == r["name"])
    ]
    assert bad == []


def test_actors_people_world_no_duplicate_rows(table: DataTable) -> None:
    keys = [(r["name"], r["country"], r["office"], r["start"]) for r in table.rows]
    assert len(keys) == len(set(keys))


@pytest.mark.parametrize("country", COUNTRIES)
def test_actors_people_world_head_of_state_covered(table: DataTable, country: str) -> None:
    terms = sorted(
        (date.fromisoformat(r["start"]), _end(r))
        for r in table.rows
        if r["country"] == country and r["office"] == "head_of_state"
    )
    assert terms and terms[0][0] <= COVER_START
    covered, gaps = terms[0][1], []
    for start, end in terms[1:]:
        if start - covered > timedelta(days=MAX_GAP_DAYS):
            gaps.append((covered, start))
        covered = max(covered, end)
    assert gaps == [] and covered >= COVER_END


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (("GBR", "head_of_government", "2024-07-05"), "Keir Starmer"),
        (("GBR", "head_of_government", "2022-10-01"), "Liz Truss"),
        (("RUS", "head_of_state", "2010-01-01"), "Dmitry Medvedev"),
        (("RUS", "head_of_government", "2010-01-01"), "Vladimir Putin"),
        (("JPN", "head_of_government", "2011-01-01"), "Naoto Kan"),
        (("ITA", "head_of_government", "2012-06-01"), "Mario Monti"),
        (("CHN", "head_of_state", "2005-01-01"), "Hu Jintao"),
        (("DEU", "head_of_government", "2015-01-01"), "Angela Merkel"),
    ],
)
def test_actors_people_world_holder_on_date(
    table: DataTable, query: tuple[str, str, str], expected: str
) -> None:
    country, office, day = query
    when = date.fromisoformat(day)
    holders = {
        r["name"]
        for r in table.rows
        if r["country"] == country
        and r["office"] == office
        and not r["title"].startswith("Acting")
        and date.fromisoformat(r["start"]) <= when < _end(r)
    }
    assert holders == {expected}
