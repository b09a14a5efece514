"""RSS and Atom feeds (feedparser), from a file or a URL.

Each item becomes one article: by default the page its link points to,
fetched politely (:mod:`detente.ingest.fetch`) and read with the HTML reader;
with ``feed_text`` the item's own text (its ``content``, else its summary),
for feeds that carry whole articles or when fetching is not wanted. The
item's date is the article's publication date unless one was given on the
command line. An HTML page given as a feed is refused with a clear error that
names the page's own feed link when it has one.
"""

from __future__ import annotations

import calendar
import dataclasses
import logging
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path
from typing import Any

from detente.errors import InputError
from detente.ingest.common import ArticleDefaults, bom_encoding, make_article, read_capped
from detente.ingest.fetch import Fetcher, default_fetcher, page_article
from detente.ingest.html import MAX_PAGE_BYTES, check_page_bytes
from detente.records import Article, article_id

log = logging.getLogger(__name__)

FEED_TYPES = (
    "application/rss+xml", "application/atom+xml", "application/rdf+xml",
    "application/xml", "text/xml", "application/feed+json",
)  # fmt: skip
_FEED_START = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*<(rss|feed|rdf:RDF)\b", re.S)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html)\b", re.S | re.I)
_XML_ENCODING = re.compile(r"(<\?xml[^>]*?)\s+encoding\s*=\s*[\"'][^\"']*[\"']")
_ALTERNATE = re.compile(rb"<link\b[^>]*type=[\"']application/(?:rss|atom)\+xml[\"'][^>]*>", re.I)
_HREF = re.compile(rb"href=[\"']([^\"']+)[\"']", re.I)
#: Block elements of an item's HTML: each is a paragraph of the article text.
BLOCK_TAGS = frozenset(
    (
        "p",
        "div",
        "li",
        "blockquote",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "pre",
        "td",
        "figcaption",
        "section",
        "article",
        "ul",
        "ol",
        "table",
    )
)
#: A paragraph whose text is mostly link text is navigation ("Related: ...", "Continue reading").
MAX_LINK_SHARE = 0.5


@dataclass(frozen=True)
class FeedItem:
    """One item of a feed.

    Attributes:
        link: the item's page, or ``None``.
        title: its title.
        published: its date (``published``, else ``updated``).
        html: its content, else its summary (HTML or plain text).
        key: what identifies it across polls (guid, else link, else title).
    """

    link: str | None
    title: str | None
    published: date | None
    html: str
    key: str


@dataclass(frozen=True)
class Feed:
    """A parsed feed: its title and items, in the feed's order."""

    title: str | None
    items: tuple[FeedItem, ...]


def looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """True when bytes (with their media type, if known) are an RSS or Atom feed."""
    if _HTML_START.match(data[:4096]):
        return False
    return content_type in FEED_TYPES or bool(
        _FEED_START.match(data[:4096].lstrip(b"\xef\xbb\xbf"))
    )


def _html_page_error(data: bytes, origin: str) -> InputError:
    found = _ALTERNATE.search(data[:200_000])
    href = _HREF.search(found.group(0)) if found else None
    hint = (
        f"its feed is at {href.group(1).decode('utf-8', 'replace')}"
        if href
        else "give the URL of its RSS or Atom feed"
    )
    return InputError(origin, "not a feed", f"this is an HTML page, not RSS or Atom; {hint}")


def _as_utf8(data: bytes, origin: str) -> bytes:
    """A UTF-16/32 feed (byte-order mark) as UTF-8 with its encoding declaration dropped.

    feedparser cannot read UTF-16 without a declaration, which XML does not require.
    """
    encoding = bom_encoding(data)
    if encoding not in ("utf-16", "utf-32"):
        return data
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputError(origin, "invalid encoding", f"bad {encoding}: {exc.reason}") from exc
    return _XML_ENCODING.sub(r"\1", text, count=1).encode("utf-8")


def _date(entry: Any) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        value = entry.get(key)
        if value:
            return datetime.fromtimestamp(calendar.timegm(value), UTC).date()
    return None


