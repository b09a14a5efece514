"""The Python API of detente: the one layer the CLI and the web app call.

Example:
    >>> from detente import api
    >>> summary = api.ingest(["examples/demo"], db="demo.duckdb")  # doctest: +SKIP
    >>> api.stats("demo.duckdb")["articles"]  # doctest: +SKIP
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from detente.analysis.clusters import ClusterStats, cluster_stats, ensure_clusters, update_clusters
from detente.analysis.periods import Period
from detente.analysis.records_query import EventQuery, QuoteQuery, list_events, list_quotes
from detente.analysis.relations import RelationSeries, relation_series
from detente.analysis.timeline import Timeline
from detente.analysis.timeline import timeline as _timeline
from detente.analysis.voices import voices as _voices
from detente.engine.local import IngestSummary, ProgressCallback
from detente.engine.local import ingest as _ingest
from detente.errors import StoreError
from detente.ingest import ArticleDefaults, iter_inputs
from detente.records import Extraction, article_id
from detente.settings import Settings, get_settings
from detente.store import Store

__all__ = [
    "ArticleDefaults",
    "EventQuery",
    "IngestSummary",
    "QuoteQuery",
    "clusters",
    "events",
    "export",
    "extract_text",
    "get_article",
    "ingest",
    "list_articles",
    "open_store",
    "quotes",
    "relations",
    "stats",
    "timeline",
    "voices",
]


def _db(db: str | Path | None) -> Path:
    return Path(db) if db else get_settings().db


def open_store(db: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open the store (the ``db`` setting by default); a Parquet dataset folder opens read-only."""
    path = _db(db)
    if path.is_dir():
        if not read_only:
            raise StoreError(f"{path}: a Parquet dataset folder can be read, not written")
        from detente.store.parquet import open_dataset

        return open_dataset(path)
    return Store(path, read_only=read_only)


def ingest(
    paths: Iterable[str | Path],
    db: str | Path | None = None,
    *,
    defaults: ArticleDefaults | None = None,
    workers: int | None = None,
    settings: Settings | None = None,
    strict: bool = False,
    progress: ProgressCallback | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    out_parquet: str | Path | None = None,
    feed_text: bool = False,
) -> IngestSummary:
    """Read articles from files, folders or ``-`` (stdin), parse, extract and store them.

    Args:
        paths: ``.txt``, ``.jsonl``, ``.html``/``.htm``/``.html.gz`` files, folders, ``-``.
        db: the store (default: the ``db`` setting).
        defaults: publication date, source and URL for inputs that lack them.
        workers: parsing processes (default: the ``workers`` setting).
        settings: settings to use (default: environment).
        strict: stop at the first bad input.
        progress: called with (items read, articles stored) after each batch.
        engine: ``local`` (processes here) or ``dask`` (a Dask cluster).
        scheduler: the Dask scheduler, ``tcp://HOST:PORT`` (default: a LocalCluster).
        out_parquet: with the Dask engine, keep the Parquet dataset in this folder.
        feed_text: for feeds, use each item's own text instead of fetching its page.
    """
    s = settings or get_settings()
    options: dict[str, Any] = {
        "workers": workers if workers is not None else s.workers,
        "batch_size": s.batch_size,
        "model": s.model,
        "extra_actors": tuple(s.actors),
        "strict": strict,
        "progress": progress,
    }
    items = iter_inputs(paths, defaults, feed_text=feed_text)
    with Store(_db(db) if db else s.db) as store:
        if engine == "dask":
            from detente.engine.dask import ingest_dask

            summary = ingest_dask(
                items, store, scheduler=scheduler, out_parquet=out_parquet, **options
            )
        else:
            summary = _ingest(items, store, **options)
        if summary.stored:
            update_clusters(store)  # one event per happening, updated incrementally
        return summary


def list_articles(
    db: str | Path | None = None, *, limit: int = 20, offset: int = 0, source: str | None = None
) -> list[dict[str, Any]]:
    """Articles in the store, newest first, without their text."""
    with open_store(db, read_only=True) as store:
        return store.query(
            "SELECT id, published, source, title, url, n_tokens FROM articles "
            "WHERE (? IS NULL OR source = ?) "
            "ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?",
            [source, source, limit, offset],
        )


