"""``detente watch``: poll feeds at an interval and ingest what is new (see docs/scale.md)."""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import click

from detente.commands._output import db_option
from detente.engine.local import IngestSummary, ingest
from detente.ingest.common import ArticleDefaults
from detente.ingest.feed import FeedWatcher
from detente.ingest.fetch import Fetcher
from detente.settings import Settings, get_settings
from detente.store import Store

log = logging.getLogger(__name__)

_INTERVAL = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d)?\s*$", re.I)
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def parse_interval(text: str) -> float:
    """Seconds in an interval such as ``15m``, ``1h``, ``30s``, ``2d`` or ``900``.

    Raises:
        click.BadParameter: any other text.
    """
    match = _INTERVAL.match(text)
    if not match:
        raise click.BadParameter(f"{text!r} is not an interval like 15m, 1h or 30s")
    return float(match.group(1)) * _UNITS[(match.group(2) or "s").lower()]


def watch_feeds(
    feeds: Sequence[str],
    db: Path,
    *,
    every: float,
    feed_text: bool = False,
    max_polls: int | None = None,
    settings: Settings | None = None,
    fetcher: Fetcher | None = None,
    on_poll: Callable[[int, IngestSummary], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> int:
    """Poll feeds every ``every`` seconds and ingest their new items; returns polls made.

    The store is opened for each poll only, so other commands can read it
    between polls. Items seen in an earlier poll, or whose URL is already
    stored, are not fetched again.
    """
    s = settings or get_settings()
    watcher = FeedWatcher(feeds, feed_text=feed_text, fetcher=fetcher)
    polls = 0
    while max_polls is None or polls < max_polls:
        started = time.monotonic()
        with Store(db) as store:
            watcher.known = store.existing_ids
            summary = ingest(
                watcher.poll(ArticleDefaults()),
                store,
                workers=s.workers,
                batch_size=s.batch_size,
                model=s.model,
                extra_actors=tuple(s.actors),
            )
        polls += 1
        if on_poll:
            on_poll(polls, summary)
        if max_polls is not None and polls >= max_polls:
            break
        sleep(max(0.0, every - (time.monotonic() - started)))
    return polls


@click.command("watch")
@click.argument("feeds", nargs=-1, required=True)
@click.option(
    "--every",
    default="15m",
    show_default=True,
    help="Time between polls: 30s, 15m, 1h, 1d (or seconds).",
)
@db_option
@click.option("--feed-text", is_flag=True, help="Use each item's own text; do not fetch its page.")
@click.option(
    "--max-polls",
    type=click.IntRange(min=1),
    default=None,
    help="Stop after N polls [default: run until interrupted].",
)
def watch(
    feeds: tuple[str, ...], every: str, db: Path | None, feed_text: bool, max_polls: int | None
) -> None:
    """Poll RSS/Atom FEEDS (URLs or files) and ingest the items that are new.

    Each poll fetches every feed (revalidating it), reads the items not seen
    before and not already stored, and stores them; a line per poll says
    what came in. Stop with Ctrl-C.

    \b
    Example:
      detente watch https://www.theguardian.com/world/rss --every 15m
      detente watch feeds/*.rss --feed-text --every 1h --max-polls 24 --db news.duckdb
    """
    seconds = parse_interval(every)
    settings = get_settings()

    def report(number: int, summary: IngestSummary) -> None:
        stamp = datetime.now().strftime("%Y-%m-%d %H:%M:%S")
        click.echo(f"[{stamp}] poll {number}: {summary.text()}")

    try:
        watch_feeds(
            feeds, db or settings.db, every=seconds, feed_text=feed_text, max_polls=max_polls,
            settings=settings, on_poll=report,
        )  # fmt: skip
    except KeyboardInterrupt:
        click.echo("stopped")


COMMANDS = [watch]
