"""Plain text files: the first line is the title when it reads as one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from detente.errors import InputError
from detente.ingest.common import (
    ArticleDefaults,
    decode_bytes,
    make_article,
    read_capped,
    text_byte_limit,
)
from detente.records import Article

MAX_TITLE_WORDS = 20
MAX_TITLE_CHARS = 200


def split_title(text: str) -> tuple[str | None, str]:
    """Split a text into (title, body) when its first line reads as a title.

    A title is a short first line (at most 20 words), not ending in a full
    stop, followed by more text.
    """
    stripped = text.strip()
    first, sep, rest = stripped.partition("\n")
    first = first.strip()
    if (
        sep
        and rest.strip()
        and first
        and len(first) <= MAX_TITLE_CHARS
        and len(first.split()) <= MAX_TITLE_WORDS
        and not first.endswith((".", ":", ";", ","))
    ):
        return first, rest.strip()
    return None, stripped


def read_text_file(path: Path, defaults: ArticleDefaults) -> Iterator[Article | InputError]:
    """Read one ``.txt`` file as one article (a file too large is refused unread)."""
    origin = str(path)
    try:
        text = decode_bytes(read_capped(path, text_byte_limit(), origin), origin)
        title, body = split_title(text)
        yield make_article(
            text=body,
            title=title,
            published=defaults.published,
            source=defaults.source,
            url=defaults.url,
            origin=origin,
        )
    except InputError as exc:
        yield exc
    except OSError as exc:
        yield InputError(origin, "unreadable", exc.strerror or str(exc))
