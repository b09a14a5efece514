"""Ingest stage: sources in, :class:`~detente.records.Article` records out.

One module per format; :func:`iter_inputs` picks the reader by extension,
walks folders recursively and reads ``-`` as JSON Lines from standard input.
Readers never raise on bad input: they yield an :class:`InputError` naming
the input and the reason, and go on.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from detente.errors import InputError
from detente.ingest.common import ArticleDefaults
from detente.ingest.feed import read_feed_file
from detente.ingest.fetch import is_url, read_url_list, read_urls
from detente.ingest.html import read_html_file
from detente.ingest.jsonl import read_jsonl_file, read_stream
from detente.ingest.text import read_text_file
from detente.ingest.warc import read_warc_file
from detente.records import Article

__all__ = ["ArticleDefaults", "Reader", "expand_paths", "iter_inputs", "reader_for"]

Reader = Callable[[Path, ArticleDefaults], Iterator[Article | InputError]]

READERS: dict[str, Reader] = {
    ".txt": read_text_file,
    ".jsonl": read_jsonl_file,
    ".html": read_html_file,
    ".htm": read_html_file,
    ".html.gz": read_html_file,
    ".htm.gz": read_html_file,
    ".warc": read_warc_file,
    ".warc.gz": read_warc_file,
    ".arc": read_warc_file,
    ".arc.gz": read_warc_file,
    ".rss": read_feed_file,
    ".atom": read_feed_file,
    ".xml": read_feed_file,
}


def reader_for(path: Path) -> Reader | None:
    """The reader for a file, chosen by its (possibly double) extension."""
    name = path.name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return READERS[suffix]
    return None


def expand_paths(paths: Iterable[str | Path]) -> Iterator[Path | InputError]:
    """Files to read: folders walked recursively (sorted), unknown types reported."""
    for raw in paths:
        path = Path(raw)
        if str(raw) == "-":
            yield path
        elif path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.name.startswith("."):
                    continue
                if reader_for(child) is not None:
                    yield child
        elif not path.exists():
            yield InputError(str(path), "not found")
        elif reader_for(path) is None:
            yield InputError(
                str(path),
                "unsupported format",
                "expected .txt, .jsonl, .html, .htm, .html.gz, .warc(.gz), .arc(.gz), .rss, .atom, .xml",
            )
        else:
            yield path


def iter_inputs(
    paths: Iterable[str | Path],
    defaults: ArticleDefaults | None = None,
    *,
    feed_text: bool = False,
) -> Iterator[Article | InputError]:
    """Every article (or input error) found in the given paths, URLs and ``@URL-lists``, in order.

    Args:
        paths: files, folders, ``-`` (JSON Lines on stdin), ``http(s)://`` URLs
            (a page or a feed) and ``@FILE`` (a list of URLs, one a line).
        defaults: metadata for inputs that lack it.
        feed_text: for feeds, use each item's own text instead of fetching its page.
    """
    defaults = defaults or ArticleDefaults()
    for raw in paths:
        text = str(raw)
        if is_url(text):
            yield from read_urls([text], defaults, feed_text=feed_text)
            continue
        if text.startswith("@") and len(text) > 1:
            yield from read_url_list(Path(text[1:]), defaults, feed_text=feed_text)
            continue
        for item in expand_paths([raw]):
            if isinstance(item, InputError):
                yield item
            elif str(item) == "-":
                yield from read_stream(sys.stdin.buffer, "<stdin>", defaults)
            else:
                reader = reader_for(item)
                assert reader is not None
                if reader is read_feed_file:
                    yield from read_feed_file(item, defaults, feed_text=feed_text)
                else:
                    yield from reader(item, defaults)
