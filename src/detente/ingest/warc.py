"""Web archives: WARC and ARC files (``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``).

Records are streamed with warcio, one at a time (a file is never held in
memory). HTML responses (HTTP 200, or ``resource`` records of an HTML type)
go through :func:`~detente.ingest.html.extract_html` with the record's
``WARC-Target-URI``; every other record (requests, ``warcinfo``, metadata,
revisits, non-HTML payloads, non-200 responses) is skipped and counted as a
:class:`NotAnArticle` item naming the file and the record's offset. A broken
file gives one error naming the file and the offset where reading stopped;
the records read before it are kept. A payload is decoded as the charset its
HTTP headers name; without one it must be UTF-8 or declare its encoding
(:func:`~detente.ingest.html.check_page_bytes`): encodings are never guessed.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from detente.errors import InputError, NotAnArticle
from detente.ingest.common import ArticleDefaults
from detente.ingest.html import MAX_PAGE_BYTES, check_page_bytes, extract_html
from detente.records import Article

log = logging.getLogger(__name__)
logging.getLogger("warcio").setLevel(logging.ERROR)

#: Payloads larger than this are skipped as "too large" without being read whole.
MAX_PAYLOAD_BYTES = MAX_PAGE_BYTES
HTML_TYPES = ("text/html", "application/xhtml+xml")
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([\w.:-]+)", re.I)
SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")


def _content_type(record: Any) -> str:
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    value = headers.get_header("Content-Type") or ""
    return str(value).split(";", 1)[0].strip().lower()


def _http_charset(record: Any) -> str | None:
    """The codec the record's HTTP (or WARC) Content-Type names, or ``None`` (none, or unknown)."""
    headers = record.http_headers if record.http_headers is not None else record.rec_headers
    found = _CHARSET.search(str(headers.get_header("Content-Type") or ""))
    if not found:
        return None
    try:
        return codecs.lookup(found.group(1)).name
    except LookupError:
        return None


def _page_text(payload: bytes, record: Any, origin: str) -> str | bytes:
    """The payload decoded as its HTTP headers say; else the bytes, checked (never guessed)."""
    charset = _http_charset(record)
    if charset is None:
        check_page_bytes(payload, origin)
        return payload
    try:
        return payload.decode(charset)
    except UnicodeDecodeError as exc:
        raise InputError(
            origin, "invalid encoding", f"not {charset} at byte {exc.start}, as its HTTP headers say"
        ) from exc


def _skip_reason(record: Any) -> str | None:
    """Why a record is not an HTML article, or ``None`` when it is one."""
    kind = record.rec_type
    if kind not in ("response", "resource"):
        return f"{kind} record"
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        if status != "200":
            return f"HTTP status {status or 'missing'}"
    elif kind == "response":
        return "response without HTTP headers"
    ctype = _content_type(record)
    if ctype and ctype not in HTML_TYPES:
        return f"content type {ctype}"
    return None


def _read_payload(record: Any, origin: str) -> bytes:
    stream = record.content_stream()
    data: bytes = stream.read(MAX_PAYLOAD_BYTES + 1)
    if len(data) > MAX_PAYLOAD_BYTES:
        raise InputError(origin, "too large", f"payload over {MAX_PAYLOAD_BYTES:,} bytes")
    return data


