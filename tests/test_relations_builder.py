"""Hand-made stores for the relations, clusters, timeline and web tests.

The articles are short texts written for these tests; each event points at a
phrase of its article, with codes, scores and PLOVER types from the package's
own ontology tables, stored through ``Store.add`` into a real DuckDB file.
Other test modules import the helpers (``from test_relations_builder import ...``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pytest

from detente.extract.event_ontology import code_info
from detente.records import Actor, Article, Event, Extraction, ParsedArticle, Quote, Sentence
from detente.store import Store

_SENTENCE = re.compile(r"[^.!?]+[.!?]+(?:[\"”’])?|[^.!?]+$")


@dataclass(frozen=True)
class Ev:
    """An event to put in a test article: the phrase that reports it and its coding."""

    phrase: str
    cameo: str
    source: str = "CAN"
    target: str = "VEN"
    status: str = "actual"
    date: str | None = None
    precision: str = "day"
    defaulted: bool = False


@dataclass(frozen=True)
class Qu:
    """A quote to put in a test article."""

    content: str
    speaker: str
    country: str | None = None
    sector: str | None = None


@dataclass(frozen=True)
class Doc:
    """A test article."""

    key: str
    text: str
    published: date
    source: str = "Test Wire"
    title: str | None = None
    events: tuple[Ev, ...] = ()
    quotes: tuple[Qu, ...] = field(default_factory=tuple)


def _span(text: str, phrase: str) -> tuple[int, int]:
    start = text.index(phrase)
    return start, start + len(phrase)


def parsed(doc: Doc) -> ParsedArticle:
    """The :class:`ParsedArticle` of a test article, as the pipeline would store it."""
    art = Article(
        id=doc.key, text=doc.text, title=doc.title or doc.key, published=doc.published,
        source=doc.source, url=f"https://news.example/{doc.key}", origin="test",
    )  # fmt: skip
    sentences = tuple(
        Sentence(doc.key, i, m.start(), m.end(), m.group(0))
        for i, m in enumerate(m for m in _SENTENCE.finditer(doc.text) if m.group(0).strip())
    )
    events = []
    for ev in doc.events:
        start, end = _span(doc.text, ev.phrase)
        info = code_info(ev.cameo)
        first_word = ev.phrase.split()[0]
        events.append(
            Event(
                doc_id=doc.key,
                source=Actor(ev.source, start, start + 1, country=ev.source, sector="GOV"),
                target=Actor(ev.target, end - 1, end, country=ev.target, sector="GOV"),
                cameo=ev.cameo,
                plover_event=info.plover_event,
                plover_mode=info.plover_mode,
                plover_context=info.plover_context,
                status=ev.status,
                historical=False,
                date=ev.date or doc.published.isoformat(),
                date_precision=ev.precision,
                date_defaulted=ev.defaulted,
                reported=doc.published,
                goldstein=info.goldstein,
                quad_class=info.quad_class,
                confidence=0.9,
                start=start,
                end=end,
                trigger_start=start,
                trigger_end=start + len(first_word),
                rule="test",
            )
        )
    quotes = []
    for qu in doc.quotes:
        start, end = _span(doc.text, qu.content)
        s_start, s_end = _span(doc.text, qu.speaker)
        actor = Actor(qu.speaker, s_start, s_end, qu.country, qu.sector) if qu.country else None
        quotes.append(
            Quote(
                doc.key,
                start,
                end,
                "direct",
                speaker_start=s_start,
                speaker_end=s_end,
                speaker=qu.speaker,
                speaker_name=qu.speaker,
                speaker_actor=actor,
            )
        )
    return ParsedArticle(art, sentences, Extraction(events=tuple(events), quotes=tuple(quotes)),
                         n_tokens=len(doc.text.split()))  # fmt: skip


def build(db: Path, docs: list[Doc]) -> Path:
    """Store test articles in a DuckDB file and cluster their events; returns the path."""
    from detente.analysis.clusters import update_clusters

    with Store(db) as store:
        store.add([parsed(d) for d in docs])
        update_clusters(store)
    return db


# A small Canada–Venezuela history, written for these tests.
HISTORY = [
    Doc(
        "a1",
        "Canada imposed sanctions on 40 Venezuelan officials on Friday. "
        "The measures freeze their assets.",
        date(2017, 9, 23),
        "Wire One",
        title="Canada sanctions officials",
        events=(
            Ev("Canada imposed sanctions on 40 Venezuelan officials", "163", date="2017-09-22"),
        ),
    ),
    Doc(
        "a2",
        "Ottawa sanctioned forty officials of Venezuela, freezing assets of officials. "
        "Critics said it was overdue.",
        date(2017, 9, 24),
        "Wire Two",
        events=(Ev("Ottawa sanctioned forty officials of Venezuela", "163", date="2017-09-22"),),
    ),
    Doc(
        "a3",
        "Canada expelled the Venezuelan ambassador and chargé d'affaires. "
        "Caracas had expelled Canada's envoy first.",
        date(2017, 12, 26),
        "Wire One",
        events=(
            Ev("Canada expelled the Venezuelan ambassador", "161", date="2017-12-25"),
            Ev("Caracas had expelled Canada's envoy", "161", "VEN", "CAN", date="2017-12-24"),
        ),
    ),
    Doc(
        "a4",
        "Canada added 43 officials to its sanctions list. "
        '"This regime must end," said Foreign Minister Chrystia Freeland.',
        date(2019, 4, 16),
        "Wire Two",
        events=(Ev("Canada added 43 officials to its sanctions list", "163", date="2019-04-15"),),
        quotes=(Qu("This regime must end,", "Chrystia Freeland", "CAN", "GOV"),),
    ),
    Doc(
        "a5",
        "Canada suspended operations at its embassy in Caracas. Staff were withdrawn.",
        date(2019, 6, 3),
        "Wire One",
        events=(
            Ev("Canada suspended operations at its embassy in Caracas", "161", date="2019-06-02"),
        ),
    ),
    Doc(
        "a6",
        "Canada still refuses to recognize Maduro as president. "
        "Ottawa is seeking to reestablish diplomatic relations with Venezuela.",
        date(2023, 12, 4),
        "Wire Two",
        events=(
            Ev(
                "Canada still refuses to recognize Maduro",
                "054",
                status="negated",
                date="2023-12-04",
                defaulted=True,
            ),
            Ev(
                "seeking to reestablish diplomatic relations with Venezuela",
                "032",
                date="2023-12",
                precision="month",
            ),
        ),
    ),
]


def test_relations_builder_stores_every_event(db_path: Path) -> None:
    build(db_path, HISTORY)
    with Store(db_path, read_only=True) as store:
        counts = store.counts()
    assert counts["events"] == sum(len(d.events) for d in HISTORY)
    assert counts["quotes"] == 1


@pytest.mark.parametrize("doc", HISTORY, ids=lambda d: d.key)
def test_relations_builder_spans_point_at_phrases(doc: Doc) -> None:
    p = parsed(doc)
    for ev, stored in zip(doc.events, p.extraction.events, strict=True):
        assert doc.text[stored.start : stored.end] == ev.phrase
