"""The Dask engine and its Parquet dataset: same tables as the local engine, loaded once."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from detente.engine.dask import ingest_dask, process_shard
from detente.engine.local import ingest
from detente.errors import ConfigError
from detente.ingest import iter_inputs
from detente.records import Article
from detente.store import TABLES, Store
from detente.store.parquet import (
    arrow_schemas,
    dataset_ids,
    load_shards,
    open_dataset,
    write_shard,
)

ARTICLES = Path(__file__).resolve().parent / "fixtures" / "scale" / "articles.jsonl"
OPTIONS: dict[str, Any] = {"model": None, "batch_size": 3, "extra_actors": ()}


def articles() -> list[Article]:
    return [a for a in iter_inputs([ARTICLES]) if isinstance(a, Article)]


def contents(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every table's rows, sorted, without the load time stamp."""
    out = {}
    for table in TABLES:
        names = [
            r["column_name"]
            for r in store.query(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                "AND column_name <> 'ingested_at' ORDER BY ordinal_position",
                [table],
            )
        ]
        out[table] = store.con.execute(
            f"SELECT {', '.join(names)} FROM {table} ORDER BY ALL"
        ).fetchall()
    return out


@pytest.fixture()
def local_store(tmp_path: Path, nlp: object) -> Store:
    store = Store(tmp_path / "local.duckdb")
    ingest(iter_inputs([ARTICLES]), store, batch_size=3)
    return store


def test_dask_arrow_schemas_cover_store_columns(db_path: Path) -> None:
    with Store(db_path) as store:
        for table, schema in arrow_schemas().items():
            stored = {
                r["column_name"]
                for r in store.query(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ?",
                    [table],
                )
            }
            assert set(schema.names) == stored - {"ingested_at"}


def test_dask_shards_load_like_local_engine(
    tmp_path: Path, local_store: Store, nlp: object
) -> None:
    data = articles()
    for n, start in enumerate(range(0, len(data), 3)):
        process_shard(data[start : start + 3], str(tmp_path / "ds"), f"s{n}", **OPTIONS)
    with Store(tmp_path / "shards.duckdb") as store:
        assert load_shards(store, tmp_path / "ds") == len(data)
        assert contents(store) == contents(local_store)


def test_dask_load_is_idempotent(tmp_path: Path, nlp: object) -> None:
    data = articles()
    process_shard(data[:4], str(tmp_path / "ds"), "a", **OPTIONS)
    process_shard(data[2:6], str(tmp_path / "ds"), "b", **OPTIONS)  # 2 articles in both shards
    with Store(tmp_path / "x.duckdb") as store:
        first = load_shards(store, tmp_path / "ds")
        second = load_shards(store, tmp_path / "ds")
        counts = store.counts()
        sentences = store.query("SELECT count(DISTINCT (doc_id, idx)) AS n FROM sentences")[0]["n"]
    assert (first, second, counts["articles"]) == (6, 0, 6)
    assert counts["sentences"] == sentences  # no article's rows loaded twice


def test_dask_incomplete_shard_is_ignored(tmp_path: Path, nlp: object) -> None:
    process_shard(articles()[:2], str(tmp_path / "ds"), "a", **OPTIONS)
    (tmp_path / "ds" / "articles" / "a.parquet").unlink()  # as if the worker died before the end
    with Store(tmp_path / "x.duckdb") as store:
        assert load_shards(store, tmp_path / "ds") == 0
        assert sum(store.counts().values()) == 0


def test_dask_shard_layout_one_folder_per_table(tmp_path: Path, nlp: object) -> None:
    process_shard(articles()[:2], str(tmp_path / "ds"), "a", **OPTIONS)
    assert sorted(p.name for p in (tmp_path / "ds").iterdir()) == sorted(TABLES)
    table = pq.read_table(tmp_path / "ds" / "articles" / "a.parquet")
    assert table.num_rows == 2
    assert dataset_ids(tmp_path / "ds") == {a.id for a in articles()[:2]}


def test_dask_dataset_opens_as_a_store(tmp_path: Path, local_store: Store, nlp: object) -> None:
    data = articles()
    process_shard(data, str(tmp_path / "ds"), "all", **OPTIONS)
    dataset = open_dataset(tmp_path / "ds")
    assert dataset.counts() == local_store.counts()
    assert dataset.article(data[0].id[:8])["title"] == data[0].title


def test_dask_empty_batch_writes_typed_empty_shard(tmp_path: Path) -> None:
    counts = write_shard([], tmp_path / "ds", "empty")
    assert counts == dict.fromkeys(TABLES, 0)
    assert (
        pq.read_schema(tmp_path / "ds" / "events" / "empty.parquet").names
        == arrow_schemas()["events"].names
    )


def test_dask_needs_somewhere_to_write() -> None:
    with pytest.raises(ConfigError):
        ingest_dask([], None)


def test_dask_remote_scheduler_needs_shared_folder(db_path: Path) -> None:
    with Store(db_path) as store, pytest.raises(ConfigError, match="--out-parquet"):
        ingest_dask([], store, scheduler="tcp://127.0.0.1:1")


@pytest.mark.slow
def test_dask_localcluster_matches_local_engine(tmp_path: Path, local_store: Store) -> None:
    out = tmp_path / "dataset"
    with Store(tmp_path / "dask.duckdb") as store:
        summary = ingest_dask(
            iter_inputs([ARTICLES]), store, workers=2, batch_size=3, out_parquet=out
        )
        assert (summary.read, summary.stored) == (8, 8)
        assert contents(store) == contents(local_store)
        assert store.counts() == open_dataset(out).counts()
        again = ingest_dask(
            iter_inputs([ARTICLES]), store, workers=2, batch_size=3, out_parquet=out
        )
    assert (again.stored, again.duplicates) == (0, 8)
    assert len(list((out / "articles").glob("*.parquet"))) == 3  # nothing written the second time
