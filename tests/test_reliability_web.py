"""The dashboard's surface under hostile input: injection strings through every filter,
bad and random parameters on every route, and ``detente serve``'s address.

Every route is found by walking the app (the OpenAPI schema's routes and the
pages): nothing here lists them by hand, so a new route is walked too. No
answer may be a 500; bad parameters get 422 and unknown ids 404, each with a
message; no injection string returns rows or changes a table.
"""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import duckdb
import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detente.commands.relations import is_loopback
from detente.web import api, pages
from detente.web.app import create_app
from detente.web.pages import link_url
from test_relations_builder import HISTORY, build

INJECTIONS = (
    "' OR 1=1 --", '"; DROP TABLE events; --', "') OR ('1'='1", "%", "%%", "_", "*", "\x00",
    "1; DELETE FROM articles", "' UNION SELECT id, text FROM articles --", "\\", "$1", "?",
    "%' OR '%'='", "Canada' --", "CAN'; DROP TABLE articles; --",
)  # fmt: skip
BAD_VALUES = (
    "", " ", "\x00", "%00", "'", "\\", "../../etc/passwd", "<script>alert(1)</script>", "😀😀",
    "x" * 3000, "-1", "0", "1.5", "1e309", "NaN", "9" * 30, "null", "[]", "2020-13-45",
    "0001-01-01", "9999-12-31", "maybe", "ＣＡＮ", "\u202e", "CAN\nVEN",
)  # fmt: skip
OK_STATUS = {200, 303, 404, 422}


@dataclass(frozen=True)
class Route:
    """One GET route of the app: its path template and parameter names."""

    path: str
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    api: bool


def _params(dependant: Any, kind: str) -> Iterator[str]:
    """The names of a dependant's ``kind`` parameters, its sub-dependencies' included."""
    for field in getattr(dependant, kind):
        yield field.alias
    for sub in dependant.dependencies:
        yield from _params(sub, kind)


def routes(app: Any) -> list[Route]:
    """Every GET route of the app with the parameters it takes (pages and API alike)."""
    found = [*api.router.routes, *pages.router.routes, *app.routes]
    out = {}
    for route in found:
        if isinstance(route, APIRoute) and "GET" in (route.methods or ()):
            out[route.path] = Route(
                route.path, tuple(dict.fromkeys(_params(route.dependant, "path_params"))),
                tuple(dict.fromkeys(_params(route.dependant, "query_params"))),
                route.path.startswith("/api"),
            )  # fmt: skip
    return list(out.values())


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("surface") / "web.duckdb", HISTORY)


@pytest.fixture(scope="module")
def client(store: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store)) as c:
        yield c


@pytest.fixture(scope="module")
def valid(client: TestClient) -> dict[str, str]:
    """A valid value for every path parameter (real ids from the store)."""
    event = client.get("/api/search/events", params={"limit": 1}).json()["items"][0]
    return {"a": "CAN", "b": "VEN", "event_id": event["id"], "article_id": event["doc_id"]}


def url(route: Route, valid: dict[str, str], path_values: dict[str, str]) -> str:
    path = route.path
    for name in route.path_params:
        path = path.replace("{" + name + "}", quote(path_values.get(name, valid[name]), safe=""))
    return path


def counts(db: Path) -> dict[str, int]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
        return {t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}  # type: ignore[index]
    finally:
        con.close()


def check_answer(r: Any, route: Route) -> None:
    """Never a 500; an error says what is wrong."""
    assert r.status_code in OK_STATUS, (r.request.url, r.status_code, r.text[:300])
    if r.status_code in (404, 422):
        if route.api:
            assert r.json()["detail"]
        else:
            assert f"Error {r.status_code}" in r.text


