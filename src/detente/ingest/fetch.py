"""Fetching pages over HTTP(S), politely: robots.txt, rate limits, retries, a disk cache.

A :class:`Fetcher` sends a user agent naming detente and its version, times
out, retries transient failures (connection errors, timeouts, HTTP 429 and
5xx) with exponential backoff (honouring ``Retry-After``), waits between two
requests to the same host (the larger of its own delay and the host's
robots.txt ``Crawl-delay``), honours robots.txt as RFC 9309 says, and keeps
every page it fetched in an on-disk cache, so that running again does not
fetch again. Feeds are revalidated (``If-None-Match`` / ``If-Modified-Since``)
instead of being read from the cache blindly.
"""

from __future__ import annotations

import email.utils
import hashlib
import json
import logging
import os
import time
import urllib.robotparser
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

import httpx

from detente import __version__
from detente.errors import InputError
from detente.ingest.common import ArticleDefaults, decode_bytes
from detente.ingest.html import extract_html
from detente.records import Article
from detente.settings import Settings, get_settings

log = logging.getLogger(__name__)

#: What detente says it is; robots.txt rules for ``detente`` apply to it.
ROBOTS_AGENT = "detente"
USER_AGENT = f"detente/{__version__} (news event extraction; honours robots.txt)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_RETRY_AFTER_S = 60.0


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/detente/fetch``, else ``~/.cache/detente/fetch``."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "detente" / "fetch"


@dataclass(frozen=True)
class FetchOptions:
    """How to fetch.

    Attributes:
        cache: folder of the on-disk cache, or ``None`` for no cache.
        timeout: seconds to wait for a connection or a read.
        retries: extra tries after a transient failure.
        backoff: seconds before the first retry; doubled at each further one.
        delay: least seconds between two requests to one host.
        robots: honour robots.txt (leave on unless the site is yours).
        max_bytes: larger responses are refused as "too large".
        user_agent: the ``User-Agent`` header.
    """

    cache: Path | None = field(default_factory=default_cache_dir)
    timeout: float = 30.0
    retries: int = 3
    backoff: float = 1.0
    delay: float = 1.0
    robots: bool = True
    max_bytes: int = 20 * 1024 * 1024
    user_agent: str = USER_AGENT

    @classmethod
    def from_settings(cls, settings: Settings | None = None) -> FetchOptions:
        """Options from the ``fetch_*`` settings, where the settings have them."""
        s = settings or get_settings()
        cache = str(getattr(s, "fetch_cache", "") or "")
        delay_ms = getattr(s, "fetch_delay_ms", None)
        timeout = getattr(s, "fetch_timeout", None)
        retries = getattr(s, "fetch_retries", None)
        defaults = cls()
        return cls(
            cache=_cache_folder(cache),
            delay=defaults.delay if delay_ms is None else int(delay_ms) / 1000,
            timeout=defaults.timeout if timeout is None else float(timeout),
            retries=defaults.retries if retries is None else int(retries),
        )


def _cache_folder(value: str) -> Path | None:
    """The cache folder a ``fetch_cache`` value names: ``off`` for none, empty for the default."""
    if value.strip().lower() in ("off", "none", "no", "0"):
        return None
    return Path(value).expanduser() if value.strip() else default_cache_dir()


@dataclass(frozen=True)
class Response:
    """A fetched resource.

    Attributes:
        url: the URL asked for.
        final_url: the URL after redirects.
        status: the HTTP status (200 for cache hits).
        content_type: media type without parameters, lower case.
        content: the body.
        from_cache: true when no request went out (or the server said 304).
        etag: the ``ETag`` header, for revalidation.
        last_modified: the ``Last-Modified`` header, for revalidation.
        retry_after: seconds the server asked to wait (``Retry-After``), if any.
    """

    url: str
    final_url: str
    status: int
    content_type: str
    content: bytes
    from_cache: bool = False
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None


