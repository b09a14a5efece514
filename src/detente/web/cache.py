"""The dashboard's answer cache: kept answers served before the app, one computation per URL.

:class:`AnswerCache` is a plain ASGI middleware in front of the routes:

- a ``GET`` whose answer is kept (same URL, same data version of the
  snapshot, see :attr:`~detente.web.snapshot.SnapshotStore.version`) is
  answered from memory, without routing, validation, a thread or a query;
- an answer not kept is computed once however many clients ask for it at
  the same moment (the others wait for it), and at most ``workers``
  answers are computed at once, the rest waiting their turn in order of
  arrival: on a small machine, many computations at once only share the CPU
  and make every one of them slow;
- a page's status notice and "read at" time are filled in as it leaves
  (:func:`detente.web.pages.fill_status`), so a kept page always shows the
  snapshot's status of the moment, and a writer starting on the store does
  not empty the cache;
- every answer gets the security headers (Content-Security-Policy,
  ``nosniff``).

Answers to ``/static``, ``/api/status`` and other methods than ``GET`` are
never kept. Only ``200`` answers are kept.
"""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode

import anyio

from detente.web.pages import FILL_HEADER, fill_status
from detente.web.snapshot import SnapshotStore

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
Headers = Sequence[tuple[bytes, bytes]]
CacheKey = tuple[int, str, str, bytes]

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'"
)
NOT_KEPT = ("/static", "/api/status")
COMPUTE_SLOTS = 2
"""Answers computed at once (the others wait their turn)."""

_FILL = FILL_HEADER.encode()


class ResponseCache:
    """Successful GET answers of the current data version, least recently used dropped first.

    The key's first two parts name the data the answer was computed on (the
    snapshot's data version); a key with other ones empties the cache.

    Args:
        max_bytes: the most body bytes kept.
        max_body: larger answers are not kept.
    """

    def __init__(self, max_bytes: int = 64 * 1024 * 1024, max_body: int = 1024 * 1024) -> None:
        self.max_bytes = max_bytes
        self.max_body = max_body
        self._entries: OrderedDict[CacheKey, tuple[bytes, Headers]] = OrderedDict()
        self._bytes = 0
        self._state: tuple[int, str] | None = None

    def get(self, key: CacheKey) -> tuple[bytes, Headers] | None:
        """The kept ``(body, headers)`` for ``key``, or ``None``."""
        if self._state is None or key[:2] > self._state:  # newer data: forget the old answers
            self._entries.clear()
            self._bytes = 0
            self._state = key[:2]
            return None
        if key[:2] != self._state:  # a request that started before the data moved on
            return None
        found = self._entries.get(key)
        if found is not None:
            self._entries.move_to_end(key)
        return found

    def __contains__(self, key: CacheKey) -> bool:
        return self._state == key[:2] and key in self._entries

    def put(self, key: CacheKey, body: bytes, headers: Headers) -> None:
        """Keep an answer (unless it is too large, or the data moved on since)."""
        if len(body) > self.max_body:
            return
        if self._state is None or key[:2] > self._state:  # first answer of newer data
            self._entries.clear()
            self._bytes = 0
            self._state = key[:2]
        elif self._state != key[:2]:
            return
        replaced = self._entries.pop(key, None)
        if replaced is not None:
            self._bytes -= len(replaced[0])
        self._entries[key] = (body, tuple(headers))
        self._bytes += len(body)
        while self._bytes > self.max_bytes and self._entries:
            _, (dropped, _) = self._entries.popitem(last=False)
            self._bytes -= len(dropped)


@dataclass(frozen=True)
class Answer:
    """A computed answer: status, headers (without ``content-length``), body."""

    status: int
    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes


@dataclass
class _LoopState:
    """What lives on one event loop: the turns and the answers being computed."""

    slots: asyncio.Semaphore
    waiting: int = 0
    inflight: dict[CacheKey, asyncio.Future[Answer]] = field(default_factory=dict)


def security_headers(path: str, headers: Headers) -> list[tuple[bytes, bytes]]:
    """``headers`` plus the Content-Security-Policy (not on ``/docs``) and ``nosniff``."""
    out = list(headers)
    names = {k.lower() for k, _ in out}
    if not path.startswith("/docs") and b"content-security-policy" not in names:
        out.append((b"content-security-policy", CSP.encode()))
    if b"x-content-type-options" not in names:
        out.append((b"x-content-type-options", b"nosniff"))
    return out


def form_query(query: bytes) -> bytes:
    """A page's query string without empty fields (HTML forms send them; a page ignores them)."""
    pairs = parse_qsl(query.decode("latin-1"), keep_blank_values=True)
    return urlencode([(k, v) for k, v in pairs if v.strip()]).encode()


