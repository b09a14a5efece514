"""Private dev scorer for the quote extractor on PolNeAR (FORMAT.md, Quotes).

Usage::

    .venv/bin/python bench/quotes_dev.py dev            # score on PolNeAR dev
    .venv/bin/python bench/quotes_dev.py train --limit 200 --errors 40
    .venv/bin/python bench/quotes_dev.py speed --limit 200   # BBC overhead

Quotes are matched one to one by content overlap: the share of the gold
content's characters covered by the predicted content, at thresholds 0.3 and
0.8 (the Gender Gap Tracker's measure, as FORMAT.md states). Among matched
quotes the speaker is lenient-correct when the predicted speaker span overlaps
the gold source span. "Source overlap F1" counts a predicted quote as a true
positive when its content matches (0.3) and its speaker span overlaps the gold
source. Rules are built from train only; dev is for scores (PolNeAR README).

Parsed documents are cached as spaCy ``DocBin`` files under
``$DETENTE_BENCH_CACHE`` (default ``/tmp/detente-quotes-cache``).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from spacy.tokens import Doc, DocBin

from detente.extract.actors import get_resolver
from detente.extract.quotes import extract_quotes
from detente.nlp import load_pipeline
from detente.records import Quote

SHARED = Path(os.environ.get("DETENTE_SHARED", Path(__file__).resolve().parents[2] / "shared"))
CACHE = Path(os.environ.get("DETENTE_BENCH_CACHE", "/tmp/detente-quotes-cache"))
THRESHOLDS = (0.3, 0.8)


@dataclass(frozen=True)
class GoldQuote:
    """One PolNeAR attribution, reduced to what quote scoring needs."""

    pieces: tuple[tuple[int, int], ...]
    source: tuple[int, int] | None
    cue: tuple[int, int] | None
    text: str


def read_gold(split: str, limit: int | None) -> list[dict[str, Any]]:
    """The PolNeAR records of one split (train or dev)."""
    path = SHARED / "gold" / "quotes" / "polnear" / f"{split}.jsonl"
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    return records[:limit] if limit else records


def gold_quotes(record: dict[str, Any]) -> list[GoldQuote]:
    """The scorable attributions of one record (those with a content span)."""
    out: list[GoldQuote] = []
    for attribution in record["attributions"]:
        content = attribution["content"]
        if not content:
            continue
        frags = content.get("fragments") or [content]
        source = attribution["source"]
        cue = attribution["cue"]
        out.append(
            GoldQuote(
                tuple((f["start"], f["end"]) for f in frags),
                (source["start"], source["end"]) if source else None,
                (cue["start"], cue["end"]) if cue else None,
                content["text"],
            )
        )
    return out


def parsed_docs(split: str, records: list[dict[str, Any]]) -> list[Doc]:
    """Parse the records' texts, reusing a DocBin cache of the whole split."""
    nlp = load_pipeline()
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{split}.spacy"
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))[: len(records)]
        if [d.text for d in docs] == [r["text"] for r in records]:
            return docs
    everything = read_gold(split, None)
    docs = list(nlp.pipe((r["text"] for r in everything), batch_size=16))
    DocBin(store_user_data=False, docs=docs).to_disk(path)
    return docs[: len(records)]


def _covered(gold: GoldQuote, pred: Quote) -> float:
    total = sum(e - s for s, e in gold.pieces)
    if total <= 0:
        return 0.0
    got = sum(max(0, min(e, pred.end) - max(s, pred.start)) for s, e in gold.pieces)
    return got / total


def match(golds: list[GoldQuote], preds: list[Quote], threshold: float) -> list[tuple[int, int]]:
    """One-to-one matching, greedy by coverage share, at ``threshold``."""
    pairs = []
    for gi, g in enumerate(golds):
        for pi, p in enumerate(preds):
            share = _covered(g, p)
            if share >= threshold:
                pairs.append((share, gi, pi))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_g: set[int] = set()
    used_p: set[int] = set()
    out = []
    for _, gi, pi in pairs:
        if gi in used_g or pi in used_p:
            continue
        used_g.add(gi)
        used_p.add(pi)
        out.append((gi, pi))
    return out


