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
from detente.ingest.html import read_html_file
from detente.ingest.jsonl import read_jsonl_file, read_lines
from detente.ingest.text import read_text_file
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
                str(path), "unsupported format", "expected .txt, .jsonl, .html, .htm or .html.gz"
            )
        else:
            yield path


def iter_inputs(
    paths: Iterable[str | Path], defaults: ArticleDefaults | None = None
) -> Iterator[Article | InputError]:
    """Every article (or input error) found in the given paths, in order."""
    defaults = defaults or ArticleDefaults()
    for item in expand_paths(paths):
        if isinstance(item, InputError):
            yield item
        elif str(item) == "-":
            yield from read_lines(sys.stdin.buffer, "<stdin>", defaults)
        else:
            reader = reader_for(item)
            assert reader is not None
            yield from reader(item, defaults)
