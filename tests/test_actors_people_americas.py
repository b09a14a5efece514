"""Schema and consistency tests for ``actors/people-americas.csv``.

The file lists heads of state, heads of government and foreign ministers of
the 35 sovereign countries of the Americas with dated terms. These tests check
its shape (columns, codes, offices, ISO dates), that terms of one office do not
overlap, that every country has a head of state on every day of the covered
period, and a handful of dated facts that lookups by date must get right.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from itertools import pairwise
from typing import Any

import pycountry
import pytest

from detente.data import DataTable, load_table

FILE = "actors/people-americas.csv"
COLUMNS = ("name", "aliases", "country", "sector", "office", "title", "start", "end")
OFFICES = {"head_of_state", "head_of_government", "foreign_minister"}
COVERAGE_START = date(2000, 1, 1)
MAX_GAP = timedelta(days=60)

AMERICAS = (
    "ATG", "ARG", "BHS", "BRB", "BLZ", "BOL", "BRA", "CAN", "CHL", "COL", "CRI", "CUB",
    "DMA", "DOM", "ECU", "SLV", "GRD", "GTM", "GUY", "HTI", "HND", "JAM", "MEX", "NIC",
    "PAN", "PRY", "PER", "KNA", "LCA", "VCT", "SUR", "TTO", "USA", "URY", "VEN",
)  # fmt: skip

# Presidential systems: the president is head of state and of government, so
# every head_of_state row has a head_of_government twin for the same term.
PRESIDENTIAL = (
    "ARG", "BOL", "BRA", "CHL", "COL", "CRI", "DOM", "ECU", "SLV", "GTM", "GUY",
    "HND", "MEX", "NIC", "PAN", "PRY", "PER", "SUR", "USA", "URY", "VEN",
)  # fmt: skip

# Real overlaps of one office: Nicaragua's co-presidency (constitutional
# reform published 2025-02-18).
SHARED_OFFICES = {("NIC", "head_of_state"), ("NIC", "head_of_government")}

# Periods when a country genuinely had no head of state: Haiti after the
# assassination of Jovenel Moïse (2021-07-07) until the Transitional
# Presidential Council chose its first president (2024-04-30), and again after
# the council's mandate ended on 2026-02-07.
VACANCIES = {
    "HTI": [(date(2021, 7, 7), date(2024, 4, 30)), (date(2026, 2, 7), date(9999, 12, 31))],
}


@pytest.fixture(scope="module")
def table() -> DataTable:
    """The bundled people file."""
    return load_table(FILE)


@pytest.fixture(scope="module")
def rows(table: DataTable) -> tuple[dict[str, Any], ...]:
    """Its rows."""
    return table.rows


@pytest.fixture(scope="module")
def verified_through(table: DataTable) -> date:
    """The last day the file's terms were checked against the record."""
    return date.fromisoformat(table.meta["verified_through"])


def _end(row: dict[str, Any]) -> date:
    return date.fromisoformat(row["end"]) if row["end"] else date.max


def _holders(rows: tuple[dict[str, Any], ...], country: str, office: str, day: date) -> set[str]:
    return {
        r["name"]
        for r in rows
        if r["country"] == country
        and r["office"] == office
        and date.fromisoformat(r["start"]) <= day < _end(r)
    }


def test_people_americas_columns_present(table: DataTable) -> None:
    assert table.columns == COLUMNS
    assert table.version == "1"
    assert {"source", "license", "coverage", "verified_through"} <= set(table.meta)


def test_people_americas_rows_complete(rows: tuple[dict[str, Any], ...]) -> None:
    bad = [r for r in rows if not (r["name"] and r["title"] and r["start"])]
    assert len(rows) > 300
    assert bad == []


def test_people_americas_countries_valid(rows: tuple[dict[str, Any], ...]) -> None:
    codes = {r["country"] for r in rows}
    assert all(pycountry.countries.get(alpha_3=c) is not None for c in codes)
    assert codes == set(AMERICAS)


def test_people_americas_offices_and_sector_allowed(rows: tuple[dict[str, Any], ...]) -> None:
    assert {r["office"] for r in rows} <= OFFICES
    assert {r["sector"] for r in rows} == {"GOV"}


def test_people_americas_dates_iso_and_ordered(rows: tuple[dict[str, Any], ...]) -> None:
    bad = []
    for r in rows:
        start = date.fromisoformat(r["start"])
        if r["end"] and date.fromisoformat(r["end"]) < start:
            bad.append(r)
        if start.isoformat() != r["start"] or (r["end"] and _end(r).isoformat() != r["end"]):
            bad.append(r)
    assert bad == []


def test_people_americas_terms_reach_covered_period(rows: tuple[dict[str, Any], ...]) -> None:
    # Every term must touch the covered period (2000-01-01 onwards).
    assert all(_end(r) > COVERAGE_START for r in rows)


def test_people_americas_aliases_well_formed(rows: tuple[dict[str, Any], ...]) -> None:
    bad = []
    for r in rows:
        parts = r["aliases"].split("|") if r["aliases"] else []
        if any(not p or p != p.strip() for p in parts) or r["name"] in parts:
            bad.append((r["name"], r["aliases"]))
    assert bad == []


