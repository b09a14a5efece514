"""The Dask engine: parse on a Dask distributed cluster, write Parquet shards, load once.

The client reads the inputs and drops duplicates (against the store, the
output dataset and the input itself), as the local engine does. Each batch of
fresh articles becomes one task: a worker parses it with
:func:`~detente.engine.process.process_articles` (every worker loads the
spaCy model once, through a worker plugin) and writes it as one Parquet shard
(:func:`~detente.store.parquet.write_shard`); only counts come back. When all
tasks are done, the store loads every shard in one transaction
(:func:`~detente.store.parquet.load_shards`, which skips stored ids).

Without a scheduler address the engine starts a ``LocalCluster`` of
``workers`` processes (one thread each) and stops it afterwards. With one
(``tcp://HOST:PORT``), the shard folder must be on storage that the client
and every worker can reach, and detente must be installed on the workers.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from distributed import Client, Future, LocalCluster, WorkerPlugin, wait

from detente.engine.local import IngestSummary, ProgressCallback, Selector, batches
from detente.engine.process import process_articles
from detente.errors import ConfigError, InputError
from detente.records import Article
from detente.store import Store
from detente.store.parquet import dataset_ids, load_shards, write_shard

log = logging.getLogger(__name__)


class SpacyPlugin(WorkerPlugin):
    """Loads the spaCy pipeline once in each worker, when the worker starts or joins."""

    idempotent = True

    def __init__(self, model: str | None) -> None:
        self.model = model

    def setup(self, worker: Any) -> None:
        """Load the model (cached for the worker's process by ``load_pipeline``)."""
        from detente.nlp import load_pipeline

        load_pipeline(self.model)


@dataclass(frozen=True)
class ShardCounts:
    """What one task parsed and wrote."""

    articles: int
    tokens: int
    sentences: int
    actors: int
    events: int
    quotes: int


def process_shard(
    articles: list[Article],
    folder: str,
    name: str,
    *,
    model: str | None,
    batch_size: int,
    extra_actors: tuple[Any, ...],
) -> ShardCounts:
    """Parse a batch of articles and write it as one Parquet shard (runs on a worker)."""
    parsed = process_articles(
        articles, model=model, batch_size=batch_size, extra_actors=extra_actors
    )
    write_shard(parsed, folder, name)
    return ShardCounts(
        articles=len(parsed),
        tokens=sum(p.n_tokens for p in parsed),
        sentences=sum(len(p.sentences) for p in parsed),
        actors=sum(len(p.extraction.actors) for p in parsed),
        events=sum(len(p.extraction.events) for p in parsed),
        quotes=sum(len(p.extraction.quotes) for p in parsed),
    )


def start_client(workers: int, scheduler: str | None) -> tuple[Client, LocalCluster | None]:
    """A client on ``scheduler``, or on a new LocalCluster of ``workers`` processes."""
    if not log.isEnabledFor(logging.DEBUG):
        # distributed logs every start and stop at INFO on its own handler: keep it for -vv
        logging.getLogger("distributed").setLevel(logging.ERROR)
    if scheduler:
        return Client(scheduler), None
    cluster = LocalCluster(
        n_workers=max(1, workers),
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        silence_logs=logging.ERROR,
    )
    return Client(cluster), cluster


def ingest_dask(
    items: Iterable[Article | InputError],
    store: Store | None,
    *,
    workers: int = 2,
    scheduler: str | None = None,
    out_parquet: str | Path | None = None,
    batch_size: int = 64,
    model: str | None = None,
    extra_actors: tuple[Any, ...] = (),
    strict: bool = False,
    progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Ingest articles on a Dask cluster, through a Parquet dataset.

    Args:
        items: articles and input errors, as the readers yield them.
        store: an open, writable store to load the results into, or ``None``
            to leave only the Parquet dataset (then ``out_parquet`` is needed).
        workers: processes of the LocalCluster (ignored with ``scheduler``).
        scheduler: address of a running scheduler, ``tcp://HOST:PORT``.
        out_parquet: folder to keep the dataset in (appended to when it
            exists); by default a temporary folder, removed after loading.
        batch_size: articles per task (one shard each) and per ``nlp.pipe`` batch.
        model: spaCy model name.
        extra_actors: extra actor dictionaries for the extractors.
        strict: raise on the first input error instead of skipping it.
        progress: called with (items read, articles parsed) after each task.

    Raises:
        ConfigError: no place to put the results, or a remote scheduler
            without a shared ``out_parquet`` folder.
        InputError: with ``strict``, the first bad input.
    """
    if store is None and out_parquet is None:
        raise ConfigError("the Dask engine needs a store or --out-parquet DIR to write to")
    if scheduler and out_parquet is None:
        raise ConfigError(
            "--scheduler needs --out-parquet DIR on storage that every worker can reach"
        )
    started = time.perf_counter()
    summary = IngestSummary()
    folder = Path(out_parquet) if out_parquet else Path(tempfile.mkdtemp(prefix="detente-shards-"))
    known = dataset_ids(folder) if out_parquet else set()
    run = f"{time.strftime('%Y%m%dT%H%M%S')}-{uuid.uuid4().hex[:6]}"
    options: dict[str, Any] = {
        "model": model,
        "batch_size": batch_size,
        "extra_actors": tuple(extra_actors),
    }
    parsed = 0

    select = Selector(
        summary,
        store.existing_ids if store is not None else (lambda ids: set()),
        strict=strict,
        known=known,
    )

    def collect(done: Iterable[Future]) -> None:
        nonlocal parsed
        for future in done:
            counts: ShardCounts = future.result()
            parsed += counts.articles
            summary.tokens += counts.tokens
            summary.sentences += counts.sentences
            summary.actors += counts.actors
            summary.events += counts.events
            summary.quotes += counts.quotes
        if progress:
            progress(summary.read, parsed)

    client, cluster = start_client(workers, scheduler)
    try:
        client.register_plugin(SpacyPlugin(model), name="detente-spacy")
        limit = 2 * max(1, len(client.scheduler_info().get("workers", {})) or workers)
        pending: set[Future] = set()
        for number, batch in enumerate(batches(items, batch_size)):
            fresh = select(batch)
            if not fresh:
                continue
            pending.add(
                client.submit(
                    process_shard, fresh, str(folder), f"{run}-{number:06d}", **options, pure=False
                )
            )
            if len(pending) >= limit:
                result = wait(pending, return_when="FIRST_COMPLETED")
                collect(result.done)
                pending = set(result.not_done)
        collect(wait(pending).done)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    try:
        if store is not None:
            summary.stored = load_shards(store, folder)
            summary.duplicates += max(0, parsed - summary.stored)
        else:
            summary.stored = parsed
    finally:
        if out_parquet is None:
            shutil.rmtree(folder, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = ["SpacyPlugin", "ingest_dask", "process_shard", "start_client"]
