"""The local engine: read, deduplicate, parse (in N processes), store in batches.

Each batch of articles is stored in one transaction, so an interrupted run
keeps every batch it finished and nothing half-written; running again skips
what is stored (by article id) and carries on.
"""

from __future__ import annotations

import logging
import multiprocessing
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from detente.engine.process import process_articles
from detente.errors import DetenteError, InputError, NotAnArticle
from detente.records import Article, ParsedArticle
from detente.store import Store

log = logging.getLogger(__name__)

ProgressCallback = Callable[[int, int], None]


@dataclass
class IngestSummary:
    """What an ingest run did.

    Attributes:
        read: articles read (and items that failed to read).
        stored: articles newly stored.
        duplicates: articles skipped because already stored (or repeated in the input).
        failed: input items that could not be read, with reasons counted.
        skipped: input items that are not articles (WARC requests, images...), by kind.
        tokens: tokens parsed.
        seconds: wall time.
    """

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    failed: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    tokens: int = 0
    seconds: float = 0.0
    events: int = 0
    quotes: int = 0
    actors: int = 0
    sentences: int = 0

    @property
    def n_failed(self) -> int:
        """Number of input items that failed."""
        return sum(self.failed.values())

    def text(self) -> str:
        """A one-paragraph summary for people."""
        rate = self.read / self.seconds if self.seconds > 0 else 0.0
        parts = [
            f"Read {self.read:,} item{'s' * (self.read != 1)} in {self.seconds:.1f} s "
            f"({rate:.1f} articles/s): {self.stored:,} stored, "
            f"{self.duplicates:,} skipped as duplicates, {self.n_failed:,} failed"
        ]
        if self.failed:
            reasons = ", ".join(f"{n:,} {reason}" for reason, n in self.failed.most_common())
            parts[0] += f" ({reasons})"
        if self.skipped:
            parts[0] += f"; {sum(self.skipped.values()):,} records were not articles"
        parts[0] += "."
        if self.stored:
            parts.append(
                f"New: {self.sentences:,} sentences, {self.actors:,} actor mentions, "
                f"{self.events:,} events, {self.quotes:,} quotes."
            )
        return " ".join(parts)


def batches(
    items: Iterable[Article | InputError], size: int
) -> Iterator[list[Article | InputError]]:
    """Group read items into batches holding ``size`` articles each (errors ride along)."""
    batch: list[Article | InputError] = []
    for item in items:
        batch.append(item)
        if sum(isinstance(i, Article) for i in batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class Selector:
    """Counts a batch of read items and keeps the articles not stored yet.

    Shared by every engine: input errors are counted by reason (and raised
    under ``strict``), records that are not articles are counted as skipped,
    articles already stored or repeated in the input count as duplicates.

    Args:
        summary: the run's summary, updated in place.
        stored: returns the subset of ids already stored.
        strict: raise the first input error.
        known: ids to treat as stored already.
    """

    def __init__(
        self,
        summary: IngestSummary,
        stored: Callable[[Iterable[str]], set[str]],
        *,
        strict: bool = False,
        known: set[str] | None = None,
    ) -> None:
        self.summary = summary
        self.stored = stored
        self.strict = strict
        self.seen: set[str] = known if known is not None else set()

    def __call__(self, batch: list[Article | InputError]) -> list[Article]:
        """The fresh articles of one batch, in order."""
        summary = self.summary
        known = self.stored(i.id for i in batch if isinstance(i, Article))
        fresh: list[Article] = []
        for item in batch:
            summary.read += 1
            if isinstance(item, NotAnArticle):
                summary.skipped[item.detail or item.reason] += 1
                log.debug("not an article: %s", item)
            elif isinstance(item, InputError):
                if self.strict:
                    raise item
                summary.failed[item.reason] += 1
                log.warning("skipped %s", item)
            elif item.id in known or item.id in self.seen:
                summary.duplicates += 1
            else:
                self.seen.add(item.id)
                fresh.append(item)
        return fresh


def _init_worker(model: str | None) -> None:
    from detente.nlp import load_pipeline

    load_pipeline(model)


def ingest(
    items: Iterable[Article | InputError],
    store: Store,
    *,
    workers: int = 1,
    batch_size: int = 64,
    model: str | None = None,
    extra_actors: tuple[Any, ...] = (),
    strict: bool = False,
    progress: ProgressCallback | None = None,
) -> IngestSummary:
    """Ingest articles into a store.

    Args:
        items: articles and input errors, as the readers yield them.
        store: an open, writable store.
        workers: processes that parse (1 = in this process).
        batch_size: articles per parse batch and per transaction.
        model: spaCy model name.
        extra_actors: extra actor dictionaries for the extractors.
        strict: raise on the first input error instead of skipping it.
        progress: called with (items done, articles stored) after each batch.

    Raises:
        InputError: with ``strict``, the first bad input.
    """
    summary = IngestSummary()
    started = time.perf_counter()
    select = Selector(summary, store.existing_ids, strict=strict)

    def write(parsed: list[ParsedArticle]) -> None:
        summary.stored += store.add(parsed)
        for p in parsed:
            summary.tokens += p.n_tokens
            summary.sentences += len(p.sentences)
            summary.actors += len(p.extraction.actors)
            summary.events += len(p.extraction.events)
            summary.quotes += len(p.extraction.quotes)
        if progress:
            progress(summary.read, summary.stored)

    options: dict[str, Any] = {
        "model": model,
        "batch_size": batch_size,
        "extra_actors": extra_actors,
    }
    if workers <= 1:
        for batch in batches(items, batch_size):
            fresh = select(batch)
            write(process_articles(fresh, **options) if fresh else [])
    else:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_init_worker, initargs=(model,)
        ) as pool:
            pending: deque[Future[list[ParsedArticle]]] = deque()
            for batch in batches(items, batch_size):
                fresh = select(batch)
                if fresh:
                    pending.append(pool.submit(process_articles, fresh, **options))
                elif progress:
                    progress(summary.read, summary.stored)
                while len(pending) > workers * 2 or (pending and pending[0].done()):
                    write(pending.popleft().result())
            while pending:
                write(pending.popleft().result())
    summary.seconds = time.perf_counter() - started
    return summary


__all__ = ["DetenteError", "IngestSummary", "Selector", "batches", "ingest"]
