"""The place of an event, background clauses, conditional threats and PETRARCH's require_dyad."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from spacy.language import Language

from detente.data import load_table
from detente.extract.actors import get_resolver
from detente.extract.events import extract_events, use_patterns
from detente.records import Event

PUBLISHED = date(2000, 1, 1)

VERBS = """
--- SPAR [111] ---
SPAR
- * OVER PLANS  [121]
"""


def _pairs(nlp: Language, text: str) -> set[tuple[str | None, str | None, str | None]]:
    resolver = get_resolver()
    doc = nlp(text)
    events: list[Event] = extract_events(
        doc, doc_id="t", published=PUBLISHED, actors=resolver.mentions(doc, PUBLISHED),
        resolver=resolver,
    )
    return {(e.source.country if e.source else None, e.target.country if e.target else None,
             e.plover_event) for e in events}


def test_events_place_locatives_table() -> None:
    table = load_table("events/locatives.csv")
    assert table.columns == ("word", "kind")
    assert table.meta["version"] == "1" and "license" in table.meta
    for row in table.rows:
        assert row["word"] == row["word"].lower().strip() and row["word"]
        assert row["kind"] in ("place", "condition", "aside"), row


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # no stated agent: the place's country stands for it
        ("Three US servicemen were killed outside the Iraqi city of Basra.", ("IRQ", "USA")),
        ("Two Palestinian bombers blew themselves up in Tel Aviv.", ("PSE", "ISR")),
    ],
)
def test_events_place_stands_for_unnamed_actor(
    nlp: Language, text: str, expected: tuple[str, str]
) -> None:
    assert expected in {(s, t) for s, t, _ in _pairs(nlp, text)}


@pytest.mark.parametrize(
    "text",
    [
        "Syria said it would not accept refugees if war starts in Iraq.",  # a condition
        "Iran threatened to retaliate.",  # a bare threat: no place, no home
    ],
)
def test_events_place_not_taken_from_conditions(nlp: Language, text: str) -> None:
    found = _pairs(nlp, text)
    assert found and all(t is None for _, t, _ in found)


def test_events_place_background_clause_not_coded(nlp: Language) -> None:
    text = "Italy suspended air links with Serbia one day after a Serbian jet shot down a helicopter."
    found = _pairs(nlp, text)
    assert ("ITA", "SRB", "SANCTION") in found
    assert not any(s == "SRB" for s, _, _ in found)


def test_events_place_conditional_threat_names_its_recipient(nlp: Language) -> None:
    text = "Russia threatened to stop negotiations if the United States goes ahead with the plan."
    assert ("RUS", "USA", "THREATEN") in _pairs(nlp, text)


def test_events_place_one_sided_duplicate_dropped(nlp: Language) -> None:
    text = ("Moroccan diplomats held their first meeting with President Obama at a lunch "
            "hosted by the Moroccan ambassador.")
    found = _pairs(nlp, text)
    assert ("MAR", "USA", "CONSULT") in found
    assert ("MAR", None, "CONSULT") not in found


@pytest.fixture(scope="module")
def verbs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("verbs") / "verbs.txt"
    path.write_text(VERBS, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sylvania sparred over the plans of Osterlich.", {("SYL", "OST", "121")}),
        ("Sylvania sparred over the plans.", set()),  # no target: PETRARCH's require_dyad
    ],
)
def test_events_place_petrarch_dictionary_requires_dyad(
    nlp: Language, verbs: Path, text: str, expected: set[tuple[str, str, str]]
) -> None:
    rows = (("Sylvania", "SYL", "", "", "", ""), ("Osterlich", "OST", "", "", "", ""))
    resolver = get_resolver((rows,))
    doc = nlp(text)
    with use_patterns([verbs]):
        events = extract_events(doc, doc_id="t", published=PUBLISHED,
                                actors=resolver.mentions(doc, PUBLISHED), resolver=resolver)
    found = {(e.source.code if e.source else "", e.target.code if e.target else "", e.cameo)
             for e in events}
    assert found == expected


@pytest.mark.parametrize(
    ("text", "kept", "dropped"),
    [
        # the sale is the content of the demand, not a second happening
        ("Canada demanded that Venezuela cancel plans to sell weapons to Cuba.",
         ("CAN", "VEN", "REQUEST"), ("VEN", "CUB")),
    ],
)
def test_events_place_embedded_act_not_coded(
    nlp: Language, text: str, kept: tuple[str, str, str], dropped: tuple[str, str]
) -> None:
    found = _pairs(nlp, text)
    assert kept in found
    assert not any((s, t) == dropped for s, t, _ in found)


def test_events_place_coordinated_acts_both_coded(nlp: Language) -> None:
    found = _pairs(nlp, "France condemned the attack and promised aid to Mali.")
    assert {"ACCUSE", "AGREE"} <= {p for _, _, p in found}


@pytest.mark.parametrize(
    "text",
    [
        "Georgian President Eduard Shevardnadze resigned on Sunday.",
        "The Peruvian prime minister announced his resignation.",
    ],
)
def test_events_place_resignation_is_retreat(nlp: Language, text: str) -> None:
    # PLOVER 2.0: RETREAT, mode resign (CAMEO has no code of its own: 0831)
    assert any(p == "RETREAT" and t is None for _, t, p in _pairs(nlp, text))
