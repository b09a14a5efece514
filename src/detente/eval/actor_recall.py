"""Actor recall and precision of the actor resolver on an event gold file.

For each gold document (one sentence in ``plover-gsr.gold.jsonl``) the
resolver lists the actor mentions of the text. **Actor recall** is the share
of gold source and target actors that have a country whose country is among
the countries of the resolved mentions; **actor precision** is the share of
resolved mentions with a country whose country is one of the document's gold
actor countries. A gold actor is counted once per document (an actor that is
source of one event and target of another, or that appears in both ordered
pairs of a reciprocal event, counts once); mentions without a country are not
counted.

Run ``python -m detente.eval.actor_recall GOLD.jsonl [--misses N]``.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from detente.errors import InputError


@dataclass
class _Counts:
    gold: int = 0
    found: int = 0
    mentions: int = 0
    correct: int = 0
    documents: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    extras: list[dict[str, Any]] = field(default_factory=list)


def _gold_actors(record: dict[str, Any]) -> dict[tuple[str, str], str]:
    """(text, country) -> country of every gold source/target with a country."""
    out: dict[tuple[str, str], str] = {}
    for event in record.get("events") or []:
        for side in ("source", "target"):
            actor = event.get(side)
            if actor and actor.get("country"):
                out[(actor.get("text") or "", actor["country"])] = actor["country"]
    return out


def _read(path: Path) -> list[dict[str, Any]]:
    records = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{number}", "bad_json", exc.msg) from exc
    return records


def actor_recall(gold_path: str | Path, extra_actors: tuple[Any, ...] = ()) -> dict[str, Any]:
    """Actor recall and precision of the resolver on a gold file (FORMAT.md).

    Args:
        gold_path: a ``*.gold.jsonl`` file with an ``events`` layer.
        extra_actors: user actor dictionaries passed to :func:`get_resolver`.

    Returns:
        ``{"recall", "precision", "n_gold", "n_found", "n_mentions",
        "n_correct", "documents", "misses", "extras"}``; ``misses`` lists the
        gold actors not found, ``extras`` the mentions not in the gold.
    """
    from detente.extract.actors import get_resolver
    from detente.nlp import load_pipeline

    records = [r for r in _read(Path(gold_path)) if "events" in (r.get("layers") or ["events"])]
    nlp = load_pipeline()
    resolver = get_resolver(tuple(extra_actors))
    counts = _Counts()
    texts = [r.get("text") or "" for r in records]
    for record, doc in zip(records, nlp.pipe(texts), strict=True):
        published = record.get("published")
        when = date.fromisoformat(published) if published else None
        mentions = [m for m in resolver.mentions(doc, when) if m.country]
        found = {m.country for m in mentions}
        gold = _gold_actors(record)
        gold_countries = set(gold.values())
        counts.documents += 1
        for (text, _), country in gold.items():
            counts.gold += 1
            if country in found:
                counts.found += 1
            else:
                counts.misses.append({"id": record.get("id"), "text": text, "country": country,
                                      "found": sorted(found)})
        for m in mentions:
            counts.mentions += 1
            if m.country in gold_countries:
                counts.correct += 1
            else:
                counts.extras.append({"id": record.get("id"), "text": m.text,
                                      "country": m.country, "gold": sorted(gold_countries)})
    return {
        "recall": counts.found / counts.gold if counts.gold else 0.0,
        "precision": counts.correct / counts.mentions if counts.mentions else 0.0,
        "n_gold": counts.gold,
        "n_found": counts.found,
        "n_mentions": counts.mentions,
        "n_correct": counts.correct,
        "documents": counts.documents,
        "misses": counts.misses,
        "extras": counts.extras,
    }


def main(argv: list[str] | None = None) -> int:
    """``python -m detente.eval.actor_recall GOLD.jsonl [--misses N] [--actors FILE]``."""
    parser = argparse.ArgumentParser(prog="python -m detente.eval.actor_recall",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses and extras")
    parser.add_argument("--actors", action="append", default=[], help="user actor file")
    args = parser.parse_args(argv)
    result = actor_recall(args.gold, tuple(args.actors))
    print(f"actor recall    {result['recall']:.3f}  ({result['n_found']}/{result['n_gold']} "
          f"gold actors, {result['documents']} documents)")
    print(f"actor precision {result['precision']:.3f}  ({result['n_correct']}/"
          f"{result['n_mentions']} mentions with a country)")
    for key in ("misses", "extras"):
        for item in result[key][: args.misses]:
            print(key[:-2] if key == "misses" else "extra", json.dumps(item, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
