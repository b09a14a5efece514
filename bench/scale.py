"""Benchmark the engines against bare spaCy on the BBC and Reuters corpora (docs/scale.md).

Modes, each in its own process (so that peak memory is per mode):

- ``spacy``: bare ``nlp.pipe`` over the texts (the practical limit, one core);
- ``local1`` / ``local2``: ``detente`` local engine with 1 and 2 workers, into a DuckDB store;
- ``dask2``: the Dask engine on a LocalCluster of 2 worker processes, into a DuckDB store.

Every mode starts with the articles read and the model loaded in the main
process; times run from there to the last article stored, worker start-up
included (the ``startup`` column says how much of it that was, where the
engine has one). Peak memory is the resident set (``ru_maxrss``) of the main
process and of the largest worker.

Usage:
    .venv/bin/python bench/scale.py                      # both corpora, all modes
    .venv/bin/python bench/scale.py --n 200 --corpora bbc  # a quick check
    .venv/bin/python bench/scale.py --json results.json
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
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CORPORA = {
    "bbc": (ROOT.parent / "shared" / "corpus" / "bbc-2004" / "articles.jsonl", 2095),
    "reuters": (ROOT.parent / "shared" / "corpus" / "reuters-21578" / "articles.jsonl", 10_000),
}
MODES = ("spacy", "local1", "local2", "dask2")
NAMES = {
    "spacy": "bare `nlp.pipe`",
    "local1": "detente local, 1 worker",
    "local2": "detente local, 2 workers",
    "dask2": "detente Dask LocalCluster, 2 workers",
}
TARGETS = {"per_core": 0.8, "speedup_2": 1.7, "worker_mb": 1024.0}


def _peak_mb(who: int) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def _local_startup(workers: int, model: str | None) -> float:
    """Seconds to start ``workers`` spawned processes that load the model (as the local engine does)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from detente.engine.local import _init_worker

    started = time.perf_counter()
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=context, initializer=_init_worker, initargs=(model,)
    ) as pool:
        list(pool.map(abs, range(workers)))
    return time.perf_counter() - started


