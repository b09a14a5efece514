"""The dashboard on real articles: the demo corpus and the Canada–Venezuela example, ingested.

The last tests need the event coder to find Canada–Venezuela events in these
articles (it does: the demo corpus reports sanctions, expulsions and a wish
to restore relations).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from detente import api
from detente.analysis.clusters import ensure_clusters
from detente.ingest import ArticleDefaults
from detente.store import Store
from detente.web.app import create_app
from test_web_browser import OUTPUT, browser_page, chart_points, chromium, serving

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Path:
    example = shared_dir / "examples" / "canada-venezuela-2024.txt"
    db = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    api.ingest([ROOT / "examples" / "demo" / "articles.jsonl"], db)
    api.ingest([example], db, defaults=ArticleDefaults(published=date(2024, 2, 1)))
    ensure_clusters(db)
    return db


@pytest.fixture(scope="module")
def client(demo_db: Path) -> Iterator[TestClient]:
    with TestClient(create_app(demo_db)) as c:
        yield c


def pair_cluster_ids(db: Path) -> set[str]:
    with Store(db, read_only=True) as store:
        rows = store.query(
            "SELECT id FROM event_clusters WHERE (source_country = 'CAN' AND target_country = 'VEN') "
            "OR (source_country = 'VEN' AND target_country = 'CAN')"
        )
    return {r["id"] for r in rows}


def test_web_demo_every_page_answers(client: TestClient) -> None:
    for url in ("/", "/pair/CAN/VEN", "/pair/USA/VEN?by=quarter", "/search?actor=Canada",
                "/search?kind=quotes&text=Venezuela", "/api/overview", "/docs"):  # fmt: skip
        assert client.get(url).status_code == 200, url


def test_web_demo_pair_lists_the_stored_events(client: TestClient, demo_db: Path) -> None:
    stored = pair_cluster_ids(demo_db)
    page = client.get("/api/pairs/CAN/VEN/events", params={"limit": 500}).json()
    assert page["total"] == len(stored)
    assert {e["id"] for e in page["items"]} == stored


def test_web_demo_chart_has_one_point_per_period(client: TestClient) -> None:
    rows = client.get("/api/pairs/CAN/VEN/relations", params={"by": "quarter"}).json()["rows"]
    fig = client.get("/api/pairs/CAN/VEN/chart", params={"by": "quarter"}).json()
    assert all(len(t["x"]) == len(rows) for t in fig["data"] if t["type"] == "bar")


def test_web_demo_articles_open(client: TestClient, demo_db: Path) -> None:
    with Store(demo_db, read_only=True) as store:
        ids = [r["id"] for r in store.query("SELECT id FROM articles")]
    assert len(ids) == 22
    for article_id in ids:
        view = client.get(f"/api/articles/{article_id}").json()
        assert "".join(s["text"] for s in view["segments"]) == view["text"]


def test_web_demo_canada_venezuela_has_events(client: TestClient) -> None:
    assert client.get("/api/pairs/CAN/VEN/events").json()["total"] > 0


def test_web_demo_canada_venezuela_timeline_has_changes(client: TestClient) -> None:
    steps = client.get("/api/pairs/CAN/VEN/timeline").json()["steps"]
    assert {s["dimension"] for s in steps if s["changed"]} == {"ties", "sanctions"}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def test_web_demo_browser_chart_renders(demo_db: Path, client: TestClient, browser: Any) -> None:
    periods = len(
        client.get("/api/pairs/CAN/VEN/relations", params={"by": "quarter"}).json()["rows"]
    )
    with serving(demo_db) as url, browser_page(browser) as (page, problems):
        page.goto(url + "/pair/CAN/VEN?by=quarter")
        points = chart_points(page)
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "pair-can-ven-demo.png"), full_page=True)
    assert points == periods
    assert problems == []


def test_web_demo_browser_evidence_highlighted(demo_db: Path, browser: Any) -> None:
    with serving(demo_db) as url, browser_page(browser) as (page, _):
        page.goto(url + "/pair/CAN/VEN")
        links = page.locator("table.events a[href^='/event/']")
        assert links.count() > 0, "the pair page lists no event"
        page.goto(url + str(links.first.get_attribute("href")))
        evidence = page.locator("ol.mentions > li").first.locator(".evidence").first
        colour = evidence.evaluate("e => getComputedStyle(e).backgroundColor")
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "event-demo.png"), full_page=True)
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