def get_article(article_id: str, db: str | Path | None = None) -> dict[str, Any]:
    """One article with its text and metadata (an id prefix of 6+ characters works)."""
    with open_store(db, read_only=True) as store:
        row = store.article(article_id)
        counts = store.query(
            "SELECT (SELECT count(*) FROM sentences WHERE doc_id = ?) AS sentences, "
            "(SELECT count(*) FROM events WHERE doc_id = ?) AS events, "
            "(SELECT count(*) FROM quotes WHERE doc_id = ?) AS quotes",
            [row["id"]] * 3,
        )[0]
        return {**row, **counts}


def stats(db: str | Path | None = None) -> dict[str, Any]:
    """Row counts per table, and the articles' date range and sources."""
    with open_store(db, read_only=True) as store:
        out: dict[str, Any] = dict(store.counts())
        span = store.query(
            "SELECT min(published) AS first, max(published) AS last, "
            "count(DISTINCT source) AS sources, sum(n_tokens) AS tokens FROM articles"
        )[0]
        out.update(span)
        out["schema_version"] = store.schema_version()
        return out


def export(table: str, fmt: str, out: str | Path, db: str | Path | None = None) -> int:
    """Export a table to CSV, JSON Lines or Parquet; returns the number of rows."""
    with open_store(db, read_only=True) as store:
        return store.export(table, fmt, Path(out))


def extract_text(
    text: str,
    published: date | None = None,
    *,
    doc_id: str | None = None,
    extra_actors: Sequence[Any] = (),
) -> Extraction:
    """Parse one text and extract its actors, events and quotes (nothing is stored).

    Args:
        text: the article text.
        published: its publication date (relative dates resolve against it).
        doc_id: id copied into the records; by default the text's stable id.
        extra_actors: extra actor dictionaries (file paths or rows).
    """
    from detente.extract import extract_document
    from detente.nlp import load_pipeline

    doc = load_pipeline()(text)
    return extract_document(
        doc,
        doc_id=doc_id or article_id(None, text),
        published=published,
        extra_actors=extra_actors,
    )


def events(filters: EventQuery | None = None, db: str | Path | None = None) -> list[dict[str, Any]]:
    """Stored events matching the filters, each with its evidence sentence."""
    with open_store(db, read_only=True) as store:
        return list_events(store, filters or EventQuery())


def quotes(filters: QuoteQuery | None = None, db: str | Path | None = None) -> list[dict[str, Any]]:
    """Stored quotes matching the filters, with speaker and affiliation."""
    with open_store(db, read_only=True) as store:
        return list_quotes(store, filters or QuoteQuery())


def voices(
    db: str | Path | None = None,
    *,
    about: str | None = None,
    since: date | None = None,
    until: date | None = None,
    by: str = "country",
) -> list[dict[str, Any]]:
    """Quotes and quoted words per speaker group (see :mod:`detente.analysis.voices`)."""
    with open_store(db, read_only=True) as store:
        return _voices(store, about=about, since=since, until=until, by=by)


def _clustered(db: str | Path | None) -> Store:
    path = _db(db)
    ensure_clusters(path)
    return Store(path, read_only=True)


def relations(
    a: str,
    b: str,
    db: str | Path | None = None,
    *,
    by: Period = "month",
    directed: bool = False,
    since: date | None = None,
    until: date | None = None,
) -> RelationSeries:
    """Events between two countries per period, by event date (see :mod:`detente.analysis.relations`)."""
    with _clustered(db) as store:
        return relation_series(store, a, b, by=by, directed=directed, since=since, until=until)


def timeline(
    a: str,
    b: str,
    db: str | Path | None = None,
    *,
    since: date | None = None,
    until: date | None = None,
) -> Timeline:
    """Diplomatic-ties and sanctions states of a pair over time, with evidence."""
    with _clustered(db) as store:
        return _timeline(store, a, b, since=since, until=until)


def clusters(db: str | Path | None = None) -> ClusterStats:
    """Mentions, events (happenings) and their ratio in a store, clusters brought up to date."""
    with _clustered(db) as store:
        return cluster_stats(store)