def test_people_americas_no_overlapping_terms(rows: tuple[dict[str, Any], ...]) -> None:
    terms: dict[tuple[str, str], list[tuple[date, date, str]]] = defaultdict(list)
    for r in rows:
        terms[(r["country"], r["office"])].append(
            (date.fromisoformat(r["start"]), _end(r), r["name"])
        )
    overlaps = []
    for key, spans in terms.items():
        if key in SHARED_OFFICES:
            continue
        spans.sort()
        for (_, end_a, name_a), (start_b, _, name_b) in pairwise(spans):
            if start_b < end_a:
                overlaps.append((key, name_a, name_b))
    assert overlaps == []


@pytest.mark.parametrize("country", AMERICAS)
def test_people_americas_head_of_state_covers_period(
    rows: tuple[dict[str, Any], ...], verified_through: date, country: str
) -> None:
    spans = sorted(
        (date.fromisoformat(r["start"]), _end(r))
        for r in rows
        if r["country"] == country and r["office"] == "head_of_state"
    )
    spans += VACANCIES.get(country, [])
    spans.sort()
    covered_to = COVERAGE_START
    gaps = []
    for start, end in spans:
        if start - covered_to > MAX_GAP:
            gaps.append((covered_to, start))
        covered_to = max(covered_to, end)
    if verified_through - covered_to > MAX_GAP:
        gaps.append((covered_to, verified_through))
    assert spans[0][0] <= COVERAGE_START
    assert gaps == []


@pytest.mark.parametrize("country", PRESIDENTIAL)
def test_people_americas_presidents_head_both_offices(
    rows: tuple[dict[str, Any], ...], country: str
) -> None:
    def terms(office: str) -> list[tuple[str, str, str]]:
        return sorted(
            (r["name"], r["start"], r["end"])
            for r in rows
            if r["country"] == country and r["office"] == office
        )

    assert terms("head_of_state") == terms("head_of_government")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("USA head_of_state 2000-06-01", {"Bill Clinton"}),
        ("USA head_of_state 2005-06-01", {"George W. Bush"}),
        ("USA head_of_state 2012-06-01", {"Barack Obama"}),
        ("USA head_of_state 2019-06-01", {"Donald Trump"}),
        ("USA head_of_state 2023-06-01", {"Joe Biden"}),
        ("USA head_of_state 2025-01-20", {"Donald Trump"}),
        ("USA foreign_minister 2014-03-01", {"John Kerry"}),
        ("USA foreign_minister 2025-02-01", {"Marco Rubio"}),
        ("CAN head_of_government 2001-01-01", {"Jean Chrétien"}),
        ("CAN head_of_government 2005-01-01", {"Paul Martin"}),
        ("CAN head_of_government 2010-01-01", {"Stephen Harper"}),
        ("CAN head_of_government 2024-01-01", {"Justin Trudeau"}),
        ("CAN head_of_government 2025-03-14", {"Mark Carney"}),
        ("CAN head_of_state 2023-01-01", {"Charles III"}),
        ("CAN foreign_minister 2018-01-01", {"Chrystia Freeland"}),
        ("CAN foreign_minister 2024-02-01", {"Mélanie Joly"}),
        ("CAN foreign_minister 2025-05-13", {"Anita Anand"}),
        ("VEN head_of_state 2010-01-01", {"Hugo Chávez"}),
        ("VEN head_of_state 2013-03-20", {"Nicolás Maduro"}),
        ("VEN head_of_state 2024-08-01", {"Nicolás Maduro"}),
        ("VEN head_of_state 2026-02-01", {"Delcy Rodríguez"}),
        ("VEN foreign_minister 2010-01-01", {"Nicolás Maduro"}),
        ("VEN foreign_minister 2014-01-01", {"Elías Jaua"}),
        ("VEN foreign_minister 2014-10-01", {"Rafael Ramírez"}),
        ("VEN foreign_minister 2016-01-01", {"Delcy Rodríguez"}),
        ("VEN foreign_minister 2019-01-01", {"Jorge Arreaza"}),
        ("VEN foreign_minister 2022-01-01", {"Félix Plasencia"}),
        ("VEN foreign_minister 2022-10-01", {"Carlos Faría"}),
        ("VEN foreign_minister 2024-01-01", {"Yván Gil"}),
        ("MEX head_of_state 2020-01-01", {"Andrés Manuel López Obrador"}),
        ("BRA head_of_state 2016-06-01", {"Michel Temer"}),
        ("PER head_of_state 2026-03-01", {"José María Balcázar"}),
        ("NIC head_of_state 2025-06-01", {"Daniel Ortega", "Rosario Murillo"}),
        ("HTI head_of_state 2022-06-01", set()),
    ],
)
def test_people_americas_holder_on_date(
    rows: tuple[dict[str, Any], ...], text: str, expected: set[str]
) -> None:
    country, office, day = text.split()
    assert _holders(rows, country, office, date.fromisoformat(day)) == expected