def _overlaps(a: tuple[int, int] | None, start: int | None, end: int | None) -> bool:
    return a is not None and start is not None and end is not None and a[0] < end and start < a[1]


def prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float | int]:
    """Precision, recall and F1 with their counts."""
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4),
            "tp": tp, "n_gold": n_gold, "n_pred": n_pred}


def extract_all(records: list[dict[str, Any]], docs: list[Doc]) -> tuple[list[list[Quote]], float]:
    """Run the extractor on every parsed document; also return the seconds it took."""
    resolver = get_resolver()
    out = []
    start = time.perf_counter()
    for record, doc in zip(records, docs, strict=True):
        actors = resolver.mentions(doc, None)
        out.append(
            extract_quotes(doc, doc_id=record["id"], published=None, actors=actors,
                           resolver=resolver)
        )
    return out, time.perf_counter() - start


def score(records: list[dict[str, Any]], preds: list[list[Quote]]) -> dict[str, Any]:
    """Every figure of the report, with counts."""
    report: dict[str, Any] = {"documents": len(records)}
    n_gold = sum(len(gold_quotes(r)) for r in records)
    n_pred = sum(len(p) for p in preds)
    for threshold in THRESHOLDS:
        tp = sum(len(match(gold_quotes(r), p, threshold)) for r, p in zip(records, preds, strict=True))
        report[f"overlap_{threshold}"] = prf(tp, n_pred, n_gold)
    lenient = n_with_source = joint = kind_direct = 0
    n_gold_src = sum(1 for r in records for g in gold_quotes(r) if g.source)
    n_pred_src = sum(1 for p in preds for q in p if q.speaker_start is not None)
    for r, p in zip(records, preds, strict=True):
        golds = gold_quotes(r)
        for gi, pi in match(golds, p, 0.3):
            g, q = golds[gi], p[pi]
            if g.source is None:
                continue
            n_with_source += 1
            if _overlaps(g.source, q.speaker_start, q.speaker_end):
                lenient += 1
                joint += 1
            kind_direct += q.kind == "direct"
    report["speaker_lenient"] = {"accuracy": round(lenient / max(1, n_with_source), 4),
                                 "n": n_with_source}
    report["source_overlap"] = prf(joint, n_pred_src, n_gold_src)
    return report


def official(split: str, records: list[dict[str, Any]], preds: list[list[Quote]]) -> dict[str, Any]:
    """The figures of detente's own scorer (``detente.eval``) on the same predictions."""
    from detente.eval.gold import read_polnear
    from detente.eval.predict import extraction_to_document
    from detente.eval.score import add_figures, score_attributions, score_quotes
    from detente.records import Extraction

    path = SHARED / "gold" / "quotes" / "polnear" / f"{split}.jsonl"
    golds = {g.id: g for g in read_polnear(path)}
    figures: dict[str, Any] = {}
    for record, quotes in zip(records, preds, strict=True):
        gold = golds[record["id"]]
        pred = extraction_to_document(gold, Extraction(quotes=tuple(quotes)))
        figures = add_figures(figures, score_quotes(gold, pred))
        figures = add_figures(figures, score_attributions(gold, pred))
    return {name: fig.as_dict() for name, fig in sorted(figures.items())
            if name.startswith(("quotes/overlap", "quotes/speaker", "quotes/kind",
                                "attributions/content/overlap", "attributions/source/overlap"))}


