"""Fetching over HTTP from a local site on 127.0.0.1: politeness, retries, cache."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from detente import __version__
from detente.errors import InputError
from detente.ingest.common import ArticleDefaults
from detente.ingest.fetch import (
    Fetcher,
    FetchOptions,
    _cache_folder,
    default_cache_dir,
    is_url,
    read_url_list,
    read_urls,
)
from detente.records import Article

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "scale"))
from scale_site import Page, fixture_text, serve

PAGE = (Path(__file__).resolve().parent / "fixtures" / "scale" / "page-1.html").read_bytes()


class FakeTime:
    """A clock that only moves when slept on, recording every wait."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.waits: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


def make_fetcher(tmp_path: Path, time: FakeTime | None = None, **options: object) -> Fetcher:
    fake = time or FakeTime()
    opts = FetchOptions(cache=tmp_path / "cache", delay=0.0, backoff=0.5, timeout=5.0)
    for key, value in options.items():
        opts = FetchOptions(**{**opts.__dict__, key: value})
    return Fetcher(opts, sleep=fake.sleep, clock=fake.clock)


def test_fetch_sends_user_agent_naming_detente(tmp_path: Path) -> None:
    with serve({"/a.html": Page(PAGE)}) as site, make_fetcher(tmp_path) as fetcher:
        fetcher.get(f"{site.base}/a.html")
        agents = {headers.get("User-Agent") for _, headers in site.requests}
    assert agents == {f"detente/{__version__} (news event extraction; honours robots.txt)"}


def test_fetch_cache_avoids_refetch_across_runs(tmp_path: Path) -> None:
    with serve({"/a.html": Page(PAGE)}) as site:
        url = f"{site.base}/a.html"
        with make_fetcher(tmp_path) as first:
            assert first.get(url).from_cache is False
        with make_fetcher(tmp_path) as second:
            again = second.get(url)
        assert (site.hits("/a.html"), again.from_cache, again.content) == (1, True, PAGE)


def test_fetch_robots_disallow_is_honoured(tmp_path: Path) -> None:
    robots = Page(b"User-agent: *\nDisallow: /private/\n", content_type="text/plain")
    with (
        serve({"/robots.txt": robots, "/private/a.html": Page(PAGE)}) as site,
        make_fetcher(tmp_path) as fetcher,
        pytest.raises(InputError) as caught,
    ):
        fetcher.get(f"{site.base}/private/a.html")
    assert caught.value.reason == "disallowed by robots.txt"
    assert site.hits("/private/a.html") == 0


def test_fetch_robots_rules_for_detente_apply(tmp_path: Path) -> None:
    robots = Page(
        b"User-agent: detente\nDisallow: /\n\nUser-agent: *\nAllow: /\n", content_type="text/plain"
    )
    with (
        serve({"/robots.txt": robots, "/a.html": Page(PAGE)}) as site,
        make_fetcher(tmp_path) as fetcher,
    ):
        assert fetcher.allowed(f"{site.base}/a.html") is False


@pytest.mark.parametrize(("robots_status", "allowed"), [(404, True), (403, True), (503, False)])
def test_fetch_robots_status_rfc9309(tmp_path: Path, robots_status: int, allowed: bool) -> None:
    robots = Page(b"", content_type="text/plain", status=robots_status)
    with serve({"/robots.txt": robots}) as site, make_fetcher(tmp_path, retries=0) as fetcher:
        assert fetcher.allowed(f"{site.base}/a.html") is allowed


def test_fetch_retries_with_backoff_then_succeeds(tmp_path: Path) -> None:
    fake = FakeTime()
    with (
        serve({"/a.html": Page(PAGE, fail=2)}) as site,
        make_fetcher(tmp_path, fake, retries=3) as fetcher,
    ):
        response = fetcher.get(f"{site.base}/a.html")
        assert (response.content, site.hits("/a.html")) == (PAGE, 3)
    assert fake.waits == [0.5, 1.0]


def test_fetch_retry_after_header_is_honoured(tmp_path: Path) -> None:
    fake = FakeTime()
    page = Page(PAGE, fail=1, fail_status=429, fail_headers={"Retry-After": "3"})
    with serve({"/a.html": page}) as site, make_fetcher(tmp_path, fake, retries=1) as fetcher:
        fetcher.get(f"{site.base}/a.html")
    assert fake.waits == [3.0]


def test_fetch_gives_up_after_retries(tmp_path: Path) -> None:
    with (
        serve({"/a.html": Page(PAGE, fail=10)}) as site,
        make_fetcher(tmp_path, retries=2) as fetcher,
        pytest.raises(InputError) as caught,
    ):
        fetcher.get(f"{site.base}/a.html")
    assert (caught.value.reason, site.hits("/a.html")) == ("HTTP 503", 3)


def test_fetch_client_error_is_not_retried(tmp_path: Path) -> None:
    with (
        serve({}) as site,
        make_fetcher(tmp_path, retries=3) as fetcher,
        pytest.raises(InputError) as caught,
    ):
        fetcher.get(f"{site.base}/missing.html")
    assert (caught.value.reason, site.hits("/missing.html")) == ("HTTP 404", 1)


