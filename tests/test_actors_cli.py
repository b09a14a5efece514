"""The ``detente actors`` commands (run through click's test runner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from detente.commands.actors import COMMANDS, actors_group


@pytest.fixture()
def runner() -> CliRunner:
    return CliRunner()


def test_actors_cli_exports_group() -> None:
    assert [actors_group] == COMMANDS


@pytest.mark.parametrize("command", [[], ["lookup"], ["mentions"], ["check"], ["add"]])
def test_actors_cli_help_has_example(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(actors_group, [*command, "--help"])
    assert result.exit_code == 0
    assert "detente actors" in result.output


def test_actors_cli_lookup_prints_rule_and_row(runner: CliRunner) -> None:
    result = runner.invoke(actors_group, ["lookup", "Venezuelan officials", "--date", "2019-03-01"])
    assert result.exit_code == 0, result.output
    assert "country: VEN" in result.output
    assert "sector:  GOV" in result.output
    assert "countries.csv[VEN]" in result.output
    assert "agents.csv[official]" in result.output


def test_actors_cli_lookup_json(runner: CliRunner) -> None:
    result = runner.invoke(actors_group, ["lookup", "the Kremlin", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["country"] == "RUS"


def test_actors_cli_lookup_bad_date(runner: CliRunner) -> None:
    result = runner.invoke(actors_group, ["lookup", "Canada", "--date", "March 2019"])
    assert result.exit_code != 0
    assert "YYYY-MM-DD" in result.output


def test_actors_cli_check_good_file(runner: CliRunner, fixtures_dir: Path) -> None:
    result = runner.invoke(actors_group, ["check", str(fixtures_dir / "actors" / "user-actors.csv")])
    assert result.exit_code == 0, result.output
    assert "4 actor row(s)" in result.output


def test_actors_cli_check_bad_file(runner: CliRunner, fixtures_dir: Path) -> None:
    path = fixtures_dir / "actors" / "user-actors-bad.csv"
    result = runner.invoke(actors_group, ["check", str(path)])
    assert result.exit_code == 1
    assert "row 2" in result.output
    assert "'Gondor'" in result.output


def test_actors_cli_add_shows_override(runner: CliRunner, fixtures_dir: Path) -> None:
    result = runner.invoke(actors_group, ["add", str(fixtures_dir / "actors" / "user-actors.csv")])
    assert result.exit_code == 0, result.output
    assert "'Arnor' -> ARN: adds" in result.output
    assert "'Ottawa' -> ARNGOV Annúminas: overrides CAN" in result.output


def test_actors_cli_lookup_with_user_file(runner: CliRunner, fixtures_dir: Path) -> None:
    path = str(fixtures_dir / "actors" / "user-actors.csv")
    result = runner.invoke(actors_group, ["lookup", "the Ministry of Magic", "--actors", path])
    assert result.exit_code == 0, result.output
    assert "country: HGW" in result.output


def test_actors_cli_mentions(runner: CliRunner) -> None:
    text = "Ottawa has sent low-ranking diplomats to Caracas."
    result = runner.invoke(actors_group, ["mentions", text])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert [line.split("\t")[1] for line in lines] == ["CANGOV", "GOV", "VEN"]
