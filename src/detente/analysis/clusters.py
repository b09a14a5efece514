"""One event per happening: cluster event mentions into events.

GDELT counts reports, not happenings: one summit covered by forty articles is
forty events. detente groups the event mentions the coder stores (rows of
``events``) into clusters, one per happening, and keeps every mention with its
article, so a count is always a count of happenings that can be opened to the
reports behind it (GDELT 2.0 Event Codebook: NumMentions, NumSources,
NumArticles).

Two mentions report one happening when they have:

- the same dyad (source and target country, in that order) and status (an
  actual event never merges with a negated or future one);
- the same CAMEO root and compatible codes: equal, one refining the other
  (``16`` / ``163`` / ``1631``), or one a residual code (``160``);
- dates that can be the same day: each date is an interval at its precision
  (a day, a month, a season, a year), a day date gets ``day_tolerance`` days
  either side, a date that fell back to the publication day covers the
  ``defaulted_lookback`` days before it;
- and, unless both dates are exact days, similar evidence (content-word
  overlap of the evidence spans) or a single candidate with the same code.

Clustering is incremental: :func:`update_clusters` takes the mentions that
belong to no cluster yet and adds them to the stored clusters they match (or
starts new ones), loading only the clusters of the same dyads near the same
dates. The result depends a little on the order articles arrive in; a full
:func:`rebuild_clusters` processes them by report date.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from spacy.lang.en.stop_words import STOP_WORDS

from detente.analysis.periods import PRECISION_RANK, interval
from detente.store import Store
from detente.store import clusters as db
from detente.store.store import migrations

log = logging.getLogger(__name__)

_WORD = re.compile(r"[^\W\d_]{3,}")
_STEM = 6  # content words compared on their first letters: sanction/sanctions/sanctioned


@dataclass(frozen=True)
class ClusterParams:
    """Thresholds of the clustering (see the module docstring).

    Attributes:
        day_tolerance: days either side of an exact day within which two
            reports may date one happening (reports differ by a day or two).
        defaulted_lookback: days before publication a date that defaulted to
            the publication day may stand for.
        min_similarity: evidence similarity (0..1) two mentions need when
            their dates are not both exact days.
        unknown_similarity: similarity needed when a date is unknown.
    """

    day_tolerance: int = 2
    defaulted_lookback: int = 7
    min_similarity: float = 0.2
    unknown_similarity: float = 0.5


@dataclass(frozen=True)
class Mention:
    """One event mention as the clustering sees it."""

    id: str
    doc_id: str
    source_country: str
    target_country: str
    cameo: str
    cameo_root: str
    plover_event: str | None
    quad_class: int | None
    goldstein: float | None
    status: str
    event_date: str | None
    date_precision: str
    date_defaulted: bool
    reported: date | None
    outlet: str
    tokens: frozenset[str]

    @property
    def key(self) -> tuple[str, str, str, str]:
        """Mentions in different keys never merge."""
        return (self.source_country, self.target_country, self.status, self.cameo_root)


@dataclass
class Cluster:
    """A happening: its mentions, and the mentions added in this run."""

    id: str
    mentions: list[Mention] = field(default_factory=list)
    similarity: dict[str, float] = field(default_factory=dict)
    dirty: bool = False


@dataclass(frozen=True)
class ClusterUpdate:
    """What one :func:`update_clusters` run did."""

    mentions: int
    new_clusters: int
    grown_clusters: int
    seconds: float

    def text(self) -> str:
        """One line for people."""
        return (
            f"Clustered {self.mentions:,} new event mentions: {self.new_clusters:,} new events, "
            f"{self.grown_clusters:,} known events with new reports ({self.seconds:.1f} s)."
        )


@dataclass(frozen=True)
class ClusterStats:
    """How many mentions the store holds per event (GDELT's reports-per-event)."""

    mentions: int
    events: int
    multi_report_events: int
    max_mentions: int
    unclustered: int

    @property
    def ratio(self) -> float:
        """Mentions per event (1.0 when every report is its own happening)."""
        return self.mentions / self.events if self.events else 0.0


def tokens(text: str) -> frozenset[str]:
    """Content words of an evidence span, lower-cased and cut to their first letters."""
    return frozenset(
        w[:_STEM] for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOP_WORDS
    )


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard overlap of two token sets (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def _is_residual(code: str) -> bool:
    return len(code) == 2 or (len(code) == 3 and code.endswith("0"))


def compatible_codes(a: str, b: str) -> bool:
    """True when two CAMEO codes can describe one happening (CAMEO 1.1b3 code tree).

    Codes must share their root; then they are compatible when equal, when
    one refines the other (``163`` and ``1631``), or when one is the root or
    a residual ``x0`` code that the coder uses when it cannot tell the
    subtype (``160`` and ``163``). Siblings (``161`` and ``163``) are not.
    """
    if a[:2] != b[:2]:
        return False
    if a.startswith(b) or b.startswith(a):
        return True
    return _is_residual(a) or _is_residual(b)


def window(
    event_date: str | None,
    precision: str,
    defaulted: bool,
    reported: date | None,
    params: ClusterParams,
) -> tuple[date, date] | None:
    """The days a mention's happening may have taken place on (``None``: unknown)."""
    span = interval(event_date, precision)
    if span is None:
        return None
    if defaulted:
        anchor = reported or span[1]
        return anchor - timedelta(days=params.defaulted_lookback), anchor
    return span


def _gap(a: tuple[date, date], b: tuple[date, date]) -> int:
    """Days between two intervals (0 when they overlap)."""
    if a[1] < b[0]:
        return (b[0] - a[1]).days
    if b[1] < a[0]:
        return (a[0] - b[1]).days
    return 0


def _support(candidate: Mention, others: Sequence[Mention]) -> int:
    span = interval(candidate.event_date, candidate.date_precision)
    if span is None:
        return 0
    n = 0
    for m in others:
        other = interval(m.event_date, m.date_precision)
        if other is not None and other[0] <= span[0] and span[1] <= other[1]:
            n += 1
    return n


def best_mention(mentions: Sequence[Mention]) -> Mention:
    """The mention whose date most reports support (it dates the happening).

    Dates found in the text beat dates that defaulted to the publication day;
    among them the date inside the most mentions' intervals wins, then the
    finer precision, then the earliest report. With only defaulted dates, the
    earliest report dates the happening (it had happened by then).
    """
    stated = [m for m in mentions if not m.date_defaulted and m.event_date]
    if not stated:
        return min(mentions, key=lambda m: (m.reported or date.max, m.id))
    return min(
        stated,
        key=lambda m: (
            -_support(m, stated),
            PRECISION_RANK.get(m.date_precision, 9),
            m.reported or date.max,
            m.id,
        ),
    )


def _code(mentions: Sequence[Mention]) -> Mention:
    counts = Counter(m.cameo for m in mentions)
    code = min(counts, key=lambda c: (-counts[c], -len(c), c))
    return next(m for m in mentions if m.cameo == code)


def cluster_row(cluster: Cluster, params: ClusterParams) -> dict[str, Any]:
    """The ``event_clusters`` row of a cluster (see migration 002)."""
    ms = cluster.mentions
    best = best_mention(ms)
    coded = _code(ms)
    span = window(best.event_date, best.date_precision, best.date_defaulted, best.reported, params)
    stated = interval(best.event_date, best.date_precision)
    reported = [m.reported for m in ms if m.reported]
    return {
        "id": cluster.id,
        "source_country": best.source_country or None,
        "target_country": best.target_country or None,
        "cameo": coded.cameo,
        "cameo_root": coded.cameo_root,
        "plover_event": coded.plover_event,
        "quad_class": coded.quad_class,
        "goldstein": coded.goldstein,
        "status": best.status,
        "event_date": best.event_date,
        "date_precision": best.date_precision if best.event_date else "unknown",
        "date_start": stated[0] if stated else None,
        "date_end": span[1] if span else None,
        "first_reported": min(reported) if reported else None,
        "last_reported": max(reported) if reported else None,
        "n_mentions": len(ms),
        "n_articles": len({m.doc_id for m in ms}),
        "n_sources": len({m.outlet for m in ms}),
        "best_mention": best.id,
    }


def _cluster_window(
    cluster: Cluster, params: ClusterParams
) -> tuple[tuple[date, date] | None, bool]:
    best = best_mention(cluster.mentions)
    span = window(best.event_date, best.date_precision, best.date_defaulted, best.reported, params)
    exact = best.date_precision == "day" and not best.date_defaulted and span is not None
    return span, exact


@dataclass(frozen=True)
class _Match:
    cluster: Cluster
    similarity: float
    enough: bool  # similar enough for the dates' precision
    same_code: bool
    gap: int
    dated: bool


def _candidate(
    mention: Mention, clusters: Iterable[Cluster], params: ClusterParams
) -> tuple[Cluster | None, float]:
    """The cluster a mention joins (``None``: it starts a new one) and its similarity."""
    mine = window(mention.event_date, mention.date_precision, mention.date_defaulted,
                  mention.reported, params)  # fmt: skip
    mine_exact = mention.date_precision == "day" and not mention.date_defaulted and mine is not None
    matches: list[_Match] = []
    for cluster in clusters:
        if not all(compatible_codes(mention.cameo, m.cameo) for m in cluster.mentions):
            continue
        theirs, exact = _cluster_window(cluster, params)
        sim = max(similarity(mention.tokens, m.tokens) for m in cluster.mentions)
        if mine is None or theirs is None:
            needed, gap = params.unknown_similarity, 0
        else:
            gap = _gap(mine, theirs)
            if gap > params.day_tolerance:
                continue
            needed = 0.0 if mine_exact and exact else params.min_similarity
        same_code = any(m.cameo == mention.cameo for m in cluster.mentions)
        matches.append(_Match(cluster, sim, sim >= needed, same_code, gap, mine is not None))
    passing = [m for m in matches if m.enough]
    if passing:
        best = max(passing, key=lambda m: (m.similarity, -m.gap, m.same_code))
        return best.cluster, best.similarity
    # A dated mention matching exactly one happening, of the same code, joins it.
    if len(matches) == 1 and matches[0].same_code and matches[0].dated:
        return matches[0].cluster, matches[0].similarity
    return None, 0.0


def cluster_id(first_mention: str) -> str:
    """A stable cluster id derived from the id of its first mention."""
    return "ev" + hashlib.sha256(first_mention.encode("utf-8")).hexdigest()[:14]


def assign(
    mentions: Sequence[Mention], clusters: Sequence[Cluster], params: ClusterParams | None = None
) -> list[Cluster]:
    """Add mentions to clusters (pure; no store): the clustering step.

    Args:
        mentions: new mentions, in the order they should be considered.
        clusters: existing clusters (mutated: matching ones get the mentions).
        params: thresholds.

    Returns:
        Every cluster that changed or was created, each marked ``dirty``.
    """
    p = params or ClusterParams()
    by_key: dict[tuple[str, str, str, str], list[Cluster]] = defaultdict(list)
    for cluster in clusters:
        by_key[cluster.mentions[0].key].append(cluster)
    changed: dict[str, Cluster] = {}
    for mention in mentions:
        target, sim = _candidate(mention, by_key[mention.key], p)
        if target is None:
            target = Cluster(id=cluster_id(mention.id))
            by_key[mention.key].append(target)
            sim = 1.0
        target.mentions.append(mention)
        target.similarity[mention.id] = sim
        target.dirty = True
        changed[target.id] = target
    return list(changed.values())


def to_mention(row: dict[str, Any]) -> Mention:
    """A :class:`Mention` from a row of :mod:`detente.store.clusters`."""
    return Mention(
        id=row["id"], doc_id=row["doc_id"], source_country=row["source_country"] or "",
        target_country=row["target_country"] or "", cameo=row["cameo"],
        cameo_root=row["cameo_root"], plover_event=row["plover_event"],
        quad_class=row["quad_class"], goldstein=row["goldstein"], status=row["status"],
        event_date=row["event_date"], date_precision=row["date_precision"],
        date_defaulted=bool(row["date_defaulted"]), reported=row["reported"],
        outlet=row["outlet"], tokens=tokens(row["evidence"] or ""),
    )  # fmt: skip


def _windows(
    mentions: Sequence[Mention], params: ClusterParams
) -> list[tuple[str, str, date | None, date | None]]:
    spans: dict[tuple[str, str], list[tuple[date, date] | None]] = defaultdict(list)
    for m in mentions:
        spans[(m.source_country, m.target_country)].append(
            window(m.event_date, m.date_precision, m.date_defaulted, m.reported, params)
        )
    margin = timedelta(days=params.defaulted_lookback + params.day_tolerance + 1)
    out: list[tuple[str, str, date | None, date | None]] = []
    for (src, tgt), found in spans.items():
        known = [s for s in found if s is not None]
        if len(known) < len(found) or not known:
            out.append((src, tgt, None, None))
        else:
            out.append(
                (src, tgt, min(s[0] for s in known) - margin, max(s[1] for s in known) + margin)
            )
    return out


def update_clusters(store: Store, params: ClusterParams | None = None) -> ClusterUpdate:
    """Cluster the event mentions that belong to no cluster yet (incremental).

    Loads only the stored clusters of the new mentions' dyads near their
    dates, adds the mentions, and writes the changed clusters and the new
    memberships in one transaction.

    Args:
        store: a writable store.
        params: thresholds (defaults: :class:`ClusterParams`).
    """
    started = time.perf_counter()
    p = params or ClusterParams()
    fresh = [to_mention(r) for r in db.unclustered_mentions(store)]
    if not fresh:
        return ClusterUpdate(0, 0, 0, time.perf_counter() - started)
    known: dict[str, Cluster] = {}
    for row in db.clustered_mentions(store, _windows(fresh, p)):
        cluster = known.setdefault(row["cluster_id"], Cluster(id=row["cluster_id"]))
        cluster.mentions.append(to_mention(row))
        cluster.similarity[row["id"]] = row["similarity"]
    changed = assign(fresh, list(known.values()), p)
    fresh_ids = {m.id for m in fresh}
    members = [
        (m.id, c.id, c.similarity[m.id]) for c in changed for m in c.mentions if m.id in fresh_ids
    ]
    db.write_clusters(store, [cluster_row(c, p) for c in changed], members)
    grown = sum(1 for c in changed if c.id in known)
    result = ClusterUpdate(len(fresh), len(changed) - grown, grown, time.perf_counter() - started)
    log.info("%s", result.text())
    return result


def rebuild_clusters(store: Store, params: ClusterParams | None = None) -> ClusterUpdate:
    """Forget every cluster and cluster all mentions again, by report date."""
    db.clear_clusters(store)
    return update_clusters(store, params)


def cluster_stats(store: Store) -> ClusterStats:
    """Mentions, events and mentions per event of the whole store."""
    row = store.query(
        "SELECT coalesce(sum(n_mentions), 0) AS mentions, count(*) AS events, "
        "count(*) FILTER (WHERE n_mentions > 1) AS multi, coalesce(max(n_mentions), 0) AS top "
        "FROM event_clusters"
    )[0]
    return ClusterStats(
        mentions=int(row["mentions"]),
        events=int(row["events"]),
        multi_report_events=int(row["multi"]),
        max_mentions=int(row["top"]),
        unclustered=db.count_unclustered(store),
    )


def ensure_clusters(path: str | Path, params: ClusterParams | None = None) -> ClusterUpdate | None:
    """Bring a store file's clusters up to date when they lag behind its events.

    Checks read-only first; opens the file for writing (applying migrations)
    only when some mention belongs to no cluster yet.

    Returns:
        What was done, or ``None`` when the clusters were current.

    Raises:
        StoreError: no store at ``path``; StoreLockedError: a writer holds it.
    """
    latest = max((v for v, _, _ in migrations()), default=0)
    with Store(path, read_only=True) as store:
        if store.schema_version() >= latest and db.count_unclustered(store) == 0:
            return None
    with Store(path) as store:
        return update_clusters(store, params)
