"""JSON Lines: one article per line (``id,title,text,published,source,url``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from detente.errors import InputError
from detente.ingest.common import ArticleDefaults, make_article
from detente.records import Article
from detente.settings import get_settings


def parse_record(line: str | bytes, origin: str, defaults: ArticleDefaults) -> Article:
    """Parse one JSON Lines record into an article.

    Raises:
        InputError: not UTF-8, malformed JSON, not an object, missing or
            mistyped fields, oversized.
    """
    limit = get_settings().max_article_chars * 4 + 4096
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


def read_jsonl_file(path: Path, defaults: ArticleDefaults) -> Iterator[Article | InputError]:
    """Read a ``.jsonl`` file line by line (streamed, never whole in memory)."""
    try:
        with path.open("rb") as stream:
            yield from read_lines(stream, str(path), defaults)
    except OSError as exc:
        yield InputError(str(path), "unreadable", exc.strerror or str(exc))
