"""JSON Lines: one article per line (``id,title,text,published,source,url``).

Files and standard input are read line by line with bounded memory: a line
longer than an article can be is skipped as "too large" without being held
whole. UTF-8 is expected (a BOM is allowed); a file that starts with a UTF-16
or UTF-32 byte-order mark is decoded accordingly; a binary file is one error.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, AnyStr

from detente.errors import InputError
from detente.ingest.common import ArticleDefaults, bom_encoding, make_article, text_byte_limit
from detente.records import Article

_SKIP_CHUNK = 1 << 20


def parse_record(line: str | bytes, origin: str, defaults: ArticleDefaults) -> Article:
    """Parse one JSON Lines record into an article.

    Raises:
        InputError: not UTF-8, malformed JSON, not an object, missing or
            mistyped fields, oversized.
    """
    limit = text_byte_limit()
    if len(line) > limit:
        raise InputError(origin, "too large", f"record of {len(line):,} bytes")
    if isinstance(line, bytes):
        try:
            line = line.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(origin, "invalid encoding", f"not UTF-8 at byte {exc.start}") from exc
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(origin, "malformed JSON", exc.msg) from exc
    if not isinstance(record, dict):
        raise InputError(origin, "malformed JSON", "a record must be a JSON object")
    if "text" not in record:
        raise InputError(origin, "missing field", "no 'text'")
    language = record.get("language")
    return make_article(
        text=record.get("text"),
        title=record.get("title"),
        published=record.get("published") or defaults.published,
        source=record.get("source") or defaults.source,
        url=record.get("url"),
        language=language if isinstance(language, str) and language else "en",
        origin=origin,
    )


def read_lines(
    lines: Iterable[str | bytes], name: str, defaults: ArticleDefaults
) -> Iterator[Article | InputError]:
    """Read articles from JSON Lines, one result per non-blank line.

    Errors name the input and the line (``name:line``).
    """
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield parse_record(line, f"{name}:{number}", defaults)
        except InputError as exc:
            yield exc


def bounded_lines(
    readline: Callable[[int], AnyStr], limit: int, newline: AnyStr
) -> Iterator[AnyStr | int]:
    """Lines of a stream, each read with at most ``limit + 1`` items in memory.

    Yields:
        Each line, or, for a line longer than ``limit``, its length (the line
        itself is read past in chunks and never held whole).
    """
    while True:
        line = readline(limit + 1)
        if not line:
            return
        if len(line) <= limit or line.endswith(newline):
            yield line
            continue
        size = len(line)
        while True:
            rest = readline(_SKIP_CHUNK)
            size += len(rest)
            if not rest or rest.endswith(newline):
                break
        yield size


def read_stream(
    stream: IO[bytes], name: str, defaults: ArticleDefaults
) -> Iterator[Article | InputError]:
    """Read JSON Lines from a binary stream (a file, standard input), one result per record.

    Errors name the input and the line (``name:line``); a binary or empty input
    is one error naming the input.
    """
    limit = text_byte_limit()
    peek = getattr(stream, "peek", None)
    head: bytes = peek(8192)[:8192] if peek is not None else b""
    encoding = bom_encoding(head)
    lines: Iterator[str | bytes | int]
    if encoding in ("utf-16", "utf-32"):
        text = io.TextIOWrapper(stream, encoding=encoding, newline=None)
        lines = bounded_lines(text.readline, limit, "\n")
    elif b"\x00" in head:
        yield InputError(name, "binary data", "NUL bytes in what should be JSON Lines")
        return
    else:
        lines = bounded_lines(stream.readline, limit, b"\n")
    found = False
    number = 0
    try:
        for number, line in enumerate(lines, 1):
            if isinstance(line, int):
                found = True
                yield InputError(f"{name}:{number}", "too large", f"record of {line:,} bytes")
            elif line.strip():
                found = True
                try:
                    yield parse_record(line, f"{name}:{number}", defaults)
                except InputError as exc:
                    yield exc
    except UnicodeDecodeError as exc:
        yield InputError(f"{name}:{number + 1}", "invalid encoding", f"bad {encoding}: {exc.reason}")
        return
    if not found:
        yield InputError(name, "empty file", "no JSON Lines records")


def read_jsonl_file(path: Path, defaults: ArticleDefaults) -> Iterator[Article | InputError]:
    """Read a ``.jsonl`` file line by line (streamed, never whole in memory)."""
    try:
        with path.open("rb") as stream:
            yield from read_stream(stream, str(path), defaults)
    except OSError as exc:
        yield InputError(str(path), "unreadable", exc.strerror or str(exc))
