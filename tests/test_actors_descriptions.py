"""Descriptions of people: trade nouns, their institutions, residence and nationality.

The rules (``actors/descriptions.csv``, docs/actors.md "Describing a person"):
a discipline or trade noun ("sociologist", "economist") takes the sector of
the institution the phrase ties it to, else CVL (PLOVER manual 2.0, Table 5.2);
a nationality outranks a residence phrase ("living in", "based in") for the
country, which a residence phrase gives only when nothing else does.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from detente.data import load_table
from detente.extract.actors import ActorResolver, get_resolver
from detente.extract.quotes import extract_quotes

WHEN = date(2024, 3, 1)
KINDS = ("trade", "residence", "tie", "rank")


@pytest.fixture(scope="module")
def resolver(nlp: Any) -> ActorResolver:
    return get_resolver()


def _code(resolver: ActorResolver, text: str) -> tuple[str | None, str | None] | None:
    actor = resolver.lookup(text, WHEN)
    return None if actor is None else (actor.country, actor.sector)


def test_actors_descriptions_schema() -> None:
    table = load_table("actors/descriptions.csv")
    assert table.version and table.meta.get("source") and table.meta.get("license")
    roles = {r["code"] for r in load_table("actors/sectors.csv").rows if r["kind"] == "role"}
    assert tuple(table.columns[:3]) == ("pattern", "kind", "sector")
    for row in table.rows:
        assert row["pattern"] == row["pattern"].strip().lower(), row
        assert row["kind"] in KINDS, row
        if row["kind"] == "trade":
            assert row["sector"] in roles, row
        else:
            assert not row["sector"], row
        if row["kind"] == "residence":
            assert len(row["pattern"].split()) == 2, row  # "verb preposition"
    assert {r["kind"] for r in table.rows} == set(KINDS)


def test_actors_descriptions_trades_not_in_agents() -> None:
    """A trade noun listed in agents.csv as well would be ambiguous (same priority)."""
    trades = {r["pattern"] for r in load_table("actors/descriptions.csv").rows if r["kind"] == "trade"}
    agents = {r["pattern"] for r in load_table("actors/agents.csv").rows}
    assert trades & agents == set()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jorge Ramírez, a Chilean economist", ("CHL", "CVL")),
        ("a Brazilian historian", ("BRA", "CVL")),
        ("Kenyan sociologists", ("KEN", "CVL")),
        ("Tomasz Nowak, a Polish political scientist", ("POL", "CVL")),
        ("Jorge Ramírez, a Chilean economist at the University of Toronto", ("CHL", "EDU")),
        ("a Peruvian anthropologist at a university in Lima", ("PER", "EDU")),
        ("Chilean students", ("CHL", "EDU")),
        ("a Dutch professor", ("NLD", "EDU")),
    ],
)
def test_actors_descriptions_trade_sector(resolver: ActorResolver, text: str,
                                          expected: tuple[str, str]) -> None:
    """Unaffiliated experts are civilians; EDU needs an education institution
    (or an educator's own noun: professor, student)."""
    assert _code(resolver, text) == expected


@pytest.mark.parametrize(
    ("text", "institution"),
    [
        ("Luis Ortega, an economist with the International Monetary Fund",
         "the International Monetary Fund"),
        ("a researcher at Human Rights Watch", "Human Rights Watch"),
        ("an analyst at the Pentagon", "the Pentagon"),
    ],
)
def test_actors_descriptions_trade_takes_institution_sector(
    resolver: ActorResolver, text: str, institution: str
) -> None:
    own = _code(resolver, institution)
    assert own is not None and own[1] is not None
    assert _code(resolver, text) == own


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Marcus Bell, an economist at Northgate Capital", None),
        ("Marcus Bell, a British economist at Northgate Capital", None),
        ("Harlow Partners analyst Dana Whitfield", None),
        ("Dana Whitfield, an analyst", "CVL"),
    ],
)
def test_actors_descriptions_unknown_institution_gives_no_sector(
    resolver: ActorResolver, text: str, expected: str | None
) -> None:
    """Tied to a firm the dictionaries do not know: no sector rather than CVL."""
    actor = resolver.lookup(text, WHEN)
    assert actor is not None
    assert actor.sector == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Daniel Smith, a Chilean analyst, spoke first. The analysts said prices fell.",
         [("CHL", "CVL"), (None, "CVL")]),
        ("Ines Roth, an Austrian economist, disagreed. The economists wanted more.",
         [("AUT", "CVL"), (None, "CVL")]),
    ],
)
def test_actors_descriptions_trade_is_no_short_reference(
    nlp: Any, resolver: ActorResolver, text: str, expected: list[tuple[str | None, str]]
) -> None:
    """"The analysts" are not the analyst named before: no country borrowed."""
    mentions = resolver.mentions(nlp(text), WHEN)
    assert [(m.country, m.sector) for m in mentions] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Rita Alves, the deputy chief economist", "CVL"),
        ("a senior analyst", "CVL"),
        ("a deputy", "LEG"),
    ],
)
def test_actors_descriptions_rank_is_no_role(resolver: ActorResolver, text: str,
                                             expected: str) -> None:
    actor = resolver.lookup(text, WHEN)
    assert actor is not None
    assert actor.sector == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Peter Lang, an analyst who lives in Berlin", ("DEU", "CVL")),
        ("Ana Souza, a historian based in Lisbon", ("PRT", "CVL")),
        ("a sociologist living in Kenya", ("KEN", "CVL")),
        ("Ana Souza, a Brazilian historian based in Lisbon", ("BRA", "CVL")),
        ("Omar Haddad, a Syrian economist living in Germany", ("SYR", "CVL")),
        ("Lena Berg, a Swedish activist who lives in Chile", ("SWE", "CVL")),
    ],
)
def test_actors_descriptions_residence_and_nationality(
    resolver: ActorResolver, text: str, expected: tuple[str, str]
) -> None:
    """A residence phrase gives the country only when no nationality is stated."""
    assert _code(resolver, text) == expected


