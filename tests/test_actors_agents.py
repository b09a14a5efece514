"""User agent rows (no country), dictionaries with their own agents, and stance prefixes."""

from __future__ import annotations

from datetime import date

import pytest
from spacy.language import Language

from detente.errors import DataFileError
from detente.extract.actor_data import ActorDictionary, validate_user_rows
from detente.extract.actors import get_resolver

WHEN = date(2000, 1, 1)
COUNTRY = ("Freedonia", "FRE", "", "", "", "")


def _codes(nlp: Language, text: str, extra: tuple[object, ...] = ()) -> list[str]:
    resolver = get_resolver(extra)
    return [a.code for a in resolver.mentions(nlp(text), WHEN)]


def test_actors_agents_user_row_composes(nlp: Language) -> None:
    rows = (COUNTRY, ("golden geese", "", "GGS", "", "", ""))
    assert "FREGGS" in _codes(nlp, "The Freedonia golden geese met on Monday.", (rows,))


@pytest.mark.parametrize(
    ("own_agents", "expected"),
    [(True, "FRE"), (False, "FRECOP")],
)
def test_actors_agents_own_agents_replace_bundled(
    nlp: Language, own_agents: bool, expected: str
) -> None:
    dictionary = ActorDictionary((COUNTRY, ("minister", "", "GOV", "", "", "")), own_agents)
    codes = _codes(nlp, "Freedonia police arrested a man.", (dictionary,))
    assert codes[0] == expected


def test_actors_agents_row_needs_a_sector() -> None:
    with pytest.raises(DataFileError):
        validate_user_rows([("border guard", "", "")], "test")


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("An anti-Syria journalist was killed.", None),  # a stance, not a nationality
        ("A Syrian journalist was killed.", "SYR"),
    ],
)
def test_actors_agents_stance_prefix(nlp: Language, text: str, country: str | None) -> None:
    resolver = get_resolver()
    found = [a for a in resolver.mentions(nlp(text), WHEN) if "journalist" in a.text]
    assert found and found[0].country == country
