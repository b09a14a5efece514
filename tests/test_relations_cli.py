"""``detente relations``, ``timeline``, ``clusters`` and ``serve`` through the CLI entry point."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from detente.cli import main
from detente.store import Store
from test_relations_builder import HISTORY, build, parsed


@pytest.fixture()
def runner(clean_env: None) -> CliRunner:
    return CliRunner()


@pytest.fixture()
def history(db_path: Path) -> Path:
    return build(db_path, HISTORY)


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_relations_cli_csv_one_row_per_period(runner: CliRunner, history: Path) -> None:
    output = run(runner, "relations", "Canada", "Venezuela", "--by", "year", "--format", "csv",
                 "--db", str(history))  # fmt: skip
    rows = list(csv.DictReader(io.StringIO(output)))
    assert [r["period"] for r in rows] == [str(y) for y in range(2017, 2024)]
    assert rows[0]["events"] == "3" and rows[0]["mentions"] == "4"


def test_relations_cli_jsonl_directed(runner: CliRunner, history: Path) -> None:
    output = run(
        runner, "relations", "VEN", "CAN", "--directed", "--format", "jsonl", "--db", str(history)
    )
    rows = [json.loads(line) for line in output.splitlines()]
    assert [(r["period"], r["events"]) for r in rows] == [("2017-12", 1)]


def test_relations_cli_since_until(runner: CliRunner, history: Path) -> None:
    output = run(runner, "relations", "CAN", "VEN", "--by", "quarter", "--since", "2019-01-01",
                 "--until", "2019-12-31", "--format", "jsonl", "--db", str(history))  # fmt: skip
    rows = [json.loads(line) for line in output.splitlines()]
    assert [r["period"] for r in rows] == ["2019-Q1", "2019-Q2", "2019-Q3", "2019-Q4"]


def test_relations_cli_table(runner: CliRunner, history: Path) -> None:
    output = run(runner, "relations", "CAN", "VEN", "--by", "year", "--db", str(history))
    assert "Canada" in output and "Venezuela" in output and "2019" in output


@pytest.mark.parametrize(("suffix", "magic"), [(".svg", b"<svg"), (".png", b"\x89PNG")])
def test_relations_cli_plot(
    runner: CliRunner, history: Path, tmp_path: Path, suffix: str, magic: bytes
) -> None:
    out = tmp_path / f"chart{suffix}"
    run(runner, "relations", "CAN", "VEN", "--by", "quarter", "--plot", str(out), "--format", "csv",
        "--db", str(history))  # fmt: skip
    assert magic in out.read_bytes()[:400]


def test_relations_cli_plot_rejects_other_formats(
    runner: CliRunner, history: Path, tmp_path: Path
) -> None:
    result = runner.invoke(main, ["relations", "CAN", "VEN", "--plot", str(tmp_path / "c.pdf"),
                                  "--db", str(history)])  # fmt: skip
    assert result.exit_code == 1 and "unsupported plot format" in result.output


def test_relations_cli_unknown_country_one_line(runner: CliRunner, history: Path) -> None:
    result = runner.invoke(main, ["relations", "Atlantis", "VEN", "--db", str(history)])
    assert result.exit_code == 1
    assert (
        "unknown country 'Atlantis'" in result.output
        and len(result.output.strip().splitlines()) <= 2
    )


def test_relations_cli_timeline_prints_changes_with_evidence(
    runner: CliRunner, history: Path
) -> None:
    output = run(runner, "timeline", "Canada", "Venezuela", "--db", str(history))
    assert "none → imposed" in output and "downgraded → restoring" in output
    assert "Canada imposed sanctions on 40 Venezuelan officials" in output


def test_relations_cli_timeline_all_lists_unchanged_steps(runner: CliRunner, history: Path) -> None:
    changes = run(runner, "timeline", "CAN", "VEN", "--format", "jsonl", "--db", str(history))
    everything = run(
        runner, "timeline", "CAN", "VEN", "--all", "--format", "jsonl", "--db", str(history)
    )
    assert len(changes.splitlines()) == 3
    assert len(everything.splitlines()) == 6


def test_relations_cli_clusters_figures(runner: CliRunner, db_path: Path) -> None:
    with Store(db_path) as store:
        store.add([parsed(d) for d in HISTORY])
    output = run(runner, "clusters", "--db", str(db_path))
    assert "8 mentions → 7 events" in output


def test_relations_cli_commands_cluster_a_lagging_store(runner: CliRunner, db_path: Path) -> None:
    with Store(db_path) as store:
        store.add([parsed(d) for d in HISTORY])
    output = run(
        runner, "relations", "CAN", "VEN", "--by", "year", "--format", "jsonl", "--db", str(db_path)
    )
    assert sum(json.loads(line)["events"] for line in output.splitlines()) == 6


def test_relations_cli_serve_refuses_missing_store(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(main, ["serve", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code != 0 and "no such store" in result.output


@pytest.mark.parametrize("command", ["relations", "timeline", "clusters", "serve"])
def test_relations_cli_help_has_example(runner: CliRunner, command: str) -> None:
    output = run(runner, command, "--help")
    assert "Example:" in output and "detente " + command in output


@pytest.mark.parametrize(
    ("host", "expected"),
    [("127.0.0.1", True), ("localhost", True), ("::1", True), ("0.0.0.0", False), ("192.168.1.5", False),
     ("example.org", False)],
)  # fmt: skip
def test_relations_cli_serve_warns_off_loopback(host: str, expected: bool) -> None:
    from detente.commands.relations import is_loopback

    assert is_loopback(host) is expected
