"""The DuckDB store: migrations, idempotent batches, locking, export."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pytest

from detente.errors import NotFoundError, StoreError, StoreLockedError
from detente.records import Actor, Article, Event, Extraction, ParsedArticle, Quote, Sentence
from detente.store import TABLES, Store
from detente.store.store import migrations


def parsed(text: str, *, with_records: bool = True) -> ParsedArticle:
    article = Article(id=f"id-{abs(hash(text)) % 10**8}", text=text, published=date(2024, 1, 2))
    canada = Actor("Canada", 0, 6, "CAN", "GOV", None, "test")
    extraction = Extraction()
    if with_records:
        event = Event(
            doc_id=article.id, source=canada, target=None, cameo="0311", plover_event="AGREE",
            plover_mode=None, plover_context="economic", status="actual", historical=False,
            date="2024-01", date_precision="month", date_defaulted=False, reported=date(2024, 1, 2),
            goldstein=5.2, quad_class=1, confidence=0.8, start=0, end=len(text),
            trigger_start=7, trigger_end=12,
        )  # fmt: skip
        quote = Quote(
            article.id,
            0,
            6,
            "direct",
            speaker="she",
            speaker_actor=canada,
            fragments=((0, 3), (4, 6)),
        )
        extraction = Extraction(actors=(canada,), events=(event,), quotes=(quote,))
    return ParsedArticle(article, (Sentence(article.id, 0, 0, len(text), text),), extraction, 5)


def test_store_migrations_are_numbered_and_applied(db_path: Path) -> None:
    with Store(db_path) as store:
        assert store.schema_version() == max(v for v, _, _ in migrations())
        assert set(TABLES) <= {
            r["table_name"] for r in store.query("SELECT table_name FROM information_schema.tables")
        }


def test_store_add_is_idempotent(db_path: Path) -> None:
    batch = [parsed("Canada eased sanctions."), parsed("Venezuela protested.")]
    with Store(db_path) as store:
        assert store.add(batch) == 2
        before = store.counts()
        assert store.add(batch) == 0
        assert store.counts() == before
    assert before["articles"] == 2 and before["events"] == 2 and before["quotes"] == 2


def test_store_records_roundtrip(db_path: Path) -> None:
    with Store(db_path) as store:
        store.add([parsed("Canada eased sanctions.")])
        [event] = store.query("SELECT * FROM events")
        [quote] = store.query("SELECT * FROM quotes")
    assert (event["cameo"], event["cameo_root"], event["source_country"]) == ("0311", "03", "CAN")
    assert event["date_start"] == date(2024, 1, 1)
    assert quote["content"] == "Canada" and json.loads(quote["fragments"]) == [[0, 3], [4, 6]]
    assert quote["speaker_country"] == "CAN"


def test_store_failed_batch_leaves_nothing(db_path: Path) -> None:
    good = parsed("Canada eased sanctions.")
    bad = parsed("Broken record.")
    broken_event = bad.extraction.events[0].__class__(
        **{**bad.extraction.events[0].__dict__, "status": None}
    )
    bad = ParsedArticle(bad.article, bad.sentences, Extraction(events=(broken_event,)), 1)
    with Store(db_path) as store:
        with pytest.raises(duckdb.Error):
            store.add([good, bad])
        assert store.counts() == dict.fromkeys(TABLES, 0)


def test_store_second_writer_gets_clear_error(db_path: Path) -> None:
    Store(db_path).close()
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import duckdb,sys,time; c=duckdb.connect(sys.argv[1]); print('ready', flush=True); time.sleep(30)",
         str(db_path)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        with pytest.raises(StoreLockedError, match="in use by another writer"):
            Store(db_path)
    finally:
        holder.kill()
        holder.wait()


def test_store_read_only_missing_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "absent.duckdb", read_only=True)


def test_store_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "junk.duckdb"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StoreError, match="cannot open store"):
        Store(path)


def test_store_article_by_prefix(db_path: Path) -> None:
    item = parsed("Canada eased sanctions.")
    with Store(db_path) as store:
        store.add([item])
        assert store.article(item.article.id[:7])["text"] == "Canada eased sanctions."
        with pytest.raises(NotFoundError):
            store.article("zzzzzzzz")


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_store_export_formats(db_path: Path, tmp_path: Path, fmt: str) -> None:
    with Store(db_path) as store:
        store.add([parsed("Canada eased sanctions."), parsed("Venezuela protested.")])
        out = tmp_path / f"articles.{fmt}"
        assert store.export("articles", fmt, out) == 2
    reader = {"csv": "read_csv_auto", "jsonl": "read_json_auto", "parquet": "read_parquet"}[fmt]
    rows = duckdb.sql(f"SELECT id, text FROM {reader}('{out}') ORDER BY text").fetchall()
    assert [r[1] for r in rows] == ["Canada eased sanctions.", "Venezuela protested."]
