"""Listing stored events and quotes with filters; every row carries its evidence.

All SQL here is parameterised: filter values never enter the SQL text.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from detente.errors import DetenteError
from detente.store import Store


@dataclass(frozen=True)
class EventQuery:
    """Filters for :func:`list_events` (``None`` = no filter).

    Attributes:
        actor: a country code on either side (source or target).
        dyad: ``"SRC:TGT"`` country codes, directed.
        plover: PLOVER event type, e.g. ``SANCTION``.
        cameo: CAMEO code prefix, e.g. ``16`` or ``163``.
        status: ``actual``, ``negated``, ``future`` or ``hypothetical``.
        since: events dated on or after this day (by event date).
        until: events dated on or before this day.
        article: only events of this article id.
        limit: at most this many rows.
    """

    actor: str | None = None
    dyad: str | None = None
    plover: str | None = None
    cameo: str | None = None
    status: str | None = None
    since: date | None = None
    until: date | None = None
    article: str | None = None
    limit: int = 100


def _dyad(value: str | None) -> tuple[str | None, str | None]:
    if not value:
        return None, None
    source, sep, target = value.partition(":")
    if not sep or not source or not target:
        raise DetenteError(f"--dyad {value!r}: write it as SOURCE:TARGET, e.g. CAN:VEN")
    return source.upper(), target.upper()


def list_events(store: Store, f: EventQuery) -> list[dict[str, Any]]:
    """Stored events matching the filters, newest event date first, with evidence."""
    source, target = _dyad(f.dyad)
    actor = f.actor.upper() if f.actor else None
    return store.query(
        """
        SELECT e.id, e.doc_id, e.event_date, e.date_precision, e.date_defaulted, e.reported,
               e.source_country, e.source_sector, e.source_text, e.source_name,
               e.target_country, e.target_sector, e.target_text, e.target_name,
               e.cameo, e.plover_event, e.plover_mode, e.plover_context, e.status, e.historical,
               e.goldstein, e.quad_class, e.confidence, e.rule,
               e.start_char, e.end_char, e.trigger_start, e.trigger_end,
               substr(a.text, e.start_char + 1, e.end_char - e.start_char) AS evidence,
               substr(a.text, e.trigger_start + 1, e.trigger_end - e.trigger_start) AS trigger,
               a.title, a.source AS outlet, a.url
        FROM events e JOIN articles a ON a.id = e.doc_id
        WHERE (?::VARCHAR IS NULL OR e.source_country = ? OR e.target_country = ?)
          AND (?::VARCHAR IS NULL OR e.source_country = ?)
          AND (?::VARCHAR IS NULL OR e.target_country = ?)
          AND (?::VARCHAR IS NULL OR e.plover_event = ?)
          AND (?::VARCHAR IS NULL OR starts_with(e.cameo, ?))
          AND (?::VARCHAR IS NULL OR e.status = ?)
          AND (?::DATE IS NULL OR e.date_start >= ?)
          AND (?::DATE IS NULL OR e.date_start <= ?)
          AND (?::VARCHAR IS NULL OR e.doc_id = ?)
        ORDER BY e.date_start DESC NULLS LAST, e.doc_id, e.idx
        LIMIT ?
        """,
        [
            actor, actor, actor,
            source, source, target, target,
            f.plover.upper() if f.plover else None, f.plover.upper() if f.plover else None,
            f.cameo, f.cameo, f.status, f.status,
            f.since, f.since, f.until, f.until, f.article, f.article, f.limit,
        ],
    )  # fmt: skip


@dataclass(frozen=True)
class QuoteQuery:
    """Filters for :func:`list_quotes` (``None`` = no filter).

    Attributes:
        speaker: a case-insensitive part of the speaker's name (or as written).
        country: the speaker's country code.
        sector: the speaker's CAMEO sector code.
        article: only quotes of this article id.
        since: quotes in articles published on or after this day.
        limit: at most this many rows.
    """

    speaker: str | None = None
    country: str | None = None
    sector: str | None = None
    article: str | None = None
    since: date | None = None
    limit: int = 100


def list_quotes(store: Store, f: QuoteQuery) -> list[dict[str, Any]]:
    """Stored quotes matching the filters, newest article first."""
    like = f.speaker.lower() if f.speaker else None
    return store.query(
        """
        SELECT q.id, q.doc_id, a.published, a.source AS outlet, a.title, q.kind,
               q.speaker, q.speaker_name, q.speaker_country, q.speaker_sector, q.cue,
               q.content, q.n_words, q.start_char, q.end_char, q.speaker_start, q.speaker_end
        FROM quotes q JOIN articles a ON a.id = q.doc_id
        WHERE (?::VARCHAR IS NULL OR contains(lower(coalesce(q.speaker_name, q.speaker, '')), ?))
          AND (?::VARCHAR IS NULL OR q.speaker_country = ?)
          AND (?::VARCHAR IS NULL OR q.speaker_sector = ?)
          AND (?::VARCHAR IS NULL OR q.doc_id = ?)
          AND (?::DATE IS NULL OR a.published >= ?)
        ORDER BY a.published DESC NULLS LAST, q.doc_id, q.idx
        LIMIT ?
        """,
        [
            like, like,
            f.country.upper() if f.country else None, f.country.upper() if f.country else None,
            f.sector.upper() if f.sector else None, f.sector.upper() if f.sector else None,
            f.article, f.article, f.since, f.since, f.limit,
        ],
    )  # fmt: skip
