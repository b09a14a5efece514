"""Whose voices a body of coverage carries: quotes and words of quotation by group.

An article is *about* a country when the actor layer resolved at least
``min_mentions`` mentions of that country in it (default 2), so that a passing
mention does not make an article about a country.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from detente.errors import DetenteError
from detente.store import Store

GROUPS = {
    "country": "coalesce(q.speaker_country, '?')",
    "sector": "coalesce(q.speaker_sector, '?')",
    "outlet": "coalesce(a.source, '?')",
    "speaker": "coalesce(q.speaker_name, q.speaker, '?')",
}


def voices(
    store: Store,
    *,
    about: str | None = None,
    since: date | None = None,
    until: date | None = None,
    by: str = "country",
    min_mentions: int = 2,
    top: int = 3,
) -> list[dict[str, Any]]:
    """Quotes and quoted words per speaker group, with each group's top speakers.

    Args:
        store: an open store.
        about: only articles about this country code (see module doc).
        since: only articles published on or after this day.
        until: only articles published on or before this day.
        by: ``country``, ``sector``, ``outlet`` or ``speaker``.
        min_mentions: actor mentions that make an article about a country.
        top: how many top speakers to list per group.

    Returns:
        One dict per group: ``group``, ``quotes``, ``words``, ``share_quotes``,
        ``share_words``, ``top_speakers`` (list of ``"name (n)"``), largest first.
    """
    if by not in GROUPS:
        raise DetenteError(f"--by {by!r}: one of {', '.join(GROUPS)}")
    key = GROUPS[by]
    about_code = about.upper() if about else None
    rows = store.query(
        f"""
        WITH chosen AS (
            SELECT id FROM articles a
            WHERE (?::DATE IS NULL OR a.published >= ?)
              AND (?::DATE IS NULL OR a.published <= ?)
              AND (?::VARCHAR IS NULL OR (
                   SELECT count(*) FROM actors m WHERE m.doc_id = a.id AND m.country = ?) >= ?)
        ),
        q AS (
            SELECT {key} AS grp, coalesce(q.speaker_name, q.speaker, '?') AS who, q.n_words
            FROM quotes q JOIN articles a ON a.id = q.doc_id
            WHERE q.doc_id IN (SELECT id FROM chosen)
        ),
        speakers AS (
            SELECT grp, who, count(*) AS n,
                   row_number() OVER (PARTITION BY grp ORDER BY count(*) DESC, who) AS rank
            FROM q GROUP BY grp, who
        )
        SELECT q.grp AS "group", count(*) AS quotes, sum(q.n_words) AS words,
               (SELECT list(s.who || ' (' || s.n || ')' ORDER BY s.rank)
                FROM speakers s WHERE s.grp = q.grp AND s.rank <= ?) AS top_speakers
        FROM q GROUP BY q.grp ORDER BY quotes DESC, words DESC, "group"
        """,
        [since, since, until, until, about_code, about_code, min_mentions, top],
    )
    total_quotes = sum(r["quotes"] for r in rows) or 1
    total_words = sum(r["words"] or 0 for r in rows) or 1
    for r in rows:
        r["words"] = int(r["words"] or 0)
        r["share_quotes"] = round(r["quotes"] / total_quotes, 3)
        r["share_words"] = round(r["words"] / total_words, 3)
        r["top_speakers"] = list(r["top_speakers"] or [])
    return rows
