"""Schema tests of the actor data files under detente/data/actors/."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pycountry
import pytest

from detente.data import DataTable, bundled_files, load_table
from detente.extract.actor_data import OFFICES, pluralise, split_list, variants

ISO = frozenset(c.alpha_3 for c in pycountry.countries)
EXTRA_CODES = frozenset({"XKX"})  # Kosovo: no ISO code; the EU/IMF user-assigned code
SECTORS = load_table("actors/sectors.csv")
ROLES = frozenset(r["code"] for r in SECTORS.rows if r["kind"] == "role")
BLOCS = frozenset(r["code"] for r in SECTORS.rows if r["kind"] == "bloc")
COUNTRY_CODES = ISO | EXTRA_CODES


def _columns(table: DataTable, *names: str) -> None:
    assert table.version
    assert table.meta.get("source")
    for name in names:
        assert name in table.columns, f"{table.name} lacks column {name}"


def _iso_or_empty(value: str) -> bool:
    if not value:
        return True
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def test_actors_sectors_schema() -> None:
    _columns(SECTORS, "code", "kind", "label")
    for row in SECTORS.rows:
        assert re.fullmatch(r"[A-Z]{3}", row["code"]), row
        assert row["kind"] in ("role", "bloc", "religion"), row
        assert row["label"], row
    assert {"GOV", "MIL", "OPP", "REB", "JUD", "LEG", "COP", "BUS", "MED", "CVL", "LAB"} <= ROLES
    assert {"IGO", "NGO"} <= BLOCS


def test_actors_countries_schema() -> None:
    table = load_table("actors/countries.csv")
    _columns(table, "code", "name", "aliases", "demonyms", "capitals")
    codes = Counter(r["code"] for r in table.rows)
    assert not [c for c, n in codes.items() if n > 1]
    assert set(codes) <= COUNTRY_CODES
    assert set(codes) >= ISO  # every ISO country has a row
    for row in table.rows:
        assert row["name"], row
        for cell in ("aliases", "demonyms", "capitals"):
            assert all(item == item.strip() and "," not in item for item in split_list(row[cell]))


def test_actors_country_phrases_unambiguous() -> None:
    table = load_table("actors/countries.csv")
    owners: dict[str, set[str]] = {}
    for row in table.rows:
        for cell in ("name", "aliases", "demonyms"):
            for phrase in split_list(row[cell]):
                owners.setdefault(phrase.lower(), set()).add(row["code"])
    assert {p: c for p, c in owners.items() if len(c) > 1} == {}


def test_actors_places_schema() -> None:
    table = load_table("actors/places.csv")
    _columns(table, "pattern", "country", "sector")
    patterns = Counter(r["pattern"] for r in table.rows)
    assert [p for p, n in patterns.items() if n > 1] == []
    for row in table.rows:
        assert row["pattern"], row
        assert not row["country"] or row["country"] in COUNTRY_CODES, row
        assert not row["sector"] or row["sector"] in ROLES, row


def test_actors_organisations_schema() -> None:
    table = load_table("actors/organisations.csv")
    _columns(table, "name", "aliases", "country", "sector")
    names = Counter(r["name"] for r in table.rows)
    assert [n for n, k in names.items() if k > 1] == []
    for row in table.rows:
        assert row["country"] in COUNTRY_CODES | BLOCS, row
        assert not row["sector"] or row["sector"] in ROLES, row


def test_actors_organisation_aliases_unambiguous() -> None:
    table = load_table("actors/organisations.csv")
    owners: dict[str, set[str]] = {}
    for row in table.rows:
        for phrase in [row["name"], *split_list(row["aliases"])]:
            owners.setdefault(phrase, set()).add(row["name"])
    assert {p: n for p, n in owners.items() if len(n) > 1} == {}


@pytest.mark.parametrize("name", ["actors/agents.csv", "actors/agents-petrarch.csv"])
def test_actors_agents_schema(name: str) -> None:
    table = load_table(name)
    _columns(table, "pattern", "sector")
    for row in table.rows:
        assert row["pattern"] == row["pattern"].lower().strip(), row
        assert not row["sector"] or row["sector"] in ROLES, row
        if "kind" in table.columns:
            assert row["kind"] in ("agent", "government", "country", "former", "none", "stance"), row


def test_actors_offices_schema() -> None:
    table = load_table("actors/offices.csv")
    _columns(table, "title", "office")
    for row in table.rows:
        assert row["title"] == row["title"].lower(), row
        assert row["office"] in OFFICES, row


@pytest.mark.parametrize("name", ["actors/officials-petrarch.csv", "actors/organisations-petrarch.csv"])
def test_actors_petrarch_dated_schema(name: str) -> None:
    table = load_table(name)
    _columns(table, "name", "aliases", "country", "sector", "start", "end")
    assert "MIT" in table.meta.get("license", "")
    for row in table.rows:
        assert row["name"], row
        assert row["country"] in ISO | BLOCS, row
        assert not row["sector"] or row["sector"] in ROLES, row
        assert _iso_or_empty(row["start"]) and _iso_or_empty(row["end"]), row


def test_actors_places_petrarch_schema() -> None:
    table = load_table("actors/places-petrarch.csv")
    _columns(table, "pattern", "country")
    assert "MIT" in table.meta.get("license", "")
    patterns = Counter(r["pattern"] for r in table.rows)
    assert [p for p, n in patterns.items() if n > 1] == []
    for row in table.rows:
        assert row["country"] in ISO, row


def test_actors_people_files_columns() -> None:
    for name in [n for n in bundled_files() if n.startswith("actors/people")]:
        _columns(load_table(name), "name", "aliases", "country", "sector", "office", "title",
                 "start", "end")


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("official", "officials"),
        ("ministry", "ministries"),
        ("Venezuelan", "Venezuelans"),
        ("militiaman", "militiamen"),
        ("human rights group", "human rights groups"),
        ("Chinese", None),
        ("Swiss", None),
        ("French", None),
    ],
)
def test_actors_pluralise(phrase: str, expected: str | None) -> None:
    assert pluralise(phrase) == expected


def test_actors_variants_fold_accents() -> None:
    assert "Nicolas Maduro" in variants("Nicolás Maduro")
