"""RSS/Atom feeds: items from their linked pages (fetched from 127.0.0.1) or their own text."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from detente.errors import InputError
from detente.ingest.common import ArticleDefaults
from detente.ingest.feed import (
    fragment_text,
    looks_like_feed,
    parse_feed,
    read_feed_bytes,
    read_feed_file_text,
)
from detente.ingest.fetch import Fetcher, FetchOptions
from detente.records import Article

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "scale"))
from scale_site import Page, Site, fixture_text, serve

SCALE = Path(__file__).resolve().parent / "fixtures" / "scale"
OFFLINE = "http://fixture.test"


def fetcher(tmp_path: Path) -> Fetcher:
    return Fetcher(FetchOptions(cache=tmp_path / "cache", delay=0.0, retries=0))


def publish(site: Site) -> None:
    """Put the fixture feed and its two pages on the site."""
    site.routes["/feed.rss"] = Page(
        fixture_text("feed.rss", site.base), content_type="application/rss+xml"
    )
    for n in (1, 2):
        site.routes[f"/page-{n}.html"] = Page((SCALE / f"page-{n}.html").read_bytes())


def test_feed_parse_items_and_dates() -> None:
    feed = parse_feed(fixture_text("feed.rss", OFFLINE), "feed.rss")
    assert feed.title == "Fixture Times"
    assert [(i.link, i.published) for i in feed.items] == [
        (f"{OFFLINE}/page-1.html", date(2024, 7, 30)),
        (f"{OFFLINE}/page-2.html", date(2023, 5, 15)),
    ]


def test_feed_text_articles_carry_item_metadata() -> None:
    items = list(
        read_feed_bytes(
            fixture_text("feed.rss", OFFLINE), "feed.rss", ArticleDefaults(), feed_text=True
        )
    )
    first = items[0]
    assert isinstance(first, Article)
    assert (first.title, first.published, first.source, first.url, first.origin) == (
        "Canada recalls ambassador from Caracas",
        date(2024, 7, 30),
        "Fixture Times",
        f"{OFFLINE}/page-1.html",
        "feed.rss#1",
    )


def test_feed_text_drops_navigation_paragraphs() -> None:
    first = next(
        read_feed_bytes(
            fixture_text("feed.rss", OFFLINE), "feed.rss", ArticleDefaults(), feed_text=True
        )
    )
    assert isinstance(first, Article)
    assert first.text == (
        "Canada recalled its ambassador from Venezuela on Tuesday after the disputed election."
    )


def test_feed_atom_content_is_read() -> None:
    items = list(
        read_feed_bytes(
            fixture_text("feed.atom", OFFLINE), "feed.atom", ArticleDefaults(), feed_text=True
        )
    )
    assert len(items) == 1 and isinstance(items[0], Article)
    assert items[0].text.split("\n\n") == [
        "Russia expelled ten Polish diplomats on Friday, the Russian foreign ministry said.",
        "Poland condemned the decision and promised a response.",
    ]
    assert items[0].published == date(2022, 4, 8)


def test_feed_command_line_date_wins() -> None:
    defaults = ArticleDefaults(published=date(2020, 1, 1), source="Desk")
    items = list(read_feed_bytes(fixture_text("feed.rss", OFFLINE), "f", defaults, feed_text=True))
    assert {(i.published, i.source) for i in items if isinstance(i, Article)} == {
        (date(2020, 1, 1), "Desk")
    }


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("Plain text summary.", "Plain text summary."),
        ("<p>One.</p><p>Two.</p>", "One.\n\nTwo."),
        ("<p>Story.</p><p><a href='x'>Read more about it</a></p>", "Story."),
        ("<p>See <a href='x'>this</a> report on the talks.</p>", "See this report on the talks."),
        ("<p>Lead text.</p> <a href='x'>Continue reading...</a>", "Lead text."),
        ("<div><p>A.</p><ul><li>B.</li></ul></div>", "A.\n\nB."),
        ("<p>Kept.</p><script>var x = 1;</script>", "Kept."),
    ],
)
def test_feed_fragment_text(html: str, expected: str) -> None:
    assert fragment_text(html) == expected


@pytest.mark.parametrize(
    ("data", "ctype", "expected"),
    [
        (b'<?xml version="1.0"?><rss version="2.0"></rss>', "", True),
        (b'<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "", True),
        (b"<whatever/>", "application/rss+xml", True),
        (b"<!doctype html><html></html>", "", False),
        (b"<!doctype html><html></html>", "text/xml", False),
        (b"hello", "text/plain", False),
    ],
)
def test_feed_looks_like_feed(data: bytes, ctype: str, expected: bool) -> None:
    assert looks_like_feed(data, ctype) is expected


def test_feed_html_page_is_refused_naming_its_feed() -> None:
    page = (
        b"<!DOCTYPE html><html><head><title>News</title>"
        b'<link rel="alternate" type="application/rss+xml" href="https://x.test/rss"></head>'
        b"<body><p>Hello</p></body></html>"
    )
    items = list(read_feed_bytes(page, "news.rss", ArticleDefaults(), feed_text=True))
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert items[0].reason == "not a feed"
    assert "https://x.test/rss" in items[0].detail


def test_feed_garbage_is_refused() -> None:
    items = list(read_feed_bytes(b"\x00\x01 not xml", "x.rss", ArticleDefaults(), feed_text=True))
    assert [getattr(i, "reason", "") for i in items] == ["not a feed"]


def test_feed_items_fetch_their_pages(tmp_path: Path) -> None:
    with serve() as site:
        publish(site)
        data = site.routes["/feed.rss"].body
        items = list(
            read_feed_bytes(data, "feed.rss", ArticleDefaults(), fetcher=fetcher(tmp_path))
        )
        hits = (site.hits("/page-1.html"), site.hits("/page-2.html"))
    articles = [i for i in items if isinstance(i, Article)]
    assert hits == (1, 1)
    assert len(articles) == 2
    assert "station by station" in articles[0].text  # only the page has this paragraph
    assert articles[0].published == date(2024, 7, 30)  # the item's date
    assert articles[0].source == "Fixture Times"


def test_feed_item_page_failure_is_one_error(tmp_path: Path) -> None:
    with serve() as site:
        publish(site)
        del site.routes["/page-2.html"]
        items = list(
            read_feed_bytes(
                site.routes["/feed.rss"].body,
                "feed.rss",
                ArticleDefaults(),
                fetcher=fetcher(tmp_path),
            )
        )
    assert [type(i).__name__ for i in items] == ["Article", "InputError"]
    assert isinstance(items[1], InputError) and items[1].reason == "HTTP 404"


@pytest.mark.shared
def test_feed_guardian_snapshot_items(shared_dir: Path) -> None:
    items = list(read_feed_file_text(shared_dir / "feeds" / "guardian-2018.rss", ArticleDefaults()))
    articles = [i for i in items if isinstance(i, Article)]
    # README: 55 items, 47 dated 31 January, 6 on the 30th, 1 on the 29th, 1 in December 2017
    assert len(articles) == 55
    assert Counter(a.published for a in articles) == {
        date(2018, 1, 31): 47,
        date(2018, 1, 30): 6,
        date(2018, 1, 29): 1,
        date(2017, 12, 8): 1,
    }
    assert (
        articles[0].title
        == "Trump State of the Union address promised unity but emphasized discord"
    )
    assert not any("Continue reading" in a.text for a in articles)
