"""Schema migrations on a store made by an earlier version: no row lost, new tables there.

For each earlier schema version N, a DuckDB file gets migrations 1..N only
(the SQL as shipped), then the rows the pipeline produces for the fixture
articles (only the columns version N has). Opening it with :class:`Store`
migrates it to the latest version.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from detente.analysis.clusters import ensure_clusters
from detente.engine.process import process_articles
from detente.ingest import iter_inputs
from detente.records import Article, ParsedArticle
from detente.store import Store
from detente.store.rows import to_columns
from detente.store.store import migrations

LATEST = max(v for v, _, _ in migrations())
Table = tuple[tuple[str, ...], set[tuple[object, ...]]]  # column names, rows


@pytest.fixture(scope="module")
def parsed(fixtures_dir: Path, nlp: object) -> list[ParsedArticle]:
    articles = [a for a in iter_inputs([fixtures_dir / "articles"]) if isinstance(a, Article)]
    assert len(articles) == 5
    return process_articles(articles)


def old_store(path: Path, version: int, parsed: list[ParsedArticle]) -> None:
    """A store at schema ``version`` holding ``parsed``, written without today's Store."""
    con = duckdb.connect(str(path))
    try:
        con.execute(
            "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR, "
            "applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        for number, name, sql in migrations():
            if number <= version:
                con.execute(sql)
                con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [number, name])
        for table, columns in to_columns(parsed).items():
            have = {r[0] for r in con.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [table]
            ).fetchall()}  # fmt: skip
            kept = {k: v for k, v in columns.items() if k in have}
            if not kept or not next(iter(kept.values())):
                continue
            con.register("_rows", pa.table(kept))
            names = ", ".join(kept)
            con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _rows")
            con.unregister("_rows")
    finally:
        con.close()


def contents(con: duckdb.DuckDBPyConnection) -> dict[str, Table]:
    """Every table's column names and rows (but the migrations' own table)."""
    out: dict[str, Table] = {}
    tables = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()]
    for table in tables:
        if table == "schema_migrations":
            continue
        cursor = con.execute(f'SELECT * FROM "{table}"')
        names = tuple(d[0] for d in cursor.description or [])
        out[table] = (names, {tuple(r) for r in cursor.fetchall()})
    return out


def columns_of(con: duckdb.DuckDBPyConnection, table: str, names: tuple[str, ...]) -> set[tuple[object, ...]]:
    listed = ", ".join(f'"{n}"' for n in names)
    return {tuple(r) for r in con.execute(f'SELECT {listed} FROM "{table}"').fetchall()}


EARLIER = [pytest.param(v, id=f"from-{v:03d}") for v in range(1, LATEST)]


@pytest.mark.parametrize("version", EARLIER)
def test_reliability_migration_keeps_every_row(
    tmp_path: Path, parsed: list[ParsedArticle], version: int
) -> None:
    path = tmp_path / "old.duckdb"
    old_store(path, version, parsed)
    with duckdb.connect(str(path), read_only=True) as con:
        before = contents(con)
    assert sum(len(rows) for _, rows in before.values()) > 50  # real rows
    with Store(path) as store:
        assert store.schema_version() == LATEST
        for table, (names, rows) in before.items():
            assert columns_of(store.con, table, names) == rows, f"{table} changed"


@pytest.mark.parametrize("version", EARLIER)
def test_reliability_migration_adds_the_new_tables(
    tmp_path: Path, parsed: list[ParsedArticle], version: int
) -> None:
    path = tmp_path / "old.duckdb"
    old_store(path, version, parsed)
    fresh = tmp_path / "fresh.duckdb"
    Store(fresh).close()
    with Store(path) as store, duckdb.connect(str(fresh), read_only=True) as new:
        migrated = store.query(
            "SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY 1, 2"
        )
        made = new.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns ORDER BY 1, 2"
        ).fetchall()
        applied = [r["version"] for r in store.query("SELECT version FROM schema_migrations ORDER BY 1")]
    assert [tuple(r.values()) for r in migrated] == made  # same schema as a store made today
    assert applied == list(range(1, LATEST + 1))


@pytest.mark.parametrize("version", EARLIER)
def test_reliability_migrated_store_is_usable(
    tmp_path: Path, parsed: list[ParsedArticle], version: int
) -> None:
    path = tmp_path / "old.duckdb"
    old_store(path, version, parsed)
    Store(path).close()
    update = ensure_clusters(path)
    assert update is not None and update.mentions > 0
    with Store(path, read_only=True) as store:
        [row] = store.query(
            "SELECT (SELECT count(*) FROM events) AS events, "
            "(SELECT count(*) FROM event_cluster_members) AS members"
        )
        assert row["events"] == row["members"] > 0
    with Store(path) as store:
        assert store.add(parsed) == 0  # every article is known: ingesting again adds nothing


def test_reliability_migrating_twice_changes_nothing(tmp_path: Path, parsed: list[ParsedArticle]) -> None:
    path = tmp_path / "old.duckdb"
    old_store(path, 1, parsed)
    with Store(path) as store:
        first = contents(store.con)
    with Store(path) as store:
        assert store.migrate() == []
        assert contents(store.con) == first
