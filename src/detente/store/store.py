"""The :class:`Store`: owns the DuckDB connection; the only place with SQL writes.

DuckDB allows one writing process per file, and while it writes no other
process may open the file, not even to read. Opening waits a moment for the
lock (:data:`LOCK_WAIT_S`: another process may hold it for an instant, e.g.
the dashboard taking its copy), then gives up with
:class:`~detente.errors.StoreLockedError` and a clear message instead of a
corrupt store.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Sequence
from importlib import resources
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import pyarrow as pa

from detente.errors import NotFoundError, StoreError, StoreLockedError
from detente.records import ParsedArticle
from detente.store.rows import to_columns

log = logging.getLogger(__name__)

TABLES = ("articles", "sentences", "actors", "events", "quotes")
_MIGRATION = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")
#: Seconds to wait for another process's lock on the store before giving up.
LOCK_WAIT_S = 2.0
_LOCK_POLL_S = 0.1


def migrations() -> list[tuple[int, str, str]]:
    """The bundled migrations as (version, name, sql), in order."""
    folder = resources.files("detente.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        match = _MIGRATION.match(entry.name)
        if match:
            found.append((int(match.group(1)), entry.name, entry.read_text(encoding="utf-8")))
    return sorted(found)


class Store:
    """A detente store in one DuckDB file.

    Args:
        path: the database file (created when missing, unless read-only).
        read_only: open for reading only (many readers may share a file).
        lock_wait: seconds to wait while another process holds the file.

    Raises:
        StoreLockedError: another process is writing to the file.
        StoreError: the file is not a DuckDB database or cannot be opened.
    """

    def __init__(
        self, path: str | Path, *, read_only: bool = False, lock_wait: float = LOCK_WAIT_S
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"{self.path}: no such store; run 'detente ingest' first")
        self.con = self._connect(lock_wait)
        if not read_only:
            self.migrate()

    def _connect(self, lock_wait: float) -> duckdb.DuckDBPyConnection:
        """Open the file, retrying for ``lock_wait`` seconds while another process holds it."""
        deadline = time.monotonic() + lock_wait
        while True:
            try:
                return duckdb.connect(str(self.path), read_only=self.read_only)
            except duckdb.IOException as exc:
                message = str(exc)
                if "lock" not in message.lower():
                    raise StoreError(
                        f"{self.path}: cannot open store ({message.splitlines()[0]})"
                    ) from exc
                if time.monotonic() >= deadline:
                    raise StoreLockedError(self._locked_message()) from exc
                time.sleep(_LOCK_POLL_S)
            except duckdb.Error as exc:
                raise StoreError(
                    f"{self.path}: cannot open store ({str(exc).splitlines()[0]})"
                ) from exc

    def _locked_message(self) -> str:
        if self.read_only:
            return (
                f"{self.path}: the store is being written by another process (an ingest?); "
                "DuckDB lets no other process read it meanwhile: try again when it finishes "
                "('detente serve' keeps showing its last copy)"
            )
        return (
            f"{self.path}: the store is in use by another writer (DuckDB allows one "
            "writing process, and no reader meanwhile); wait for it to finish"
        )

    # -- lifecycle -----------------------------------------------------------
    def close(self) -> None:
        """Close the connection."""
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def schema_version(self) -> int:
        """The highest applied migration (0 for an empty file)."""
        try:
            row = self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        except duckdb.CatalogException:
            return 0
        return int(row[0]) if row and row[0] is not None else 0

    def migrate(self) -> list[int]:
        """Apply the migrations not yet applied, each in its own transaction."""
        self.con.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
        )
        current = self.schema_version()
        applied = []
        for version, name, sql in migrations():
            if version <= current:
                continue
            self.con.execute("BEGIN TRANSACTION")
            try:
                self.con.execute(sql)
                self.con.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name]
                )
                self.con.execute("COMMIT")
            except duckdb.Error as exc:
                self.con.execute("ROLLBACK")
                raise StoreError(f"{self.path}: migration {name} failed: {exc}") from exc
            applied.append(version)
            log.info("applied migration %s", name)
        return applied

    # -- writing -------------------------------------------------------------
    def existing_ids(self, ids: Iterable[str]) -> set[str]:
        """The subset of ``ids`` already stored."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return set()
        rows = self.con.execute(
            "SELECT id FROM articles WHERE id IN (SELECT unnest(?::VARCHAR[]))", [wanted]
        ).fetchall()
        return {r[0] for r in rows}

    def add(self, batch: Sequence[ParsedArticle]) -> int:
        """Store a batch of parsed articles in one transaction.

        Articles already stored are left untouched (ingestion is idempotent);
        either the whole batch is stored or, on error, nothing of it.

        Returns:
            The number of articles newly stored.
        """
        known = self.existing_ids(p.article.id for p in batch)
        seen: set[str] = set()
        fresh = []
        for parsed in batch:
            if parsed.article.id not in known and parsed.article.id not in seen:
                seen.add(parsed.article.id)
                fresh.append(parsed)
        if not fresh:
            return 0
        tables = to_columns(fresh)
        self.con.execute("BEGIN TRANSACTION")
        try:
            for table, columns in tables.items():
                if not next(iter(columns.values())):
                    continue
                arrow = pa.table(columns)
                self.con.register("_batch", arrow)
                names = ", ".join(columns)
                self.con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _batch")
                self.con.unregister("_batch")
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return len(fresh)

    # -- reading -------------------------------------------------------------
    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a parameterised query and return rows as dicts."""
        cursor = self.con.execute(sql, list(params or []))
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def counts(self) -> dict[str, int]:
        """Row count of every table."""
        out = {}
        for table in TABLES:
            row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
            out[table] = int(row[0]) if row else 0
        return out

    def article(self, article_id: str) -> dict[str, Any]:
        """One article by id (a unique prefix of at least 6 characters is enough).

        Raises:
            NotFoundError: no article, or the prefix is ambiguous.
        """
        rows = self.query(
            "SELECT * FROM articles WHERE id = ? OR (length(?) >= 6 AND starts_with(id, ?)) LIMIT 2",
            [article_id, article_id, article_id],
        )
        exact = [r for r in rows if r["id"] == article_id]
        if exact:
            return exact[0]
        if len(rows) == 1:
            return rows[0]
        if not rows:
            raise NotFoundError(f"no article with id {article_id!r}")
        raise NotFoundError(f"article id prefix {article_id!r} is ambiguous")

    def export(self, table: str, fmt: str, out: Path) -> int:
        """Write a table to CSV, JSON Lines, Parquet or (events) GDELT 2.0; returns the row count."""
        if table not in TABLES:
            raise StoreError(f"unknown table {table!r} (one of {', '.join(TABLES)})")
        if fmt == "gdelt":
            if table != "events":
                raise StoreError("--format gdelt applies to --table events only")
            from detente.store.gdelt import export_gdelt

            return export_gdelt(self, out)
        options = {"csv": "FORMAT CSV, HEADER", "jsonl": "FORMAT JSON", "parquet": "FORMAT PARQUET"}
        if fmt not in options:
            raise StoreError(f"unknown format {fmt!r} (one of {', '.join(options)})")
        out.parent.mkdir(parents=True, exist_ok=True)
        target = str(out).replace("'", "''")
        self.con.execute(f"COPY (SELECT * FROM {table}) TO '{target}' ({options[fmt]})")
        row = self.con.execute(f"SELECT count(*) FROM {table}").fetchone()
        return int(row[0]) if row else 0
