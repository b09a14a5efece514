"""Parquet datasets of detente's tables: shards written by workers, loaded in one transaction.

A dataset is a folder with one sub-folder per table (``articles/``,
``sentences/``, ``actors/``, ``events/``, ``quotes/``), each holding one
Parquet file per shard: ``<table>/<shard>.parquet``. A shard's files share
its name, and its ``articles`` file is written last, so a shard whose
``articles`` file exists is complete. Column names and types are those of
the store's tables (taken from the migrations, so they cannot drift).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from detente.errors import StoreError
from detente.records import ParsedArticle
from detente.store.rows import to_columns
from detente.store.store import TABLES, Store, migrations

log = logging.getLogger(__name__)

#: DuckDB column types of the store and their Arrow equivalents.
ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "BOOLEAN": pa.bool_(),
    "DATE": pa.date32(),
    "TIMESTAMP": pa.timestamp("us"),
}
#: Child tables, loaded for the articles they belong to (``doc_id``).
CHILD_TABLES = tuple(t for t in TABLES if t != "articles")


@lru_cache(maxsize=1)
def arrow_schemas() -> dict[str, pa.Schema]:
    """The Arrow schema of each table's shards: the columns :func:`to_columns` fills,
    typed as the migrated store types them."""
    con = duckdb.connect(":memory:")
    try:
        for _, _, sql in migrations():
            con.execute(sql)
        types = {
            (table, column): kind
            for table, column, kind in con.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns"
            ).fetchall()
        }
    finally:
        con.close()
    schemas = {}
    for table, columns in to_columns([]).items():
        try:
            fields = [pa.field(name, ARROW_TYPES[types[(table, name)]]) for name in columns]
        except KeyError as exc:
            raise StoreError(f"no Arrow type for column {table}.{exc.args[0]}") from exc
        schemas[table] = pa.schema(fields)
    return schemas


def write_shard(batch: Sequence[ParsedArticle], folder: str | Path, name: str) -> dict[str, int]:
    """Write one shard of parsed articles: one Parquet file per table.

    Each file is written under a temporary name and renamed, and the
    ``articles`` file comes last, so readers never see half a shard.

    Args:
        batch: the parsed articles.
        folder: the dataset folder.
        name: the shard's name (unique within the dataset).

    Returns:
        Rows written per table.
    """
    root = Path(folder)
    tables = to_columns(batch)
    schemas = arrow_schemas()
    counts = {}
    for table in (*CHILD_TABLES, "articles"):
        target = root / table / f"{name}.parquet"
        target.parent.mkdir(parents=True, exist_ok=True)
        arrow = pa.table(tables[table], schema=schemas[table])
        tmp = target.with_name(f".{name}.{os.getpid()}.tmp")
        pq.write_table(arrow, tmp, compression="zstd")
        os.replace(tmp, target)
        counts[table] = arrow.num_rows
    return counts


def shard_files(folder: str | Path, table: str) -> list[str]:
    """The shard files of one table, sorted by name."""
    return sorted(str(p) for p in (Path(folder) / table).glob("*.parquet"))


def dataset_ids(folder: str | Path) -> set[str]:
    """The ids of the articles a dataset holds."""
    ids: set[str] = set()
    for path in shard_files(folder, "articles"):
        ids.update(pq.read_table(path, columns=["id"]).column("id").to_pylist())
    return ids


def load_shards(store: Store, folder: str | Path) -> int:
    """Load a Parquet dataset into a store, in one transaction.

    Articles already stored are skipped (so loading twice changes nothing);
    an article found in several shards is taken from the first (by name),
    with that shard's sentences, actors, events and quotes.

    Returns:
        The number of articles newly stored.
    """
    articles = shard_files(folder, "articles")
    if not articles:
        return 0
    con = store.con
    columns = {table: ", ".join(cols) for table, cols in to_columns([]).items()}
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE _shard_articles AS "
            f"SELECT {columns['articles']}, shard FROM ("
            f"  SELECT *, parse_filename(filename, true) AS shard,"
            f"   row_number() OVER (PARTITION BY id ORDER BY filename) AS rank"
            f"  FROM read_parquet(?, filename = true)"
            f") WHERE rank = 1 AND id NOT IN (SELECT id FROM articles)",
            [articles],
        )
        con.execute(
            f"INSERT INTO articles ({columns['articles']}) "
            f"SELECT {columns['articles']} FROM _shard_articles"
        )
        for table in CHILD_TABLES:
            files = shard_files(folder, table)
            if not files:
                continue
            names = ", ".join(f"c.{c}" for c in to_columns([])[table])
            con.execute(
                f"INSERT INTO {table} ({columns[table]}) SELECT {names} "
                f"FROM read_parquet(?, filename = true) AS c JOIN _shard_articles AS a "
                f"ON c.doc_id = a.id AND parse_filename(c.filename, true) = a.shard",
                [files],
            )
        row = con.execute("SELECT count(*) FROM _shard_articles").fetchone()
        con.execute("DROP TABLE _shard_articles")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    loaded = int(row[0]) if row else 0
    log.info("loaded %d articles from %d shards in %s", loaded, len(articles), folder)
    return loaded


def open_dataset(folder: str | Path) -> Store:
    """A read-only store over a Parquet dataset (views on its shards; nothing is copied).

    Every reading method of :class:`Store` works on it, so commands can take
    a dataset folder as ``--db``. Only complete shards (those with an
    ``articles`` file) are read.

    Raises:
        StoreError: the folder holds no ``articles`` shards.
    """
    root = Path(folder)
    articles = shard_files(root, "articles")
    if not articles:
        raise StoreError(f"{root}: not a detente Parquet dataset (no articles/*.parquet)")
    complete = {Path(p).name for p in articles}
    con = duckdb.connect(":memory:")
    for table in TABLES:
        files = [p for p in shard_files(root, table) if Path(p).name in complete]
        if files:
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet({_sql_list(files)})")
        else:
            con.register(f"_{table}_empty", arrow_schemas()[table].empty_table())
            con.execute(f"CREATE VIEW {table} AS SELECT * FROM _{table}_empty")
    store = Store.__new__(Store)  # a Store without a file: its reading methods only
    store.path = root
    store.read_only = True
    store.con = con
    return store


def _sql_list(paths: Sequence[str]) -> str:
    return "[" + ", ".join("'" + p.replace("'", "''") + "'" for p in paths) + "]"
