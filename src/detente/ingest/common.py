"""What every reader shares: decoding bytes, building validated articles."""

from __future__ import annotations

import codecs
import re
import warnings
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from dateutil import parser as dateparser

from detente.errors import InputError
from detente.ingest.language import guess_language
from detente.records import Article, article_id
from detente.settings import get_settings

_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")
#: The byte-order marks detente honours, with the codec each calls for.
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


@dataclass(frozen=True)
class ArticleDefaults:
    """Metadata given on the command line for inputs that cannot carry it.

    Attributes:
        published: publication date for text files (and records lacking one).
        source: outlet name.
        url: URL (only meaningful for a single text file).
    """

    published: date | None = None
    source: str | None = None
    url: str | None = None


def decode_bytes(data: bytes, origin: str) -> str:
    """Decode an input's bytes: BOMs honoured, UTF-8, else a clear error.

    Args:
        data: the raw bytes.
        origin: the input's name, for the error message.

    Raises:
        InputError: binary data or text that is not UTF-8 (nor UTF-16/32 with a BOM).
    """
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    origin, "invalid encoding", f"bad {encoding}: {exc.reason}"
                ) from exc
    if b"\x00" in data[:8192]:
        raise InputError(origin, "binary data", "NUL bytes in what should be text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            origin, "invalid encoding", f"not UTF-8 at byte {exc.start}; convert the file to UTF-8"
        ) from exc


def bom_encoding(data: bytes) -> str | None:
    """The codec a byte-order mark at the start of ``data`` calls for, or ``None``."""
    return next((encoding for bom, encoding in BOMS if data.startswith(bom)), None)


def text_byte_limit() -> int:
    """The most bytes an article within ``max_article_chars`` can take.

    Four bytes a character (the most UTF-8, UTF-16 and UTF-32 need) plus room
    for a title: a file or record larger than this is too large whatever it holds.
    """
    return get_settings().max_article_chars * 4 + 4096


def read_capped(path: Path, limit: int, origin: str) -> bytes:
    """A file's bytes, or "too large" after reading at most ``limit + 1`` of them.

    Raises:
        InputError: the file holds more than ``limit`` bytes (it is not read whole).
        OSError: the file cannot be read.
    """
    with path.open("rb") as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        try:
            size = f"{path.stat().st_size:,} bytes"
        except OSError:
            size = "more bytes"
        raise InputError(origin, "too large", f"{size} > the limit of {limit:,} bytes")
    return data


def parse_date(value: Any, origin: str = "") -> date | None:
    """Read a publication date from an ISO string, a datetime or a loose date text.

    Returns ``None`` for empty values. Raises ``InputError`` for unreadable ones.
    """
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise InputError(
            origin, "bad date", f"published must be a string, not {type(value).__name__}"
        )
    text = value.strip()
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        pass
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return dateparser.parse(text, fuzzy=False).date()
    except (ValueError, OverflowError) as exc:
        raise InputError(origin, "bad date", f"cannot read {text[:40]!r} as a date") from exc


def looks_binary(text: str) -> bool:
    """True when a decoded text is mostly control characters (a binary file)."""
    sample = text[:4096]
    return bool(sample) and len(_CONTROL.findall(sample)) > len(sample) * 0.05


def make_article(
    *,
    text: Any,
    origin: str,
    title: Any = None,
    published: Any = None,
    source: Any = None,
    url: Any = None,
    language: str = "en",
) -> Article:
    """Build a validated article; every reader ends here.

    Raises:
        InputError: empty or oversized text, wrong field types, bad date.
    """
    if not isinstance(text, str):
        raise InputError(
            origin, "bad field type", f"text must be a string, not {type(text).__name__}"
        )
    for name, value in (("title", title), ("source", source), ("url", url)):
        if value is not None and not isinstance(value, str):
            raise InputError(
                origin, "bad field type", f"{name} must be a string, not {type(value).__name__}"
            )
    settings = get_settings()
    body = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(body) < max(1, settings.min_article_chars):
        raise InputError(origin, "empty text")
    if len(body) > settings.max_article_chars:
        raise InputError(
            origin,
            "too large",
            f"{len(body):,} characters > max_article_chars {settings.max_article_chars:,}",
        )
    if looks_binary(body):
        raise InputError(origin, "binary data", "control characters in the text")
    declared = language.lower().split("-")[0] if language else "en"
    guessed = guess_language(body)
    if declared != "en" or guessed not in (None, "en"):
        raise InputError(
            origin,
            "unsupported language",
            f"the text looks like {guessed or declared!r}; the model reads English",
        )
    clean_url = url.strip() if isinstance(url, str) and url.strip() else None
    return Article(
        id=article_id(clean_url, body),
        text=body,
        title=(title.strip() or None) if isinstance(title, str) else None,
        published=parse_date(published, origin),
        source=(source.strip() or None) if isinstance(source, str) else None,
        url=clean_url,
        language=language,
        origin=origin,
    )
