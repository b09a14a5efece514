"""Every reader on one shared corpus of bad inputs, plus each format's own ways of breaking.

Each bad item must come back as one :class:`InputError` whose message is one
line naming the input (file, ``file:line``, ``file#item`` or ``file@offset``)
and a reason; the reader goes on with what follows. Encodings are never
guessed: UTF-8, or UTF-16/32 with a byte-order mark, or (HTML, feeds) an
encoding the file declares. Big and binary files are made at test time.
"""

from __future__ import annotations

import gzip
import io
import json
import random
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from detente.errors import InputError, NotAnArticle
from detente.ingest import iter_inputs
from detente.ingest.html import MAX_PAGE_BYTES
from detente.records import Article

TITLE = "Canada recalls envoy"
ENGLISH = (
    "Canada imposed new sanctions on Venezuelan officials on Friday, the foreign ministry said. "
    "Ottawa also recalled its ambassador from Caracas for consultations, and the government "
    "said it would work with its partners in the region to restore democracy in the country."
)
SPANISH = (
    "El gobierno de Venezuela anunció que los diplomáticos de Canadá deben salir del país "
    "en un plazo de 72 horas, según un comunicado del ministerio. La decisión fue tomada "
    "después de que Ottawa impuso nuevas sanciones contra funcionarios del gobierno, y el "
    "canciller dijo que su país no aceptará más presiones desde el exterior."
)
ARTICLE = "article"  # expected outcome: the input is read as one article
MB = 1024 * 1024


def binary_bytes() -> bytes:
    """A PNG signature followed by seeded random bytes (NULs among them)."""
    rng = random.Random(9)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(6000))


@dataclass(frozen=True)
class Bad:
    """One bad input: raw file bytes, or an article text and how to encode its file.

    Attributes:
        name: the case's id.
        raw: the file's bytes as they are (every format gets the same bytes).
        text: the article text wrapped in each format.
        encoding: the codec of the whole file.
        corrupt: break one UTF-8 sequence inside the text.
    """

    name: str
    raw: bytes | None = None
    text: str = ENGLISH
    encoding: str = "utf-8"
    corrupt: bool = False


BAD = (
    Bad("empty", raw=b""),
    Bad("whitespace", raw=b"  \n\t\r\n  \n"),
    Bad("binary", raw=binary_bytes()),
    Bad("invalid-utf8", corrupt=True),
    Bad("latin-1", text="Bogotá and " + ENGLISH, encoding="latin-1"),
    Bad("cp1252", text="“Enough,” he said — " + ENGLISH, encoding="cp1252"),
    Bad("utf-16-bom", encoding="utf-16"),
    Bad("other-language", text=SPANISH),
)


def page(text: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>{TITLE}</title></head><body><article>"
        f"<h1>{TITLE}</h1><p>{text}</p></article></body></html>"
    )


def rss(text: str, declaration: str = "") -> str:
    return (
        f'{declaration}<rss version="2.0"><channel><title>Wire</title><item><title>{TITLE}</title>'
        f"<description>{text}</description></item></channel></rss>"
    )


