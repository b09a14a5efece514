"""WARC/ARC reading: HTML responses become articles, other records are counted skips,
broken files give one clear error and never stop the run."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from detente.engine.local import ingest
from detente.errors import InputError
from detente.ingest.common import ArticleDefaults
from detente.ingest.warc import NotAnArticle, iter_archive, read_warc_file
from detente.records import Article
from detente.store import Store

SCALE = Path(__file__).resolve().parent / "fixtures" / "scale"
BASE = "https://news.example.test"


def _response(writer: WARCWriter, uri: str, body: bytes, status: str, ctype: str) -> None:
    http = StatusAndHeaders(
        status, [("Content-Type", ctype), ("Content-Length", str(len(body)))], protocol="HTTP/1.1"
    )
    writer.write_record(
        writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=http)
    )


def write_archive(path: Path, gz: bool) -> Path:
    """A small crawl: 2 article pages, and 4 records that are not articles."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for n in (1, 2):
            request = StatusAndHeaders(
                f"GET /page-{n}.html HTTP/1.1",
                [("Host", "news.example.test")],
                is_http_request=True,
            )
            writer.write_record(
                writer.create_warc_record(f"{BASE}/page-{n}.html", "request", http_headers=request)
            )  # fmt: skip
            body = (SCALE / f"page-{n}.html").read_bytes()
            _response(writer, f"{BASE}/page-{n}.html", body, "200 OK", "text/html; charset=utf-8")
        _response(writer, f"{BASE}/api.json", b'{"a": 1}', "200 OK", "application/json")
        _response(writer, f"{BASE}/gone.html", b"<html>gone</html>", "404 Not Found", "text/html")
    return path


@pytest.fixture(params=[False, True], ids=["warc", "warc.gz"])
def archive(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    suffix = ".warc.gz" if request.param else ".warc"
    return write_archive(tmp_path / f"crawl{suffix}", gz=request.param)


def test_warc_html_responses_become_articles(archive: Path) -> None:
    articles = [i for i in read_warc_file(archive, ArticleDefaults()) if isinstance(i, Article)]
    assert [a.url for a in articles] == [f"{BASE}/page-1.html", f"{BASE}/page-2.html"]
    assert "station by station" in articles[0].text
    assert all(a.origin.startswith(f"{archive}@") for a in articles)


def test_warc_non_articles_are_counted_with_reasons(archive: Path) -> None:
    skips = Counter(
        i.detail for i in read_warc_file(archive, ArticleDefaults()) if isinstance(i, NotAnArticle)
    )
    assert skips == {
        "warcinfo record": 1,
        "request record": 2,
        "content type application/json": 1,
        "HTTP status 404": 1,
    }


def test_warc_skips_show_in_the_ingest_summary(archive: Path, db_path: Path, nlp: object) -> None:
    with Store(db_path) as store:
        summary = ingest(read_warc_file(archive, ArticleDefaults()), store)
    assert (summary.stored, sum(summary.skipped.values()), summary.n_failed) == (2, 5, 0)
    assert "5 records were not articles" in summary.text()


def test_warc_truncated_file_keeps_earlier_records(archive: Path, tmp_path: Path) -> None:
    data = archive.read_bytes()
    cut = tmp_path / f"cut{''.join(archive.suffixes)}"
    cut.write_bytes(data[: int(len(data) * 0.6)])
    items = list(read_warc_file(cut, ArticleDefaults()))
    errors = [i for i in items if type(i) is InputError]
    assert any(isinstance(i, Article) for i in items)
    assert len(errors) == 1
    assert errors[0].source.startswith(f"{cut}@")
    assert "\n" not in str(errors[0])


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"plain text,\nnot an archive\n", "broken archive"),
        (b"\x00\x01\x02binary", "broken archive"),
    ],
)
def test_warc_not_an_archive_is_one_error(data: bytes, reason: str) -> None:
    items = list(iter_archive(io.BytesIO(data), "x.warc", ArticleDefaults()))
    assert [(type(i).__name__, getattr(i, "reason", "")) for i in items] == [("InputError", reason)]


def test_warc_missing_file_is_an_error(tmp_path: Path) -> None:
    items = list(read_warc_file(tmp_path / "nope.warc.gz", ArticleDefaults()))
    assert [getattr(i, "reason", "") for i in items] == ["unreadable"]


# -- the real (and broken) files of ../shared/warc ---------------------------


@pytest.mark.shared
@pytest.mark.parametrize(
    "name", ["example.warc", "example.warc.gz", "example.arc", "example.arc.gz"]
)
def test_warc_shared_example_has_one_article(shared_dir: Path, name: str) -> None:
    items = list(read_warc_file(shared_dir / "warc" / name, ArticleDefaults()))
    articles = [i for i in items if isinstance(i, Article)]
    assert [(a.url, a.title) for a in articles] == [("http://example.com/", "Example Domain")]
    assert not [i for i in items if type(i) is InputError]


@pytest.mark.shared
def test_warc_shared_example_skips_match_readme(shared_dir: Path) -> None:
    # README: warcinfo x2, response, request, revisit, request
    items = list(read_warc_file(shared_dir / "warc" / "example.warc", ArticleDefaults()))
    assert Counter(i.detail for i in items if isinstance(i, NotAnArticle)) == {
        "warcinfo record": 2,
        "request record": 2,
        "revisit record": 1,
    }


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("example-iana.org-chunked.warc", "http://www.iana.org/"),
        ("example-wget-bad-target-uri.warc.gz", "http://example.com/"),
        ("example-resource.warc.gz", "http://example.com/"),
    ],
)
def test_warc_shared_special_records_read(shared_dir: Path, name: str, url: str) -> None:
    articles = [
        i
        for i in read_warc_file(shared_dir / "warc" / name, ArticleDefaults())
        if isinstance(i, Article)
    ]
    assert [a.url for a in articles] == [url]


@pytest.mark.shared
@pytest.mark.parametrize(
    "name",
    [
        "example-bad-non-chunked.warc.gz",
        "example-wrong-chunks.warc.gz",
        "example-trunc.warc",
        "bad.arc",
    ],
)
def test_warc_shared_broken_files_reported(shared_dir: Path, name: str) -> None:
    path = shared_dir / "warc" / name
    errors = [i for i in read_warc_file(path, ArticleDefaults()) if type(i) is InputError]
    assert errors
    for error in errors:
        assert error.source.startswith(str(path))
        assert "\n" not in str(error)


@pytest.mark.shared
def test_warc_shared_no_file_raises(shared_dir: Path) -> None:
    files = sorted(
        p for p in (shared_dir / "warc").iterdir() if ".arc" in p.name or ".warc" in p.name
    )
    assert len(files) == 15
    for path in files:
        for item in read_warc_file(path, ArticleDefaults()):
            assert isinstance(item, Article | InputError)
