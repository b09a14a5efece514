"""The actor resolver: countries, sectors, people by date, bodies, short references.

Dated offices use the fixture people file (tests/fixtures/actors/people-fixture.csv)
instead of the bundled people files, so that these tests do not depend on them.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest
from spacy.language import Language

from detente.data import load_user_table
from detente.extract.actor_data import add_people, load_bundled
from detente.extract.actors import ActorResolver, get_resolver
from detente.records import Actor


@pytest.fixture(scope="session")
def resolver(nlp: Language, fixtures_dir: Path) -> ActorResolver:
    """The bundled dictionaries without the people files, plus the fixture people."""
    data = load_bundled(people=False)
    add_people(data, load_user_table(fixtures_dir / "actors" / "people-fixture.csv"))
    return ActorResolver(data, nlp)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _codes(mentions: list[Actor]) -> list[tuple[str | None, str | None]]:
    return [(m.country, m.sector) for m in mentions if m.country]


@pytest.mark.parametrize(
    ("text", "when", "expected"),
    [
        ("Venezuela", None, "VEN"),
        ("the U.S.", None, "USA"),
        ("the U.K.", None, "GBR"),
        ("Britain", None, "GBR"),
        ("Côte d'Ivoire", None, "CIV"),
        ("Cote d'Ivoire", None, "CIV"),
        ("Burma", None, "MMR"),
        ("Venezuelans", None, "VEN"),
        ("Beijing", None, "CHN"),
        ("Caracas", None, "VEN"),
        ("the Kremlin", None, "RUS"),
        ("the White House", None, "USA"),
        ("Downing Street", None, "GBR"),
        ("Miraflores", None, "VEN"),
        ("Global Affairs Canada", None, "CAN"),
        ("the State Department", None, "USA"),
        ("the U.S. Treasury", None, "USA"),
        ("the Trudeau government", "2019-03-01", "CAN"),
        ("the Biden administration", "2022-05-01", "USA"),
        ("the Maduro government", "2020-01-01", "VEN"),
        ("the United Nations", None, "IGO"),
        ("the OAS", None, "IGO"),
        ("the European Union", None, "IGO"),
        ("NATO", None, "IGO"),
        ("OPEC", None, "IGO"),
        ("the Lima Group", None, "IGO"),
        ("the African Union", None, "IGO"),
        ("ASEAN", None, "IGO"),
        ("Mercosur", None, "IGO"),
        ("CARICOM", None, "IGO"),
        ("the IMF", None, "IGO"),
        ("the World Bank", None, "IGO"),
        ("UNICEF", None, "IGO"),
        ("Amnesty International", None, "NGO"),
        ("Human Rights Watch", None, "NGO"),
        ("the Red Cross", None, "NGO"),
        ("Doctors Without Borders", None, "NGO"),
    ],
)
def test_actors_country(resolver: ActorResolver, text: str, when: str | None, expected: str) -> None:
    actor = resolver.lookup(text, _day(when))
    assert actor is not None
    assert actor.country == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Venezuelan officials", ("VEN", "GOV")),
        ("Canadian diplomats", ("CAN", "GOV")),
        ("the Canadian army", ("CAN", "MIL")),
        ("the Chilean navy", ("CHL", "MIL")),
        ("Russian troops", ("RUS", "MIL")),
        ("Venezuelan opposition leader", ("VEN", "OPP")),
        ("Colombian rebels", ("COL", "REB")),
        ("the Venezuelan Supreme Court", ("VEN", "JUD")),
        ("an Argentine judge", ("ARG", "JUD")),
        ("the Brazilian parliament", ("BRA", "LEG")),
        ("a U.S. senator", ("USA", "LEG")),
        ("Mexican police", ("MEX", "COP")),
        ("a Chinese company", ("CHN", "BUS")),
        ("a Russian newspaper", ("RUS", "MED")),
        ("Iranian activists", ("IRN", "CVL")),
        ("Iranian protesters", ("IRN", "CVL")),
        ("French unions", ("FRA", "LAB")),
        ("Kenyan students", ("KEN", "EDU")),
        ("Syrian refugees", ("SYR", "REF")),
        ("Nigerian doctors", ("NGA", "HLH")),
        ("the Venezuelan embassy", ("VEN", "GOV")),
        ("Venezuela's foreign ministry", ("VEN", "GOV")),
        ("the president of Venezuela", ("VEN", "GOV")),
        ("a spokesperson for Global Affairs Canada", ("CAN", "GOV")),
        ("UN peacekeepers", ("IGO", "MIL")),
        ("NATO troops", ("IGO", "MIL")),
        ("the former Venezuelan president", ("VEN", "ELI")),
    ],
)
def test_actors_sector(resolver: ActorResolver, text: str, expected: tuple[str, str]) -> None:
    actor = resolver.lookup(text, date(2020, 1, 1))
    assert actor is not None
    assert (actor.country, actor.sector) == expected


@pytest.mark.parametrize(
    ("text", "when", "expected"),
    [
        ("the president of Venezuela", "2012-06-01", ("VEN", "GOV", "Hugo Chávez")),
        ("the president of Venezuela", "2020-06-01", ("VEN", "GOV", "Nicolás Maduro")),
        ("Venezuela's president", "2012-06-01", ("VEN", "GOV", "Hugo Chávez")),
        ("the Venezuelan president", "2020-06-01", ("VEN", "GOV", "Nicolás Maduro")),
        ("the Canadian prime minister", "2010-06-01", ("CAN", "GOV", "Stephen Harper")),
        ("the Canadian prime minister", "2018-06-01", ("CAN", "GOV", "Justin Trudeau")),
        ("Canada's foreign minister", "2018-06-01", ("CAN", "GOV", "Chrystia Freeland")),
        ("Canada's foreign minister", "2023-06-01", ("CAN", "GOV", "Mélanie Joly")),
        ("the U.S. Secretary of State", "2010-06-01", ("USA", "GOV", "Hillary Clinton")),
        ("the U.S. Secretary of State", "2014-06-01", ("USA", "GOV", "John Kerry")),
        ("Chávez", "2005-06-01", ("VEN", "GOV", "Hugo Chávez")),
        ("Chávez", "2020-06-01", ("VEN", "ELI", "Hugo Chávez")),
        ("Foreign Affairs Minister Mélanie Joly", "2023-06-01", ("CAN", "GOV", "Mélanie Joly")),
        ("Prime Minister Justin Trudeau", "2018-06-01", ("CAN", "GOV", "Justin Trudeau")),
        ("President Nicolas Maduro", "2020-06-01", ("VEN", "GOV", "Nicolás Maduro")),
    ],
)
def test_actors_dated_office(
    resolver: ActorResolver, text: str, when: str, expected: tuple[str, str, str]
) -> None:
    actor = resolver.lookup(text, _day(when))
    assert actor is not None
    assert (actor.country, actor.sector, actor.name) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Genevieve Tremblay, a spokesperson for Global Affairs Canada, said nothing.",
            ("CAN", "GOV", "Genevieve Tremblay"),
        ),
        (
            "Maria Páez Victor, a Venezuelan sociologist, said so.",
            ("VEN", None, "Maria Páez Victor"),
        ),
        ("Alison Bodine, an activist from Vancouver, agreed.", ("CAN", "CVL", "Alison Bodine")),
    ],
)
def test_actors_person_named_with_office(
    resolver: ActorResolver, nlp: Language, text: str, expected: tuple[str, str | None, str]
) -> None:
    doc = nlp(text)
    mentions = resolver.mentions(doc, date(2024, 2, 1))
    subject = next(t for t in doc if t.dep_ == "nsubj")
    actor = resolver.resolve_span(doc[subject.left_edge.i : subject.right_edge.i + 1], None, mentions)
    assert actor is not None
    assert actor.country == expected[0]
    assert actor.name == expected[2]
    if expected[1] is not None:
        assert actor.sector == expected[1]


@pytest.mark.parametrize(
    ("text", "later", "expected"),
    [
        (
            "Maria Páez Victor, a Venezuelan sociologist living in Canada, spoke first. "
            "Then Páez Victor said it again.",
            "Páez Victor",
            ("VEN", "Maria Páez Victor"),
        ),
        (
            "Alison Bodine, a solidarity activist from Vancouver, spoke. Bodine said more.",
            "Bodine",
            ("CAN", "Alison Bodine"),
        ),
        (
            "Canada's foreign ministry issued a statement on Monday. The ministry said it was "
            "concerned.",
            "ministry",
            ("CAN", None),
        ),
        (
            "She was born in Venezuela and regularly visits family in the country.",
            "country",
            ("VEN", None),
        ),
    ],
)
def test_actors_short_reference(
    resolver: ActorResolver, nlp: Language, text: str, later: str, expected: tuple[str, str | None]
) -> None:
    start = text.rindex(later)
    mentions = resolver.mentions(nlp(text), date(2024, 2, 1))
    actor = next(m for m in mentions if m.start <= start < m.end)
    assert actor.country == expected[0]
    if expected[1] is not None:
        assert actor.name == expected[1]


@pytest.mark.parametrize(
    "text",
    [
        "She said they would come back.",
        "We ate turkey and china tea.",
        "Give us a chance.",
        "George Washington crossed the river.",
        "The talks were held in Spanish.",
        "The weather was fine.",
    ],
)
def test_actors_no_country(resolver: ActorResolver, nlp: Language, text: str) -> None:
    assert _codes(resolver.mentions(nlp(text), None)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Senior Hungarian and Romanian officials agreed on Wednesday.",
            [("HUN", "GOV"), ("ROU", "GOV")],
        ),
        ("Ottawa has sent diplomats to Caracas.", [("CAN", "GOV"), ("VEN", None)]),
        ("The United States and Jordan have agreed upon a new pact.", [("USA", None), ("JOR", None)]),
        ("Canada-Venezuela relations improved.", [("CAN", None), ("VEN", None)]),
        ("He moved back to the States last year.", [("USA", None)]),
        (
            "The U.S. government has threatened to reimpose sanctions on Venezuela.",
            [("USA", "GOV"), ("VEN", None)],
        ),
    ],
)
def test_actors_mentions(
    resolver: ActorResolver, nlp: Language, text: str, expected: list[tuple[str, str | None]]
) -> None:
    assert _codes(resolver.mentions(nlp(text), None)) == expected


def test_actors_mentions_sorted_and_disjoint(resolver: ActorResolver, nlp: Language) -> None:
    text = (
        "Genevieve Tremblay, a spokesperson for Global Affairs Canada (GAC), said that while "
        "the Trudeau government still refuses to recognize Maduro as president, Canada and "
        "Venezuela should talk. Canada, not Venezuela, broke off relations, and Venezuelan "
        "Canadians must go to Mexico, to the Venezuelan embassy there."
    )
    doc = nlp(text)
    mentions = resolver.mentions(doc, date(2024, 2, 1))
    assert mentions
    for a, b in pairwise(mentions):
        assert a.end <= b.start
    for m in mentions:
        assert doc.text[m.start : m.end] == m.text


def test_actors_resolve_span_head_wins(resolver: ActorResolver, nlp: Language) -> None:
    doc = nlp("Senior Hungarian and Romanian officials agreed on Wednesday.")
    mentions = resolver.mentions(doc, None)
    subject = next(t for t in doc if t.dep_ == "nsubj")
    actor = resolver.resolve_span(doc[subject.left_edge.i : subject.right_edge.i + 1], None, mentions)
    assert actor is not None
    assert (actor.country, actor.sector) == ("ROU", "GOV")


def test_actors_resolve_span_none_without_actor(resolver: ActorResolver, nlp: Language) -> None:
    doc = nlp("The weather in Paris was fine.")
    mentions = resolver.mentions(doc, None)
    subject = next(t for t in doc if t.dep_ == "nsubj")
    assert resolver.resolve_span(doc[subject.i : subject.i + 1], None, mentions) is None


def test_actors_lookup_names_rule_and_row(resolver: ActorResolver) -> None:
    actor = resolver.lookup("the Trudeau government", date(2019, 3, 1))
    assert actor is not None
    assert "people-fixture.csv[Justin Trudeau" in actor.rule
    assert "agents.csv[government]" in actor.rule


def test_actors_user_file_overrides(nlp: Language, fixtures_dir: Path) -> None:
    user = get_resolver((str(fixtures_dir / "actors" / "user-actors.csv"),))
    assert user.lookup("Arnor", None).country == "ARN"  # type: ignore[union-attr]
    ministry = user.lookup("the Ministry of Magic", None)
    assert ministry is not None
    assert (ministry.country, ministry.sector) == ("HGW", "GOV")
    assert user.lookup("Ottawa", None).country == "ARN"  # type: ignore[union-attr]
    assert get_resolver().lookup("Ottawa", None).country == "CAN"  # type: ignore[union-attr]


@pytest.mark.parametrize(("when", "expected"), [("2000-06-01", "GON"), ("2005-06-01", None)])
def test_actors_user_row_dates(
    fixtures_dir: Path, when: str, expected: str | None
) -> None:
    user = get_resolver((str(fixtures_dir / "actors" / "user-actors.csv"),))
    actor = user.lookup("Osgiliath", _day(when))
    assert (actor.country if actor else None) == expected


def test_actors_extra_rows_as_tuples() -> None:
    user = get_resolver(((("Minas Tirith", "GON", "GOV"),),))
    actor = user.lookup("Minas Tirith", None)
    assert actor is not None
    assert (actor.country, actor.sector) == ("GON", "GOV")


def test_actors_country_in_focus_most_named(resolver: ActorResolver, nlp: Language) -> None:
    text = (
        "Venezuela held elections. Venezuela's economy shrank. The coup had U.S. backing. "
        "A popular uprising led by the country's working class restored the president."
    )
    mentions = resolver.mentions(nlp(text), date(2024, 2, 1))
    start = text.index("country's")
    actor = next(m for m in mentions if m.start <= start < m.end)
    assert actor.country == "VEN"
