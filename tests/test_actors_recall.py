"""The actor recall and precision measure (detente.eval.actor_recall)."""

from __future__ import annotations

from pathlib import Path

import pytest

from detente.eval.actor_recall import actor_recall, main


def test_actors_recall_counts(fixtures_dir: Path) -> None:
    result = actor_recall(fixtures_dir / "actors" / "mini.gold.jsonl")
    assert result["documents"] == 2  # the quotes-only document is not scored
    assert result["n_gold"] == 4
    assert result["recall"] == result["n_found"] / result["n_gold"]
    assert result["precision"] == result["n_correct"] / result["n_mentions"]
    assert [m["text"] for m in result["misses"]] == ["Ruritania"]


def test_actors_recall_with_user_rows(fixtures_dir: Path) -> None:
    extra = ((("Ruritania", "RUR"),),)
    result = actor_recall(fixtures_dir / "actors" / "mini.gold.jsonl", extra)
    assert result["misses"] == []
    assert result["recall"] == 1.0


def test_actors_recall_main_prints_both(fixtures_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(fixtures_dir / "actors" / "mini.gold.jsonl")]) == 0
    out = capsys.readouterr().out
    assert "actor recall" in out
    assert "actor precision" in out


@pytest.mark.slow
@pytest.mark.shared
def test_actors_recall_plover_target(shared_dir: Path) -> None:
    result = actor_recall(shared_dir / "gold" / "events" / "plover-gsr.gold.jsonl")
    assert result["n_gold"] > 600
    assert result["recall"] >= 0.90
