"""The dashboard's JSON API and pages on a real DuckDB store (FastAPI's test client)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from detente.web.app import create_app
from test_relations_builder import HISTORY, Doc, Ev, Qu, build

HOSTILE = Doc(
    "x1", "<script>alert(1)</script> Canada imposed sanctions on Venezuela & its <b>officials</b>. "
    "\"We will not <i>bow</i>,\" said Maduro.", date(2018, 3, 1), "Wire <Three>",
    title="<img src=x onerror=alert(2)>",
    events=(Ev("Canada imposed sanctions on Venezuela & its <b>officials</b>", "163", date="2018-03-01"),),
    quotes=(Qu("We will not <i>bow</i>,", "Maduro", "VEN", "GOV"),),
)  # fmt: skip


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    db = build(tmp_path_factory.mktemp("web") / "web.duckdb", [*HISTORY, HOSTILE])
    with TestClient(create_app(db)) as c:
        yield c


def test_web_api_relations_one_row_per_period(client: TestClient) -> None:
    body = client.get("/api/pairs/CAN/VEN/relations", params={"by": "year"}).json()
    assert [r["label"] for r in body["rows"]] == [str(y) for y in range(2017, 2024)]
    assert [r["events"] for r in body["rows"]] == [3, 1, 2, 0, 0, 0, 1]


def test_web_api_pair_names_resolve(client: TestClient) -> None:
    by_code = client.get("/api/pairs/CAN/VEN/relations").json()
    by_name = client.get("/api/pairs/canada/Venezuela/relations").json()
    assert by_code == by_name


def test_web_api_timeline_steps(client: TestClient) -> None:
    steps = client.get("/api/pairs/CAN/VEN/timeline").json()["steps"]
    changed = [(s["dimension"], s["state"]) for s in steps if s["changed"]]
    assert changed == [("sanctions", "imposed"), ("ties", "downgraded"), ("ties", "restoring")]


def test_web_api_pair_events_are_the_stored_clusters(client: TestClient) -> None:
    page = client.get("/api/pairs/VEN/CAN/events", params={"limit": 3}).json()
    assert page["total"] == 8 and len(page["items"]) == 3
    dates = [e["date_start"] for e in page["items"]]
    assert dates == sorted(dates, reverse=True)


def test_web_api_event_has_every_report(client: TestClient) -> None:
    detail = client.get("/api/events/a1:e0").json()
    assert detail["event"]["n_mentions"] == 2
    assert {m["doc_id"] for m in detail["mentions"]} == {"a1", "a2"}
    marked = [
        "".join(s["text"] for s in m["context"] if "evidence" in s["marks"])
        for m in detail["mentions"]
    ]
    assert marked == [m["evidence"] for m in detail["mentions"]]


def test_web_api_article_segments_rebuild_the_text(client: TestClient) -> None:
    view = client.get("/api/articles/a4").json()
    assert "".join(s["text"] for s in view["segments"]) == view["text"]
    assert {m for s in view["segments"] for m in s["marks"]} == {"event", "quote"}


@pytest.mark.parametrize(
    ("params", "expected"),
    [({"actor": "Canada", "text": "embassy"}, {"a5:e0"}),
     ({"cameo": "163"}, {"a1:e0", "a4:e0", "x1:e0"}),
     ({"plover": "agree"}, {"a6:e1"}),
     ({"status": "negated"}, {"a6:e0"}),
     ({"since": "2019-01-01", "until": "2019-12-31"}, {"a4:e0", "a5:e0"}),
     ({"actor": "VEN", "cameo": "161"}, {"a3:e0", "a3:e1", "a5:e0"})],
)  # fmt: skip
def test_web_api_search_events_filters(
    client: TestClient, params: dict, expected: set[str]
) -> None:
    items = client.get("/api/search/events", params=params).json()["items"]
    assert {i["doc_id"] + ":" + _mention_suffix(client, i["id"]) for i in items} >= expected
    assert len(items) == len(expected)


def _mention_suffix(client: TestClient, event_id: str) -> str:
    mentions = client.get(f"/api/events/{event_id}").json()["mentions"]
    return mentions[0]["event_id"].split(":")[1]


@pytest.mark.parametrize(
    ("params", "expected"),
    [({"actor": "VEN"}, 1), ({"actor": "freeland"}, 1), ({"text": "REGIME"}, 1), ({"kind": "indirect"}, 0),
     ({"since": "2019-01-01"}, 1)],
)  # fmt: skip
def test_web_api_search_quotes_filters(client: TestClient, params: dict, expected: int) -> None:
    assert client.get("/api/search/quotes", params=params).json()["total"] == expected


def test_web_api_pair_quotes(client: TestClient) -> None:
    items = client.get("/api/pairs/CAN/VEN/quotes").json()["items"]
    assert {q["speaker"] for q in items} == {"Chrystia Freeland", "Maduro"}


def test_web_api_chart_has_one_point_per_period(client: TestClient) -> None:
    fig = client.get("/api/pairs/CAN/VEN/chart", params={"by": "quarter"}).json()
    periods = len(
        client.get("/api/pairs/CAN/VEN/relations", params={"by": "quarter"}).json()["rows"]
    )
    bars = [t for t in fig["data"] if t["type"] == "bar"]
    assert len(bars) == 4 and all(len(t["x"]) == periods for t in bars)


def test_web_api_overview(client: TestClient) -> None:
    body = client.get("/api/overview").json()
    assert body["counts"]["articles"] == len(HISTORY) + 1
    assert body["pairs"][0]["a"] == "CAN" and body["pairs"][0]["b"] == "VEN"
    assert body["changes"] and body["latest"]["items"]


@pytest.mark.parametrize(
    ("url", "status"),
    [("/api/pairs/Atlantis/VEN/relations", 404), ("/api/events/nope", 404), ("/api/articles/zzzzzzzz", 404),
     ("/api/pairs/CAN/CAN/relations", 422), ("/api/pairs/CAN/VEN/relations?by=decade", 422),
     ("/api/pairs/CAN/VEN/relations?since=2019-13-01", 422),
     ("/api/search/events?since=2020-01-01&until=2019-01-01", 422),
     ("/api/search/events?limit=0", 422), ("/api/search/events?limit=100000", 422),
     ("/api/search/events?cameo=abc", 422), ("/api/search/events?status=maybe", 422),
     ("/api/search/quotes?kind=shouted", 422), ("/event/nope", 404), ("/article/nope", 404),
     ("/pair/CAN/Atlantis", 404), ("/pair/CAN/VEN?by=decade", 422), ("/nowhere", 404)],
)  # fmt: skip
def test_web_api_errors(client: TestClient, url: str, status: int) -> None:
    r = client.get(url)
    assert r.status_code == status
    if url.startswith("/api"):
        assert r.json()["detail"]


def test_web_api_422_names_the_parameter(client: TestClient) -> None:
    body = client.get("/api/pairs/CAN/VEN/relations", params={"by": "decade"}).json()
    assert any(e.startswith("by:") for e in body["errors"])


@pytest.mark.parametrize(
    "url",
    [
        "/api/search/events?text=%27%3B DROP TABLE events;--",
        "/api/search/events?actor=%25%25",
        "/api/search/events?text=%00",
        "/api/events/%27 OR 1=1 --",
        "/api/articles/%25",
        "/search?text=<script>&kind=quotes",
        "/api/pairs/%F0%9F%92%A5%F0%9F%92%A5/VEN/events",
        "/search?actor=&text=&since=",
        "/api/search/quotes?actor=_%25_",
    ],
)
def test_web_api_odd_input_never_500(client: TestClient, url: str) -> None:
    assert client.get(url).status_code < 500
    assert client.get("/api/search/events").json()["total"] == 8  # nothing was dropped


def test_web_api_openapi_documents_every_api_path(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    assert {"/api/pairs/{a}/{b}/relations", "/api/pairs/{a}/{b}/timeline", "/api/events/{event_id}",
            "/api/articles/{article_id}", "/api/search/events", "/api/search/quotes",
            "/api/overview"} <= set(schema["paths"])  # fmt: skip
    docs = client.get("/docs").text
    assert "/api/search/events" in docs and "cdn" not in docs.lower()


def test_web_api_status(client: TestClient) -> None:
    body = client.get("/api/status").json()
    assert body["stale"] is False and body["copied_at"]


def test_web_pages_escape_article_text(client: TestClient) -> None:
    html = client.get("/article/x1").text
    assert (
        "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    )
    assert "<img src=x" not in html and "<b>officials</b>" not in html


def test_web_pages_csp_forbids_other_origins(client: TestClient) -> None:
    r = client.get("/pair/CAN/VEN")
    assert "default-src 'self'" in r.headers["content-security-policy"]
    assert "http" not in r.text.split("<main>")[0].replace("http-equiv", "")


def test_web_pages_serve_plotly_from_the_package(client: TestClient) -> None:
    r = client.get("/static/plotly.min.js")
    assert r.status_code == 200 and "plotly" in r.text[:2000].lower()


@pytest.mark.parametrize(
    ("url", "needle"),
    [("/", "Most active pairs"), ("/pair/CAN/VEN", 'id="chart"'), ("/event/a1:e0", 'class="sentence evidence'),
     ("/article/a4", 'class="quote"'), ("/search?actor=Canada&text=embassy", "1 match"),
     ("/search?kind=quotes&text=regime", "This regime must end"), ("/docs", "GET /api/search/quotes")],
)  # fmt: skip
def test_web_pages_render(client: TestClient, url: str, needle: str) -> None:
    r = client.get(url)
    assert r.status_code == 200 and needle in r.text


def test_web_pages_pair_form_redirects(client: TestClient) -> None:
    r = client.get("/pair", params={"a": "Canada", "b": "venezuela"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/pair/CAN/VEN"


@pytest.mark.parametrize(
    ("spans", "expected"),
    [
        ([], [("Canada expelled envoys.", ())]),
        ([(0, 6, "event")], [("Canada", ("event",)), (" expelled envoys.", ())]),
        (
            [(0, 15, "event"), (7, 22, "quote")],
            [
                ("Canada ", ("event",)),
                ("expelled", ("event", "quote")),
                (" envoys", ("quote",)),
                (".", ()),
            ],
        ),
        ([(30, 40, "event"), (5, 3, "quote")], [("Canada expelled envoys.", ())]),
    ],
    ids=["none", "one", "overlap", "out-of-range"],
)
def test_web_api_segments_cut_at_span_edges(spans: list, expected: list) -> None:
    from detente.analysis.highlight import Span, segments

    found = segments("Canada expelled envoys.", [Span(a, b, mark) for a, b, mark in spans])
    assert [(s.text, s.marks) for s in found] == expected