def is_url(text: str) -> bool:
    """True for an ``http://`` or ``https://`` URL with a host."""
    parts = urlsplit(text.strip())
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _host(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class DiskCache:
    """Responses on disk: ``<folder>/<2 hex>/<sha256 of URL>.json`` and ``.body``."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _paths(self, url: str) -> tuple[Path, Path]:
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        base = self.folder / key[:2] / key
        return base.with_suffix(".json"), base.with_suffix(".body")

    def get(self, url: str) -> Response | None:
        """The cached response for ``url``, or ``None``."""
        meta_path, body_path = self._paths(url)
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
            body = body_path.read_bytes()
        except (OSError, ValueError):
            return None
        return Response(
            url=url, final_url=meta.get("final_url", url), status=int(meta.get("status", 200)),
            content_type=meta.get("content_type", ""), content=body, from_cache=True,
            etag=meta.get("etag"), last_modified=meta.get("last_modified"),
        )  # fmt: skip

    def put(self, response: Response) -> None:
        """Store a response (written atomically: a crash leaves no half entry)."""
        meta_path, body_path = self._paths(response.url)
        meta_path.parent.mkdir(parents=True, exist_ok=True)
        meta = {
            "url": response.url,
            "final_url": response.final_url,
            "status": response.status,
            "content_type": response.content_type,
            "etag": response.etag,
            "last_modified": response.last_modified,
            "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        }
        for path, data in ((body_path, response.content), (meta_path, json.dumps(meta).encode())):
            tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
            tmp.write_bytes(data)
            os.replace(tmp, path)


class Fetcher:
    """A polite HTTP client for pages and feeds (one per process; not thread-safe).

    Args:
        options: how to fetch (default: from the settings).
        sleep: the function that waits (tests pass a recorder).
        clock: a monotonic clock, in seconds.
    """

    def __init__(
        self,
        options: FetchOptions | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.options = options or FetchOptions.from_settings()
        self.cache = DiskCache(self.options.cache) if self.options.cache else None
        self.sleep = sleep
        self.clock = clock
        self.client = httpx.Client(
            headers={"User-Agent": self.options.user_agent},
            timeout=self.options.timeout,
            follow_redirects=True,
        )
        self._last_request: dict[str, float] = {}
        self._robots: dict[str, urllib.robotparser.RobotFileParser | None] = {}
        self.requests = 0

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        """Close the HTTP connections."""
        self.client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    # -- public --------------------------------------------------------------
    def get(self, url: str, *, revalidate: bool = False) -> Response:
        """Fetch a URL: from the cache when there (unless ``revalidate``), else politely.

        Args:
            url: an ``http(s)://`` URL.
            revalidate: ask the server whether the cached copy is still current
                (for feeds, which change); a 304 answer returns the cached copy.

        Raises:
            InputError: a bad URL, robots.txt forbids it, an HTTP error, too
                many failures, or a body over ``max_bytes``.
        """
        if not is_url(url):
            raise InputError(url, "bad URL", "expected an http:// or https:// URL")
        cached = self.cache.get(url) if self.cache else None
        if cached is not None and not revalidate:
            return cached
        if self.options.robots and not self.allowed(url):
            raise InputError(url, "disallowed by robots.txt", f"{_host(url)}/robots.txt")
        headers = {}
        if cached is not None and cached.etag:
            headers["If-None-Match"] = cached.etag
        if cached is not None and cached.last_modified:
            headers["If-Modified-Since"] = cached.last_modified
        response = self._request(url, headers)
        if response.status == 304 and cached is not None:
            return cached
        if response.status != 200:
            raise InputError(url, f"HTTP {response.status}", _reason(response.status))
        if self.cache:
            self.cache.put(response)
        return response

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets detente fetch ``url`` (RFC 9309, 2.3.1).

        A missing robots.txt (any 4xx) allows everything; an unreachable one
        (5xx or network failure, after retries) forbids everything.
        """
        rules = self._robots_for(url)
        return rules is not None and rules.can_fetch(ROBOTS_AGENT, url)

    # -- internals -----------------------------------------------------------
    def _robots_for(self, url: str) -> urllib.robotparser.RobotFileParser | None:
        host = _host(url)
        if host in self._robots:
            return self._robots[host]
        rules: urllib.robotparser.RobotFileParser | None = None
        try:
            response = self._request(f"{host}/robots.txt", {})
        except InputError as exc:
            log.warning("%s/robots.txt unreachable (%s): not fetching from that host", host, exc)
        else:
            if response.status == 200 or 400 <= response.status < 500:
                rules = urllib.robotparser.RobotFileParser()
                text = response.content.decode("utf-8", "replace") if response.status == 200 else ""
                rules.parse(text.splitlines())
            else:
                log.warning(
                    "%s/robots.txt gave HTTP %d: not fetching from that host", host, response.status
                )
        self._robots[host] = rules
        return rules

    def _host_delay(self, url: str) -> float:
        rules = self._robots.get(_host(url))
        crawl_delay = rules.crawl_delay(ROBOTS_AGENT) if rules is not None else None
        return max(self.options.delay, float(crawl_delay or 0))

    def _wait_turn(self, url: str) -> None:
        host = _host(url)
        last = self._last_request.get(host)
        if last is not None:
            wait = last + self._host_delay(url) - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last_request[host] = self.clock()

    def _request(self, url: str, headers: dict[str, str]) -> Response:
        """One GET with retries; returns any final status (the caller judges it)."""
        tries = self.options.retries + 1
        for attempt in range(tries):
            self._wait_turn(url)
            self.requests += 1
            try:
                response = self._send(url, headers)
            except httpx.TransportError as exc:
                if attempt + 1 >= tries:
                    raise InputError(
                        url, "fetch failed", f"{type(exc).__name__} after {tries} tries"
                    ) from exc
                self.sleep(self.options.backoff * 2**attempt)
                continue
            if response.status in RETRY_STATUSES and attempt + 1 < tries:
                self.sleep(self._retry_wait(response, attempt))
                continue
            return response
        raise AssertionError("unreachable")  # pragma: no cover

    def _retry_wait(self, response: Response, attempt: int) -> float:
        """Exponential backoff, or the server's ``Retry-After`` when it asks for longer."""
        return max(self.options.backoff * 2**attempt, response.retry_after or 0.0)

    def _send(self, url: str, headers: dict[str, str]) -> Response:
        with self.client.stream("GET", url, headers=headers) as reply:
            chunks: list[bytes] = []
            size = 0
            if reply.status_code == 200:
                for chunk in reply.iter_bytes():
                    size += len(chunk)
                    if size > self.options.max_bytes:
                        raise InputError(url, "too large", f"over {self.options.max_bytes:,} bytes")
                    chunks.append(chunk)
            return Response(
                url=url,
                final_url=str(reply.url),
                status=reply.status_code,
                content_type=reply.headers.get("Content-Type", "").split(";", 1)[0].strip().lower(),
                content=b"".join(chunks),
                etag=reply.headers.get("ETag"),
                last_modified=reply.headers.get("Last-Modified"),
                retry_after=_retry_after(reply.headers.get("Retry-After")),
            )


def _retry_after(value: str | None) -> float | None:
    """Seconds from a ``Retry-After`` header (seconds or an HTTP date), capped."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return min(float(text), MAX_RETRY_AFTER_S)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, min(when.timestamp() - time.time(), MAX_RETRY_AFTER_S))


def _reason(status: int) -> str:
    try:
        from http import HTTPStatus

        return HTTPStatus(status).phrase
    except ValueError:
        return ""


@lru_cache(maxsize=1)
def default_fetcher() -> Fetcher:
    """The process's fetcher, with options from the settings."""
    return Fetcher()


def looks_html(response: Response) -> bool:
    """True when a response is an HTML page (by type, else by its first bytes)."""
    if response.content_type in HTML_TYPES:
        return True
    if response.content_type and not response.content_type.startswith("text/"):
        return False
    head = response.content[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


def page_article(response: Response, defaults: ArticleDefaults) -> Article:
    """The article of a fetched HTML page.

    Raises:
        InputError: the response is not HTML, or holds no article text.
    """
    if not looks_html(response):
        raise InputError(
            response.url, "not HTML", f"content type {response.content_type or 'unknown'}"
        )
    return extract_html(response.content, response.url, defaults, url=response.final_url)


def read_urls(
    urls: Iterable[str],
    defaults: ArticleDefaults,
    *,
    feed_text: bool = False,
    fetcher: Fetcher | None = None,
) -> Iterator[Article | InputError]:
    """Fetch each URL and read it: an HTML page as one article, a feed as its items.

    Args:
        urls: ``http(s)://`` URLs.
        defaults: metadata from the command line.
        feed_text: for feeds, take each item's own text instead of fetching its page.
        fetcher: the fetcher (default: the process's, from the settings).
    """
    from detente.ingest.feed import looks_like_feed, read_feed_bytes  # feed imports this module

    client = fetcher or default_fetcher()
    for url in urls:
        try:
            response = client.get(url)
            if looks_like_feed(response.content, response.content_type):
                yield from read_feed_bytes(
                    response.content, url, defaults, feed_text=feed_text, fetcher=client
                )
            else:
                yield page_article(response, defaults)
        except InputError as exc:
            yield exc


def read_url_list(
    path: Path,
    defaults: ArticleDefaults,
    *,
    feed_text: bool = False,
    fetcher: Fetcher | None = None,
) -> Iterator[Article | InputError]:
    """Read a file of URLs (one a line; blank lines and ``#`` comments skipped) and fetch them.

    A line that is not an ``http(s)://`` URL is reported as ``path:line``.
    """
    origin = str(path)
    try:
        text = decode_bytes(path.read_bytes(), origin)
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(origin, "unreadable", exc.strerror or str(exc))
        return
    for number, line in enumerate(text.splitlines(), start=1):
        url = line.strip()
        if not url or url.startswith("#"):
            continue
        if not is_url(url):
            yield InputError(f"{origin}:{number}", "bad URL", f"{url[:60]!r} is not http(s)://")
            continue
        yield from read_urls([url], defaults, feed_text=feed_text, fetcher=fetcher)
