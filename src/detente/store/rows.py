"""Records to table rows (column-oriented, for Arrow bulk inserts)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from typing import Any

from detente.records import Actor, Event, ParsedArticle, Quote

Columns = dict[str, list[Any]]


def _columns(names: Sequence[str]) -> Columns:
    return {name: [] for name in names}


ARTICLE_COLUMNS = (
    "id",
    "url",
    "title",
    "source",
    "published",
    "language",
    "text",
    "origin",
    "n_tokens",
)
SENTENCE_COLUMNS = ("doc_id", "idx", "start_char", "end_char", "text")
ACTOR_COLUMNS = (
    "doc_id",
    "idx",
    "text",
    "start_char",
    "end_char",
    "country",
    "sector",
    "name",
    "rule",
)
EVENT_COLUMNS = (
    "id", "doc_id", "idx",
    "source_text", "source_start", "source_end", "source_country", "source_sector", "source_name",
    "target_text", "target_start", "target_end", "target_country", "target_sector", "target_name",
    "cameo", "cameo_root", "plover_event", "plover_mode", "plover_context", "status", "historical",
    "event_date", "date_precision", "date_defaulted", "date_start", "reported", "goldstein",
    "quad_class", "confidence", "start_char", "end_char", "trigger_start", "trigger_end", "rule",
)  # fmt: skip
QUOTE_COLUMNS = (
    "id", "doc_id", "idx", "start_char", "end_char", "content", "kind", "cue_start", "cue_end",
    "cue", "speaker_start", "speaker_end", "speaker", "speaker_name", "speaker_country",
    "speaker_sector", "fragments", "n_words",
)  # fmt: skip


def _actor_values(actor: Actor | None) -> list[Any]:
    if actor is None:
        return [None] * 6
    return [actor.text, actor.start, actor.end, actor.country, actor.sector, actor.name]


def date_start(value: str | None) -> date | None:
    """The first day of an ISO date at any precision (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD``)."""
    if not value:
        return None
    parts = value.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def event_row(event: Event, idx: int) -> list[Any]:
    """One ``events`` row."""
    return [
        f"{event.doc_id}:e{idx}", event.doc_id, idx,
        *_actor_values(event.source), *_actor_values(event.target),
        event.cameo, event.cameo[:2], event.plover_event, event.plover_mode, event.plover_context,
        event.status, event.historical, event.date, event.date_precision, event.date_defaulted,
        date_start(event.date), event.reported, event.goldstein, event.quad_class,
        event.confidence, event.start, event.end, event.trigger_start, event.trigger_end, event.rule,
    ]  # fmt: skip


def quote_row(quote: Quote, idx: int, text: str) -> list[Any]:
    """One ``quotes`` row (``text`` is the article text the spans point into)."""
    content = text[quote.start : quote.end]
    actor = quote.speaker_actor
    return [
        f"{quote.doc_id}:q{idx}", quote.doc_id, idx, quote.start, quote.end, content, quote.kind,
        quote.cue_start, quote.cue_end, quote.cue, quote.speaker_start, quote.speaker_end,
        quote.speaker, quote.speaker_name,
        actor.country if actor else None, actor.sector if actor else None,
        json.dumps([list(f) for f in quote.fragments]) if quote.fragments else None,
        len(content.split()),
    ]  # fmt: skip


def to_columns(batch: Sequence[ParsedArticle]) -> dict[str, Columns]:
    """All rows of a batch of parsed articles, per table, column-oriented."""
    tables = {
        "articles": _columns(ARTICLE_COLUMNS),
        "sentences": _columns(SENTENCE_COLUMNS),
        "actors": _columns(ACTOR_COLUMNS),
        "events": _columns(EVENT_COLUMNS),
        "quotes": _columns(QUOTE_COLUMNS),
    }

    def add(table: str, values: Sequence[Any]) -> None:
        cols = tables[table]
        for name, value in zip(cols, values, strict=True):
            cols[name].append(value)

    for parsed in batch:
        a = parsed.article
        add("articles", [a.id, a.url, a.title, a.source, a.published, a.language, a.text,
                         a.origin, parsed.n_tokens])  # fmt: skip
        for s in parsed.sentences:
            add("sentences", [s.doc_id, s.index, s.start, s.end, s.text])
        for i, m in enumerate(parsed.extraction.actors):
            add("actors", [a.id, i, m.text, m.start, m.end, m.country, m.sector, m.name, m.rule])
        for i, e in enumerate(parsed.extraction.events):
            add("events", event_row(e, i))
        for i, q in enumerate(parsed.extraction.quotes):
            add("quotes", quote_row(q, i, a.text))
    return tables
