"""Reads and writes of the event clusters (migration 002): one event per happening.

The clustering itself lives in :mod:`detente.analysis.clusters`; this module
only moves rows. Every write of a clustering step happens in one transaction,
so a store never holds half an update.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import pyarrow as pa

from detente.store.store import Store

log = logging.getLogger(__name__)

CLUSTER_COLUMNS = (
    "id", "source_country", "target_country", "cameo", "cameo_root", "plover_event",
    "quad_class", "goldstein", "status", "event_date", "date_precision", "date_start",
    "date_end", "first_reported", "last_reported", "n_mentions", "n_articles", "n_sources",
    "best_mention",
)  # fmt: skip
MEMBER_COLUMNS = ("event_id", "cluster_id", "similarity")

# What the clustering needs to know of each mention (the outlet falls back to
# the URL's host, then to the article itself, so that NumSources never
# counts two unknown outlets as one).
_MENTION_SELECT = """
SELECT e.id, e.doc_id, coalesce(e.source_country, '') AS source_country,
       coalesce(e.target_country, '') AS target_country, e.cameo, e.cameo_root,
       e.plover_event, e.quad_class, e.goldstein, e.status, e.event_date, e.date_precision,
       e.date_defaulted, e.date_start, coalesce(e.reported, a.published) AS reported,
       coalesce(a.source, nullif(regexp_extract(a.url, '^[a-z]+://([^/]+)', 1), ''),
                'article:' || e.doc_id) AS outlet,
       substr(a.text, e.start_char + 1, greatest(e.end_char - e.start_char, 0)) AS evidence
FROM events e JOIN articles a ON a.id = e.doc_id
"""


def unclustered_mentions(store: Store) -> list[dict[str, Any]]:
    """Event mentions that belong to no cluster yet, oldest report first."""
    return store.query(
        _MENTION_SELECT + "WHERE NOT EXISTS "
        "(SELECT 1 FROM event_cluster_members m WHERE m.event_id = e.id) "
        "ORDER BY reported NULLS LAST, e.doc_id, e.idx"
    )


def count_unclustered(store: Store) -> int:
    """How many event mentions belong to no cluster (0 when clusters are current)."""
    row = store.query(
        "SELECT count(*) AS n FROM events e WHERE NOT EXISTS "
        "(SELECT 1 FROM event_cluster_members m WHERE m.event_id = e.id)"
    )
    return int(row[0]["n"])


def clustered_mentions(
    store: Store, windows: Iterable[tuple[str, str, date | None, date | None]]
) -> list[dict[str, Any]]:
    """The mentions of the clusters that may absorb new mentions.

    Args:
        store: the store.
        windows: ``(source_country, target_country, lo, hi)``: a dyad (``''`` for
            an unknown country) and the date window its new mentions span;
            clusters of the dyad overlapping the window (or undated) are loaded.

    Returns:
        Mention rows (as :func:`unclustered_mentions`) with ``cluster_id`` and
        ``similarity`` added.
    """
    rows = list(windows)
    if not rows:
        return []
    table = pa.table(
        {
            "src": [r[0] for r in rows],
            "tgt": [r[1] for r in rows],
            "lo": pa.array([r[2] for r in rows], pa.date32()),
            "hi": pa.array([r[3] for r in rows], pa.date32()),
        }
    )
    store.con.register("_windows", table)
    try:
        return store.query(
            "WITH wanted AS (SELECT DISTINCT c.id FROM event_clusters c JOIN _windows w "
            "ON coalesce(c.source_country, '') = w.src AND coalesce(c.target_country, '') = w.tgt "
            "AND (c.date_start IS NULL OR w.lo IS NULL "
            "OR (c.date_start <= w.hi AND coalesce(c.date_end, c.date_start) >= w.lo))) "
            + _MENTION_SELECT.replace("SELECT e.id", "SELECT m.cluster_id, m.similarity, e.id", 1)
            + "JOIN event_cluster_members m ON m.event_id = e.id "
            "JOIN wanted ON wanted.id = m.cluster_id ORDER BY m.cluster_id, reported, e.id"
        )
    finally:
        store.con.unregister("_windows")


def write_clusters(
    store: Store,
    clusters: Sequence[dict[str, Any]],
    members: Sequence[tuple[str, str, float]],
) -> None:
    """Replace the given clusters and add memberships, in one transaction.

    Args:
        store: a writable store.
        clusters: full cluster rows (keys of :data:`CLUSTER_COLUMNS`); rows with
            an id already stored replace it.
        members: new ``(event_id, cluster_id, similarity)`` memberships.
    """
    if not clusters and not members:
        return
    store.con.execute("BEGIN TRANSACTION")
    try:
        if clusters:
            ids = [c["id"] for c in clusters]
            store.con.execute(
                "DELETE FROM event_clusters WHERE id IN (SELECT unnest(?::VARCHAR[]))", [ids]
            )
            _insert(
                store,
                "event_clusters",
                CLUSTER_COLUMNS,
                [[c[k] for k in CLUSTER_COLUMNS] for c in clusters],
            )
        if members:
            _insert(store, "event_cluster_members", MEMBER_COLUMNS, [list(m) for m in members])
        store.con.execute("COMMIT")
    except BaseException:
        store.con.execute("ROLLBACK")
        raise


def clear_clusters(store: Store) -> None:
    """Delete every cluster and membership (before a full rebuild)."""
    store.con.execute("BEGIN TRANSACTION")
    try:
        store.con.execute("DELETE FROM event_cluster_members")
        store.con.execute("DELETE FROM event_clusters")
        store.con.execute("COMMIT")
    except BaseException:
        store.con.execute("ROLLBACK")
        raise


def _insert(store: Store, table: str, columns: Sequence[str], rows: list[list[Any]]) -> None:
    data: dict[str, list[Any]] = {name: [row[i] for row in rows] for i, name in enumerate(columns)}
    arrow = pa.table(data)
    store.con.register("_rows", arrow)
    try:
        names = ", ".join(columns)
        store.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _rows")
    finally:
        store.con.unregister("_rows")
