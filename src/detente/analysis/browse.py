"""Events as people browse them: lists, search, one event with all its reports.

An *event* here is a happening (an event cluster); its *mentions* are the
sentences of articles that report it. Every list is paged; every filter is a
bound parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from detente.analysis.base import Queryable, cameo_name, country_name, resolve_country
from detente.analysis.highlight import Segment, Span, context_window, segments
from detente.errors import NotFoundError

STATUSES = ("actual", "negated", "future", "hypothetical")


@dataclass(frozen=True)
class EventSummary:
    """One happening with the report that dates it (its best mention)."""

    id: str
    source_country: str | None
    target_country: str | None
    source_name: str
    target_name: str
    cameo: str
    cameo_name: str
    plover_event: str | None
    quad_class: int | None
    goldstein: float | None
    status: str
    event_date: str | None
    date_precision: str
    date_start: date | None
    first_reported: date | None
    last_reported: date | None
    n_mentions: int
    n_articles: int
    n_sources: int
    doc_id: str
    title: str | None
    evidence: str
    source_text: str | None
    target_text: str | None


@dataclass(frozen=True)
class EventPage:
    """A page of events and the total the filters match."""

    items: tuple[EventSummary, ...]
    total: int
    limit: int
    offset: int


@dataclass(frozen=True)
class MentionView:
    """One report of a happening: its article and its sentence in context."""

    event_id: str
    doc_id: str
    title: str | None
    source: str | None
    published: date | None
    url: str | None
    cameo: str
    status: str
    event_date: str | None
    date_precision: str
    date_defaulted: bool
    source_text: str | None
    target_text: str | None
    evidence: str
    start: int
    end: int
    context: tuple[Segment, ...]


@dataclass(frozen=True)
class EventDetail:
    """A happening with every report of it."""

    event: EventSummary
    mentions: tuple[MentionView, ...]


@dataclass(frozen=True)
class EventFilter:
    """Filters of an event search (all optional, combined with AND).

    Attributes:
        actor: a country (code or name) on either side, or words of an actor's name.
        cameo: a CAMEO code prefix (``16``, ``163``).
        plover: a PLOVER event type (``SANCTION``).
        status: actual, negated, future or hypothetical.
        since: first event date.
        until: last event date.
        text: words that a report's evidence contains.
        pair: two country codes (either direction).
    """

    actor: str | None = None
    cameo: str | None = None
    plover: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    text: str | None = None
    pair: tuple[str, str] | None = None


_SUMMARY = """
SELECT c.*, e.doc_id, a.title, e.source_text, e.target_text,
       substr(a.text, e.start_char + 1, greatest(e.end_char - e.start_char, 0)) AS evidence
