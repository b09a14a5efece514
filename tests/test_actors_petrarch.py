"""The reader of PETRARCH2 actor and agent dictionaries (detente.extract.actor_petrarch)."""

from __future__ import annotations

from datetime import date

import pytest

from detente.extract.actor_petrarch import (
    PetrarchCode,
    parse_actors,
    parse_agents,
    parse_code,
    parse_date,
    phrase,
    split_code,
)

ACTORS = """# a comment
CANADA_  [CAN]
+CANADIAN_
+OTTAWA_
JEAN_CHRETIEN_  # CountryInfo.txt
\t[CANELI 520101-931104]
\t[CANGOV 931104-031212]
\t[CANELI]
BAN_KI-MOON
+SECRETARY-GENERAL_BAN_KI-MOON
\t[IGOUNO >20070101]
"""

AGENTS = """!PERSON! = MAN, WOMAN
POLICE!PERSON! [~COP]
FARMER [~AGR]
OBSERVERS_IN [IGO~]
"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("931104", date(1993, 11, 4)),
        ("031212", date(2003, 12, 12)),
        ("19180101", date(1918, 1, 1)),
        ("2004017", None),
        ("991399", None),
    ],
)
def test_actors_petrarch_date(text: str, expected: date | None) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CAN", PetrarchCode("CAN")),
        ("CANGOV 931104-031212", PetrarchCode("CANGOV", date(1993, 11, 4), date(2003, 12, 12))),
        ("IGOUNO >20070101", PetrarchCode("IGOUNO", date(2007, 1, 1), None)),
        ("USAGOV <010120", PetrarchCode("USAGOV", None, date(2001, 1, 20))),
        ("---", None),
    ],
)
def test_actors_petrarch_code(text: str, expected: PetrarchCode | None) -> None:
    assert parse_code(text) == expected


def test_actors_petrarch_entries() -> None:
    entries = {e.name: e for e in parse_actors(ACTORS)}
    assert entries["CANADA_"].synonyms == ["CANADIAN_", "OTTAWA_"]
    assert [c.code for c in entries["JEAN_CHRETIEN_"].codes] == ["CANELI", "CANGOV", "CANELI"]
    assert "CountryInfo" in entries["JEAN_CHRETIEN_"].comment
    assert entries["BAN_KI-MOON"].codes == [PetrarchCode("IGOUNO", date(2007, 1, 1), None)]


def test_actors_petrarch_agents_expand_substitutions() -> None:
    assert sorted(parse_agents(AGENTS)) == [
        ("farmer", "AGR"), ("observers in", "IGO~"), ("policeman", "COP"), ("policewoman", "COP"),
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("HUGO_CHAVEZ_", "Hugo Chavez"),
        ("U.N._SECURITY_COUNCIL", "U.N. Security Council"),
        ("BAN_KI-MOON", "Ban Ki-Moon"),
        ("UNITED_NATIONS_CHILDREN'S_FUND_", "United Nations Children's Fund"),
        ("MINISTRY_OF_THE_INTERIOR", "Ministry of the Interior"),
    ],
)
def test_actors_petrarch_phrase(name: str, expected: str) -> None:
    assert phrase(name) == expected


@pytest.mark.parametrize(
    ("code", "expected"),
    [("USAGOVMED", ("USA", "GOV")), ("IGOUNOKID", ("IGO", "")), ("PSEREBHMS", ("PSE", "REB"))],
)
def test_actors_petrarch_split_code(code: str, expected: tuple[str, str]) -> None:
    assert split_code(code, frozenset({"GOV", "REB", "MED"})) == expected