def test_fetch_timeout_is_a_clear_error(tmp_path: Path) -> None:
    with (
        serve({"/slow.html": Page(PAGE, delay=2.0)}) as site,
        make_fetcher(tmp_path, retries=0, timeout=0.3) as fetcher,
        pytest.raises(InputError) as caught,
    ):
        fetcher.get(f"{site.base}/slow.html")
    assert caught.value.reason == "fetch failed"
    assert "Timeout" in caught.value.detail


def test_fetch_per_host_rate_limit(tmp_path: Path) -> None:
    fake = FakeTime()
    with (
        serve({"/a.html": Page(PAGE), "/b.html": Page(PAGE)}) as site,
        make_fetcher(tmp_path, fake, delay=4.0, robots=False) as fetcher,
    ):
        fetcher.get(f"{site.base}/a.html")
        fetcher.get(f"{site.base}/b.html")
    assert fake.waits == [4.0]


def test_fetch_robots_crawl_delay_raises_the_wait(tmp_path: Path) -> None:
    fake = FakeTime()
    robots = Page(b"User-agent: *\nCrawl-delay: 7\n", content_type="text/plain")
    with (
        serve({"/robots.txt": robots, "/a.html": Page(PAGE), "/b.html": Page(PAGE)}) as site,
        make_fetcher(tmp_path, fake, delay=1.0) as fetcher,
    ):
        fetcher.get(f"{site.base}/a.html")
        fetcher.get(f"{site.base}/b.html")
    assert fake.waits == [7.0, 7.0]  # robots.txt -> a.html -> b.html


def test_fetch_revalidation_uses_etag(tmp_path: Path) -> None:
    with serve(
        {"/feed.rss": Page(b"<rss/>", content_type="application/rss+xml", etag='"v1"')}
    ) as site:
        url = f"{site.base}/feed.rss"
        with make_fetcher(tmp_path) as fetcher:
            fetcher.get(url)
            again = fetcher.get(url, revalidate=True)
        sent = [h.get("If-None-Match") for p, h in site.requests if p == "/feed.rss"]
    assert (sent, again.content, again.from_cache) == ([None, '"v1"'], b"<rss/>", True)


def test_fetch_too_large_is_refused(tmp_path: Path) -> None:
    with (
        serve({"/a.html": Page(PAGE)}) as site,
        make_fetcher(tmp_path, max_bytes=100) as fetcher,
        pytest.raises(InputError) as caught,
    ):
        fetcher.get(f"{site.base}/a.html")
    assert caught.value.reason == "too large"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("https://example.com/a", True),
        ("http://127.0.0.1:8000/x?y=1", True),
        ("ftp://example.com/a", False),
        ("example.com/a", False),
        ("https://", False),
        ("articles.jsonl", False),
    ],
)
def test_fetch_is_url(text: str, expected: bool) -> None:
    assert is_url(text) is expected


def test_fetch_read_urls_page_becomes_article(tmp_path: Path) -> None:
    with serve({"/a.html": Page(PAGE)}) as site, make_fetcher(tmp_path) as fetcher:
        items = list(read_urls([f"{site.base}/a.html"], ArticleDefaults(), fetcher=fetcher))
        url = f"{site.base}/a.html"
    assert len(items) == 1 and isinstance(items[0], Article)
    assert (items[0].url, items[0].origin) == (url, url)
    assert "station by station" in items[0].text


def test_fetch_read_urls_non_html_is_an_error(tmp_path: Path) -> None:
    pdf = Page(b"%PDF-1.4 ...", content_type="application/pdf")
    with serve({"/a.pdf": pdf}) as site, make_fetcher(tmp_path) as fetcher:
        items = list(read_urls([f"{site.base}/a.pdf"], ArticleDefaults(), fetcher=fetcher))
    assert [(type(i).__name__, getattr(i, "reason", None)) for i in items] == [
        ("InputError", "not HTML")
    ]


def test_fetch_url_list_reports_bad_lines(tmp_path: Path) -> None:
    with serve({"/a.html": Page(PAGE)}) as site, make_fetcher(tmp_path) as fetcher:
        listing = tmp_path / "urls.txt"
        listing.write_text(f"# news\n\n{site.base}/a.html\nnot a url\n", encoding="utf-8")
        items = list(read_url_list(listing, ArticleDefaults(), fetcher=fetcher))
    assert isinstance(items[0], Article)
    assert isinstance(items[1], InputError)
    assert (items[1].source, items[1].reason) == (f"{listing}:4", "bad URL")


def test_fetch_url_of_a_feed_reads_its_items(tmp_path: Path) -> None:
    with serve() as site, make_fetcher(tmp_path) as fetcher:
        site.routes["/feed.rss"] = Page(
            fixture_text("feed.rss", site.base), content_type="application/rss+xml"
        )
        items = list(
            read_urls([f"{site.base}/feed.rss"], ArticleDefaults(), feed_text=True, fetcher=fetcher)
        )
    assert [i.title for i in items if isinstance(i, Article)] == [
        "Canada recalls ambassador from Caracas",
        "Brazil and Argentina sign trade accord",
    ]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("off", None), ("none", None), ("/tmp/x/cache", Path("/tmp/x/cache")), ("", "default")],
)
def test_fetch_cache_setting_values(value: str, expected: Path | str | None) -> None:
    got = _cache_folder(value)
    assert got == (default_cache_dir() if expected == "default" else expected)