def show_errors(records: list[dict[str, Any]], preds: list[list[Quote]], n: int) -> None:
    """Print missed gold and spurious predictions (train only!)."""
    missed: list[str] = []
    spurious: list[str] = []
    wrong_src: list[str] = []
    cue_miss: Counter[str] = Counter()
    for r, p in zip(records, preds, strict=True):
        text = r["text"]
        golds = gold_quotes(r)
        pairs = match(golds, p, 0.3)
        mg = {gi for gi, _ in pairs}
        mp = {pi for _, pi in pairs}
        for gi, g in enumerate(golds):
            if gi not in mg:
                cue = text[g.cue[0]:g.cue[1]] if g.cue else "-"
                src = text[g.source[0]:g.source[1]] if g.source else "-"
                cue_miss[cue.lower()] += 1
                missed.append(f"[{src} | {cue}] {g.text[:160]!r}")
        for pi, q in enumerate(p):
            if pi not in mp:
                spurious.append(f"[{q.speaker} | {q.cue} | {q.kind}] {text[q.start:q.end][:160]!r}")
        for gi, pi in pairs:
            g, q = golds[gi], p[pi]
            if g.source and not _overlaps(g.source, q.speaker_start, q.speaker_end):
                gs = text[g.source[0]:g.source[1]]
                wrong_src.append(f"gold {gs!r} pred {q.speaker!r} :: {text[q.start:q.end][:100]!r}")
    print("== missed cues:", cue_miss.most_common(60))
    for title, rows in (("missed", missed), ("spurious", spurious), ("wrong source", wrong_src)):
        print(f"== {title} ({len(rows)})")
        for row in rows[:n]:
            print("  ", row)


def speed(limit: int, rounds: int = 3) -> None:
    """Quote extraction time against bare ``nlp.pipe`` on BBC articles.

    Parsing and extraction are interleaved as in ingestion (each parsed document
    is extracted at once), and each way is run ``rounds`` times, keeping the
    fastest, so that garbage collection and other processes on the machine
    weigh the same on both.
    """
    path = SHARED / "corpus" / "bbc-2004" / "articles.jsonl"
    with path.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for _, line in zip(range(limit), handle, strict=False)]
    nlp = load_pipeline()
    resolver = get_resolver()
    for doc in nlp.pipe(texts[:10]):  # warm up the model and the actor layer's tables
        extract_quotes(doc, doc_id="x", published=None, actors=[], resolver=resolver)
    bare: list[float] = []
    both: list[float] = []
    inside: list[float] = []
    n = 0
    for _ in range(rounds):
        start = time.perf_counter()
        for _doc in nlp.pipe(texts, batch_size=16):
            pass
        bare.append(time.perf_counter() - start)
        start = time.perf_counter()
        spent = 0.0
        n = 0
        for doc in nlp.pipe(texts, batch_size=16):
            t0 = time.perf_counter()
            n += len(extract_quotes(doc, doc_id="x", published=None, actors=[],
                                    resolver=resolver))
            spent += time.perf_counter() - t0
        both.append(time.perf_counter() - start)
        inside.append(spent)
    parse, total, extract = min(bare), min(both), min(inside)
    print(f"{len(texts)} BBC articles, {n} quotes: parse {parse:.2f}s, parse+quotes {total:.2f}s "
          f"(+{100 * (total - parse) / parse:.1f}%), quote extraction itself {extract:.2f}s "
          f"({100 * extract / parse:.1f}% of parse)")


def main(argv: Iterable[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("split", choices=["train", "dev", "speed"])
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--errors", type=int, default=0, help="show N errors (train only)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.split == "speed":
        speed(args.limit or 200)
        return 0
    records = read_gold(args.split, args.limit)
    docs = parsed_docs(args.split, records)
    preds, seconds = extract_all(records, docs)
    report = score(records, preds)
    report["extract_seconds"] = round(seconds, 2)
    report["official"] = official(args.split, records, preds)
    print(json.dumps(report, indent=1))
    if args.errors:
        if args.split != "train":
            print("errors are shown for train only (PolNeAR: do not read dev)", file=sys.stderr)
            return 1
        show_errors(records, preds, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
