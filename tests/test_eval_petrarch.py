"""PETRARCH test dictionaries converted into user actor rows."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from detente.eval.gold import GoldActor
from detente.eval.petrarch import (
    parse_actor_dictionary,
    parse_agent_dictionary,
    petrarch_actor_rows,
    petrarch_date,
    split_code,
)
from detente.extract.actor_data import validate_user_rows


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("ARN", GoldActor("ARN")),
        ("DAGGOV", GoldActor("DAG", "GOV")),
        ("HGWGOVMED", GoldActor("HGW", "GOVMED")),
        ("---GOV", GoldActor(None, "GOV")),
        ("---", None),
        ('"INJURY TOLL"', GoldActor(text="INJURY TOLL")),
    ],
)
def test_eval_petrarch_split_code(code: str, expected: GoldActor | None) -> None:
    assert split_code(code) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("950601", date(1995, 6, 1)), ("300101", date(2030, 1, 1)), ("20080120", date(2008, 1, 20))],
)
def test_eval_petrarch_date(text: str, expected: date) -> None:
    assert petrarch_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ARNOR_  [ARN]", [("ARNOR", "ARN", "", "", "", "")]),
        ("ISRAELI_TROOPS [ISRMIL]", [("ISRAELI TROOPS", "ISR", "MIL", "", "", "")]),
        ("PALESTINIAN [pse]", [("PALESTINIAN", "PSE", "", "", "", "")]),
        ("HAMAS [PSEREBHMS]", [("HAMAS", "PSE", "REB", "", "", "")]),
        ("ITHILEN TELEVISION  [ITHTV]", [("ITHILEN TELEVISION", "ITH", "", "", "", "")]),
        (
            "GONDOR [GON]\n+MINAS_TIRITH",
            [("GONDOR", "GON", "", "", "", ""), ("MINAS TIRITH", "GON", "", "", "", "")],
        ),
        (
            "ENT  \n\t[ENT]",
            [("ENT", "ENT", "", "", "", "")],
        ),
        (
            "GOLLUM # note\n\t[HOB < 950601]\n\t[HOBGOV 19950601 - 19990815]\n\t[HOBREB > 990816]",
            [
                ("GOLLUM", "HOB", "", "", "", "1995-05-31"),
                ("GOLLUM", "HOB", "GOV", "", "1995-06-01", "1999-08-15"),
                ("GOLLUM", "HOB", "REB", "", "1999-08-16", ""),
            ],
        ),
        ("BOROMIR  [---]", []),
        (
            "PRINCE OF DOL AMROTH\n\t[--- <950630]\n\t[DOL]",
            [("PRINCE OF DOL AMROTH", "DOL", "", "", "1995-06-30", "")],
        ),
        (
            "LORIEN  [ELR/GAL]",
            [("LORIEN", "ELR", "", "", "", ""), ("LORIEN", "GAL", "", "", "", "")],
        ),
        (
            "<!-- a\n# multi-line\n# comment -->\n#NASGUL [###]\nMORDOR [MOR] # c",
            [("MORDOR", "MOR", "", "", "", "")],
        ),
    ],
)
def test_eval_petrarch_actor_dictionary(text: str, expected: list[tuple[str, ...]]) -> None:
    assert parse_actor_dictionary(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "OFFICIAL  [~GOV]",
            [("OFFICIAL", "", "GOV", "", "", ""), ("OFFICIALS", "", "GOV", "", "", "")],
        ),
        (
            "AUTHORITY [~GOV]",
            [("AUTHORITY", "", "GOV", "", "", ""), ("AUTHORITIES", "", "GOV", "", "", "")],
        ),
        ("POLICE {} [ ~COP]", [("POLICE", "", "COP", "", "", "")]),
        (
            "ATTORNEY_GENERAL {ATTORNEYS_GENERAL} [~GOV]",
            [
                ("ATTORNEY GENERAL", "", "GOV", "", "", ""),
                ("ATTORNEYS GENERAL", "", "GOV", "", "", ""),
            ],
        ),
        (
            "!PERSON! = MAN, MEN\nCONGRESS!PERSON! [~LEG]",
            [("CONGRESSMAN", "", "LEG", "", "", ""), ("CONGRESSMEN", "", "LEG", "", "", "")],
        ),
        ("MSF {}  [NGO~]", [("MSF", "", "NGO", "", "", "")]),
    ],
)
def test_eval_petrarch_agent_dictionary(text: str, expected: list[tuple[str, ...]]) -> None:
    assert parse_agent_dictionary(text) == expected


def test_eval_petrarch_rows_from_folder(fixtures_dir: Path) -> None:
    rows = petrarch_actor_rows(fixtures_dir / "eval" / "petrarch").rows
    assert ("SMEAGOL", "HOB", "GOV", "", "1995-06-01", "1999-08-15") in rows
    assert len(rows) == len(set(rows))


def test_eval_petrarch_agents_join_the_rows(fixtures_dir: Path) -> None:
    dictionary = petrarch_actor_rows(fixtures_dir / "eval" / "petrarch")
    assert dictionary.own_agents
    assert ("OFFICIALS", "", "GOV", "", "", "") in dictionary.rows


def test_eval_petrarch_rows_fit_the_user_actor_format(fixtures_dir: Path) -> None:
    rows = petrarch_actor_rows(fixtures_dir / "eval" / "petrarch").rows
    for pattern, country, sector, _name, start, end in rows:
        assert pattern and re.fullmatch("([A-Z]{3})?", country)
        assert country or sector, pattern
        assert sector == "" or re.fullmatch("[A-Z]{3}", sector)
        for day in (start, end):
            assert day == "" or date.fromisoformat(day)
    assert validate_user_rows(rows, "test")


def test_eval_petrarch_missing_folder_gives_no_rows(tmp_path: Path) -> None:
    assert not petrarch_actor_rows(tmp_path / "absent")