def warc(payload: bytes, content_type: str = "text/html") -> bytes:
    """A WARC file holding one HTTP 200 response with ``payload``."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders(
        "200 OK",
        [("Content-Type", content_type), ("Content-Length", str(len(payload)))],
        protocol="HTTP/1.1",
    )
    writer.write_record(
        writer.create_warc_record(
            "https://news.example.test/a.html", "response", payload=io.BytesIO(payload),
            http_headers=http,
        )
    )  # fmt: skip
    return out.getvalue()


#: How each format wraps an article text: (file suffix, text -> document).
FORMATS: dict[str, tuple[str, Callable[[str], str]]] = {
    "txt": (".txt", lambda text: f"{TITLE}\n\n{text}\n"),
    "jsonl": (".jsonl", lambda text: json.dumps({"title": TITLE, "text": text}, ensure_ascii=False) + "\n"),
    "html": (".html", page),
    "feed": (".rss", rss),
    "warc": (".warc", page),
}  # fmt: skip

#: The outcome each format must give each shared case (a reason, or ARTICLE).
EXPECTED: dict[str, dict[str, str]] = {
    "empty": {"txt": "empty text", "jsonl": "empty file", "html": "empty file",
              "feed": "empty file", "warc": "empty file"},
    "whitespace": {"txt": "empty text", "jsonl": "empty file", "html": "empty file",
                   "feed": "empty file", "warc": "empty file"},
    "binary": {"txt": "binary data", "jsonl": "binary data", "html": "binary data",
               "feed": "binary data", "warc": "broken archive"},
    "invalid-utf8": dict.fromkeys(FORMATS, "invalid encoding"),
    "latin-1": dict.fromkeys(FORMATS, "invalid encoding"),
    "cp1252": dict.fromkeys(FORMATS, "invalid encoding"),
    "utf-16-bom": dict.fromkeys(FORMATS, ARTICLE),
    "other-language": dict.fromkeys(FORMATS, "unsupported language"),
}  # fmt: skip


def file_bytes(fmt: str, bad: Bad) -> bytes:
    """The bytes of a ``fmt`` file holding the bad case."""
    if bad.raw is not None:
        return bad.raw
    document = FORMATS[fmt][1](bad.text).encode(bad.encoding)
    if bad.corrupt:
        document = document.replace(b"Caracas", b"Cara\xc3\x28cas", 1)
    return warc(document) if fmt == "warc" else document


def read(path: Path) -> list[Article | InputError]:
    return list(iter_inputs([path], feed_text=True))


def assert_names_input(error: InputError, path: Path) -> None:
    """One line, naming the file (or a line, item or record of it) and the reason."""
    assert not isinstance(error, NotAnArticle), error
    assert error.source == str(path) or error.source[len(str(path))] in ":#@", error.source
    assert error.source.startswith(str(path))
    message = str(error)
    assert "\n" not in message and message.startswith(f"{error.source}: {error.reason}")


def check_case(fmt: str, bad: Bad, tmp_path: Path) -> None:
    path = tmp_path / f"{bad.name}{FORMATS[fmt][0]}"
    path.write_bytes(file_bytes(fmt, bad))
    items = read(path)
    expected = EXPECTED[bad.name][fmt]
    assert len(items) == 1, items
    [item] = items
    if expected == ARTICLE:
        assert isinstance(item, Article), item
        assert "Canada imposed new sanctions on Venezuelan officials" in item.text
    else:
        assert isinstance(item, InputError), item
        assert item.reason == expected, str(item)
        assert_names_input(item, path)


# -- the shared corpus, one test per reader ----------------------------------

CASES = [pytest.param(b, id=b.name) for b in BAD]


@pytest.mark.parametrize("bad", CASES)
def test_reliability_txt_bad_input(bad: Bad, tmp_path: Path) -> None:
    check_case("txt", bad, tmp_path)


@pytest.mark.parametrize("bad", CASES)
def test_reliability_jsonl_bad_input(bad: Bad, tmp_path: Path) -> None:
    check_case("jsonl", bad, tmp_path)


@pytest.mark.parametrize("bad", CASES)
def test_reliability_html_bad_input(bad: Bad, tmp_path: Path) -> None:
    check_case("html", bad, tmp_path)


@pytest.mark.parametrize("bad", CASES)
def test_reliability_feed_bad_input(bad: Bad, tmp_path: Path) -> None:
    check_case("feed", bad, tmp_path)


@pytest.mark.parametrize("bad", CASES)
def test_reliability_warc_bad_input(bad: Bad, tmp_path: Path) -> None:
    check_case("warc", bad, tmp_path)


# -- declared encodings are honoured (HTML, feeds, HTTP headers) -------------


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("meta.html", page("Bogotá and " + ENGLISH, '<meta charset="iso-8859-1">').encode("latin-1")),
        ("http-equiv.html", page("“Enough” — " + ENGLISH, '<meta http-equiv="Content-Type" '
                                 'content="text/html; charset=windows-1252">').encode("cp1252")),
        ("declared.rss", rss("Bogotá and " + ENGLISH, '<?xml version="1.0" encoding="iso-8859-1"?>')
         .encode("latin-1")),
        ("http-header.warc", warc(page("Bogotá and " + ENGLISH).encode("latin-1"),
                                  "text/html; charset=iso-8859-1")),
    ],
)  # fmt: skip
def test_reliability_declared_encoding_is_read(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [item] = read(path)
    assert isinstance(item, Article), item
    assert "Canada imposed new sanctions" in item.text and "\ufffd" not in item.text
    assert "Bogotá" in item.text or "“Enough”" in item.text


# -- 50 MB on one line: refused quickly, without holding the file twice -------


def big_line(path: Path, prefix: bytes, suffix: bytes, size: int = 50 * MB) -> None:
    """Write ``prefix``, words up to ``size`` bytes, then ``suffix`` (in chunks)."""
    chunk = b"Canada and Venezuela talk again. " * 32_768  # ~1 MB
    with path.open("wb") as out:
        out.write(prefix)
        written = len(prefix)
        while written < size:
            out.write(chunk)
            written += len(chunk)
        out.write(suffix)


def read_measured(path: Path) -> tuple[list[Article | InputError], float, int]:
    """Items, seconds and peak traced bytes of reading ``path``."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        items = read(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return items, time.perf_counter() - started, peak


