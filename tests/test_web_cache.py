"""The dashboard's answer cache: kept across copies of the same data, status filled as it leaves,
warmed ahead; and the overview's state changes in one pass."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest
from fastapi.testclient import TestClient

from detente.analysis.timeline import recent_changes, timeline
from detente.commands.relations import server_options
from detente.store import Store
from detente.web.app import create_app
from detente.web.snapshot import fingerprint
from test_relations_builder import HISTORY, Doc, Ev, build, parsed
from test_web_snapshot import _release, _writer

EXTRA = Doc("n1", "Canada imposed new sanctions on Venezuela today.", date(2020, 5, 5),
            events=(Ev("Canada imposed new sanctions on Venezuela", "163", date="2020-05-05"),))  # fmt: skip


@pytest.fixture()
def store_file(db_path: Path) -> Path:
    return build(db_path, HISTORY[:3])


@pytest.fixture()
def client(store_file: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_file, refresh_s=0)) as c:
        yield c


def _touch(path: Path) -> None:
    """Change the file's time only: the next request takes a new copy of the same data."""
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))


def test_web_cache_fingerprint_follows_the_data(store_file: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.duckdb"
    copy.write_bytes(store_file.read_bytes())
    with duckdb.connect(str(store_file)) as a, duckdb.connect(str(copy)) as b:
        same = fingerprint(a) == fingerprint(b)
    with Store(copy) as store:
        store.add([parsed(EXTRA)])
    with duckdb.connect(str(store_file)) as a, duckdb.connect(str(copy)) as b:
        changed = fingerprint(a) != fingerprint(b)
    assert same and changed


def test_web_cache_kept_across_a_copy_of_the_same_data(client: TestClient, store_file: Path) -> None:
    snapshot = client.app.state.snapshot  # type: ignore[attr-defined]
    first = client.get("/api/search/events")
    copies = snapshot.generation
    _touch(store_file)
    again = client.get("/api/search/events")
    assert snapshot.generation == copies + 1  # a new copy was taken ...
    assert again.headers["x-detente-cache"] == "hit" and again.content == first.content  # ... same data


def test_web_cache_kept_page_shows_the_status_of_the_moment(
    client: TestClient, store_file: Path
) -> None:
    first = client.get("/")
    with Store(store_file) as store:  # the file changes, then a writer holds it: no new copy
        store.add([parsed(EXTRA)])
    proc = _writer(store_file)
    try:
        during = client.get("/")
    finally:
        _release(proc)
    after = client.get("/")
    assert "being written" not in first.text
    assert during.headers["x-detente-cache"] == "hit" and "being written" in during.text
    assert after.headers["x-detente-cache"] == "miss" and "being written" not in after.text


def test_web_cache_page_and_api_agree(client: TestClient) -> None:
    event = client.get("/api/search/events", params={"limit": 1}).json()["items"][0]
    page = client.get(f"/event/{event['id']}")
    api = client.get(f"/api/events/{event['id']}")
    assert page.status_code == api.status_code == 200
    assert api.json()["event"]["id"] == event["id"] and event["cameo_name"] in page.text


def test_web_cache_warms_the_hot_pages(store_file: Path) -> None:
    app = create_app(store_file, warm=100)
    with TestClient(app) as c:
        deadline = time.monotonic() + 60
        while app.state.warmer.warmed_version != app.state.snapshot.version:
            assert time.monotonic() < deadline, "warming did not finish"
            time.sleep(0.1)
        event = c.get("/api/search/events", params={"limit": 1}).json()["items"][0]
        hits = [c.get(url).headers["x-detente-cache"]
                for url in ("/", "/api/overview", "/pair/CAN/VEN", f"/event/{event['id']}")]  # fmt: skip
    assert hits == ["hit"] * 4


def test_web_cache_recent_changes_are_timeline_steps(db_path: Path) -> None:
    other = Doc("u1", "The United States imposed sanctions on Cuba on Monday.", date(2019, 3, 4),
                events=(Ev("The United States imposed sanctions on Cuba", "163", "USA", "CUB",
                           date="2019-03-04"),))  # fmt: skip
    build(db_path, [*HISTORY, other])
    with Store(db_path, read_only=True) as store:
        changes = recent_changes(store, limit=100)
        steps = {
            (c.event.id, c.dimension, c.previous, c.state)
            for pair in {(c.a, c.b) for c in changes}
            for c in timeline(store, *pair).steps
            if c.changed
        }
    assert {(c.a, c.b) for c in changes} >= {("CAN", "VEN"), ("CUB", "USA")}
    assert {(c.event.id, c.dimension, c.previous, c.state) for c in changes} == steps


def test_web_cache_serve_uses_httptools_and_uvloop() -> None:
    assert server_options() == ("httptools", "uvloop")
