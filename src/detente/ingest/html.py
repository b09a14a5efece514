"""HTML pages through trafilatura: main text plus title, date, URL and site name."""

from __future__ import annotations

import gzip
import logging
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path

from detente.errors import InputError
from detente.ingest.common import ArticleDefaults, make_article
from detente.records import Article

log = logging.getLogger(__name__)

logging.getLogger("trafilatura").setLevel(logging.ERROR)
logging.getLogger("htmldate").setLevel(logging.ERROR)


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
    """Read one ``.html``/``.htm``/``.html.gz`` file as one article."""
    origin = str(path)
    try:
        data = path.read_bytes()
        if path.name.endswith(".gz"):
            data = gzip.decompress(data)
        yield extract_html(data, origin, defaults)
    except InputError as exc:
        yield exc
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        yield InputError(origin, "corrupt gzip", str(exc)[:80])
    except OSError as exc:
        yield InputError(origin, "unreadable", exc.strerror or str(exc))