def test_reliability_txt_50mb_line_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    big_line(path, b"", b"\n")
    items, seconds, peak = read_measured(path)
    assert [(type(i).__name__, getattr(i, "reason", "")) for i in items] == [("InputError", "too large")]
    assert_names_input(items[0], path)  # type: ignore[arg-type]
    assert seconds < 5
    assert peak < 12 * MB, f"peak {peak / MB:.0f} MB reading a 50 MB file"


def test_reliability_jsonl_50mb_line_is_skipped_and_the_next_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.jsonl"
    good = json.dumps({"text": ENGLISH}).encode()
    big_line(path, b'{"text": "', b'"}\n' + good + b"\n")
    items, seconds, peak = read_measured(path)
    assert isinstance(items[0], InputError) and items[0].reason == "too large"
    assert items[0].source == f"{path}:1"
    assert isinstance(items[1], Article) and items[1].text == ENGLISH
    assert len(items) == 2
    assert seconds < 5
    assert peak < 12 * MB, f"peak {peak / MB:.0f} MB reading a 50 MB file"


def test_reliability_article_size_is_a_setting(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DETENTE_MAX_ARTICLE_CHARS", "100")
    path = tmp_path / "long.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    [item] = read(path)
    assert isinstance(item, InputError) and item.reason == "too large"
    assert "max_article_chars 100" in str(item)


# -- HTML: pages without an article, broken gzip -----------------------------


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("no-body.html", b"<!DOCTYPE html><html><head><title>Only a title</title></head></html>",
         "no article text"),
        ("empty-body.html", b"<html><head><title>T</title></head><body></body></html>", "no article text"),
        ("only-scripts.html", b"<html><body><script>var s = 'Canada imposed sanctions on Venezuela';"
         b"</script><script src='x.js'></script><style>p {color: red}</style></body></html>",
         "no article text"),
        ("corrupt.html.gz", gzip.compress(page(ENGLISH).encode())[:20] + bytes(60), "corrupt gzip"),
        ("not-gzip.html.gz", page(ENGLISH).encode(), "corrupt gzip"),
        ("empty.html.gz", gzip.compress(b""), "empty file"),
    ],
)  # fmt: skip
def test_reliability_html_without_article(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [item] = read(path)
    assert isinstance(item, InputError) and item.reason == reason, item
    assert_names_input(item, path)


def test_reliability_html_gzip_bomb_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    with gzip.open(path, "wb", compresslevel=1) as out:
        for _ in range(MAX_PAGE_BYTES // MB + 8):
            out.write(b" " * MB)
    items, _, peak = read_measured(path)
    assert [getattr(i, "reason", "") for i in items] == ["too large"]
    assert peak < MAX_PAGE_BYTES * 1.5, f"peak {peak / MB:.0f} MB"


# -- JSON Lines: malformed lines and wrong field types -----------------------


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": ["a", "list"]}', "bad field type"),
        ('{"text": null}', "bad field type"),
        ('{"text": {"body": "nested"}}', "bad field type"),
        ('{"text": "Canada spoke.", "title": 5}', "bad field type"),
        ('{"text": "Canada spoke.", "url": {"href": "x"}}', "bad field type"),
        ('{"text": "Canada spoke.", "source": ["a"]}', "bad field type"),
        ('{"text": "Canada spoke.", "published": 20190101}', "bad date"),
        ('{"text": "Canada spoke.", "published": "2019-02-30"}', "bad date"),
        ("null", "malformed JSON"),
        ('"just a string"', "malformed JSON"),
        ("12345", "malformed JSON"),
        ('{"text": "one"} {"text": "two"}', "malformed JSON"),
        ("{'text': 'single quotes'}", "malformed JSON"),
        ('{"text": "\\ud800 lone surrogate", "x": NaN', "malformed JSON"),
        ("{}", "missing field"),
    ],
)
def test_reliability_jsonl_bad_record_is_one_error_on_its_line(
    tmp_path: Path, line: str, reason: str
) -> None:
    path = tmp_path / "records.jsonl"
    good = [json.dumps({"text": f"{ENGLISH} ({n})"}) for n in (1, 2)]
    path.write_text(f"{good[0]}\n\n{line}\n{good[1]}\n", encoding="utf-8")
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    error = items[1]
    assert isinstance(error, InputError) and error.reason == reason, str(error)
    assert error.source == f"{path}:3"
    assert_names_input(error, path)