def parse_feed(data: bytes, origin: str) -> Feed:
    """Parse an RSS or Atom feed (never fetches anything: bytes only).

    Raises:
        InputError: an HTML page, or bytes that are not a feed.
    """
    import feedparser

    data = _as_utf8(data, origin)
    if _HTML_START.match(data[:4096]):
        raise _html_page_error(data, origin)
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        problem = parsed.get("bozo_exception")
        raise InputError(origin, "not a feed", str(problem)[:80] if problem else "no RSS or Atom")
    if parsed.get("bozo"):
        log.debug("%s: feed is not well formed (%s)", origin, parsed.get("bozo_exception"))
    items = []
    for entry in parsed.entries:
        content = entry.get("content") or []
        html = (content[0].get("value") if content else None) or entry.get("summary") or ""
        link = (entry.get("link") or "").strip() or None
        title = (entry.get("title") or "").strip() or None
        key = entry.get("id") or link or title or html[:200]
        items.append(FeedItem(link, title, _date(entry), html, str(key)))
    return Feed((parsed.feed.get("title") or "").strip() or None, tuple(items))


def _block_text(element: Any) -> tuple[str, int]:
    text = " ".join(element.text_content().split())
    links = sum(len(" ".join(a.text_content().split())) for a in element.iter("a"))
    return text, links


def fragment_text(html: str) -> str:
    """The prose of an item's HTML: one paragraph per block, navigation-like blocks dropped.

    A block whose text is mostly link text ("Related: ...", "Continue
    reading...") is left out; plain text comes back as it is.
    """
    import lxml.html
    from lxml.etree import ParserError

    if "<" not in html:
        return html.strip()
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return html.strip()
    for bad in root.xpath(".//script|.//style|.//figure|.//img"):
        bad.drop_tree()
    blocks: list[tuple[str, int]] = []

    def walk(element: Any) -> None:
        loose = [element.text or ""]
        loose_links = 0
        for child in element:
            if not isinstance(child.tag, str):
                loose.append(child.tail or "")
            elif child.tag in BLOCK_TAGS:
                blocks.append((" ".join(" ".join(loose).split()), loose_links))
                loose, loose_links = [], 0
                if any(
                    isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in child.iterdescendants()
                ):
                    walk(child)
                else:
                    blocks.append(_block_text(child))
                loose.append(child.tail or "")
            else:
                text, links = _block_text(child)
                loose.append(text)
                loose_links += links if child.tag != "a" else len(text)
                loose.append(child.tail or "")
        blocks.append((" ".join(" ".join(loose).split()), loose_links))

    walk(root)
    kept = [text for text, links in blocks if text and links / len(text) < MAX_LINK_SHARE]
    return "\n\n".join(kept)


def item_article(
    item: FeedItem, feed: Feed, origin: str, defaults: ArticleDefaults, *, fetcher: Fetcher | None
) -> Article:
    """The article of one feed item: its linked page (``fetcher`` given) or its own text.

    Raises:
        InputError: the page cannot be fetched or read, or the item has no text.
    """
    published = defaults.published or item.published
    if fetcher is not None and item.link:
        page_defaults = ArticleDefaults(published=published, source=defaults.source)
        article = page_article(fetcher.get(item.link), page_defaults)
        return dataclasses.replace(
            article,
            title=article.title or item.title,
            source=article.source or feed.title,
        )
    return make_article(
        text=fragment_text(item.html),
        title=item.title,
        published=published,
        source=defaults.source or feed.title,
        url=item.link,
        origin=origin,
    )


def iter_feed(
    data: bytes,
    origin: str,
    defaults: ArticleDefaults,
    *,
    feed_text: bool = False,
    fetcher: Fetcher | None = None,
    is_new: Callable[[FeedItem], bool] | None = None,
) -> Iterator[tuple[FeedItem | None, Article | InputError]]:
    """Each item of a feed with its article (or error); ``(None, error)`` for a bad feed.

    Args:
        data: the feed's bytes.
        origin: where it came from (path or URL); items are ``origin#N``.
        defaults: metadata from the command line.
        feed_text: take each item's own text instead of fetching its page.
        fetcher: fetches linked pages (default: the process's).
        is_new: when given, items for which it is false are left out unread.
    """
    try:
        feed = parse_feed(data, origin)
    except InputError as exc:
        yield None, exc
        return
    client = None if feed_text else (fetcher or default_fetcher())
    for number, item in enumerate(feed.items, start=1):
        if is_new is not None and not is_new(item):
            continue
        try:
            yield item, item_article(item, feed, f"{origin}#{number}", defaults, fetcher=client)
        except InputError as exc:
            yield item, exc


