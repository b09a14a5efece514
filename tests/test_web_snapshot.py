"""The dashboard reads a snapshot: it never blocks an ingest and keeps answering during one."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from detente.store import Store
from detente.web.app import create_app
from test_relations_builder import HISTORY, Doc, Ev, build, parsed

HOLD = (
    "import duckdb, sys, time\n"
    "con = duckdb.connect(sys.argv[1])\n"
    "print('ready', flush=True)\n"
    "sys.stdin.readline()\n"
)


@pytest.fixture()
def store_file(db_path: Path) -> Path:
    return build(db_path, HISTORY[:3])


@pytest.fixture()
def client(store_file: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_file, refresh_s=0)) as c:
        yield c


def _writer(path: Path) -> subprocess.Popen[str]:
    proc = subprocess.Popen([sys.executable, "-c", HOLD, str(path)], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
    return proc


def _release(proc: subprocess.Popen[str]) -> None:
    assert proc.stdin is not None
    proc.stdin.write("\n")
    proc.stdin.flush()
    proc.wait(timeout=30)


def test_web_snapshot_does_not_hold_the_store(client: TestClient, store_file: Path) -> None:
    assert client.get("/api/overview").status_code == 200
    proc = _writer(store_file)  # a writer can open the file while the dashboard serves
    _release(proc)
    assert proc.returncode == 0


def test_web_snapshot_sees_new_articles(client: TestClient, store_file: Path) -> None:
    before = client.get("/api/overview").json()["counts"]["articles"]
    extra = Doc("n1", "Canada imposed new sanctions on Venezuela today.", date(2020, 5, 5),
                events=(Ev("Canada imposed new sanctions on Venezuela", "163", date="2020-05-05"),))  # fmt: skip
    with Store(store_file) as store:
        store.add([parsed(extra)])
    after = client.get("/api/overview").json()["counts"]
    assert (before, after["articles"]) == (3, 4)
    assert after["events"] == after["mentions"] - 1  # the new mention was clustered in the copy


def test_web_snapshot_keeps_answering_while_a_writer_holds_the_store(
    client: TestClient, store_file: Path
) -> None:
    client.get("/api/overview")
    with Store(store_file) as store:  # change the file so that the next request wants a new copy
        store.add([parsed(HISTORY[3])])
    proc = _writer(store_file)
    try:
        r = client.get("/api/overview")
        status = client.get("/api/status").json()
    finally:
        _release(proc)
    assert r.status_code == 200 and r.json()["counts"]["articles"] == 3
    assert status["stale"] is True and "being written" in status["message"]
    assert client.get("/api/overview").json()["counts"]["articles"] == 4


def test_web_snapshot_missing_store_is_503(tmp_path: Path) -> None:
    with TestClient(create_app(tmp_path / "absent.duckdb")) as c:
        api = c.get("/api/overview")
        page = c.get("/")
    assert api.status_code == 503 and "detente ingest" in api.json()["detail"]
    assert page.status_code == 503 and "detente ingest" in page.text