def test_reliability_jsonl_utf16_lines_are_numbered(tmp_path: Path) -> None:
    path = tmp_path / "wide.jsonl"
    lines = [json.dumps({"text": ENGLISH}), "{broken", json.dumps({"text": ENGLISH + " Again."})]
    path.write_bytes("\n".join(lines).encode("utf-16"))
    items = read(path)
    assert [type(i).__name__ for i in items] == ["Article", "InputError", "Article"]
    assert isinstance(items[1], InputError) and items[1].source == f"{path}:2"


# -- feeds that are not feeds ------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "hint"),
    [
        ("page.rss", b'<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" '
         b'href="https://news.example.test/feed.xml"></head><body><p>' + ENGLISH.encode() + b"</p></body></html>",
         "its feed is at https://news.example.test/feed.xml"),
        ("page.xml", b"<html><body><p>" + ENGLISH.encode() + b"</p></body></html>",
         "give the URL of its RSS or Atom feed"),
        ("commented.atom", b"<!-- saved by a browser -->\n<!DOCTYPE HTML><html><body>hi</body></html>",
         "HTML page"),
        ("plain.rss", ENGLISH.encode(), ""),
    ],
)  # fmt: skip
def test_reliability_feed_that_is_not_a_feed(tmp_path: Path, name: str, data: bytes, hint: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    [item] = read(path)
    assert isinstance(item, InputError) and item.reason == "not a feed", item
    assert hint in str(item)
    assert_names_input(item, path)


def test_reliability_feed_bad_item_does_not_stop_the_feed(tmp_path: Path) -> None:
    items_xml = "".join(
        f"<item><title>{n}</title><description>{text}</description></item>"
        for n, text in enumerate([ENGLISH, SPANISH, "", ENGLISH + " Later."], start=1)
    )
    path = tmp_path / "mixed.rss"
    path.write_text(f'<rss version="2.0"><channel><title>W</title>{items_xml}</channel></rss>',
                    encoding="utf-8")  # fmt: skip
    items = read(path)
    kinds = [i.reason if isinstance(i, InputError) else "article" for i in items]
    assert kinds == ["article", "unsupported language", "empty text", "article"]
    assert [i.source for i in items if isinstance(i, InputError)] == [f"{path}#2", f"{path}#3"]
