"""One writer, many readers, in real processes: ``detente serve`` keeps answering while
``detente ingest`` writes; CLI reads and a second writer get one clear line; nothing breaks.

DuckDB lets one process write a file and no other process open it meanwhile
(docs/reliability.md). The scenario runs once per module: a store with the
fixture articles, the dashboard serving it, an ingest of more articles into
it, and, while that ingest holds the file, ``detente stats``, ``articles``,
``events`` and a second ``detente ingest``. The tests then check what each saw.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType

import duckdb
import httpx
import pytest

from detente import api

ROOT = Path(__file__).resolve().parent.parent
COPIES = 2  # demo copies the ingest writes: long enough for the reads to overlap it
POLLED = ("/api/overview", "/", "/api/search/events?limit=5", "/pair/CAN/VEN", "/api/status")


@cache
def bench() -> ModuleType:
    """``bench/load.py``: its helpers start servers and ingests the same way."""
    spec = importlib.util.spec_from_file_location("detente_bench_load", ROOT / "bench" / "load.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@dataclass
class Scenario:
    """What each process saw."""

    expected_articles: int = 0
    new_articles: int = 0
    polls: list[tuple[str, int]] = field(default_factory=list)
    stale_seen: bool = False
    reads: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)
    second_writer: subprocess.CompletedProcess[str] | None = None
    ingest_running_after_reads: bool = False
    ingest: subprocess.CompletedProcess[str] | None = None
    served_after: int = -1
    db: Path = Path()


def finished(proc: subprocess.Popen[str], args: list[str]) -> subprocess.CompletedProcess[str]:
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory: pytest.TempPathFactory, fixtures_dir: Path, nlp: object) -> Scenario:
    b = bench()
    tmp = tmp_path_factory.mktemp("concurrency")
    seen = Scenario(db=tmp / "store.duckdb")
    assert api.ingest([fixtures_dir / "articles"], seen.db).stored == 5
    seen.new_articles = b.demo_copies(tmp / "more.jsonl", COPIES)
    seen.expected_articles = 5 + seen.new_articles
    port = b.free_port()
    base = f"http://127.0.0.1:{port}"
    server = b.start_server(seen.db, port)
    try:
        args = b.detente("-q", "ingest", str(tmp / "more.jsonl"), "--db", str(seen.db), "--no-progress")
        writer = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env=b.clean_env(DETENTE_BATCH_SIZE="4"))  # fmt: skip
        b.wait_locked(seen.db, writer)
        commands = {
            "stats": b.detente("stats", "--format", "json", "--db", str(seen.db)),
            "articles": b.detente("articles", "--db", str(seen.db)),
            "events": b.detente("events", "--limit", "5", "--db", str(seen.db)),
            "ingest": b.detente("ingest", str(fixtures_dir / "articles" / "story.txt"),
                                "--db", str(seen.db), "--no-progress"),
        }  # fmt: skip
        procs = {
            name: subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                   env=b.clean_env())
            for name, cmd in commands.items()
        }  # fmt: skip
        with httpx.Client(base_url=base, timeout=30) as http:
            n = 0
            while writer.poll() is None or n < len(POLLED):
                url = POLLED[n % len(POLLED)]
                r = http.get(url)
                seen.polls.append((url, r.status_code))
                if url == "/api/status" and r.json()["stale"]:
                    seen.stale_seen = True
                n += 1
                if all(p.poll() is not None for p in procs.values()) and not seen.reads:
                    seen.ingest_running_after_reads = writer.poll() is None
                    seen.reads = {k: finished(p, commands[k]) for k, p in procs.items()}
                    seen.second_writer = seen.reads.pop("ingest")
            seen.ingest = finished(writer, args)
            if not seen.reads:
                seen.reads = {k: finished(p, commands[k]) for k, p in procs.items()}
                seen.second_writer = seen.reads.pop("ingest")
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                seen.served_after = http.get("/api/overview").json()["counts"]["articles"]
                if seen.served_after == seen.expected_articles:
                    break
                time.sleep(0.5)
    finally:
        b.stop(server)
    return seen


def one_clear_line(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 1, result
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and needle in lines[0], result.stderr


@pytest.mark.slow
def test_reliability_dashboard_answers_while_ingest_writes(scenario: Scenario) -> None:
    assert len(scenario.polls) >= 10
    assert [p for p in scenario.polls if p[1] != 200] == []
    assert scenario.stale_seen  # it did answer while the writer held the store


@pytest.mark.slow
def test_reliability_dashboard_shows_the_ingest_once_done(scenario: Scenario) -> None:
    assert scenario.served_after == scenario.expected_articles


@pytest.mark.slow
@pytest.mark.parametrize("command", ["stats", "articles", "events"])
def test_reliability_cli_read_during_ingest_is_one_clear_line(scenario: Scenario, command: str) -> None:
    assert scenario.ingest_running_after_reads, "the ingest ended before the reads: use more copies"
    one_clear_line(scenario.reads[command], "being written by another process")


@pytest.mark.slow
def test_reliability_second_writer_is_one_clear_line(scenario: Scenario) -> None:
    assert scenario.second_writer is not None
    one_clear_line(scenario.second_writer, "in use by another writer")


@pytest.mark.slow
def test_reliability_store_is_whole_after_concurrent_use(scenario: Scenario) -> None:
    assert scenario.ingest is not None and scenario.ingest.returncode == 0, scenario.ingest
    assert f"{scenario.new_articles} stored" in scenario.ingest.stdout
    stats = subprocess.run(bench().detente("stats", "--format", "json", "--db", str(scenario.db)),
                           capture_output=True, text=True, check=True)  # fmt: skip
    assert json.loads(stats.stdout)["articles"] == scenario.expected_articles
    con = duckdb.connect(str(scenario.db), read_only=True)
    try:
        orphans = con.execute(
            "SELECT (SELECT count(*) FROM events WHERE doc_id NOT IN (SELECT id FROM articles)) + "
            "(SELECT count(*) FROM sentences WHERE doc_id NOT IN (SELECT id FROM articles)) + "
            "(SELECT count(*) FROM articles WHERE id NOT IN (SELECT doc_id FROM sentences))"
        ).fetchone()
        unclustered = con.execute(
            "SELECT count(*) FROM events WHERE id NOT IN (SELECT event_id FROM event_cluster_members)"
        ).fetchone()
    finally:
        con.close()
    assert orphans == (0,) and unclustered == (0,)
