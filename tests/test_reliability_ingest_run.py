"""``detente ingest`` on a folder full of bad inputs: each skipped with one line, counted by
reason, the run goes on, ``--strict`` stops at the first; nothing already stored changes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from detente import api
from test_reliability_bad_input import ARTICLE, BAD, ENGLISH, EXPECTED, FORMATS, file_bytes

Rows = dict[str, list[tuple[object, ...]]]


@pytest.fixture(scope="module")
def base_store(tmp_path_factory: pytest.TempPathFactory, fixtures_dir: Path, nlp: object) -> Path:
    """A store holding the fixture articles (built once; tests copy it)."""
    db = tmp_path_factory.mktemp("base") / "base.duckdb"
    summary = api.ingest([fixtures_dir / "articles"], db)
    assert summary.stored == 5
    return db


@pytest.fixture()
def store(base_store: Path, tmp_path: Path) -> Path:
    db = tmp_path / "store.duckdb"
    shutil.copyfile(base_store, db)
    return db


@pytest.fixture()
def bad_folder(tmp_path: Path) -> Path:
    """One file per (format, shared bad case) that must fail; ``expected_reasons`` counts them."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for bad in BAD:
        for fmt, (suffix, _) in FORMATS.items():
            if EXPECTED[bad.name][fmt] != ARTICLE:
                (folder / f"{bad.name}-{fmt}{suffix}").write_bytes(file_bytes(fmt, bad))
    return folder


def expected_reasons() -> Counter[str]:
    return Counter(r for case in EXPECTED.values() for r in case.values() if r != ARTICLE)


def contents(db: Path) -> Rows:
    """Every row of every table, sorted."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]  # fmt: skip
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def run_ingest(*args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DETENTE_") or k == "DETENTE_SHARED"}
    return subprocess.run(
        [sys.executable, "-m", "detente.cli", "ingest", *args, "--no-progress"],
        capture_output=True, text=True, env=env, timeout=180,
    )  # fmt: skip


def test_reliability_bad_inputs_are_counted_by_reason(bad_folder: Path, store: Path) -> None:
    before = contents(store)
    result = run_ingest(str(bad_folder), "--db", str(store))
    assert result.returncode == 0, result.stderr
    expected = expected_reasons()
    total = sum(expected.values())
    assert f"Read {total} items" in result.stdout and f"{total} failed" in result.stdout
    for reason, n in expected.items():
        assert f"{n} {reason}" in result.stdout, (reason, result.stdout)
    assert contents(store) == before


def test_reliability_each_bad_input_is_one_warning_line(bad_folder: Path, store: Path) -> None:
    result = run_ingest(str(bad_folder), "--db", str(store))
    assert "Traceback" not in result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == sum(expected_reasons().values())
    named = {re.search(r"skipped (\S+?)(?:[:@#]\d+)?: ", line).group(1) for line in warnings}  # type: ignore[union-attr]
    assert named == {str(p) for p in bad_folder.iterdir()}


def test_reliability_strict_stops_at_the_first_bad_input(bad_folder: Path, store: Path) -> None:
    before = contents(store)
    result = run_ingest(str(bad_folder), "--strict", "--db", str(store))
    first = sorted(bad_folder.iterdir())[0]
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert lines == [lines[0]] and lines[0].startswith(f"error: {first}")
    assert contents(store) == before


def test_reliability_run_goes_on_past_bad_inputs(bad_folder: Path, store: Path) -> None:
    (bad_folder / "latin-1-m-good.txt").write_text(
        "Envoys meet again\n\nVenezuela and Canada agreed to restore ties. " + ENGLISH, encoding="utf-8"
    )  # sorts among the bad files
    before = contents(store)
    result = run_ingest(str(bad_folder), "--db", str(store))
    assert result.returncode == 0, result.stderr
    assert "1 stored" in result.stdout
    after = contents(store)
    assert len(after["articles"]) == len(before["articles"]) + 1
    for table in ("articles", "sentences", "actors", "events", "quotes", "event_cluster_members"):
        assert set(before[table]) <= set(after[table]), f"{table}: stored rows changed"
