"""Diplomatic ties and sanctions over time, from coded events and their evidence."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from detente.analysis.timeline import STATES, state_rules, timeline
from detente.data import load_table
from detente.store import Store
from test_relations_builder import HISTORY, Doc, Ev, build


def states_after(
    db_path: Path, docs: list[Doc], a: str = "CAN", b: str = "VEN"
) -> list[tuple[str, str | None, str]]:
    build(db_path, docs)
    with Store(db_path, read_only=True) as store:
        tl = timeline(store, a, b)
    return [(s.dimension, s.actor, s.state) for s in tl.steps if s.changed]


def doc(key: str, text: str, day: date, *events: Ev) -> Doc:
    return Doc(key, text, day, events=events)


# -- the data file -------------------------------------------------------------
def test_timeline_rules_file_schema() -> None:
    table = load_table("relations/state-rules.csv")
    assert table.columns == ("dimension", "cameo", "status", "evidence", "from", "to", "label")
    assert table.meta["version"] and table.meta["source"] and table.meta["license"]
    for row in table.rows:
        assert row["dimension"] in STATES
        assert re.fullmatch(r"\d{2,4}", row["cameo"]), row
        assert row["to"] == "-" or row["to"] in STATES[row["dimension"]], row
        assert row["label"], row


def test_timeline_rules_load_and_compile() -> None:
    rules = state_rules()
    assert len(rules) == len(load_table("relations/state-rules.csv").rows)


# -- ties ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "phrase", "cameo", "expected"),
    [
        ("Venezuela broke off diplomatic relations with Canada.", "Venezuela broke off diplomatic relations",
         "161", "severed"),
        ("Canada expelled Venezuela's ambassador.", "Canada expelled Venezuela's ambassador", "161",
         "downgraded"),
        ("Canada suspended operations at its embassy in Caracas.", "Canada suspended operations at its embassy",
         "161", "downgraded"),
        ("Canada cancelled a planned visit to Caracas.", "Canada cancelled a planned visit", "161", None),
    ],
    ids=["broke-relations", "expelled-ambassador", "embassy-closed", "cancelled-visit"],
)  # fmt: skip
def test_timeline_ties_from_reduce_relations(
    db_path: Path, text: str, phrase: str, cameo: str, expected: str | None
) -> None:
    found = states_after(
        db_path, [doc("t1", text, date(2019, 1, 25), Ev(phrase, cameo, date="2019-01-25"))]
    )
    assert found == ([("ties", None, expected)] if expected else [])


def test_timeline_restoring_then_restored(db_path: Path) -> None:
    docs = [
        doc("r1", "Canada expelled Venezuela's ambassador.", date(2017, 12, 25),
            Ev("Canada expelled Venezuela's ambassador", "161", date="2017-12-25")),
        doc("r2", "Canada is seeking to reestablish diplomatic relations with Venezuela.", date(2023, 12, 4),
            Ev("seeking to reestablish diplomatic relations", "032", date="2023-12", precision="month")),
        doc("r3", "Canada and Venezuela restored diplomatic relations on Monday.", date(2025, 3, 4),
            Ev("Canada and Venezuela restored diplomatic relations", "050", date="2025-03-03")),
    ]  # fmt: skip
    assert [s for _, _, s in states_after(db_path, docs)] == ["downgraded", "restoring", "restored"]


def test_timeline_negated_recognition_changes_nothing(db_path: Path) -> None:
    docs = [doc("n1", "Canada still refuses to recognize Maduro and has no relations with him.",
                date(2024, 2, 1), Ev("Canada still refuses to recognize Maduro and has no relations",
                                     "054", status="negated", date="2024-02-01"))]  # fmt: skip
    assert states_after(db_path, docs) == []


def test_timeline_expulsion_after_break_keeps_severed(db_path: Path) -> None:
    docs = [
        doc("b1", "Venezuela broke off diplomatic relations with Canada.", date(2019, 1, 23),
            Ev("Venezuela broke off diplomatic relations", "161", "VEN", "CAN", date="2019-01-23")),
        doc("b2", "Canada expelled the Venezuelan ambassador.", date(2019, 2, 1),
            Ev("Canada expelled the Venezuelan ambassador", "161", date="2019-02-01")),
    ]  # fmt: skip
    build(db_path, docs)
    with Store(db_path, read_only=True) as store:
        steps = timeline(store, "CAN", "VEN").steps
    assert [(s.state, s.changed) for s in steps] == [("severed", True), ("severed", False)]


# -- sanctions -------------------------------------------------------------------
def test_timeline_sanctions_imposed_eased_reimposed(db_path: Path) -> None:
    docs = [
        doc("u1", "The United States imposed sanctions on Venezuela's oil company.", date(2019, 1, 29),
            Ev("The United States imposed sanctions", "163", "USA", "VEN", date="2019-01-28")),
        doc("u2", "Washington eased oil sanctions on Venezuela after the election deal.", date(2023, 10, 19),
            Ev("Washington eased oil sanctions on Venezuela", "085", "USA", "VEN", date="2023-10-18")),
        doc("u3", "The United States imposed sanctions on Venezuela's gold sector again.", date(2024, 1, 31),
            Ev("The United States imposed sanctions", "163", "USA", "VEN", date="2024-01-30")),
    ]  # fmt: skip
    assert states_after(db_path, docs, "USA", "VEN") == [
        ("sanctions", "USA", "imposed"),
        ("sanctions", "USA", "eased"),
        ("sanctions", "USA", "reimposed"),
    ]


@pytest.mark.parametrize(
    ("text", "phrase", "cameo", "status", "expected"),
    [
        ("The US threatened to impose sanctions on Venezuela.", "The US threatened to impose sanctions",
         "1312", "actual", "threatened"),
        ("Washington lifted sanctions on Venezuela's oil sector.", "Washington lifted sanctions", "085",
         "actual", "lifted"),
        ("Washington will impose sanctions on Venezuela.", "Washington will impose sanctions", "163",
         "future", "threatened"),
        ("Washington did not impose sanctions on Venezuela.", "Washington did not impose sanctions", "163",
         "negated", None),
    ],
    ids=["threat", "lift", "future", "negated"],
)  # fmt: skip
def test_timeline_sanction_kinds(
    db_path: Path, text: str, phrase: str, cameo: str, status: str, expected: str | None
) -> None:
    ev = Ev(phrase, cameo, "USA", "VEN", status=status, date="2022-05-17")
    found = states_after(db_path, [doc("k1", text, date(2022, 5, 17), ev)], "USA", "VEN")
    assert found == ([("sanctions", "USA", expected)] if expected else [])


def test_timeline_sanctions_tracked_per_sanctioning_country(db_path: Path) -> None:
    docs = [doc("p1", "Canada imposed sanctions on Venezuela. Venezuela imposed sanctions on Canada.",
                date(2018, 3, 1), Ev("Canada imposed sanctions on Venezuela", "163", date="2018-03-01"),
                Ev("Venezuela imposed sanctions on Canada", "163", "VEN", "CAN", date="2018-03-01"))]  # fmt: skip
    found = states_after(db_path, docs)
    assert sorted(found, key=str) == [
        ("sanctions", "CAN", "imposed"),
        ("sanctions", "VEN", "imposed"),
    ]


# -- bands and evidence ------------------------------------------------------------
def test_timeline_bands_follow_changes(db_path: Path) -> None:
    build(db_path, HISTORY)
    with Store(db_path, read_only=True) as store:
        tl = timeline(store, "CAN", "VEN")
    ties = [(b.state, b.start, b.end) for b in tl.bands if b.dimension == "ties"]
    assert ties == [
        ("downgraded", date(2017, 12, 24), date(2023, 12, 1)),
        ("restoring", date(2023, 12, 1), None),
    ]


def test_timeline_every_step_has_its_evidence(db_path: Path) -> None:
    build(db_path, HISTORY)
    with Store(db_path, read_only=True) as store:
        tl = timeline(store, "CAN", "VEN")
    texts = {d.key: d.text for d in HISTORY}
    for step in tl.steps:
        assert step.evidence
        for m in step.evidence:
            assert texts[m.doc_id][m.start : m.end] == m.evidence
