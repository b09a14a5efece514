"""The pattern format and the PETRARCH verb-dictionary converter."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.errors import DataFileError
from detente.extract.event_patterns import (
    build_index,
    parse_petrarch_verbs,
    pattern_from_record,
    read_pattern_file,
)

DICTIONARY = """
&CURRENCY
+DOLLARS
+EUROS

####### VERB PATTERNS #######

--- IMPOSE [170] ---
IMPOSE
REIMPOSE
- * SANCTIONS (AGAINST +)  [163]  # IMPOSE
- * BAN (ON TRAVEL)   [160]
- * &CURRENCY [---]

--- VISIT [042:043] ---
VISIT
- % * TALKS [046:046]
+CALL_OFF [161]
"""


def _records() -> dict[str, dict]:
    return {r["id"]: r for r in parse_petrarch_verbs(DICTIONARY, "t")}


def test_events_petrarch_block_patterns() -> None:
    rec = _records()["t:impose:1"]
    assert rec["trigger"] == "impose|reimpose"
    assert rec["cameo"] == "163"
    assert rec["object"] == ["sanction|sanctions"]
    assert rec["prep"] == [{"prep": "against", "words": [], "role": "target"}]


def test_events_petrarch_prep_words() -> None:
    rec = _records()["t:impose:2"]
    assert rec["prep"][0]["prep"] == "on" and rec["prep"][0]["words"] == ["travel"]


def test_events_petrarch_synonym_set() -> None:
    rec = _records()["t:impose:3"]
    assert rec["cameo"] is None
    assert set(rec["object"][0].split("|")) >= {"dollars", "dollar", "euros", "euro"}


def test_events_petrarch_default_is_head_verb_only() -> None:
    rec = _records()["t:impose:default"]
    assert rec["trigger"] == "impose" and rec["cameo"] == "170" and rec["dyad"] is True


@pytest.mark.parametrize(("keep", "expected"), [(True, "043"), (False, None)])
def test_events_petrarch_reverse_codes(keep: bool, expected: str | None) -> None:
    recs = {r["id"]: r for r in parse_petrarch_verbs(DICTIONARY, "t", keep_reverse=keep)}
    assert recs["t:visit:default"].get("reverse") == expected


def test_events_petrarch_reciprocal_pair() -> None:
    recs = {r["id"]: r for r in parse_petrarch_verbs(DICTIONARY, "t", keep_reverse=False)}
    assert recs["t:visit:1"]["reciprocal"] is True and recs["t:visit:1"]["cameo"] == "046"


def test_events_petrarch_phrasal_verb() -> None:
    rec = next(r for r in parse_petrarch_verbs(DICTIONARY, "t") if r["trigger"] == "call")
    assert rec["particle"] == "off" and rec["cameo"] == "161"


@pytest.mark.parametrize(
    "record",
    [
        {"trigger": "impose", "cameo": "163"},
        {"id": "x", "trigger": "impose", "pos": "ADV", "cameo": "163"},
        {"id": "x", "trigger": "impose", "cameo": "163", "target": "somewhere"},
        {"id": "x", "trigger": "impose", "cameo": "163", "confidence": 2},
        {"id": "x", "trigger": "impose", "cameo": "163", "reciprocal": "sometimes"},
    ],
)
def test_events_pattern_record_errors(record: dict) -> None:
    with pytest.raises(DataFileError):
        pattern_from_record(record)


def test_events_pattern_index_order() -> None:
    general = pattern_from_record({"id": "g", "trigger": "impose", "cameo": "170"})
    specific = pattern_from_record(
        {"id": "s", "trigger": "impose", "cameo": "163", "object": ["sanction"]}
    )
    converted = pattern_from_record(
        {"id": "c", "trigger": "impose", "cameo": "172", "object": ["fine", "heavy"]},
        origin="petrarch2",
    )
    index = build_index([general, converted, specific])
    assert [p.id for p in index.lookup("impose", "VERB")] == ["s", "g", "c"]


def test_events_read_user_petrarch_file(tmp_path: Path) -> None:
    path = tmp_path / "verbs.txt"
    path.write_text(DICTIONARY, encoding="utf-8")
    patterns = read_pattern_file(path)
    assert any(p.cameo == "163" and "reimpose" in p.triggers for p in patterns)
