"""Listing events and quotes, voices, and the GDELT export, on a real DuckDB file.

The records are built by hand here: these tests check the queries, not the
extractors (which have their own tests on real text).
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from detente.analysis.records_query import EventQuery, QuoteQuery, list_events, list_quotes
from detente.analysis.voices import voices
from detente.cli import main
from detente.errors import DetenteError
from detente.records import Actor, Article, Event, Extraction, ParsedArticle, Quote, Sentence
from detente.store import Store
from detente.store.gdelt import GDELT_COLUMNS

TEXT = (
    "Canada imposed sanctions on Venezuela in 2019. "
    '"We will not recognize him," said Foreign Minister Chrystia Freeland.\n\n'
    "Venezuela protested. Canada later eased some measures."
)


def actor(text: str, country: str, sector: str | None = "GOV", name: str | None = None) -> Actor:
    start = TEXT.index(text)
    return Actor(text, start, start + len(text), country, sector, name, "test")


def event(
    doc: str,
    cameo: str,
    plover: str,
    src: Actor,
    tgt: Actor | None,
    when: str,
    status: str = "actual",
) -> Event:
    start = TEXT.index(
        {"163": "Canada imposed", "141": "Venezuela protested", "085": "Canada later"}[cameo]
    )
    return Event(
        doc_id=doc, source=src, target=tgt, cameo=cameo, plover_event=plover, plover_mode=None,
        plover_context=None, status=status, historical=when < "2023", date=when,
        date_precision="year" if len(when) == 4 else "day", date_defaulted=False,
        reported=date(2024, 2, 1), goldstein=-8.0, quad_class=4, confidence=0.9,
        start=start, end=start + 20, trigger_start=start, trigger_end=start + 6,
    )  # fmt: skip


@pytest.fixture()
def store(db_path: Path) -> Store:
    doc_a, doc_b = "doc-a", "doc-b"
    can, ven = actor("Canada", "CAN"), actor("Venezuela", "VEN")
    freeland = actor("Chrystia Freeland", "CAN", "GOV", "Chrystia Freeland")
    qstart = TEXT.index('"We')
    quote = Quote(doc_a, qstart, qstart + 32, "direct", speaker="Chrystia Freeland",
                  speaker_name="Chrystia Freeland", speaker_actor=freeland)  # fmt: skip
    first = ParsedArticle(
        Article(doc_a, TEXT, "A", date(2024, 2, 1), "Wire", "https://x.invalid/a"),
        (Sentence(doc_a, 0, 0, 46, TEXT[:46]),),
        Extraction(
            actors=(can, ven, freeland, actor("Venezuela protested", "VEN")),
            events=(event(doc_a, "163", "SANCTION", can, ven, "2019"),
                    event(doc_a, "141", "PROTEST", ven, can, "2024-01-30"),
                    event(doc_a, "085", "RETREAT", can, ven, "2024-01-31", "future")),
            quotes=(quote,),
        ),
        10,
    )  # fmt: skip
    second = ParsedArticle(
        Article(doc_b, TEXT + " More.", "B", date(2020, 5, 1), "Other", None),
        (),
        Extraction(actors=(can,), quotes=(Quote(doc_b, 0, 6, "indirect", speaker="officials"),)),
        3,
    )
    s = Store(db_path)
    s.add([first, second])
    return s


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (EventQuery(), ["085", "141", "163"]),
        (EventQuery(dyad="CAN:VEN"), ["085", "163"]),
        (EventQuery(dyad="ven:can"), ["141"]),
        (EventQuery(plover="sanction"), ["163"]),
        (EventQuery(cameo="16"), ["163"]),
        (EventQuery(status="future"), ["085"]),
        (EventQuery(since=date(2024, 1, 1)), ["085", "141"]),
        (EventQuery(until=date(2020, 1, 1)), ["163"]),
        (EventQuery(actor="USA"), []),
    ],
)
def test_analysis_list_events_filters(
    store: Store, filters: EventQuery, expected: list[str]
) -> None:
    assert [r["cameo"] for r in list_events(store, filters)] == expected


def test_analysis_list_events_carries_evidence(store: Store) -> None:
    [row] = list_events(store, EventQuery(cameo="163"))
    assert row["evidence"] == TEXT[row["start_char"] : row["end_char"]]
    assert row["trigger"] == "Canada"


def test_analysis_bad_dyad_is_clear_error(store: Store) -> None:
    with pytest.raises(DetenteError, match="SOURCE:TARGET"):
        list_events(store, EventQuery(dyad="CANVEN"))


def test_analysis_list_quotes_filters(store: Store) -> None:
    assert [r["speaker_name"] for r in list_quotes(store, QuoteQuery(country="can"))] == [
        "Chrystia Freeland"
    ]
    assert [r["speaker"] for r in list_quotes(store, QuoteQuery(speaker="freel"))] == [
        "Chrystia Freeland"
    ]
    assert len(list_quotes(store, QuoteQuery())) == 2


def test_analysis_voices_about_country(store: Store) -> None:
    rows = voices(store, about="VEN", by="country")
    assert [(r["group"], r["quotes"]) for r in rows] == [("CAN", 1)]
    assert rows[0]["top_speakers"] == ["Chrystia Freeland (1)"]
    assert rows[0]["words"] == 6


def test_analysis_voices_all_by_sector(store: Store) -> None:
    rows = voices(store, by="sector")
    assert {r["group"]: r["quotes"] for r in rows} == {"GOV": 1, "?": 1}
    assert sum(r["share_quotes"] for r in rows) == pytest.approx(1.0)


def test_analysis_gdelt_export_columns(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    assert store.export("events", "gdelt", out) == 3
    rows = list(csv.reader(out.open(encoding="utf-8"), delimiter="\t"))
    assert len(rows) == 3 and all(len(r) == len(GDELT_COLUMNS) == 61 for r in rows)
    by_code = {
        r[GDELT_COLUMNS.index("EventCode")]: dict(zip(GDELT_COLUMNS, r, strict=True)) for r in rows
    }
    sanction = by_code["163"]
    assert (sanction["Day"], sanction["Actor1Code"], sanction["Actor2CountryCode"]) == (
        "20190101",
        "CANGOV",
        "VEN",
    )
    assert (sanction["EventRootCode"], sanction["QuadClass"], sanction["IsRootEvent"]) == (
        "16",
        "4",
        "1",
    )
    assert by_code["085"]["IsRootEvent"] == "0"
    assert sanction["SOURCEURL"] == "https://x.invalid/a"


def test_analysis_cli_events_jsonl(store: Store, db_path: Path) -> None:
    store.close()
    result = CliRunner().invoke(
        main, ["events", "--dyad", "CAN:VEN", "--format", "jsonl", "--db", str(db_path)]
    )
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 2 and '"cameo": "163"' in result.output


@pytest.mark.parametrize(("speaker", "expected"), [("%", 0), ("_", 0), ("freel", 1)])
def test_analysis_quote_speaker_filter_is_literal(store: Store, speaker: str, expected: int) -> None:
    assert len(list_quotes(store, QuoteQuery(speaker=speaker))) == expected