def in_store(db: Path, needle: str) -> bool:
    """True when some stored text, title, actor or quote holds ``needle`` (case folded)."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        found = con.execute(
            "SELECT count(*) FROM (SELECT text AS t FROM articles UNION ALL SELECT title FROM articles "
            "UNION ALL SELECT concat_ws(' ', source_name, source_text, target_name, target_text) FROM events "
            "UNION ALL SELECT concat_ws(' ', content, speaker, speaker_name) FROM quotes) "
            "WHERE contains(lower(t), lower(?))",
            [needle],
        ).fetchone()
    finally:
        con.close()
    return bool(found and found[0])


# -- the route walk ----------------------------------------------------------


def test_reliability_web_walk_covers_the_openapi_schema(client: TestClient) -> None:
    walked = {r.path for r in routes(client.app)}
    schema = set(client.get("/openapi.json").json()["paths"])
    assert schema and schema <= walked
    assert {"/", "/pair/{a}/{b}", "/event/{event_id}", "/article/{article_id}", "/search"} <= walked


@pytest.mark.slow
def test_reliability_web_bad_parameters_never_500(client: TestClient, valid: dict[str, str]) -> None:
    tried = 0
    for route in routes(client.app):
        for name in (*route.path_params, *route.query_params):
            for value in BAD_VALUES:
                if name in route.path_params:
                    if not value.strip() or "/" in value:
                        continue  # an empty or slashed segment is another route: 404 by routing
                    r = client.get(url(route, valid, {name: value}))
                else:
                    r = client.get(url(route, valid, {}), params={name: value})
                check_answer(r, route)
                tried += 1
    assert tried > 500


@settings(max_examples=80, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])  # fmt: skip
@given(data=st.data())
def test_reliability_web_random_parameters_never_500(
    client: TestClient, valid: dict[str, str], data: st.DataObject
) -> None:
    route = data.draw(st.sampled_from(routes(client.app)))
    text = st.text(st.characters(codec="utf-8", exclude_characters="/"), min_size=1, max_size=60)
    path_values = {n: data.draw(text.filter(str.strip)) for n in route.path_params if data.draw(st.booleans())}
    params = {n: data.draw(text) for n in route.query_params if data.draw(st.booleans())}
    check_answer(client.get(url(route, valid, path_values), params=params), route)


def test_reliability_web_bad_parameter_is_422_with_its_name(client: TestClient) -> None:
    for path, name in (("/api/search/events", "limit"), ("/api/search/events", "since"),
                       ("/api/pairs/CAN/VEN/relations", "by"), ("/api/search/quotes", "kind")):  # fmt: skip
        body = client.get(path, params={name: "nonsense"}).json()
        assert any(e.startswith(f"{name}:") for e in body["errors"]), body


@pytest.mark.parametrize(
    "query",
    ["by=day&since=0001-01-01", "by=day&until=9999-12-31", "by=week&since=0001-01-01&until=9999-12-31"],
)
def test_reliability_web_too_many_periods_is_422(client: TestClient, query: str) -> None:
    for path in ("/api/pairs/CAN/VEN/relations", "/api/pairs/CAN/VEN/chart", "/pair/CAN/VEN"):
        r = client.get(f"{path}?{query}")
        assert r.status_code == 422 and "too many periods" in r.text, (path, r.status_code)


# -- injection strings through every filter ----------------------------------


@pytest.mark.slow
def test_reliability_web_injection_returns_nothing_and_changes_nothing(
    client: TestClient, store: Path, valid: dict[str, str]
) -> None:
    before = counts(store)
    overview = client.get("/api/overview").json()["counts"]
    total = client.get("/api/search/events").json()["total"]
    for route in routes(client.app):
        for name in (*route.path_params, *route.query_params):
            for value in INJECTIONS:
                if name in route.path_params:
                    r = client.get(url(route, valid, {name: value}))
                else:
                    r = client.get(url(route, valid, {}), params={name: value})
                check_answer(r, route)
                if r.status_code == 200 and route.api and not in_store(store, value):
                    body = r.json()
                    if isinstance(body, dict) and "total" in body and name in ("actor", "text"):
                        assert body["total"] == 0, (r.request.url, body["total"])
    assert counts(store) == before
    assert client.get("/api/overview").json()["counts"] == overview
    assert client.get("/api/search/events").json()["total"] == total


@pytest.mark.parametrize("value", INJECTIONS)
def test_reliability_web_injection_in_text_filter_matches_nothing(client: TestClient, store: Path, value: str) -> None:
    if in_store(store, value):
        pytest.skip(f"{value!r} occurs in the test store")
    for path in ("/api/search/events", "/api/search/quotes"):
        for name in ("text", "actor"):
            r = client.get(path, params={name: value})
            assert r.status_code in (200, 422), r.text
            if r.status_code == 200:
                assert r.json()["total"] == 0, (path, name, value)


# -- detente serve: 127.0.0.1 unless told otherwise --------------------------


def listening_address(port: int) -> str | None:
    """The local address a socket listens on for ``port`` (from /proc/net/tcp), or ``None``."""
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hexport = local.split(":")
        if state == "0A" and int(hexport, 16) == port:
            return ".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0))
    return None


def serve(db: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "detente.cli", "serve", "--db", str(db), *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="needs Linux's /proc/net/tcp")
def test_reliability_serve_binds_loopback_by_default(store: Path) -> None:
    port = free_port()
    proc = serve(store, "--port", str(port))
    try:
        deadline = time.monotonic() + 60
        address = None
        while address is None and time.monotonic() < deadline and proc.poll() is None:
            address = listening_address(port)
            time.sleep(0.1)
        assert address == "127.0.0.1"
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert f"http://127.0.0.1:{port}/" in err and "warning" not in err


def test_reliability_serve_other_address_warns(store: Path) -> None:
    with socket.socket() as taken:  # the port is taken: the server warns, then cannot bind
        taken.bind(("0.0.0.0", 0))
        taken.listen()
        port = taken.getsockname()[1]
        proc = serve(store, "--host", "0.0.0.0", "--port", str(port))
        _, err = proc.communicate(timeout=60)
    assert proc.returncode != 0
    first = err.strip().splitlines()[0]
    assert first.startswith("warning: listening on 0.0.0.0") and "no login" in first


@pytest.mark.parametrize(
    ("host", "expected"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.8.0.1", True),
     ("0.0.0.0", False), ("::", False), ("192.168.1.4", False), ("example.com", False)],
)  # fmt: skip
def test_reliability_serve_loopback_rule(host: str, expected: bool) -> None:
    assert is_loopback(host) is expected


def test_reliability_web_json_errors_are_one_message(client: TestClient) -> None:
    body = client.get("/api/articles/" + quote("'; DROP TABLE articles; --", safe="")).json()
    assert re.fullmatch(r"no article with id .*", body["detail"]) and "\n" not in json.dumps(body)


@pytest.mark.parametrize(
    ("url", "expected"),
    [("https://news.example.org/a?b=1", "https://news.example.org/a?b=1"), ("HTTP://X.ORG/", "HTTP://X.ORG/"),
     ("javascript:alert(1)", None), ("JavaScript:alert(1)", None), (" javascript:alert(1)", None),
     ("data:text/html,<script>alert(1)</script>", None), ("vbscript:x", None), ("//evil.example", None),
     ("https://x.org/a\njavascript:y", None), ("news.example.org/a", None), (None, None)],
)  # fmt: skip
def test_reliability_web_only_http_urls_become_links(url: str | None, expected: str | None) -> None:
    assert link_url(url) == expected


# -- the answer cache: repeats from the cache, never an answer of an old copy --


def test_reliability_web_cache_repeats_the_same_answer(client: TestClient) -> None:
    first = client.get("/api/search/events", params={"text": "sanctions", "limit": 3})
    again = client.get("/api/search/events", params={"text": "sanctions", "limit": 3})
    assert again.headers["x-detente-cache"] == "hit" and again.content == first.content
    assert "default-src 'self'" in again.headers["content-security-policy"]


def test_reliability_web_cache_keeps_no_error(client: TestClient) -> None:
    for _ in range(2):
        r = client.get("/api/events/no-such-event")
        assert r.status_code == 404 and "x-detente-cache" not in r.headers


def test_reliability_web_cache_forgets_an_old_copy(tmp_path: Path) -> None:
    from datetime import date

    from detente.store import Store
    from test_relations_builder import Doc, Ev, parsed

    db = build(tmp_path / "grow.duckdb", HISTORY[:2])
    with TestClient(create_app(db, refresh_s=0)) as c:
        before = c.get("/api/search/events").json()["total"]
        assert c.get("/api/search/events").headers["x-detente-cache"] == "hit"
        extra = Doc("n1", "Canada imposed new sanctions on Venezuela today.", date(2020, 5, 5),
                    events=(Ev("Canada imposed new sanctions on Venezuela", "163", date="2020-05-05"),))  # fmt: skip
        with Store(db) as store:
            store.add([parsed(extra)])
        after = c.get("/api/search/events")
    assert after.headers["x-detente-cache"] == "miss" and after.json()["total"] == before + 1


def test_reliability_web_cache_stays_within_its_bytes() -> None:
    from detente.web.app import ResponseCache

    cache = ResponseCache(max_bytes=1000, max_body=400)
    keys = [(1, "", f"/p{n}", b"") for n in range(10)]
    assert cache.get(keys[0]) is None  # first sight of copy 1
    for _ in range(3):
        for key in keys:
            cache.put(key, b"x" * 300, {})
            cache.put(key, b"x" * 300, {})  # the same answer computed twice at once
    kept = [k for k in keys if cache.get(k) is not None]
    assert kept == keys[-3:]  # 3 x 300 bytes fit; the least recently used went first
    cache.put((1, "", "/big", b""), b"x" * 500, {})
    assert cache.get((1, "", "/big", b"")) is None  # over max_body: not kept
    assert cache.get((2, "", "/p9", b"")) is None and cache.get(keys[-1]) is None  # a new copy
