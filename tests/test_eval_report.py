"""The JSON report (FORMAT.md, "Machine-readable report"), the table rows and predictions files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.console import Console

from detente.eval.gold import (
    GoldActor,
    GoldDocument,
    GoldEvent,
    GoldSet,
    document_from_json,
    load_gold,
)
from detente.eval.predict import Prediction, document_to_json, write_documents
from detente.eval.report import (
    build_report,
    describe_event,
    render_errors,
    render_report,
    report_rows,
)
from detente.eval.runner import EvalRun, evaluate


@pytest.fixture(scope="module")
def eval_dir(fixtures_dir: Path) -> Path:
    return fixtures_dir / "eval"


def run_with(gold: GoldSet, predicted: list[GoldDocument] | None = None) -> EvalRun:
    """Score hand-made predictions (default: the gold itself) on a gold set."""
    docs = list(gold.documents)
    preds = predicted if predicted is not None else docs
    return evaluate(gold, [Prediction(p) for p in preds], docs, 0.5)


def empty(doc: GoldDocument) -> GoldDocument:
    return GoldDocument(doc.id, doc.text, doc.published, ("events", "quotes"))


def test_eval_report_keys_follow_format(eval_dir: Path) -> None:
    report = build_report(run_with(load_gold(eval_dir / "tiny.gold.jsonl")), "abc1234")
    assert report["gold"] == "tiny.gold.jsonl"
    assert report["documents"] == 3 and report["commit"] == "abc1234"
    events = report["events"]
    for level in ("plover_event", "cameo_root", "cameo", "dyad", "type"):
        assert set(events[level]) == {"precision", "recall", "f1", "n_gold", "n_pred"}
    assert {"status_accuracy", "historical_accuracy", "date_accuracy", "n"} <= set(
        events["matched"]
    )
    assert set(events["by_plover_event"]) == {"SANCTION"}
    quotes = report["quotes"]
    for key in ("overlap_0.3", "overlap_0.8"):
        assert set(quotes[key]) == {"precision", "recall", "f1", "n_gold", "n_pred"}
    for key in ("speaker_strict", "speaker_lenient", "kind_accuracy", "affiliation_accuracy"):
        assert set(quotes[key]) == {"accuracy", "n"}
    json.dumps(report)


def test_eval_report_perfect_prediction_scores_one(eval_dir: Path) -> None:
    report = build_report(run_with(load_gold(eval_dir / "tiny.gold.jsonl")))
    assert report["events"]["plover_event"]["f1"] == 1.0
    assert report["quotes"]["overlap_0.8"]["f1"] == 1.0
    assert report["quotes"]["speaker_strict"]["accuracy"] == 1.0
    assert report["events"]["matched"]["date_accuracy"] == 1.0


def test_eval_report_empty_prediction_scores_zero_with_counts(eval_dir: Path) -> None:
    gold = load_gold(eval_dir / "tiny.gold.jsonl")
    report = build_report(run_with(gold, [empty(d) for d in gold.documents]))
    assert report["events"]["plover_event"] == {
        "precision": 0.0,
        "recall": 0.0,
        "f1": 0.0,
        "n_gold": 1,
        "n_pred": 0,
    }
    assert report["quotes"]["overlap_0.3"]["n_gold"] == 1


@pytest.mark.parametrize(
    ("name", "present", "absent"),
    [
        ("cameo.jsonl", "cameo_examples", "events"),
        ("petrarch.jsonl", "codings", "quotes"),
        ("polnear.jsonl", "attributions", "events"),
    ],
)
def test_eval_report_sections_follow_layers(
    eval_dir: Path, name: str, present: str, absent: str
) -> None:
    report = build_report(run_with(load_gold(eval_dir / name)))
    assert present in report
    assert absent not in report


def test_eval_report_polnear_counts_distinct_spans(eval_dir: Path) -> None:
    gold = load_gold(eval_dir / "polnear.jsonl")
    report = build_report(run_with(gold, [empty(d) for d in gold.documents]))
    assert report["attributions"]["content"]["overlap"]["n_gold"] == 3
    assert report["attributions"]["source"]["exact"]["n_gold"] == 2
    assert report["quotes"]["overlap_0.3"]["n_gold"] == 3


def test_eval_report_rows_cover_every_figure(eval_dir: Path) -> None:
    report = build_report(run_with(load_gold(eval_dir / "tiny.gold.jsonl")))
    names = [name for name, _ in report_rows(report)]
    assert "events.plover_event" in names
    assert "events.by_plover_event.SANCTION" in names
    assert "events.matched.date" in names
    assert "quotes.overlap_0.3" in names


def test_eval_report_renders_table_and_errors(eval_dir: Path) -> None:
    gold = load_gold(eval_dir / "tiny.gold.jsonl")
    run = run_with(gold, [empty(d) for d in gold.documents])
    console = Console(record=True, width=120)
    render_report(build_report(run), console)
    render_errors(run, 5, console)
    text = console.export_text()
    assert "plover_event" in text
    assert "tiny-events: 1 mistake" in text
    assert "CAN GOV → VEN GOV SANCTION 163" in text
    assert "tiny-nothing" not in text


def test_eval_report_predictions_round_trip(eval_dir: Path, tmp_path: Path) -> None:
    gold = load_gold(eval_dir / "polnear.jsonl")
    path = tmp_path / "pred.jsonl"
    assert write_documents(gold.documents, path) == 1
    (line,) = path.read_text(encoding="utf-8").splitlines()
    back = document_from_json(json.loads(line), str(path))
    original = gold.documents[0]
    assert back.id == original.id and back.text == original.text
    assert [q.content for q in back.quotes] == [q.content for q in original.quotes]


def test_eval_report_document_json_has_gold_format_keys(eval_dir: Path) -> None:
    doc = load_gold(eval_dir / "tiny.gold.jsonl").documents[0]
    record = document_to_json(doc)
    assert set(record) == {"id", "text", "published", "layers", "events", "quotes"}
    assert record["events"][0]["source"] == {"country": "CAN", "sector": "GOV", "text": "Canada"}


@pytest.mark.parametrize(
    ("event", "expected"),
    [
        (GoldEvent(cameo="0311"), "0311"),
        (
            GoldEvent(GoldActor("CAN", "GOV"), None, "163", "SANCTION", "negated", True, "2019"),
            "CAN GOV → – SANCTION 163 negated historical 2019",
        ),
        (
            GoldEvent(GoldActor(text="INJURY TOLL"), GoldActor("GON"), "023"),
            '"INJURY TOLL" → GON 023',
        ),
    ],
)
def test_eval_report_describe_event(event: GoldEvent, expected: str) -> None:
    assert describe_event(event) == expected
