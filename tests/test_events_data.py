"""Schema tests of the event coder's data files (ontology, patterns, frames, cues)."""

from __future__ import annotations

import pytest

from detente.data import load_table
from detente.extract.event_ontology import code_info, derive_code, is_cameo
from detente.extract.event_patterns import BUNDLED, pattern_from_record

PLOVER_TYPES = {
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
}
PLOVER_MODES = {
    "CONSULT": {"visit", "third-party", "multilateral", "phone"},
    "RETREAT": {"withdraw", "release", "disarm", "ceasefire", "access", "resign"},
    "REQUEST": {"assist", "change", "yield", "meet"},
    "REJECT": {"assist", "change", "yield", "meet"},
    "ACCUSE": {"disapprove", "investigate", "allege"},
    "THREATEN": {"restrict", "arrest", "relations", "expel", "territory", "violence"},
    "PROTEST": {"demo", "riot", "strike", "hunger", "boycott", "obstruct", "vandalize"},
    "SANCTION": {"convict", "expel", "withdraw", "discontinue"},
    "MOBILIZE": {"troops", "weapons", "police", "militia"},
    "COERCE": {"seize", "restrict", "censor", "curfew", "martial-law", "arrest", "deport",
               "withhold", "misinformation", "cyber"},
    "ASSAULT": {"abduct", "beat", "torture", "sexual", "targeted", "destroy", "primitive",
                "firearms", "explosives", "suicide-attack", "aerial", "drone", "heavy-weapons",
                "crowd-control", "unconventional"},
}


def test_events_cameo_table_columns() -> None:
    table = load_table("ontology/cameo.csv")
    assert table.columns == ("code", "name", "goldstein", "quad_class")
    assert table.meta["version"] == "1"
    assert "license" in table.meta and "source" in table.meta


def test_events_cameo_table_values() -> None:
    rows = load_table("ontology/cameo.csv").rows
    assert len(rows) == 312
    for row in rows:
        assert row["code"].isdigit() and 2 <= len(row["code"]) <= 4
        assert -10.0 <= float(row["goldstein"]) <= 10.0
        root = int(row["code"][:2])
        expected = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
        assert int(row["quad_class"]) == expected, row["code"]


def test_events_plover_table_license() -> None:
    table = load_table("ontology/plover.csv")
    assert "CC BY-SA 4.0" in table.meta["license"]
    assert "Open Event Data Alliance" in table.meta["license"]
    assert table.columns == ("cameo", "plover_event", "plover_mode", "plover_context")


def test_events_plover_table_covers_cameo() -> None:
    cameo = {r["code"] for r in load_table("ontology/cameo.csv").rows}
    plover = {r["cameo"]: r for r in load_table("ontology/plover.csv").rows}
    assert set(plover) == cameo


def test_events_plover_table_values_are_plover_2() -> None:
    for row in load_table("ontology/plover.csv").rows:
        event, mode = row["plover_event"], row["plover_mode"]
        if row["cameo"][:2] in ("01", "02"):
            assert event == "" and mode == ""
            continue
        assert event in PLOVER_TYPES, row
        assert mode == "" or mode in PLOVER_MODES.get(event, set()), row


@pytest.mark.parametrize(
    ("code", "expected"),
    [("163", "SANCTION"), ("161", "SANCTION"), ("085", "RETREAT"), ("081", "CONCEDE"),
     ("0813", "CONCEDE"), ("191", "ASSAULT"), ("204", "ASSAULT"), ("1712", "COERCE"),
     ("175", "COERCE"), ("036", "AGREE"), ("100", "REQUEST"), ("090", "ACCUSE"),
     ("010", None), ("021", None)],
)
def test_events_plover_mapping(code: str, expected: str | None) -> None:
    assert code_info(code).plover_event == expected


def test_events_code_info_outside_cameo() -> None:
    info = code_info("912")
    assert info.quad_class == 0 and info.plover_event is None and not is_cameo("912")


@pytest.mark.parametrize(
    ("kind", "code", "expected"),
    [("threat", "163", ("1312", None)), ("threat", "161", ("1313", None)),
     ("intent", "050", ("032", None)), ("intent", "085", ("0354", None)),
     ("intent", "163", ("163", "future")), ("refuse", "054", ("120", None)),
     ("refuse", "036", ("125", None)), ("refuse", "163", ("163", "negated")),
     ("demand", "0841", ("1053", None)), ("appeal", "046", ("026", None)),
     ("content", "196", ("", None))],
)
def test_events_derived_codes(kind: str, code: str, expected: tuple[str, str | None]) -> None:
    assert derive_code(kind, code) == expected


def test_events_derived_codes_are_cameo() -> None:
    for row in load_table("events/derived-codes.csv").rows:
        assert row["to"] in ("=", "~", "future", "drop") or is_cameo(row["to"]), row


def test_events_frames_table() -> None:
    kinds = {r["kind"] for r in load_table("events/derived-codes.csv").rows}
    table = load_table("events/frames.csv")
    assert table.columns == ("lemma", "pos", "kind", "link", "status", "reciprocal")
    for row in table.rows:
        assert row["pos"] in ("VERB", "NOUN", "ADJ")
        assert row["kind"] in kinds, row
        assert row["status"] in ("", "future", "hypothetical", "negated"), row
        for link in row["link"].split("|"):
            assert link in ("xcomp", "obj", "ccomp") or link.startswith("prep:"), row


def test_events_status_cues_table() -> None:
    table = load_table("events/status-cues.csv")
    assert table.columns == ("cue", "status", "dep")
    statuses = {r["status"] for r in table.rows}
    assert statuses <= {"negated", "future", "hypothetical", "obligation", "report"}


@pytest.mark.parametrize("name", BUNDLED)
def test_events_pattern_files_load(name: str) -> None:
    table = load_table(name)
    assert table.meta["version"] == "1" and table.meta.get("license")
    origin = "petrarch2" if "petrarch" in name else "detente"
    for record in table.rows:
        pattern = pattern_from_record(record, origin)
        for code in (pattern.cameo, pattern.reverse):
            assert code is None or is_cameo(code), pattern.id


def test_events_patterns_cover_all_roots() -> None:
    roots = set()
    for name in BUNDLED:
        for record in load_table(name).rows:
            if record.get("cameo"):
                roots.add(record["cameo"][:2])
    assert roots == {f"{i:02d}" for i in range(1, 21)}


def test_events_hand_patterns_ids_unique() -> None:
    ids = [r["id"] for r in load_table("events/patterns.jsonl").rows]
    assert len(ids) == len(set(ids))