def test_actors_descriptions_residence_marked_in_rule(resolver: ActorResolver) -> None:
    actor = resolver.lookup("Peter Lang, an analyst who lives in Berlin", WHEN)
    assert actor is not None
    assert "residence:" in actor.rule


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("American troops based in Germany", ("USA", "MIL")),
        ("Russian warships based in Syria", ("RUS", "MIL")),
    ],
)
def test_actors_descriptions_residence_only_for_people(
    resolver: ActorResolver, text: str, expected: tuple[str, str]
) -> None:
    """Troops "based in" a country are not that country's: only described persons."""
    assert _code(resolver, text) == expected


@pytest.mark.parametrize(
    ("text", "words", "expected"),
    [
        ("“Both countries need an ambassador again,” said Elena Duarte, a Colombian "
         "sociologist living in Spain and the host of a radio show in Madrid.",
         "need an ambassador", ("COL", "CVL")),
        ("“The sanctions hurt ordinary families,” said Omar Haddad, an economist "
         "living in Germany.", "hurt ordinary families", ("DEU", "CVL")),
        ("“Talks will resume soon,” said Jorge Ramírez, a Chilean economist at the "
         "University of Toronto.", "resume soon", ("CHL", "EDU")),
    ],
)
def test_actors_descriptions_speaker_affiliation(
    nlp: Any, resolver: ActorResolver, text: str, words: str, expected: tuple[str, str]
) -> None:
    """The quote layer's speaker affiliation follows the description rules."""
    doc = nlp(text)
    quotes = extract_quotes(doc, doc_id="t", published=WHEN,
                            actors=resolver.mentions(doc, WHEN), resolver=resolver)
    quote = next(q for q in quotes if words in text[q.start:q.end])
    actor = quote.speaker_actor
    assert actor is not None
    assert (actor.country, actor.sector) == expected