class AnswerCache:
    """ASGI middleware: the answer cache and the computing turns (see the module docstring).

    Args:
        app: the application behind it.
        snapshot: the dashboard's snapshot (its data version keys the cache).
        cache: where answers are kept.
        workers: answers computed at once.
        owner: an object (the app's ``state``) that gets this middleware as ``answers``.
    """

    def __init__(
        self,
        app: ASGIApp,
        snapshot: SnapshotStore,
        cache: ResponseCache,
        workers: int = COMPUTE_SLOTS,
        owner: Any = None,
    ) -> None:
        if owner is not None:
            owner.answers = self
        self.app = app
        self.snapshot = snapshot
        self.cache = cache
        self.workers = max(1, workers)
        self._loops: dict[int, _LoopState] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if not path.startswith("/api") and scope.get("query_string"):
            scope["query_string"] = form_query(scope["query_string"])
        if scope["method"] != "GET" or path.startswith(NOT_KEPT):
            await self.app(scope, receive, self._finishing(path, send))
            return
        if self.snapshot.check_due():  # else no thread hop: a kept answer needs none
            await anyio.to_thread.run_sync(self.snapshot.refresh)
        key = self.key(path, scope.get("query_string", b""))
        found = self.cache.get(key)
        if found is not None:
            await self._send(send, path, Answer(200, tuple(found[1]), found[0]), b"hit")
            return
        answer = await self.compute(scope, receive, key)
        await self._send(send, path, answer, b"miss" if answer.status == 200 else None)

    def key(self, path: str, query: bytes) -> CacheKey:
        """The cache key of a URL on the current data version."""
        return (self.snapshot.version, "", path, query)

    async def compute(
        self, scope: Scope, receive: Receive, key: CacheKey, *, background: bool = False
    ) -> Answer:
        """The answer for ``key``: computed in turn, or the one being computed for it.

        ``background``: a warming request, which takes a turn only when no
        client is waiting for one.
        """
        state = self._state()
        if background:  # a free turn first, so that no client waits behind a warming
            while state.waiting or state.slots.locked():
                await asyncio.sleep(0.02)
        pending = state.inflight.get(key)
        if pending is not None:
            try:
                return await asyncio.shield(pending)
            except asyncio.CancelledError:
                task = asyncio.current_task()
                if not pending.cancelled() or (task is not None and task.cancelling()):
                    raise
                # the computation we waited for was abandoned: compute it ourselves
        future: asyncio.Future[Answer] = asyncio.get_running_loop().create_future()
        future.add_done_callback(_retrieve)
        state.inflight[key] = future
        try:
            state.waiting += 1
            try:
                await state.slots.acquire()
            finally:
                state.waiting -= 1
            try:
                answer = await self._run(scope, receive)
            finally:
                state.slots.release()
            if answer.status == 200:
                self.cache.put(key, answer.body, answer.headers)
            future.set_result(answer)
            return answer
        except asyncio.CancelledError:
            future.cancel()
            raise
        except BaseException as exc:
            future.set_exception(exc)
            raise
        finally:
            if state.inflight.get(key) is future:
                del state.inflight[key]

    def _state(self) -> _LoopState:
        loop = id(asyncio.get_running_loop())
        state = self._loops.get(loop)
        if state is None:  # one app may serve on several loops in turn (tests)
            self._loops = {loop: _LoopState(asyncio.Semaphore(self.workers))}
            state = self._loops[loop]
        return state

    async def _run(self, scope: Scope, receive: Receive) -> Answer:
        status = 500
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status = int(message["status"])
                headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])
                           if bytes(k).lower() != b"content-length"]  # fmt: skip
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))

        await self.app(scope, receive, capture)
        return Answer(status, tuple(headers), b"".join(chunks))

    async def _send(self, send: Send, path: str, answer: Answer, kept: bytes | None) -> None:
        headers, body = list(answer.headers), answer.body
        if any(k == _FILL for k, _ in headers):
            body = fill_status(body, self.snapshot.status())
            headers = [(k, v) for k, v in headers if k != _FILL]
        headers.append((b"content-length", str(len(body)).encode()))
        if kept:
            headers.append((b"x-detente-cache", kept))
        await send({"type": "http.response.start", "status": answer.status,
                    "headers": security_headers(path, headers)})  # fmt: skip
        await send({"type": "http.response.body", "body": body})

    def _finishing(self, path: str, send: Send) -> Send:
        """``send`` adding the security headers, and filling pages (buffered) that ask for it."""
        held: dict[str, Any] = {}

        async def finishing(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(bytes(k), bytes(v)) for k, v in message.get("headers", [])]
                if any(k == _FILL for k, _ in headers):
                    held["start"], held["body"] = message, []
                    return
                await send({**message, "headers": security_headers(path, headers)})
            elif message["type"] == "http.response.body" and "start" in held:
                held["body"].append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    start = held.pop("start")
                    kept = tuple((k, v) for k, v in start.get("headers", [])
                                 if bytes(k).lower() != b"content-length")  # fmt: skip
                    answer = Answer(int(start["status"]), kept, b"".join(held.pop("body")))
                    await self._send(send, path, answer, None)
            else:
                await send(message)

        return finishing


def _retrieve(future: asyncio.Future[Answer]) -> None:
    """Mark a failure as seen (whoever waited got it), so asyncio does not log it again."""
    if not future.cancelled():
        future.exception()