FROM event_clusters c
JOIN events e ON e.id = c.best_mention
JOIN articles a ON a.id = e.doc_id
"""

_MENTION_EXISTS = (
    "EXISTS (SELECT 1 FROM event_cluster_members m JOIN events x ON x.id = m.event_id "
    "JOIN articles xa ON xa.id = x.doc_id WHERE m.cluster_id = c.id AND {cond})"
)


def summary(row: dict[str, Any]) -> EventSummary:
    """An :class:`EventSummary` from a row of the summary query."""
    return EventSummary(
        id=row["id"], source_country=row["source_country"], target_country=row["target_country"],
        source_name=country_name(row["source_country"]),
        target_name=country_name(row["target_country"]), cameo=row["cameo"],
        cameo_name=cameo_name(row["cameo"]), plover_event=row["plover_event"],
        quad_class=row["quad_class"], goldstein=row["goldstein"], status=row["status"],
        event_date=row["event_date"], date_precision=row["date_precision"],
        date_start=row["date_start"], first_reported=row["first_reported"],
        last_reported=row["last_reported"], n_mentions=int(row["n_mentions"]),
        n_articles=int(row["n_articles"]), n_sources=int(row["n_sources"]),
        doc_id=row["doc_id"], title=row["title"], evidence=row["evidence"] or "",
        source_text=row["source_text"], target_text=row["target_text"],
    )  # fmt: skip


def _where(f: EventFilter) -> tuple[str, list[Any]]:
    conds: list[str] = []
    params: list[Any] = []
    if f.actor:
        try:
            code: str | None = resolve_country(f.actor)
        except NotFoundError:
            code = None
        words = f.actor.strip().lower()
        name_match = _MENTION_EXISTS.format(
            cond="contains(lower(concat_ws(' ', x.source_name, x.source_text, x.target_name, "
            "x.target_text)), ?)"
        )
        conds.append(f"(c.source_country = ? OR c.target_country = ? OR {name_match})")
        params += [code, code, words]
    if f.cameo:
        conds.append("starts_with(c.cameo, ?)")
        params.append(f.cameo)
    if f.plover:
        conds.append("upper(c.plover_event) = upper(?)")
        params.append(f.plover)
    if f.status:
        conds.append("c.status = ?")
        params.append(f.status)
    if f.since:
        conds.append("c.date_start >= ?::DATE")
        params.append(f.since)
    if f.until:
        conds.append("c.date_start <= ?::DATE")
        params.append(f.until)
    if f.text:
        conds.append(_MENTION_EXISTS.format(
            cond="contains(lower(substr(xa.text, x.start_char + 1, "
            "greatest(x.end_char - x.start_char, 0))), ?)"
        ))  # fmt: skip
        params.append(f.text.strip().lower())
    if f.pair:
        a, b = f.pair
        conds.append(
            "((c.source_country = ? AND c.target_country = ?) "
            "OR (c.source_country = ? AND c.target_country = ?))"
        )
        params += [a, b, b, a]
    return (" WHERE " + " AND ".join(conds)) if conds else "", params


def search_events(
    q: Queryable,
    f: EventFilter,
    *,
    limit: int = 50,
    offset: int = 0,
    order: str = "date",
) -> EventPage:
    """Events matching a filter, newest event date first (``order="reported"``: newest report).

    Args:
        q: the store.
        f: the filters.
        limit: page size.
        offset: rows to skip.
        order: ``date`` (event date) or ``reported`` (last report) or ``mentions``.
    """
    where, params = _where(f)
    orders = {
        "date": "c.date_start DESC NULLS LAST, c.last_reported DESC, c.id",
        "reported": "c.last_reported DESC NULLS LAST, c.date_start DESC, c.id",
        "mentions": "c.n_mentions DESC, c.date_start DESC NULLS LAST, c.id",
    }
    rows = q.query(
        _SUMMARY + where + f" ORDER BY {orders.get(order, orders['date'])} LIMIT ? OFFSET ?",
        [*params, limit, offset],
    )
    total = q.query("SELECT count(*) AS n FROM event_clusters c" + where, params)[0]["n"]
    return EventPage(tuple(summary(r) for r in rows), int(total), limit, offset)


def event_summaries(q: Queryable, ids: Sequence[str]) -> dict[str, EventSummary]:
    """Summaries of the given event (cluster) ids."""
    if not ids:
        return {}
    rows = q.query(_SUMMARY + " WHERE list_contains(?::VARCHAR[], c.id)", [list(ids)])
    return {r["id"]: summary(r) for r in rows}


def mentions(
    q: Queryable, cluster_ids: Sequence[str], *, around: int = 1
) -> dict[str, list[MentionView]]:
    """The reports of each event, oldest report first, each with its sentence in context.

    Args:
        q: the store.
        cluster_ids: event (cluster) ids.
        around: sentences of context on each side of the reporting sentence.
    """
    if not cluster_ids:
        return {}
    rows = q.query(
        "SELECT m.cluster_id, e.*, a.title, a.source AS outlet, a.published, a.url, a.text "
        "FROM event_cluster_members m JOIN events e ON e.id = m.event_id "
        "JOIN articles a ON a.id = e.doc_id WHERE list_contains(?::VARCHAR[], m.cluster_id) "
        "ORDER BY a.published NULLS LAST, e.doc_id, e.idx",
        [list(cluster_ids)],
    )
    docs = sorted({r["doc_id"] for r in rows})
    bounds: dict[str, list[tuple[int, int]]] = {d: [] for d in docs}
    if docs:
        for s in q.query(
            "SELECT doc_id, start_char, end_char FROM sentences "
            "WHERE list_contains(?::VARCHAR[], doc_id) ORDER BY doc_id, idx",
            [docs],
        ):
            bounds[s["doc_id"]].append((s["start_char"], s["end_char"]))
    out: dict[str, list[MentionView]] = {c: [] for c in cluster_ids}
    for r in rows:
        out.setdefault(r["cluster_id"], []).append(
            mention_view(r, bounds.get(r["doc_id"], []), around)
        )
    return out


def mention_view(
    row: dict[str, Any], sentences: Sequence[tuple[int, int]], around: int = 1
) -> MentionView:
    """A report with its evidence marked inside its sentence and the sentences around it."""
    text: str = row["text"]
    start, end = row["start_char"], row["end_char"]
    lo, hi, s_lo, s_hi = context_window(sentences, start, end, around)
    spans = [Span(s_lo, s_hi, "sentence"), Span(start, end, "evidence", row["id"])]
    if row.get("trigger_start") is not None and row.get("trigger_end") is not None:
        spans.append(Span(row["trigger_start"], row["trigger_end"], "trigger"))
    return MentionView(
        event_id=row["id"], doc_id=row["doc_id"], title=row["title"], source=row["outlet"],
        published=row["published"], url=row["url"], cameo=row["cameo"], status=row["status"],
        event_date=row["event_date"], date_precision=row["date_precision"],
        date_defaulted=bool(row["date_defaulted"]), source_text=row["source_text"],
        target_text=row["target_text"], evidence=text[start:end], start=start, end=end,
        context=segments(text, spans, lo, hi),
    )  # fmt: skip


def resolve_event_id(q: Queryable, event_id: str) -> str:
    """The event (cluster) id for a cluster id or the id of one of its mentions.

    Raises:
        NotFoundError: no such event.
    """
    rows = q.query(
        "SELECT id FROM event_clusters WHERE id = ? UNION ALL "
        "SELECT cluster_id FROM event_cluster_members WHERE event_id = ? LIMIT 1",
        [event_id, event_id],
    )
    if not rows:
        raise NotFoundError(f"no event with id {event_id!r}")
    return str(rows[0]["id"])


def event_detail(q: Queryable, event_id: str) -> EventDetail:
    """One happening with all its reports (``event_id``: an event or a mention id).

    Raises:
        NotFoundError: no such event.
    """
    cid = resolve_event_id(q, event_id)
    found = event_summaries(q, [cid])
    if cid not in found:
        raise NotFoundError(f"no event with id {event_id!r}")
    return EventDetail(found[cid], tuple(mentions(q, [cid])[cid]))
