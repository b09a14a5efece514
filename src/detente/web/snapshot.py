"""The dashboard's access to the store: a private snapshot, refreshed when the file changes.

DuckDB locks a database file per process: while ``detente ingest`` writes, no
other process can open the file, not even read-only; and while any process
holds the file open read-only, a writer cannot open it. A dashboard that kept
the store open would block every ingest, and one that opened it per request
would fail during every ingest.

So the dashboard never keeps the store open. It copies the file (and its
write-ahead log) into a private folder while holding a read-only connection
for the moment of the copy (DuckDB's shared lock guarantees no writer is
mid-write), and answers every request from the copy. When the file changes
it takes a new copy at the next request (at most every ``refresh_s``
seconds); while a writer holds the file, the copy cannot be taken and the
dashboard keeps answering from the previous one, saying how old it is.
The copy is writable, so it is also where the dashboard brings the event
clusters up to date when the store's clusters lag behind its events.

Each copy gets a fingerprint of its data (row count and a hash of the rows
of every table; the ``updated_at`` stamps left out): a new copy whose data
is the same as the previous one's (a checkpoint rewrote the file, nothing
was added) keeps the same :attr:`SnapshotStore.version`, so what the
dashboard computed on the previous copy stays valid.

Limits: an ingest that starts during the instant of a copy waits for it
(:class:`~detente.store.Store` waits up to ``LOCK_WAIT_S`` for a lock); a
very large store costs a copy per change (the copy runs at the speed of the
disk), and a writer that starts then waits for that long copy.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import tempfile
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar, cast

import duckdb

from detente.analysis.clusters import update_clusters
from detente.errors import StoreError, StoreLockedError
from detente.store import Store

log = logging.getLogger(__name__)

Signature = tuple[int, int, int, int]
T = TypeVar("T")
Fingerprint = tuple[tuple[Any, ...], ...]

_COLUMNS = (
    "SELECT c.table_name, list(c.column_name ORDER BY c.column_index) AS columns "
    "FROM duckdb_columns() c JOIN duckdb_tables() t ON t.database_name = c.database_name "
    "AND t.schema_name = c.schema_name AND t.table_name = c.table_name "
    "WHERE c.database_name = current_database() AND c.schema_name = 'main' "
    "AND c.column_name <> 'updated_at' GROUP BY c.table_name ORDER BY c.table_name"
)


def fingerprint(con: duckdb.DuckDBPyConnection) -> Fingerprint:
    """Row count and a hash of the rows of every table (``updated_at`` columns left out).

    Two copies with the same fingerprint hold the same data, so an answer
    computed on one is right for the other.
    """
    parts = []
    for table, columns in con.execute(_COLUMNS).fetchall():
        cols = ", ".join('"' + c.replace('"', '""') + '"' for c in columns)
        name = table.replace("'", "''")
        parts.append(
            f"SELECT '{name}' AS t, count(*) AS n, sum(hash({cols})) AS h "
            f'FROM main."{table.replace(chr(34), chr(34) * 2)}"'
        )
    if not parts:
        return ()
    return tuple(tuple(r) for r in con.execute(" UNION ALL ".join(parts) + " ORDER BY t").fetchall())


@dataclass(frozen=True)
class SnapshotStatus:
    """How current the dashboard's copy of the store is."""

    path: str
    copied_at: datetime | None
    stale: bool
    message: str


