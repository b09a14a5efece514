"""Relationship state over time: diplomatic ties and sanctions, with evidence.

Two kinds of track per country pair:

- ``ties``: the pair's diplomatic relations, one track for both directions:
  ``normal`` (the initial state), ``downgraded`` (diplomats recalled or
  expelled, embassy closed), ``severed`` (relations broken), ``restoring``
  (steps or stated intent to restore them), ``restored``.
- ``sanctions``: one track per sanctioning country (``actor``) and its target:
  ``none`` (initial), ``threatened``, ``imposed``, ``eased``, ``lifted``,
  ``reimposed``.

Events move the tracks according to ``data/relations/state-rules.csv``
(CAMEO 1.1b3 codes, status, words of the evidence sentence, the states a rule
applies in). Events are taken in event-date order, one per happening (event
clusters), and only with the statuses the rules name: a negated event ("still
refuses to recognize") never moves a track. Every step keeps the reports that
support it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Any

from detente.analysis.base import Queryable, country_name
from detente.analysis.browse import EventSummary, MentionView, event_summaries, mentions
from detente.analysis.relations import pair_clusters
from detente.data import load_table
from detente.errors import DataFileError

DIMENSIONS = {"ties": "normal", "sanctions": "none"}
STATES = {
    "ties": ("normal", "downgraded", "severed", "restoring", "restored"),
    "sanctions": ("none", "threatened", "imposed", "eased", "lifted", "reimposed"),
}
UNCHANGED = "-"


@dataclass(frozen=True)
class StateRule:
    """One row of ``relations/state-rules.csv``."""

    dimension: str
    cameo: str
    statuses: frozenset[str]
    evidence: re.Pattern[str] | None
    from_states: frozenset[str] | None
    to: str
    label: str

    def applies(self, cameo: str, status: str, text: str) -> bool:
        """True when the rule matches an event (its from-states aside)."""
        return (
            cameo.startswith(self.cameo)
            and status in self.statuses
            and (self.evidence is None or self.evidence.search(text) is not None)
        )


@lru_cache(maxsize=1)
def state_rules() -> tuple[StateRule, ...]:
    """The rules of ``relations/state-rules.csv``, validated.

    Raises:
        DataFileError: unknown dimension, state or status, or a bad regular expression.
    """
    rules = []
    for n, row in enumerate(load_table("relations/state-rules.csv").rows, 1):
        where = f"relations/state-rules.csv row {n}"
        dim = row["dimension"]
        if dim not in STATES:
            raise DataFileError(f"{where}: unknown dimension {dim!r}")
        froms = None if row["from"] == "*" else frozenset(row["from"].split("|"))
        for state in [*(froms or ()), row["to"]]:
            if state != UNCHANGED and state not in STATES[dim]:
                raise DataFileError(f"{where}: unknown {dim} state {state!r}")
        statuses = frozenset(row["status"].split("|"))
        if not statuses <= {"actual", "negated", "future", "hypothetical"}:
            raise DataFileError(f"{where}: unknown status in {row['status']!r}")
        try:
            pattern = re.compile(row["evidence"], re.IGNORECASE) if row["evidence"] else None
        except re.error as exc:
            raise DataFileError(f"{where}: bad evidence pattern ({exc})") from exc
        rules.append(
            StateRule(dim, row["cameo"], statuses, pattern, froms, row["to"], row["label"])
        )
    return tuple(rules)


@dataclass(frozen=True)
class Step:
    """An event that moved (or confirmed) a track.

    Attributes:
        dimension: ``ties`` or ``sanctions``.
        actor: the sanctioning country (``None`` for ties).
        target: the sanctioned country (``None`` for ties).
        previous: state before the event.
        state: state after it.
        changed: whether the state changed.
        label: what happened, in words.
        event: the happening.
        evidence: its reports.
    """

    dimension: str
    actor: str | None
    target: str | None
    previous: str
    state: str
    changed: bool
    label: str
    event: EventSummary
    evidence: tuple[MentionView, ...]


@dataclass(frozen=True)
class Band:
    """A track's state from one date to the next change (``end`` ``None``: still so)."""

    dimension: str
    actor: str | None
    target: str | None
    state: str
    start: date
    end: date | None


