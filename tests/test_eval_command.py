"""`detente eval` end to end through the CLI (real spaCy parsing, real extractors)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from detente.cli import main
from detente.eval.gold import document_from_json, load_gold
from detente.eval.runner import run_eval
from detente.eval.score import event_keys


@pytest.fixture(scope="module")
def eval_dir(fixtures_dir: Path) -> Path:
    return fixtures_dir / "eval"


def test_eval_command_writes_report_and_predictions(
    eval_dir: Path, tmp_path: Path, nlp: object
) -> None:
    gold_path = eval_dir / "tiny.gold.jsonl"
    report_path, pred_path = tmp_path / "r.json", tmp_path / "p.jsonl"
    result = CliRunner().invoke(
        main,
        ["eval", str(gold_path), "--report", str(report_path), "--predictions", str(pred_path)],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    gold = load_gold(gold_path)
    assert report["documents"] == len(gold.documents)
    gold_triples = sum(
        len(event_keys(d.events, "plover_event")) for d in gold.documents if "events" in d.layers
    )
    assert report["events"]["plover_event"]["n_gold"] == gold_triples
    assert report["quotes"]["overlap_0.3"]["n_gold"] == 1
    lines = pred_path.read_text(encoding="utf-8").splitlines()
    predicted = [document_from_json(json.loads(line), "p") for line in lines]
    assert [(p.id, p.text) for p in predicted] == [(g.id, g.text) for g in gold.documents]
    assert "plover_event" in result.output


def test_eval_command_several_files_give_a_list(eval_dir: Path, tmp_path: Path) -> None:
    report_path = tmp_path / "r.json"
    names = ["cameo.jsonl", "petrarch.jsonl", "polnear.jsonl"]
    args = ["eval", *(str(eval_dir / n) for n in names), "--report", str(report_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    reports = json.loads(report_path.read_text(encoding="utf-8"))
    assert [r["kind"] for r in reports] == ["cameo-examples", "petrarch-unit-tests", "polnear"]


def test_eval_command_show_errors_prints_gold_beside_prediction(eval_dir: Path) -> None:
    result = CliRunner().invoke(
        main, ["eval", str(eval_dir / "tiny.gold.jsonl"), "--show-errors", "2", "--limit", "1"]
    )
    assert result.exit_code == 0, result.output
    report_lines = result.output
    assert "gold (1)" in report_lines or "no document has a mistake" in report_lines


def test_eval_command_unknown_shape_is_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "odd.jsonl"
    path.write_text('{"what": 1}\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(path)])
    assert result.exit_code != 0
    assert "unknown gold shape" in result.output


def test_eval_command_help_has_example() -> None:
    result = CliRunner().invoke(main, ["eval", "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output and "--show-errors" in result.output


def test_eval_command_runner_limit(eval_dir: Path) -> None:
    run = run_eval(eval_dir / "tiny.gold.jsonl", limit=2)
    assert [d.id for d in run.documents] == ["tiny-events", "tiny-quotes"]
    assert len(run.predictions) == len(run.scores) == 2
    assert run.seconds >= 0


SHARED_SETS = [
    "events/plover-gsr.gold.jsonl",
    "events/cameo-examples.jsonl",
    "events/petrarch-unit-tests.jsonl",
    "quotes/polnear/dev.jsonl",
]


@pytest.mark.parametrize("name", SHARED_SETS)
def test_eval_command_runs_on_shared_sets(shared_dir: Path, name: str) -> None:
    run = run_eval(shared_dir / "gold" / name, limit=3)
    assert len(run.scores) == 3
    assert not run.failures, run.failures


@pytest.mark.slow
@pytest.mark.parametrize("name", SHARED_SETS)
def test_eval_command_whole_shared_set(shared_dir: Path, name: str, tmp_path: Path) -> None:
    report_path = tmp_path / "r.json"
    result = CliRunner().invoke(
        main, ["eval", str(shared_dir / "gold" / name), "--report", str(report_path)]
    )
    assert result.exit_code == 0, result.output
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["documents"] == len(load_gold(shared_dir / "gold" / name).documents)
    assert report["failed_documents"] == 0
