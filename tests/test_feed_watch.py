"""``detente watch``: polling feeds and ingesting only what is new."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from detente.cli import main
from detente.commands.watch import parse_interval, watch_feeds
from detente.engine.local import IngestSummary
from detente.ingest.fetch import Fetcher, FetchOptions, default_fetcher
from detente.store import Store

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "scale"))
from scale_site import Page, fixture_text, serve

SCALE = Path(__file__).resolve().parent / "fixtures" / "scale"
EXTRA_ITEM = """
    <item>
      <title>Japan offers aid to the Philippines</title>
      <link>{base}/page-3.html</link>
      <guid>{base}/page-3.html</guid>
      <pubDate>Sun, 19 Dec 2021 09:00:00 GMT</pubDate>
      <description>Japan offered emergency aid to the Philippines after the typhoon, officials said.</description>
    </item>
  </channel>"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [("15m", 900.0), ("1h", 3600.0), ("30s", 30.0), ("2d", 172800.0), ("90", 90.0), ("0.5m", 30.0)],
)
def test_feed_watch_parse_interval(text: str, expected: float) -> None:
    assert parse_interval(text) == expected


def test_feed_watch_parse_interval_rejects_junk() -> None:
    with pytest.raises(Exception, match="not an interval"):
        parse_interval("soon")


def test_feed_watch_second_poll_ingests_only_new_items(
    tmp_path: Path, db_path: Path, nlp: object
) -> None:
    polls: list[IngestSummary] = []
    with serve() as site:
        feed = fixture_text("feed.rss", site.base)
        site.routes["/feed.rss"] = Page(feed, content_type="application/rss+xml")

        def on_poll(number: int, summary: IngestSummary) -> None:
            polls.append(summary)
            grown = feed.decode().replace("  </channel>", EXTRA_ITEM.replace("{base}", site.base))
            site.routes["/feed.rss"] = Page(grown.encode(), content_type="application/rss+xml")

        fetcher = Fetcher(FetchOptions(cache=tmp_path / "cache", delay=0.0))
        made = watch_feeds(
            [f"{site.base}/feed.rss"], db_path, every=0.0, feed_text=True, max_polls=2,
            fetcher=fetcher, on_poll=on_poll, sleep=lambda _: None,
        )  # fmt: skip
    assert made == 2
    assert [(p.read, p.stored) for p in polls] == [(2, 2), (1, 1)]
    with Store(db_path, read_only=True) as store:
        assert store.counts()["articles"] == 3


def test_feed_watch_skips_stored_urls_after_restart(
    tmp_path: Path, db_path: Path, nlp: object
) -> None:
    polls: list[IngestSummary] = []
    with serve() as site:
        site.routes["/feed.rss"] = Page(
            fixture_text("feed.rss", site.base), content_type="application/rss+xml"
        )
        for _ in range(2):  # two separate watch runs, as after a restart
            watch_feeds(
                [f"{site.base}/feed.rss"], db_path, every=0.0, feed_text=True, max_polls=1,
                fetcher=Fetcher(FetchOptions(cache=tmp_path / "cache", delay=0.0)),
                on_poll=lambda _, s: polls.append(s), sleep=lambda _: None,
            )  # fmt: skip
    assert [(p.read, p.stored) for p in polls] == [(2, 2), (0, 0)]


def test_feed_watch_command_runs(
    tmp_path: Path, db_path: Path, nlp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    default_fetcher.cache_clear()
    try:
        with serve() as site:
            site.routes["/feed.rss"] = Page(
                fixture_text("feed.rss", site.base), content_type="application/rss+xml"
            )
            result = CliRunner().invoke(
                main,
                ["watch", f"{site.base}/feed.rss", "--feed-text", "--every", "1s",
                 "--max-polls", "1", "--db", str(db_path)],
            )  # fmt: skip
    finally:
        default_fetcher.cache_clear()
    assert result.exit_code == 0, result.output
    assert "poll 1: Read 2 items" in result.output
    assert (tmp_path / "xdg" / "detente" / "fetch").is_dir()


def test_feed_watch_help_has_example() -> None:
    result = CliRunner().invoke(main, ["watch", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output and "--every" in result.output
