"""The dashboard in headless Chromium (Debian's chromium, driven by Playwright; no download).

Screenshots go to ``test-output/`` at the project root. The tests skip when
/usr/bin/chromium or Playwright is missing (``make test`` installs them).
"""

from __future__ import annotations

import contextlib
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from detente.web.app import create_app
from test_relations_builder import HISTORY, build

ROOT = Path(__file__).resolve().parent.parent
OUTPUT = ROOT / "test-output"
CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def require_browser() -> Any:
    """Playwright's sync API, or a skip with the reason."""
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("no /usr/bin/chromium (Debian package 'chromium'; 'make test' installs it)")
    try:
        from playwright import sync_api
    except ImportError:
        pytest.skip("playwright is not installed")
    return sync_api


@contextlib.contextmanager
def serving(db: Path) -> Iterator[str]:
    """Serve the dashboard for ``db`` on a free local port; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("the dashboard did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextlib.contextmanager
def chromium() -> Iterator[Any]:
    """Headless Chromium (Debian's), launched by Playwright."""
    sync_api = require_browser()
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextlib.contextmanager
def browser_page(browser: Any) -> Iterator[tuple[Any, list[str]]]:
    """A fresh page and the list its console errors and failed requests go to."""
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    problems: list[str] = []
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    try:
        yield page, problems
    finally:
        context.close()


def marked_text(scope: Any) -> str:
    """The words marked as evidence inside a page element (segments joined)."""
    return "".join(scope.locator(".evidence").all_inner_texts())


def chart_points(page: Any) -> int:
    """Wait for the chart, then return the number of points of its first bar trace."""
    page.wait_for_selector("#chart[data-rendered=true]", timeout=20_000)
    return int(page.evaluate("document.getElementById('chart').data[0].x.length"))


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = build(tmp_path_factory.mktemp("browser") / "web.duckdb", HISTORY)
    with serving(db) as url:
        yield url


def test_web_browser_pair_chart_renders(site: str, browser: Any) -> None:
    with browser_page(browser) as (page, problems):
        page.goto(site + "/pair/CAN/VEN?by=quarter")
        points = chart_points(page)
        expected = int(page.get_attribute("#chart", "data-points"))
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "pair-can-ven-handmade.png"), full_page=True)
    assert points == expected == 26
    assert problems == []


def test_web_browser_pair_evidence_is_highlighted(site: str, browser: Any) -> None:
    with browser_page(browser) as (page, _):
        page.goto(site + "/pair/CAN/VEN")
        first = page.locator("table.steps .ctx").first
        text = marked_text(first)
        colour = first.locator(".evidence").first.evaluate(
            "e => getComputedStyle(e).backgroundColor"
        )
    assert text == "Canada imposed sanctions on 40 Venezuelan officials"
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")


def test_web_browser_event_page_marks_each_report(site: str, browser: Any) -> None:
    with browser_page(browser) as (page, problems):
        page.goto(site + "/event/a1:e0")
        marked = [marked_text(li) for li in page.locator("ol.mentions > li").all()]
        OUTPUT.mkdir(exist_ok=True)
        page.screenshot(path=str(OUTPUT / "event-handmade.png"), full_page=True)
    assert marked == ["Canada imposed sanctions on 40 Venezuelan officials",
                      "Ottawa sanctioned forty officials of Venezuela"]  # fmt: skip
    assert problems == []


def test_web_browser_chart_click_lists_the_period(site: str, browser: Any) -> None:
    with browser_page(browser) as (page, _):
        page.goto(site + "/pair/CAN/VEN?by=year")
        chart_points(page)
        page.evaluate(
            "() => { const c = document.getElementById('chart');"
            " c.emit('plotly_click', {points: [{data: c.data[3], customdata: c.data[3].customdata[0]}]}); }"
        )
        page.wait_for_url("**/search?**", timeout=10_000)
        url = page.url
        total = page.locator("p.counts").inner_text()
    assert "since=2017-01-01" in url and "until=2017-12-31" in url
    assert total.startswith("3 matches")