@dataclass(frozen=True)
class Timeline:
    """The state changes of a pair and the bands they draw."""

    a: str
    b: str
    a_name: str
    b_name: str
    steps: tuple[Step, ...]
    bands: tuple[Band, ...]


@dataclass(frozen=True)
class _Move:
    row: dict[str, Any]
    track: tuple[str, str | None, str | None]
    previous: str
    state: str
    label: str


def _evidence_texts(q: Queryable, ids: Sequence[str]) -> dict[str, str]:
    """The sentences that report each event, joined (rules match words in them)."""
    if not ids:
        return {}
    rows = q.query(
        "SELECT m.cluster_id, coalesce(s.text, substr(a.text, e.start_char + 1, "
        "greatest(e.end_char - e.start_char, 0))) AS text "
        "FROM event_cluster_members m JOIN events e ON e.id = m.event_id "
        "JOIN articles a ON a.id = e.doc_id LEFT JOIN sentences s ON s.doc_id = e.doc_id "
        "AND s.start_char <= e.start_char AND s.end_char > e.start_char "
        "WHERE list_contains(?::VARCHAR[], m.cluster_id)",
        [list(ids)],
    )
    out: dict[str, list[str]] = defaultdict(list)
    for r in rows:
        out[r["cluster_id"]].append(r["text"] or "")
    return {k: " \n".join(v) for k, v in out.items()}


def _decide(
    cameo: str, status: str, text: str, dimension: str, current: str
) -> tuple[str, str] | None:
    fallback: tuple[str, str] | None = None
    for rule in state_rules():
        if rule.dimension != dimension or not rule.applies(cameo, status, text):
            continue
        if rule.from_states is None or current in rule.from_states:
            return (current if rule.to == UNCHANGED else rule.to), rule.label
        if fallback is None:
            fallback = (current, rule.label)
    return fallback


