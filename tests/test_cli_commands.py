"""The CLI driven through its entry point, on a real DuckDB file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from detente.cli import main


@pytest.fixture()
def runner(clean_env: None) -> CliRunner:
    return CliRunner()


def ingest(runner: CliRunner, db: Path, *args: str) -> str:
    result = runner.invoke(main, ["ingest", *args, "--db", str(db)])
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_ingest_summary_counts(runner: CliRunner, db_path: Path, fixtures_dir: Path) -> None:
    output = ingest(runner, db_path, str(fixtures_dir / "articles"))
    assert "5 stored" in output and "0 failed" in output


def test_cli_ingest_twice_changes_nothing(
    runner: CliRunner, db_path: Path, fixtures_dir: Path
) -> None:
    ingest(runner, db_path, str(fixtures_dir / "articles"))
    first = json.loads(
        runner.invoke(main, ["stats", "--format", "json", "--db", str(db_path)]).output
    )
    output = ingest(runner, db_path, str(fixtures_dir / "articles"))
    second = json.loads(
        runner.invoke(main, ["stats", "--format", "json", "--db", str(db_path)]).output
    )
    assert "0 stored, 5 skipped as duplicates" in output
    assert first == second


def test_cli_ingest_with_two_workers_matches_one(
    runner: CliRunner, tmp_path: Path, fixtures_dir: Path
) -> None:
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    ingest(runner, one, str(fixtures_dir / "articles"))
    ingest(runner, two, str(fixtures_dir / "articles"), "--workers", "2")
    stats = [
        json.loads(runner.invoke(main, ["stats", "--format", "json", "--db", str(db)]).output)
        for db in (one, two)
    ]
    assert stats[0] == stats[1]


def test_cli_ingest_reports_failures_by_reason(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "mixed.jsonl"
    bad.write_text('{"text": "Canada eased sanctions."}\n{oops\n{"text": ""}\n', encoding="utf-8")
    output = ingest(runner, db_path, str(bad))
    assert "1 stored" in output and "2 failed" in output
    assert "1 malformed JSON" in output and "1 empty text" in output


def test_cli_ingest_strict_stops_on_bad_input(
    runner: CliRunner, db_path: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "mixed.jsonl"
    bad.write_text('{oops\n{"text": "Canada eased sanctions."}\n', encoding="utf-8")
    result = runner.invoke(main, ["ingest", str(bad), "--strict", "--db", str(db_path)])
    assert result.exit_code == 1
    assert f"{bad}:1: malformed JSON" in result.output


def test_cli_ingest_stdin(runner: CliRunner, db_path: Path, fixtures_dir: Path) -> None:
    data = (fixtures_dir / "articles" / "sample.jsonl").read_text(encoding="utf-8")
    result = runner.invoke(main, ["ingest", "-", "--db", str(db_path)], input=data)
    assert result.exit_code == 0 and "3 stored" in result.output


def test_cli_db_from_environment(runner: CliRunner, tmp_path: Path, fixtures_dir: Path) -> None:
    db = tmp_path / "env.duckdb"
    result = runner.invoke(
        main, ["ingest", str(fixtures_dir / "articles" / "story.txt")], env={"DETENTE_DB": str(db)}
    )
    assert result.exit_code == 0, result.output
    assert db.exists()


def test_cli_articles_and_show(runner: CliRunner, db_path: Path, fixtures_dir: Path) -> None:
    ingest(runner, db_path, str(fixtures_dir / "articles" / "sample.jsonl"))
    listed = runner.invoke(main, ["articles", "--format", "jsonl", "--db", str(db_path)])
    rows = [json.loads(line) for line in listed.output.splitlines()]
    assert [r["title"] for r in rows] == [None, "Talks resume", "Ottawa recalls envoy"]
    shown = runner.invoke(main, ["show", rows[2]["id"][:8], "--db", str(db_path)])
    assert shown.exit_code == 0 and "Canada recalled its ambassador" in shown.output


def test_cli_show_unknown_id_is_one_line_error(
    runner: CliRunner, db_path: Path, fixtures_dir: Path
) -> None:
    ingest(runner, db_path, str(fixtures_dir / "articles" / "story.txt"))
    result = runner.invoke(main, ["show", "nonexistent", "--db", str(db_path)])
    assert result.exit_code == 1
    assert (
        result.output.strip().startswith("error:") and len(result.output.strip().splitlines()) == 1
    )


def test_cli_export_parquet(
    runner: CliRunner, db_path: Path, tmp_path: Path, fixtures_dir: Path
) -> None:
    import duckdb

    ingest(runner, db_path, str(fixtures_dir / "articles"))
    out = tmp_path / "a.parquet"
    result = runner.invoke(main, ["export", "--table", "sentences", "--format", "parquet", "--out", str(out), "--db", str(db_path)])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert duckdb.sql(f"SELECT count(*) FROM read_parquet('{out}')").fetchall()[0][0] > 5


def test_cli_no_input_found(runner: CliRunner, db_path: Path, tmp_path: Path) -> None:
    result = runner.invoke(main, ["ingest", str(tmp_path), "--db", str(db_path)])
    assert result.exit_code == 1 and "no input found" in result.output


def test_cli_actors_option_reaches_every_command(
    runner: CliRunner, db_path: Path, fixtures_dir: Path, tmp_path: Path
) -> None:
    actors = fixtures_dir / "actors" / "user-actors.csv"
    story = tmp_path / "arnor.txt"
    story.write_text("Arnor protests\n\nArnor protested against the blockade on Monday.", encoding="utf-8")
    looked = runner.invoke(main, ["--actors", str(actors), "actors", "lookup", "Arnor"])
    assert looked.exit_code == 0 and "ARN" in looked.output
    result = runner.invoke(main, ["--actors", str(actors), "ingest", str(story), "--db", str(db_path)])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(main, ["stats", "--format", "json", "--db", str(db_path)])
    assert json.loads(listed.output)["actors"] >= 1
