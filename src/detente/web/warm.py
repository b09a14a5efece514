"""Warming: the dashboard computes its most visited answers before anyone asks.

After each new data version of the snapshot (see
:attr:`~detente.web.snapshot.SnapshotStore.version`), a background task
computes, in this order and up to a budget of answers (the ``serve_warm``
setting, ``0``: no warming):

1. the overview (page and ``/api/overview``), the pair list, the search and API pages;
2. the :data:`WARM_PAIRS` most active pairs: their page and their API
   answers at default parameters (relations, timeline, events, quotes, chart);
3. the newest events (page and API), each followed by its article (page and
   API) the first time the article comes up.

Each answer goes through the same path as a client's request (the same
cache, the same computing turns), and takes a turn only when no client is
waiting for one: clients are never served later because of it. Warming
stops as soon as the data moves on, and starts again on the new version.
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import quote, unquote

import anyio

from detente.analysis.browse import EventFilter, search_events
from detente.analysis.relations import active_pairs
from detente.web.cache import AnswerCache, Message, Scope
from detente.web.snapshot import Reader, SnapshotStore

log = logging.getLogger(__name__)

WARM_PAIRS = 20
"""Pairs whose page and API answers are warmed (the most active first)."""
POLL_S = 0.5
"""Seconds between two looks at the snapshot's data version."""


def warm_urls(db: Reader, budget: int) -> list[str]:
    """The URLs to warm, most visited first (see the module docstring), at most ``budget``."""
    urls = ["/", "/api/overview", "/api/pairs", "/search", "/docs"]
    for p in active_pairs(db, limit=WARM_PAIRS):
        a, b = quote(p.a, safe=""), quote(p.b, safe="")
        urls += [f"/pair/{a}/{b}"] + [
            f"/api/pairs/{a}/{b}/{part}"
            for part in ("relations", "timeline", "events", "quotes", "chart")
        ]
    docs: set[str] = set()
    page = search_events(db, EventFilter(), limit=max(1, budget // 2), order="date")
    for e in page.items:
        if len(urls) >= budget:
            break
        eid = quote(e.id, safe="")
        urls += [f"/event/{eid}", f"/api/events/{eid}"]
        if e.doc_id not in docs:
            docs.add(e.doc_id)
            did = quote(e.doc_id, safe="")
            urls += [f"/article/{did}", f"/api/articles/{did}"]
    return urls[:budget]


def _scope(app: object, url: str) -> Scope:
    raw, _, query = url.partition("?")
    path = unquote(raw)
    return {"app": app,
        "type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"}, "http_version": "1.1",
        "method": "GET", "scheme": "http", "path": path, "raw_path": raw.encode(),
        "root_path": "", "query_string": query.encode(), "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 0), "server": ("localhost", 80), "state": {},
    }  # fmt: skip


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


class Warmer:
    """The background task that warms the answers of each new data version.

    Args:
        answers: the dashboard's answer cache middleware.
        snapshot: the dashboard's snapshot.
        budget: the most answers warmed per data version (``0``: none).
        app: the application the answers come from (``request.app`` of a warming request).
    """

    def __init__(
        self, answers: AnswerCache, snapshot: SnapshotStore, budget: int, app: object
    ) -> None:
        self.app = app
        self.answers = answers
        self.snapshot = snapshot
        self.budget = budget
        self.warmed_version: int | None = None
        self.warmed = 0
        self._stopping = False

    def stop(self) -> None:
        """Ask :meth:`run` to return (at its next step)."""
        self._stopping = True

    async def run(self) -> None:
        """Warm each new data version, until stopped (:meth:`stop`) or cancelled."""
        while self.budget > 0 and not self._stopping:
            version = self.snapshot.version
            if version and version != self.warmed_version:
                try:
                    await self.warm(version)
                except Exception:  # a failing page must not stop the dashboard
                    log.exception("warming the dashboard's answers failed")
                    self.warmed_version = version
            await asyncio.sleep(POLL_S)

    async def warm(self, version: int) -> None:
        """Compute the answers of :func:`warm_urls` not kept yet, on ``version``."""

        def urls() -> list[str]:
            with self.snapshot.reader() as db:
                return warm_urls(db, self.budget)

        done = 0
        for url in await anyio.to_thread.run_sync(urls):
            if self._stopping or self.snapshot.version != version:
                return  # stopping, or the data moved on: start again on the new version
            scope = _scope(self.app, url)
            key = self.answers.key(scope["path"], scope["query_string"])
            if key in self.answers.cache:
                continue
            await self.answers.compute(scope, _no_body, key, background=True)
            done += 1
        self.warmed_version, self.warmed = version, done
        log.info("warmed %d answers of data version %d", done, version)
