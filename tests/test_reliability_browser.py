"""Hostile articles in the real browser: nothing an article (or a URL) carries may run.

An article whose title, text, source and URL hold script tags, ``onerror``
images and a ``javascript:`` URL goes through the real pipeline (``detente
ingest``), and every page that shows it is opened in headless Chromium
(Debian's, driven by Playwright; skipped, saying why, when it is missing).
Each payload would set ``window.__xss`` or the page title if it ran.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from detente import api
from test_web_browser import chromium, serving

PAYLOAD_TITLE = "<script>window.__xss=1</script>Canada recalls envoy <img src=x onerror=\"window.__xss=2\">"
PAYLOAD_TEXT = (
    "Canada imposed sanctions on Venezuela on Friday <script>window.__xss=3;document.title='pwned'"
    "</script>, the foreign ministry said in Ottawa. "
    '"We will not <img src=x onerror=window.__xss=4> bow to pressure," said President Nicolás Maduro. '
    "Canada also recalled its ambassador from Caracas </script><script>window.__xss=5</script> "
    "for consultations <svg onload=window.__xss=6></svg>, officials said. "
    "Venezuela expelled the Canadian chargé d'affaires <iframe src=\"javascript:parent.__xss=7\"></iframe> "
    "on Saturday, the government said."
)
RECORD = {
    "title": PAYLOAD_TITLE,
    "text": PAYLOAD_TEXT,
    "source": "<svg onload=window.__xss=8>Wire",
    "url": "javascript:window.__xss=9//",
    "published": "2024-02-01",
}
#: What a page must not contain once rendered (element selectors a payload would create).
INJECTED = "script:not([src]):not([type='application/json']), img[onerror], svg[onload], iframe, [onload], [onerror], a[href^='javascript:' i]"


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, nlp: object) -> tuple[Path, str]:
    """A store holding the hostile article (through the real pipeline), and its id."""
    tmp = tmp_path_factory.mktemp("hostile")
    source = tmp / "hostile.jsonl"
    source.write_text(json.dumps(RECORD) + "\n", encoding="utf-8")
    db = tmp / "hostile.duckdb"
    assert api.ingest([source], db).stored == 1
    [row] = api.list_articles(db)
    return db, str(row["id"])


@pytest.fixture(scope="module")
def site(hostile: tuple[Path, str]) -> Iterator[str]:
    with serving(hostile[0]) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as b:
        yield b


def pages_showing(site: str, article_id: str) -> list[str]:
    """Every page that shows the article or something of it (and two that echo input)."""
    import httpx

    view = httpx.get(f"{site}/api/articles/{article_id}", timeout=30).json()
    events = {e.get("cluster_id") or e["event_id"] for e in view["events"]}
    assert events, "the hostile article should give events (the pages show them)"
    return [
        "/", f"/article/{article_id}", *(f"/event/{quote(e, safe='')}" for e in sorted(events)),
        "/pair/CAN/VEN", "/search?text=sanctions", "/search?kind=quotes&text=bow",
        "/search?text=" + quote("<script>window.__xss=10</script>"),
        "/article/" + quote("<img src=x onerror=window.__xss=11>", safe=""),
    ]  # fmt: skip


def open_page(browser: Any, url: str) -> dict[str, Any]:
    """Open ``url`` and report what ran: the flag, the title, dialogs, CSP refusals, injected nodes."""
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    console: list[str] = []
    def on_dialog(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("console", lambda m: console.append(m.text))
    try:
        response = page.goto(url, wait_until="load")
        page.wait_for_timeout(300)
        return {
            "status": response.status if response else None,
            "flag": page.evaluate("typeof window.__xss === 'undefined' ? null : window.__xss"),
            "title": page.title(),
            "dialogs": dialogs,
            "csp": [c for c in console if "Content Security Policy" in c],
            "injected": page.evaluate(f"document.querySelectorAll({INJECTED!r}).length"),
            "text": page.inner_text("body"),
        }
    finally:
        context.close()


def test_reliability_browser_hostile_article_runs_nothing(
    site: str, browser: Any, hostile: tuple[Path, str]
) -> None:
    urls = pages_showing(site, hostile[1])
    for path in urls:
        seen = open_page(browser, site + path)
        assert seen["status"] in (200, 404), (path, seen["status"])
        assert seen["flag"] is None, f"{path}: a payload ran (window.__xss={seen['flag']})"
        assert "pwned" not in seen["title"] and not seen["dialogs"], path
        assert seen["injected"] == 0, f"{path}: {seen['injected']} injected element(s) in the page"
        assert not seen["csp"], f"{path}: CSP had to block something: {seen['csp']}"


def test_reliability_browser_hostile_text_is_shown_as_text(
    site: str, browser: Any, hostile: tuple[Path, str]
) -> None:
    seen = open_page(browser, f"{site}/article/{hostile[1]}")
    assert "<script>window.__xss=3" in seen["text"]  # escaped, shown as the article wrote it
    assert "<img src=x onerror=" in seen["text"]
    assert "<script>window.__xss=1</script>Canada recalls envoy" in seen["title"]