def _cpu_seconds() -> float:
    """CPU seconds used by this process and its reaped descendants (workers)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def run_mode(mode: str, path: Path) -> dict[str, Any]:
    """Run one mode in this process and return its figures."""
    from detente.ingest import iter_inputs
    from detente.nlp import load_pipeline
    from detente.records import Article
    from detente.settings import get_settings
    from detente.store import Store

    settings = get_settings()
    articles = [a for a in iter_inputs([path]) if isinstance(a, Article)]
    nlp = load_pipeline()
    nlp("warm up")
    result: dict[str, Any] = {"mode": mode, "articles": len(articles), "startup": 0.0}
    cpu_started = _cpu_seconds()
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        if mode == "spacy":
            started = time.perf_counter()
            tokens = sum(
                len(doc)
                for doc in nlp.pipe((a.text for a in articles), batch_size=settings.batch_size)
            )
        elif mode.startswith("local"):
            from detente.engine.local import ingest

            workers = int(mode.removeprefix("local"))
            if workers > 1:
                result["startup"] = _local_startup(workers, settings.model)
            started = time.perf_counter()
            with Store(db) as store:
                summary = ingest(
                    iter(articles), store, workers=workers, batch_size=settings.batch_size
                )
            tokens = summary.tokens
        elif mode == "dask2":
            from distributed import Client

            from detente.engine.dask import SpacyPlugin, ingest_dask, start_client

            started = time.perf_counter()
            client, cluster = start_client(2, None)
            client.register_plugin(SpacyPlugin(settings.model), name="detente-spacy")
            result["startup"] = time.perf_counter() - started
            assert cluster is not None
            try:
                with Store(db) as store:
                    summary = ingest_dask(
                        iter(articles), store, workers=2, scheduler=cluster.scheduler_address,
                        out_parquet=Path(tmp) / "dataset", batch_size=settings.batch_size,
                    )  # fmt: skip
                tokens = summary.tokens
                with Client(cluster) as probe:
                    peaks = probe.run(
                        lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                    )
                result["worker_peak_mb"] = max(peaks.values())
            finally:
                client.close()
                cluster.close()
        else:
            raise SystemExit(f"unknown mode {mode}")
        result["seconds"] = time.perf_counter() - started
    result["cpu"] = _cpu_seconds() - cpu_started
    result["tokens"] = tokens
    result["main_peak_mb"] = _peak_mb(resource.RUSAGE_SELF)
    if mode == "local2":
        result["worker_peak_mb"] = _peak_mb(resource.RUSAGE_CHILDREN)
    elif mode in ("spacy", "local1"):
        result["worker_peak_mb"] = result["main_peak_mb"]
    return result


def sample(corpus: Path, n: int, out: Path) -> Path:
    """The first ``n`` lines of a JSON Lines corpus, written to ``out``."""
    with corpus.open(encoding="utf-8") as lines, out.open("w", encoding="utf-8") as sink:
        for _, line in zip(range(n), lines, strict=False):
            sink.write(line)
    return out


def table(corpus: str, results: dict[str, dict[str, Any]]) -> str:
    """The Markdown table of one corpus, targets beside the figures."""
    base = results.get("spacy")
    one = results.get("local1")
    lines = [
        f"**{corpus}** ({next(iter(results.values()))['articles']:,} articles)",
        "",
        "| mode | seconds | startup s | articles/s | tokens/s | ratio to bare spaCy | per core (target ≥ 0.8) "
        "| per CPU-second vs bare spaCy | speed-up over 1 worker (target ≥ 1.7) "
        "| peak RSS main MB | peak RSS per worker MB (target ≤ 1024) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for mode in MODES:
        r = results.get(mode)
        if r is None:
            continue
        workers = 2 if mode.endswith("2") else 1
        ratio = base["seconds"] / r["seconds"] if base else None
        speedup = one["seconds"] / r["seconds"] if one and mode != "spacy" else None
        per_cpu = base["cpu"] / r["cpu"] if base and r.get("cpu") else None
        lines.append(
            f"| {NAMES[mode]} | {r['seconds']:.1f} | {r['startup']:.1f} "
            f"| {r['articles'] / r['seconds']:.1f} | {r['tokens'] / r['seconds']:,.0f} "
            f"| {_fmt(ratio)} | {_fmt(ratio / workers if ratio else None)} | {_fmt(per_cpu)} "
            f"| {_fmt(speedup)} "
            f"| {r['main_peak_mb']:.0f} | {r['worker_peak_mb']:.0f} |"
        )
    lines += ["", *verdicts(results)]
    return "\n".join(lines)


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def verdicts(results: dict[str, dict[str, Any]]) -> list[str]:
    """One line per target of issue 8: the figure measured and whether it is met."""
    out = []
    base, one, two = results.get("spacy"), results.get("local1"), results.get("local2")
    if base and one:
        per_core = base["seconds"] / one["seconds"]
        out.append(_verdict("full extraction per core / bare spaCy", per_core, TARGETS["per_core"]))
        per_cpu = base["cpu"] / one["cpu"]
        out.append(_verdict("the same per CPU-second", per_cpu, TARGETS["per_core"]))
    if one and two:
        out.append(
            _verdict("2 workers / 1 worker", one["seconds"] / two["seconds"], TARGETS["speedup_2"])
        )
    workers = [r["worker_peak_mb"] for m, r in results.items() if m != "spacy"]
    if workers:
        worst = max(workers)
        met = "met" if worst <= TARGETS["worker_mb"] else "MISSED"
        out.append(
            f"- largest worker: {worst:.0f} MB (target ≤ {TARGETS['worker_mb']:.0f} MB): {met}"
        )
    return out


def _verdict(what: str, value: float, target: float) -> str:
    return f"- {what}: {value:.2f} (target ≥ {target}): {'met' if value >= target else 'MISSED'}"


def main() -> None:
    """Run the benchmark and print the tables."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--corpora", default="bbc,reuters", help="bbc, reuters or both (comma-separated)"
    )
    parser.add_argument(
        "--n", type=int, default=None, help="articles per corpus [default: 2095 BBC, 10000 Reuters]"
    )
    parser.add_argument("--modes", default=",".join(MODES))
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        print(json.dumps(run_mode(args.mode, args.path)))
        return
    everything: dict[str, dict[str, dict[str, Any]]] = {}
    for corpus in args.corpora.split(","):
        source, default_n = CORPORA[corpus]
        if not source.exists():
            sys.exit(f"corpus not found: {source} (../shared must be beside the project)")
        with tempfile.TemporaryDirectory() as tmp:
            path = sample(source, args.n or default_n, Path(tmp) / "sample.jsonl")
            results = {}
            for mode in args.modes.split(","):
                raw = subprocess.run(
                    [sys.executable, __file__, "--mode", mode, "--path", str(path)],
                    check=True, capture_output=True, text=True,
                ).stdout  # fmt: skip
                results[mode] = json.loads(raw.strip().splitlines()[-1])
                print(f"{corpus} {mode}: {results[mode]['seconds']:.1f} s", file=sys.stderr)
        everything[corpus] = results
        print(table(corpus, results) + "\n")
    if args.json:
        args.json.write_text(json.dumps(everything, indent=2), encoding="utf-8")


if __name__ == "__main__":
    main()