def read_feed_bytes(
    data: bytes,
    origin: str,
    defaults: ArticleDefaults,
    *,
    feed_text: bool = False,
    fetcher: Fetcher | None = None,
) -> Iterator[Article | InputError]:
    """The articles of a feed's items (an error for each item that fails); see :func:`iter_feed`."""
    for _, result in iter_feed(data, origin, defaults, feed_text=feed_text, fetcher=fetcher):
        yield result


def read_feed_file(
    path: Path, defaults: ArticleDefaults, *, feed_text: bool = False
) -> Iterator[Article | InputError]:
    """Read a feed file (``.rss``, ``.atom``, ``.xml``); items' pages are fetched.

    A file over :data:`~detente.ingest.html.MAX_PAGE_BYTES` is refused unread;
    encodings are never guessed (:func:`~detente.ingest.html.check_page_bytes`).
    """
    try:
        data = read_capped(path, MAX_PAGE_BYTES, str(path))
        if not data.strip():
            raise InputError(str(path), "empty file", "no RSS or Atom")
        check_page_bytes(data, str(path), "RSS or Atom")
    except InputError as exc:
        yield exc
        return
    except OSError as exc:
        yield InputError(str(path), "unreadable", exc.strerror or str(exc))
        return
    yield from read_feed_bytes(data, str(path), defaults, feed_text=feed_text)


def read_feed_file_text(path: Path, defaults: ArticleDefaults) -> Iterator[Article | InputError]:
    """Read a feed file taking each item's own text (nothing is fetched)."""
    return read_feed_file(path, defaults, feed_text=True)


def feed_reader(
    feed_text: bool,
) -> Callable[[Path, ArticleDefaults], Iterator[Article | InputError]]:
    """The feed-file reader for ``--feed-text`` on or off (for ``ingest.READERS``)."""
    return partial(read_feed_file, feed_text=feed_text)


class FeedWatcher:
    """Polls feeds and yields only what is new since the last poll (and not stored).

    Args:
        feeds: feed URLs or paths.
        feed_text: take items' own text instead of fetching their pages.
        fetcher: the fetcher (feeds are revalidated at every poll; pages come
            from the cache when fetched before).
        known: given article ids, the subset already stored (e.g.
            :meth:`detente.store.Store.existing_ids`).
    """

    def __init__(
        self,
        feeds: Iterable[str],
        *,
        feed_text: bool = False,
        fetcher: Fetcher | None = None,
        known: Callable[[Iterable[str]], set[str]] | None = None,
    ) -> None:
        self.feeds = list(feeds)
        self.feed_text = feed_text
        self.fetcher = fetcher
        self.known = known
        self.seen: set[str] = set()

    def _is_new(self, item: FeedItem) -> bool:
        if item.key in self.seen:
            return False
        if item.link and self.known is not None and self.known([article_id(item.link, "")]):
            self.seen.add(item.key)
            return False
        return True

    def poll(self, defaults: ArticleDefaults | None = None) -> Iterator[Article | InputError]:
        """Read every feed once; yield the articles of items not seen before.

        An item counts as seen once read, or once it failed for a lasting
        reason; items that failed for a passing one (network, HTTP 429/5xx)
        are tried again at the next poll.
        """
        from detente.ingest.fetch import is_url

        defaults = defaults or ArticleDefaults()
        for feed in self.feeds:
            try:
                if is_url(feed):
                    client = self.fetcher or default_fetcher()
                    data = client.get(feed, revalidate=True).content
                else:
                    data = Path(feed).read_bytes()
            except InputError as exc:
                yield exc
                continue
            except OSError as exc:
                yield InputError(feed, "unreadable", exc.strerror or str(exc))
                continue
            for item, result in iter_feed(
                data, feed, defaults, feed_text=self.feed_text, fetcher=self.fetcher,
                is_new=self._is_new,
            ):  # fmt: skip
                if item is not None and not _passing(result):
                    self.seen.add(item.key)
                yield result


def _passing(result: Article | InputError) -> bool:
    """True for a failure worth trying again later (network, rate limit, server error)."""
    if isinstance(result, Article):
        return False
    return result.reason in ("fetch failed", "HTTP 429") or result.reason.startswith("HTTP 5")
