"""Benchmark: bare spaCy ``nlp.pipe`` against ``detente ingest`` on the same articles.

Runs each mode in its own process (so peak memory is per mode), alternating
them ``--repeat`` times and keeping each mode's best run, and prints a
Markdown table for docs/performance.md.

Usage:
    .venv/bin/python bench/ingest.py [--corpus PATH] [--n 500] [--repeat 2] [--workers 1]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "bbc-2004" / "articles.jsonl"


def sample(corpus: Path, n: int, out: Path) -> Path:
    """The first ``n`` articles of a JSON Lines corpus, written to ``out``."""
    with corpus.open(encoding="utf-8") as lines, out.open("w", encoding="utf-8") as sink:
        for _, line in zip(range(n), lines, strict=False):
            sink.write(line)
    return out


def run_mode(mode: str, path: Path, workers: int, parts: str) -> dict[str, float]:
    """Run one mode in this process and return its figures."""
    from detente.nlp import load_pipeline

    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    nlp = load_pipeline()
    nlp("warm up")
    if mode != "spacy":
        # load the dictionaries and patterns once, as for the model (not timed)
        from detente.extract import extract_document

        extract_document(nlp("Canada met Venezuela."), doc_id="warm", published=None)
    started = time.perf_counter()
    cpu_started = time.process_time()
    tokens = 0
    if mode == "spacy":
        for doc in nlp.pipe(texts, batch_size=64):
            tokens += len(doc)
    elif mode == "parse":
        # parse + sentence split + extraction, no store: isolates extraction cost
        from detente.engine.process import process_articles
        from detente.ingest import iter_inputs
        from detente.records import Article

        articles = [a for a in iter_inputs([path]) if isinstance(a, Article)]
        started = time.perf_counter()
        for i in range(0, len(articles), 64):
            tokens += sum(p.n_tokens for p in process_articles(articles[i : i + 64]))
    elif mode == "stages":
        # parse once, then time each extractor on the parsed docs (share of parse time)
        from detente.extract.actors import get_resolver
        from detente.extract.events import extract_events
        from detente.extract.quotes import extract_quotes

        docs = list(nlp.pipe(texts, batch_size=64))
        parse_s = time.process_time() - cpu_started
        tokens = sum(len(d) for d in docs)
        resolver = get_resolver(())
        times = {"actors": 0.0, "events": 0.0, "quotes": 0.0}
        for i, doc in enumerate(docs):
            t0 = time.process_time()
            actors = resolver.mentions(doc, None)
            t1 = time.process_time()
            extract_events(doc, doc_id=str(i), published=None, actors=actors, resolver=resolver)
            t2 = time.process_time()
            extract_quotes(doc, doc_id=str(i), published=None, actors=actors, resolver=resolver)
            t3 = time.process_time()
            times["actors"] += t1 - t0
            times["events"] += t2 - t1
            times["quotes"] += t3 - t2
        return {
            "articles": len(texts), "tokens": tokens, "seconds": parse_s, "cpu": parse_s,
            "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "child_peak_mb": 0.0,
            **{f"{k}_share": v / parse_s for k, v in times.items()},
        }  # fmt: skip
    else:
        from detente import api

        with tempfile.TemporaryDirectory() as tmp:
            summary = api.ingest([path], Path(tmp) / "bench.duckdb", workers=workers)
            tokens = summary.tokens
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "articles": len(texts),
        "tokens": tokens,
        "seconds": seconds,
        "cpu": cpu,
        "peak_mb": peak,
        "child_peak_mb": children,
    }


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--modes", default="spacy,parse,ingest,stages")
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.path, args.workers, args.modes)))
        return
    if not args.corpus.exists():
        sys.exit(f"corpus not found: {args.corpus} (../shared must be beside the project)")
    modes = args.modes.split(",")
    with tempfile.TemporaryDirectory() as tmp:
        path = sample(args.corpus, args.n, Path(tmp) / "sample.jsonl")
        best: dict[str, dict[str, float]] = {}
        for _ in range(args.repeat):
            for mode in modes:
                raw = subprocess.run(
                    [sys.executable, __file__, "--mode", mode, "--path", str(path),
                     "--workers", str(args.workers)],
                    check=True, capture_output=True, text=True,
                ).stdout  # fmt: skip
                result = json.loads(raw.strip().splitlines()[-1])
                if mode not in best or result["cpu"] < best[mode]["cpu"]:
                    best[mode] = result
    base = best.get("spacy")
    names = {
        "stages": "parse only (stages run)",
        "spacy": "bare `nlp.pipe`",
        "parse": "parse + extract (no store)",
        "ingest": f"`detente ingest` (workers={args.workers})",
    }
    print(f"corpus: {args.corpus.name} ({args.n} articles), best of {args.repeat}")
    print("rates per CPU-second of the process (robust to other load on the machine);")
    print("wall-clock rates beside them\n")
    print(
        "| mode | articles/CPU-s | tokens/CPU-s | ratio to bare spaCy (CPU) "
        "| articles/s (wall) | ratio (wall) | peak RSS (MB) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for mode in modes:
        if mode == "stages":
            continue
        r = best[mode]
        ratio = (base["cpu"] / r["cpu"]) if base else float("nan")
        wall = (base["seconds"] / r["seconds"]) if base else float("nan")
        peak = max(r["peak_mb"], r["child_peak_mb"])
        print(
            f"| {names[mode]} | {r['articles'] / r['cpu']:.1f} | {r['tokens'] / r['cpu']:,.0f} "
            f"| {ratio:.2f} | {r['articles'] / r['seconds']:.1f} | {wall:.2f} | {peak:.0f} |"
        )
    if "stages" in best:
        st = best["stages"]
        print("\nextraction time as a share of parse time (same parsed documents):\n")
        print("| stage | share of parse time | budget |")
        print("|---|---:|---:|")
        both = st["actors_share"] + st["events_share"]
        print(f"| actor resolver | {st['actors_share']:.1%} | |")
        print(f"| event coder | {st['events_share']:.1%} | |")
        print(f"| actors + events | {both:.1%} | ≤ 15% |")
        print(f"| quote extractor | {st['quotes_share']:.1%} | ≤ 10% |")


if __name__ == "__main__":
    main()
