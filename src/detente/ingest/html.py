"""HTML pages through trafilatura: main text plus title, date, URL and site name.

A page file is UTF-8 unless it declares another encoding (a byte-order mark,
``<meta charset>``): encodings are never guessed. Pages over
:data:`MAX_PAGE_BYTES` (after decompression) are refused without being read whole.
"""

from __future__ import annotations

import gzip
import logging
import re
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path

from detente.errors import InputError
from detente.ingest.common import ArticleDefaults, bom_encoding, make_article, read_capped
from detente.records import Article

log = logging.getLogger(__name__)

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)

#: Pages (and web-archive payloads) larger than this are skipped as "too large" unread.
MAX_PAGE_BYTES = 20 * 1024 * 1024
_DECLARED = re.compile(rb"<meta[^>]+charset\s*=|<\?xml[^>]+encoding\s*=", re.I)


def check_page_bytes(data: bytes, origin: str, kind: str = "HTML") -> None:
    """Refuse a page (or feed) file that is binary, or not UTF-8 while declaring no encoding.

    detente does not guess encodings: a page is UTF-8 unless it says otherwise
    (a byte-order mark, ``<meta charset>``, an XML declaration), and then
    trafilatura (feedparser for feeds) decodes it as it says.

    Args:
        data: the file's bytes.
        origin: the input's name, for errors.
        kind: what the file should hold, for errors (``HTML``, ``RSS or Atom``).

    Raises:
        InputError: "binary data" or "invalid encoding".
    """
    if bom_encoding(data):
        return
    if b"\x00" in data[:8192]:
        raise InputError(origin, "binary data", f"NUL bytes in what should be {kind}")
    if _DECLARED.search(data[:65536]):
        return
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            origin,
            "invalid encoding",
            f"not UTF-8 at byte {exc.start} and no encoding declared; convert the file "
            "to UTF-8 or declare its encoding (<meta charset=...>, <?xml encoding=...?>)",
        ) from exc


def extract_html(
    html: str | bytes, origin: str, defaults: ArticleDefaults, url: str | None = None
) -> Article:
    """Extract the article of one HTML page.

    Args:
        html: the page (bytes are decoded by trafilatura, honouring the page's charset).
        origin: the input's name, for errors.
        defaults: metadata from the command line.
        url: the page's URL when known (from a crawl or fetch).

    Raises:
        InputError: when the page holds no article text.
    """
    import trafilatura

    if not html or not html.strip():
        raise InputError(origin, "empty file")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            document = trafilatura.bare_extraction(
                html,
                url=url,
                with_metadata=True,
                include_comments=False,
                include_tables=False,
            )
    except (ValueError, TypeError, RecursionError) as exc:
        raise InputError(origin, "unparseable HTML", str(exc)[:80]) from exc
    if document is None:
        raise InputError(origin, "no article text", "no main text found in the page")
    data = document.as_dict() if hasattr(document, "as_dict") else dict(document)
    text = data.get("text") or ""
    if not text.strip():
        raise InputError(origin, "no article text", "no main text found in the page")
    return make_article(
        text=text,
        title=data.get("title"),
        published=defaults.published or data.get("date"),
        source=defaults.source or data.get("sitename"),
        url=url or defaults.url or data.get("url"),
        language="en",
        origin=origin,
    )


def read_html_file(path: Path, defaults: ArticleDefaults) -> Iterator[Article | InputError]:
    """Read one ``.html``/``.htm``/``.html.gz`` file as one article.

    A page over :data:`MAX_PAGE_BYTES` (decompressed) is refused without being
    read whole; see :func:`check_page_bytes` for encodings.
    """
    origin = str(path)
    try:
        if path.name.endswith(".gz"):
            with gzip.open(path, "rb") as stream:
                data = stream.read(MAX_PAGE_BYTES + 1)
            if len(data) > MAX_PAGE_BYTES:
                raise InputError(
                    origin, "too large", f"decompresses to more than {MAX_PAGE_BYTES:,} bytes"
                )
        else:
            data = read_capped(path, MAX_PAGE_BYTES, origin)
        if data.strip():
            check_page_bytes(data, origin)
        yield extract_html(data, origin, defaults)
    except InputError as exc:
        yield exc
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield InputError(origin, "corrupt gzip", str(exc)[:80])
    except OSError as exc:
        yield InputError(origin, "unreadable", exc.strerror or str(exc))