class Memo:
    """Results computed on one data version, shared by the requests that need them.

    A page and its JSON twin (``/event/X`` and ``/api/events/X``) compute the
    same thing; the results are frozen dataclasses, never changed, so one
    computation serves both. Bounded: the least recently used go first.

    Args:
        size: the most results kept.
    """

    def __init__(self, size: int = 4096) -> None:
        self.size = size
        self._lock = threading.Lock()
        self._results: OrderedDict[Hashable, Any] = OrderedDict()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The result for ``key``, computed by ``compute`` the first time."""
        with self._lock:
            if key in self._results:
                self._results.move_to_end(key)
                return cast(T, self._results[key])
        value = compute()
        with self._lock:
            self._results[key] = value
            while len(self._results) > self.size:
                self._results.popitem(last=False)
        return value


class Reader:
    """Read access for one request: its own DuckDB cursor on the snapshot.

    Args:
        con: the snapshot's connection.
        memo: results shared on this data version (see :meth:`shared`).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, memo: Memo | None = None) -> None:
        self._cur = con.cursor()
        self._memo = memo if memo is not None else Memo(size=16)

    def shared(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, or its result already computed on the same data (same ``key``)."""
        return self._memo.get(key, compute)

    def query(self, sql: str, params: Sequence[Any] | None = None) -> list[dict[str, Any]]:
        """Run a parameterised query and return rows as dicts."""
        cursor = self._cur.execute(sql, list(params or []))
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def close(self) -> None:
        """Release the cursor."""
        self._cur.close()


def _signature(path: Path) -> Signature:
    wal = Path(str(path) + ".wal")
    st = path.stat()
    wst = wal.stat() if wal.exists() else None
    return (st.st_mtime_ns, st.st_size, wst.st_mtime_ns if wst else 0, wst.st_size if wst else 0)


class SnapshotStore:
    """Serves reads from a private copy of a store file (see the module docstring).

    Args:
        path: the store file that ``detente ingest`` writes.
        refresh_s: least seconds between two checks of the file.
        workdir: folder for the copies (default: a new temporary folder).
    """

    def __init__(
        self, path: str | Path, *, refresh_s: float = 2.0, workdir: Path | None = None
    ) -> None:
        self.path = Path(path)
        self.refresh_s = refresh_s
        self._own_dir = workdir is None
        self._dir = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="detente-serve-"))
        self._lock = threading.Lock()
        self._store: Store | None = None
        self._retired: list[Store] = []
        self._sig: Signature | None = None
        self._checked = 0.0
        self._copied_at: datetime | None = None
        self._message = ""
        self._n = 0
        self._generation = 0
        self._version = 0
        self._fingerprint: Fingerprint | None = None
        self._memo = Memo()
        self._copying = threading.Lock()

    # -- public --------------------------------------------------------------
    @contextlib.contextmanager
    def reader(self) -> Iterator[Reader]:
        """A reader on the newest snapshot (refreshing it first when due).

        Raises:
            StoreError: there is no store file and no earlier copy.
        """
        self.refresh()
        with self._lock:
            if self._store is None:
                raise StoreError(self._message or f"{self.path}: no such store")
            reader = Reader(self._store.con, self._memo)
        try:
            yield reader
        finally:
            reader.close()

    @property
    def generation(self) -> int:
        """How many copies were taken: what one generation shows stays true until the next."""
        return self._generation

    @property
    def version(self) -> int:
        """The data's version: it moves on when a new copy holds different data (see the module)."""
        return self._version

    def check_due(self) -> bool:
        """True when the next :meth:`refresh` would look at the file (cheap; no I/O)."""
        return self._store is None or time.monotonic() - self._checked >= self.refresh_s

    def refresh(self, force: bool = False) -> bool:
        """Take a new copy when the file changed; returns whether it did.

        One request at a time copies, outside the lock: the others go on
        answering from the current copy meanwhile (they wait only when there
        is no copy yet).
        """
        sig = self._due(force)
        if sig is None:
            return False
        if not self._copying.acquire(blocking=self._store is None):
            return False  # another request is taking the copy
        try:
            if sig == self._sig and self._store is not None:
                return False  # taken meanwhile
            try:
                fresh = self._copy()
            except StoreLockedError:
                with self._lock:
                    self._message = "the store is being written by another process; " + (
                        f"showing the copy of {self._copied_at:%Y-%m-%d %H:%M:%S}"
                        if self._copied_at
                        else "nothing to show until it finishes"
                    )
                log.info("%s", self._message)
                return False
            data = fingerprint(fresh.con)
            with self._lock:
                for old in self._retired:
                    old.close()
                    for leftover in (old.path, Path(str(old.path) + ".wal")):
                        leftover.unlink(missing_ok=True)
                self._retired = [self._store] if self._store is not None else []
                self._store, self._sig = fresh, sig
                self._copied_at = datetime.now()
                self._message = ""
                self._generation += 1
                if data != self._fingerprint:
                    self._fingerprint = data
                    self._version += 1
                    self._memo = Memo()
            return True
        finally:
            self._copying.release()

    def _due(self, force: bool) -> Signature | None:
        """The file's signature when a new copy is due, else ``None`` (no check, no change)."""
        now = time.monotonic()
        with self._lock:
            if not force and self._store is not None and now - self._checked < self.refresh_s:
                return None
            self._checked = now
            if not self.path.exists():
                self._message = f"{self.path}: no such store; run 'detente ingest' first"
                return None
            try:
                sig = _signature(self.path)
            except OSError as exc:
                self._message = f"{self.path}: cannot read ({exc})"
                return None
            if sig == self._sig and self._store is not None:
                return None
            return sig

    def status(self) -> SnapshotStatus:
        """The copy's age and whether the file has changed since."""
        with self._lock:
            return SnapshotStatus(
                path=str(self.path),
                copied_at=self._copied_at,
                stale=bool(self._message) and self._store is not None,
                message=self._message,
            )

    def close(self) -> None:
        """Close every copy and remove the temporary folder."""
        with self._lock:
            for store in [*self._retired, self._store]:
                if store is not None:
                    store.close()
            self._store, self._retired = None, []
            if self._own_dir:
                shutil.rmtree(self._dir, ignore_errors=True)

    # -- internals -----------------------------------------------------------
    def _copy(self) -> Store:
        self._n += 1
        target = self._dir / f"snapshot-{self._n}.duckdb"
        try:
            guard = duckdb.connect(str(self.path), read_only=True)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(f"{self.path}: in use by a writer") from exc
            raise StoreError(
                f"{self.path}: cannot open store ({str(exc).splitlines()[0]})"
            ) from exc
        try:
            shutil.copyfile(self.path, target)
            wal = Path(str(self.path) + ".wal")
            if wal.exists():
                shutil.copyfile(wal, Path(str(target) + ".wal"))
        finally:
            guard.close()
        store = Store(target)  # writable private copy: applies any missing migration
        update = update_clusters(store)
        if update.mentions:
            log.info("snapshot: %s", update.text())
        log.info("snapshot of %s taken", self.path)
        return store