def _looks_html(data: bytes) -> bool:
    head = data[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in data[:4096].lower()


def _bad_length(record: Any) -> str | None:
    value = record.rec_headers.get_header("Content-Length")
    if value is None or (value.strip().isdigit()):
        return None
    return f"invalid record length {value.strip()!r}"


def _http_length(record: Any, default: int) -> int:
    """The payload length the HTTP headers state, else ``default``."""
    value = record.http_headers.get_header("Content-Length") if record.http_headers else None
    return int(value) if value and value.strip().isdigit() else default


def _missing_bytes(record: Any) -> int:
    """Read what is left of a record; the bytes its length promised but the file lacks."""
    raw = record.raw_stream
    while raw.read(1 << 16):
        pass
    return int(getattr(raw, "limit", 0) or 0)


def record_article(record: Any, origin: str, defaults: ArticleDefaults) -> Article | InputError:
    """The article in one warcio record, or why there is none.

    Args:
        record: a warcio ``ArcWarcRecord``.
        origin: ``path@offset``, for messages.
        defaults: metadata from the command line.
    """
    broken = _bad_length(record)
    if broken is not None:
        return InputError(origin, "broken record", broken)
    reason = _skip_reason(record)
    if reason is not None:
        return NotAnArticle(origin, reason)
    try:
        payload = _read_payload(record, origin)
        missing = _missing_bytes(record)
    except InputError as exc:
        return exc
    except Exception as exc:  # warcio raises assorted errors on corrupt data
        return InputError(origin, "broken record", f"{type(exc).__name__}: {str(exc)[:80]}")
    if missing and len(payload) < _http_length(record, default=len(payload) + 1):
        return InputError(origin, "truncated", f"the record lacks its last {missing:,} bytes")
    if not payload.strip():
        return NotAnArticle(origin, "empty payload")
    if not _content_type(record) and not _looks_html(payload):
        return NotAnArticle(origin, "payload is not HTML")
    url = record.rec_headers.get_header("WARC-Target-URI")
    try:
        page = _page_text(payload, record, origin)
        return extract_html(page, origin, defaults, url=url.strip("<>") if url else None)
    except InputError as exc:
        return exc


_WARCIO_OFFSET = re.compile(r"Offset:\s*(\d+)")


def _warning(name: str, text: str) -> InputError:
    """warcio's stderr warning (a record whose Content-Length is wrong) as an input error."""
    found = _WARCIO_OFFSET.search(text)
    where = f"{name}@{found.group(1)}" if found else name
    first = text.strip().splitlines()[0].strip().removeprefix("WARNING:").strip()
    return InputError(where, "broken record", first[:160])


def _failure(name: str, exc: BaseException, offset: int, last: int | None) -> InputError:
    """A clear one-line error for an archive that cannot be read on from ``offset``."""
    detail = " ".join(str(exc).split())[:160] or type(exc).__name__
    if "non-chunked gzip" in detail:
        detail = (
            "the gzip holds several records in one member, so records cannot be "
            "read one by one; repair it with 'warcio recompress FILE NEW_FILE'"
        )
    elif "Unknown archive format" in detail and offset > 0:
        detail += " (gzip members out of line with records? 'warcio recompress' may repair it)"
    elif "Unknown archive format" in detail:
        detail = "not a WARC or ARC file (" + detail + ")"
    if last is not None and offset <= last:
        return InputError(name, "broken archive", f"after the record at offset {last}: {detail}")
    return InputError(f"{name}@{offset}", "broken archive", detail)


def _next_record(records: Any) -> tuple[Any, str, BaseException | None]:
    """The next warcio record (``None`` at the end), warcio's warnings, and any failure."""
    from warcio.exceptions import ArchiveLoadFailed

    noise = io.StringIO()
    try:
        # warcio prints its warnings on stderr: catch them to report them as errors
        with contextlib.redirect_stderr(noise):
            return next(records), noise.getvalue(), None
    except StopIteration:
        return None, noise.getvalue(), None
    except ArchiveLoadFailed as exc:
        return None, noise.getvalue(), exc
    except Exception as exc:  # warcio raises assorted errors (AttributeError, ...) on corrupt data
        log.debug("warcio failed", exc_info=True)
        return None, noise.getvalue(), exc


def iter_archive(
    stream: IO[bytes], name: str, defaults: ArticleDefaults
) -> Iterator[Article | InputError]:
    """Every article (or skip, or error) of a WARC/ARC stream, record by record.

    Gzipped and plain files are both read (warcio detects which); ARC records
    are read as WARC. Reading stops at the first unreadable record with one
    ``InputError`` naming ``name`` and the byte offset.

    Args:
        stream: the open binary file (or any readable binary stream).
        name: the input's name, for messages.
        defaults: metadata from the command line.
    """
    from warcio.archiveiterator import ArchiveIterator

    records = ArchiveIterator(stream, arc2warc=True)
    last: int | None = None
    while True:
        record, noise, failure = _next_record(records)
        if noise.strip():
            yield _warning(name, noise)
        if failure is not None:
            yield _failure(name, failure, records.offset, last)
            return
        if record is not None and record.rec_type is None:  # nothing but blank lines left
            if last is None:
                yield InputError(name, "empty file", "no WARC or ARC records, only blank lines")
            return
        if record is None:
            end = records.fh.tell()
            if records.offset < end:
                yield InputError(
                    f"{name}@{records.offset}",
                    "truncated",
                    f"the last {end - records.offset:,} bytes are not a complete record",
                )
            elif last is None:
                yield InputError(name, "empty file", "no WARC or ARC records")
            return
        last = records.offset
        yield record_article(record, f"{name}@{last}", defaults)


def read_warc_file(path: Path, defaults: ArticleDefaults) -> Iterator[Article | InputError]:
    """Read a ``.warc``, ``.warc.gz``, ``.arc`` or ``.arc.gz`` file, streaming its records."""
    try:
        with path.open("rb") as stream:
            yield from iter_archive(stream, str(path), defaults)
    except OSError as exc:
        yield InputError(str(path), "unreadable", exc.strerror or str(exc))
