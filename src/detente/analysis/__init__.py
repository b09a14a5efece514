"""Analysis stage: one event per happening, relations over time, state timelines.

Everything here reads a store through ``query(sql, params)`` (a
:class:`~detente.store.Store` or the dashboard's reader); only the clustering
writes, through :mod:`detente.store.clusters`.
"""

from detente.analysis.articles import (
    ArticleView,
    QuoteFilter,
    QuotePage,
    article_view,
    search_quotes,
)
from detente.analysis.base import country_name, resolve_country
from detente.analysis.browse import EventDetail, EventFilter, EventPage, event_detail, search_events
from detente.analysis.clusters import (
    ClusterParams,
    ClusterStats,
    ClusterUpdate,
    cluster_stats,
    ensure_clusters,
    rebuild_clusters,
    update_clusters,
)  # fmt: skip
from detente.analysis.relations import PairSummary, RelationSeries, active_pairs, relation_series
from detente.analysis.timeline import Timeline, recent_changes, timeline

__all__ = [
    "ArticleView",
    "ClusterParams",
    "ClusterStats",
    "ClusterUpdate",
    "EventDetail",
    "EventFilter",
    "EventPage",
    "PairSummary",
    "QuoteFilter",
    "QuotePage",
    "RelationSeries",
    "Timeline",
    "active_pairs",
    "article_view",
    "cluster_stats",
    "country_name",
    "ensure_clusters",
    "event_detail",
    "rebuild_clusters",
    "recent_changes",
    "relation_series",
    "resolve_country",
    "search_events",
    "search_quotes",
    "timeline",
    "update_clusters",
]
