"""Ingestion survives SIGKILL: a rerun stores every article exactly once, nothing half-written."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

N_ARTICLES = 240


def corpus_sample(shared_dir: Path, tmp_path: Path) -> Path:
    source = shared_dir / "corpus" / "bbc-2004" / "articles.jsonl"
    sample = tmp_path / "sample.jsonl"
    with source.open(encoding="utf-8") as lines:
        sample.write_text("".join(next(lines) for _ in range(N_ARTICLES)), encoding="utf-8")
    return sample


def ingest_cmd(sample: Path, db: Path) -> list[str]:
    return [sys.executable, "-m", "detente.cli", "-q", "ingest", str(sample), "--db", str(db), "--no-progress"]


def env() -> dict[str, str]:
    return {**os.environ, "DETENTE_BATCH_SIZE": "8"}


def table_contents(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "articles": con.execute("SELECT id, text FROM articles ORDER BY id").fetchall(),
            "sentences": con.execute("SELECT doc_id, idx, start_char, end_char FROM sentences ORDER BY 1, 2").fetchall(),
            "actors": con.execute("SELECT doc_id, idx, start_char, country FROM actors ORDER BY 1, 2").fetchall(),
            "events": con.execute("SELECT id, cameo, start_char FROM events ORDER BY 1").fetchall(),
            "quotes": con.execute("SELECT id, start_char, end_char FROM quotes ORDER BY 1").fetchall(),
        }
    finally:
        con.close()


def duplicates(summary: str) -> int:
    match = re.search(r"([\d,]+) skipped as duplicates", summary)
    assert match, summary
    return int(match.group(1).replace(",", ""))


def stored_articles(db: Path) -> int:
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return -1  # still locked by the writer
    try:
        return int(con.execute("SELECT count(*) FROM articles").fetchall()[0][0])
    except duckdb.Error:
        return 0
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.shared
def test_reliability_sigkill_then_resume_matches_clean_run(shared_dir: Path, tmp_path: Path) -> None:
    sample = corpus_sample(shared_dir, tmp_path)
    killed_db, clean_db = tmp_path / "killed.duckdb", tmp_path / "clean.duckdb"

    proc = subprocess.Popen(ingest_cmd(sample, killed_db), env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 240
    # Kill once the WAL shows committed batches (the file grows past its empty size).
    while time.monotonic() < deadline and proc.poll() is None:
        wal = killed_db.with_name(killed_db.name + ".wal")
        if wal.exists() and wal.stat().st_size > 200_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "ingest finished before it could be killed; use a larger sample"
    proc.send_signal(signal.SIGKILL)
    proc.wait()

    partial = stored_articles(killed_db)
    assert 0 < partial < N_ARTICLES, f"expected a partial store after SIGKILL, found {partial} articles"

    resumed = subprocess.run(ingest_cmd(sample, killed_db), env=env(), capture_output=True, text=True, check=True)
    fresh = subprocess.run(ingest_cmd(sample, clean_db), env=env(), capture_output=True, text=True, check=True)
    in_input = duplicates(fresh.stdout)  # the corpus repeats a few articles itself
    assert duplicates(resumed.stdout) == partial + in_input

    killed, clean = table_contents(killed_db), table_contents(clean_db)
    assert len(clean["articles"]) == N_ARTICLES - in_input
    for table in clean:
        assert killed[table] == clean[table], f"{table} differs after kill and resume"
