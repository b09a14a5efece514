"""Articles and quotes as people read them: the text with its events and quotes marked."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from detente.analysis.base import Queryable, cameo_name, resolve_country
from detente.analysis.highlight import Segment, Span, segments
from detente.errors import NotFoundError


@dataclass(frozen=True)
class QuoteView:
    """A quote with its speaker and article."""

    id: str
    doc_id: str
    title: str | None
    source: str | None
    published: date | None
    content: str
    kind: str
    cue: str | None
    speaker: str | None
    speaker_name: str | None
    speaker_country: str | None
    speaker_sector: str | None
    start: int
    end: int


@dataclass(frozen=True)
class QuotePage:
    """A page of quotes and the total the filters match."""

    items: tuple[QuoteView, ...]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class ArticleEvent:
    """An event mention of an article and the happening it belongs to."""

    event_id: str
    cluster_id: str | None
    cameo: str
    cameo_name: str
    status: str
    source_country: str | None
    target_country: str | None
    event_date: str | None
    date_precision: str
    evidence: str
    start: int
    end: int


@dataclass(frozen=True)
class ArticleView:
    """An article with its events and quotes marked in its text."""

    id: str
    title: str | None
    source: str | None
    published: date | None
    url: str | None
    text: str
    segments: tuple[Segment, ...]
    events: tuple[ArticleEvent, ...]
    quotes: tuple[QuoteView, ...]


@dataclass(frozen=True)
class QuoteFilter:
    """Filters of a quote search (all optional, combined with AND).

    Attributes:
        actor: the speaker's country (code or name) or words of the speaker's name.
        kind: direct, indirect or mixed.
        since: first publication date.
        until: last publication date.
        text: words the quote contains.
        pair: quotes of articles reporting an event between these two countries.
    """

    actor: str | None = None
    kind: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None
    pair: tuple[str, str] | None = None


_QUOTE = (
    "SELECT q.*, a.title, a.source AS outlet, a.published FROM quotes q "
    "JOIN articles a ON a.id = q.doc_id"
)


def quote_view(row: dict[str, Any]) -> QuoteView:
    """A :class:`QuoteView` from a quote row joined with its article."""
    return QuoteView(
        id=row["id"], doc_id=row["doc_id"], title=row["title"], source=row["outlet"],
        published=row["published"], content=row["content"], kind=row["kind"], cue=row["cue"],
        speaker=row["speaker"], speaker_name=row["speaker_name"],
        speaker_country=row["speaker_country"], speaker_sector=row["speaker_sector"],
        start=row["start_char"], end=row["end_char"],
    )  # fmt: skip


def search_quotes(q: Queryable, f: QuoteFilter, *, limit: int = 50, offset: int = 0) -> QuotePage:
    """Quotes matching a filter, newest article first.

    A pair's quotes are those of the articles that report an event between
    the two countries (in either direction): the articles about the pair.
    """
    conds: list[str] = []
    params: list[Any] = []
    if f.actor:
        try:
            code: str | None = resolve_country(f.actor)
        except NotFoundError:
            code = None
        conds.append(
            "(q.speaker_country = ? OR contains(lower(concat_ws(' ', q.speaker, q.speaker_name)), ?))"
        )
        params += [code, f.actor.strip().lower()]
    if f.kind:
        conds.append("q.kind = ?")
        params.append(f.kind)
    if f.since:
        conds.append("a.published >= ?::DATE")
        params.append(f.since)
    if f.until:
        conds.append("a.published <= ?::DATE")
        params.append(f.until)
    if f.text:
        conds.append("contains(lower(q.content), ?)")
        params.append(f.text.strip().lower())
    if f.pair:
        a, b = f.pair
        conds.append(
            "q.doc_id IN (SELECT doc_id FROM events WHERE (source_country = ? AND target_country = ?) "
            "OR (source_country = ? AND target_country = ?))"
        )
        params += [a, b, b, a]
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    rows = q.query(
        _QUOTE + where + " ORDER BY a.published DESC NULLS LAST, q.doc_id, q.idx LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    total = q.query(
        "SELECT count(*) AS n FROM quotes q JOIN articles a ON a.id = q.doc_id" + where, params
    )[0]["n"]
    return QuotePage(tuple(quote_view(r) for r in rows), int(total), limit, offset)


def article_view(q: Queryable, article_id: str) -> ArticleView:
    """An article with its event evidence and quotes marked (an id prefix of 6+ characters works).

    Raises:
        NotFoundError: no such article, or an ambiguous prefix.
    """
    found = q.query(
        "SELECT * FROM articles WHERE id = ? OR (length(?) >= 6 AND starts_with(id, ?)) LIMIT 2",
        [article_id, article_id, article_id],
    )
    exact = [r for r in found if r["id"] == article_id]
    if not exact and len(found) != 1:
        raise NotFoundError(
            f"no article with id {article_id!r}" if not found
            else f"article id prefix {article_id!r} is ambiguous"
        )  # fmt: skip
    art = (exact or found)[0]
    text: str = art["text"]
    event_rows = q.query(
        "SELECT e.*, m.cluster_id FROM events e "
        "LEFT JOIN event_cluster_members m ON m.event_id = e.id "
        "WHERE e.doc_id = ? ORDER BY e.start_char, e.idx",
        [art["id"]],
    )
    quote_rows = q.query(_QUOTE + " WHERE q.doc_id = ? ORDER BY q.start_char", [art["id"]])
    spans = [Span(r["start_char"], r["end_char"], "event", r["id"]) for r in event_rows]
    spans += [Span(r["start_char"], r["end_char"], "quote", r["id"]) for r in quote_rows]
    events = tuple(
        ArticleEvent(
            event_id=r["id"],
            cluster_id=r["cluster_id"],
            cameo=r["cameo"],
            cameo_name=cameo_name(r["cameo"]),
            status=r["status"],
            source_country=r["source_country"],
            target_country=r["target_country"],
            event_date=r["event_date"],
            date_precision=r["date_precision"],
            evidence=text[r["start_char"] : r["end_char"]],
            start=r["start_char"],
            end=r["end_char"],
        )
        for r in event_rows
    )
    return ArticleView(
        id=art["id"], title=art["title"], source=art["source"], published=art["published"],
        url=art["url"], text=text, segments=segments(text, spans), events=events,
        quotes=tuple(quote_view(r) for r in quote_rows),
    )  # fmt: skip