def _wanted(clusters: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The clusters some state rule could apply to, in event-date order."""
    prefixes = {r.cameo for r in state_rules()}
    statuses = {s for r in state_rules() for s in r.statuses}
    wanted = [
        c for c in clusters
        if c["date_start"] is not None and c["status"] in statuses
        and c["source_country"] and c["target_country"]
        and c["source_country"] != c["target_country"]
        and any(c["cameo"].startswith(p) for p in prefixes)
    ]  # fmt: skip
    wanted.sort(key=lambda c: (c["date_start"], c["first_reported"] or date.max, c["id"]))
    return wanted


def _moves(q: Queryable, clusters: Sequence[dict[str, Any]]) -> list[_Move]:
    wanted = _wanted(clusters)
    return _walk(wanted, _evidence_texts(q, [c["id"] for c in wanted]))


def _walk(wanted: Sequence[dict[str, Any]], texts: dict[str, str]) -> list[_Move]:
    """Run the state rules over clusters already in event-date order (see :func:`_wanted`)."""
    state: dict[tuple[str, str | None, str | None], str] = {}
    moves = []
    for c in wanted:
        for dimension, initial in DIMENSIONS.items():
            if dimension == "ties":
                pair = sorted((c["source_country"], c["target_country"]))
                track: tuple[str, str | None, str | None] = (
                    dimension,
                    pair[0] + "|" + pair[1],
                    None,
                )
            else:
                track = (dimension, c["source_country"], c["target_country"])
            current = state.get(track, initial)
            decided = _decide(c["cameo"], c["status"], texts.get(c["id"], ""), dimension, current)
            if decided is None:
                continue
            state[track] = decided[0]
            moves.append(_Move(c, track, current, decided[0], decided[1]))
    return moves


def _bands(steps: Sequence[Step]) -> tuple[Band, ...]:
    open_: dict[tuple[str, str | None, str | None], Band] = {}
    out: list[Band] = []
    for s in steps:
        if not s.changed or s.event.date_start is None:
            continue
        key = (s.dimension, s.actor, s.target)
        if key in open_:
            prev = open_[key]
            out.append(
                Band(
                    prev.dimension,
                    prev.actor,
                    prev.target,
                    prev.state,
                    prev.start,
                    s.event.date_start,
                )
            )
        open_[key] = Band(s.dimension, s.actor, s.target, s.state, s.event.date_start, None)
    out.extend(open_.values())
    return tuple(sorted(out, key=lambda b: (b.dimension, b.actor or "", b.start)))


def timeline(
    q: Queryable, a: str, b: str, *, since: date | None = None, until: date | None = None
) -> Timeline:
    """The diplomatic-ties and sanctions steps of a pair (``detente timeline``).

    Args:
        q: the store (clusters current).
        a: a country code.
        b: another country code.
        since: first event date shown (earlier events still set the state).
        until: last event date considered.

    Returns:
        Every step in event-date order, with its reports, and the state bands.
    """
    clusters = pair_clusters(q, a, b, statuses=None, until=until)
    moves = _moves(q, clusters)
    ids = [m.row["id"] for m in moves]
    summaries = event_summaries(q, ids)
    reports = mentions(q, ids)
    steps = tuple(
        Step(
            dimension=m.track[0],
            actor=m.track[1] if m.track[0] == "sanctions" else None,
            target=m.track[2],
            previous=m.previous,
            state=m.state,
            changed=m.state != m.previous,
            label=m.label,
            event=summaries[m.row["id"]],
            evidence=tuple(reports.get(m.row["id"], [])),
        )
        for m in moves
        if m.row["id"] in summaries
    )
    bands = _bands(steps)
    if since is not None:
        steps = tuple(s for s in steps if s.event.date_start and s.event.date_start >= since)
    return Timeline(a, b, country_name(a), country_name(b), steps, bands)


@dataclass(frozen=True)
class PairChange:
    """A state change of some pair (for the overview)."""

    a: str
    b: str
    dimension: str
    actor: str | None
    previous: str
    state: str
    label: str
    event: EventSummary


def recent_changes(q: Queryable, *, limit: int = 10) -> list[PairChange]:
    """The latest state changes of every pair, newest event date first."""
    roots = sorted({r.cameo[:2] for r in state_rules()})
    clusters = q.query(
        "SELECT * FROM event_clusters WHERE source_country IS NOT NULL "
        "AND target_country IS NOT NULL AND date_start IS NOT NULL "
        "AND list_contains(?::VARCHAR[], cameo_root)",
        [roots],
    )
    by_pair: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for c in _wanted(clusters):
        key = tuple(sorted((c["source_country"], c["target_country"])))
        by_pair[(key[0], key[1])].append(c)
    # the evidence of every pair in one query (not one per pair); each pair walks its own tracks
    texts = _evidence_texts(q, [c["id"] for rows in by_pair.values() for c in rows])
    changes = [
        (pair, m)
        for pair, rows in by_pair.items()
        for m in _walk(rows, texts)
        if m.state != m.previous
    ]
    changes.sort(key=lambda pm: (pm[1].row["date_start"], pm[1].row["id"]), reverse=True)
    changes = changes[:limit]
    summaries = event_summaries(q, [m.row["id"] for _, m in changes])
    return [
        PairChange(
            pair[0],
            pair[1],
            m.track[0],
            m.track[1] if m.track[0] == "sanctions" else None,
            m.previous,
            m.state,
            m.label,
            summaries[m.row["id"]],
        )
        for pair, m in changes
        if m.row["id"] in summaries
    ]
