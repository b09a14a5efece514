"""Load test: concurrent clients against ``detente serve`` while ``detente ingest`` writes.

Builds a store from the demo corpus (``detente ingest examples/demo``),
serves it on 127.0.0.1 (a free port; never another address), starts an
ingest of more articles into the same file, and runs ``--clients``
concurrent clients for ``--seconds``; each client picks its next URL at
random (seeded) from a mix (``--mix``): hundreds of URLs over the store's
pairs, events, articles and searches, or the 15 hot pages. Prints
requests/s, latency percentiles (all answers, and answers the dashboard's
cache could not give), errors (any status other than 200, or a failed
request), and whether the ingest ran for the whole window. Bounded: every
request has a timeout, the run a deadline, clients and seconds a ceiling.

Each client has its own keep-alive connection and sends its next request
as soon as the previous answer is read in full (no pause). ``--client raw``
(the default) speaks HTTP/1.1 over asyncio streams and nothing else;
``--client httpx`` gives each client its own ``httpx.AsyncClient``: httpx
spends about 1.5 ms of CPU per request (3-6 ms with one pooled client for
all), so on a small machine it measures mostly itself. Also prints the CPU
seconds the server, the ingest and the clients spent during the run, and
the load average, since the three share the machine.

Usage:
    .venv/bin/python bench/load.py [--clients 50] [--seconds 20] [--copies 10] [--mix wide|hot]
        [--client raw|httpx] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo" / "articles.jsonl"
HOST = "127.0.0.1"
REQUEST_TIMEOUT_S = 10.0


def demo_copies(out: Path, copies: int, source: Path = DEMO) -> int:
    """Write the demo articles ``copies`` times, each copy with its own URLs (new ids).

    Returns:
        The number of articles written.
    """
    lines = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line]
    n = 0
    with out.open("w", encoding="utf-8") as sink:
        for copy in range(1, copies + 1):
            for record in lines:
                url = record.get("url") or f"https://demo.invalid/{record['id']}"
                sink.write(json.dumps({**record, "id": f"{record['id']}-{copy}",
                                       "url": f"{url}?copy={copy}"}) + "\n")  # fmt: skip
                n += 1
    return n


def free_port() -> int:
    """A TCP port free on 127.0.0.1 at the time of asking."""
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def detente(*args: str) -> list[str]:
    """The command line running ``detente`` with this Python."""
    return [sys.executable, "-m", "detente.cli", *args]


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without the caller's DETENTE_* settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DETENTE_")}
    return {**env, **extra}


def start_server(db: Path, port: int, timeout: float = 60.0) -> subprocess.Popen[str]:
    """``detente serve`` on 127.0.0.1:``port``, once it answers ``/api/status`` (data untouched)."""
    proc = subprocess.Popen(
        detente("serve", "--db", str(db), "--host", HOST, "--port", str(port)),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, env=clean_env(),
    )  # fmt: skip
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"detente serve exited: {proc.stderr.read() if proc.stderr else ''}")
        try:
            if httpx.get(f"http://{HOST}:{port}/api/status", timeout=10).status_code == 200:
                return proc
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    stop(proc)
    raise RuntimeError(f"detente serve did not answer within {timeout:.0f} s")


def stop(proc: subprocess.Popen[str], timeout: float = 15.0) -> None:
    """Stop a process we started: SIGINT, then SIGKILL if it lingers."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def is_locked(db: Path) -> bool:
    """True while another process holds the store file (a writer)."""
    import duckdb

    try:
        duckdb.connect(str(db), read_only=True).close()
    except duckdb.IOException as exc:
        return "lock" in str(exc).lower()
    return False


def wait_locked(db: Path, proc: subprocess.Popen[str], timeout: float = 60.0) -> None:
    """Wait until ``proc`` (an ingest) holds ``db``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if is_locked(db):
            return
        time.sleep(0.05)
    raise RuntimeError("the ingest did not take the store's lock")


WORDS = ("sanction", "ambassador", "talks", "election", "oil", "border", "embassy", "minister",
         "recall", "aid", "military", "trade", "president", "opposition", "vote")  # fmt: skip


def url_mix(base: str, wide: bool = True, seed: int = 0) -> list[str]:
    """The requests the clients choose from.

    ``wide``: every page kind and API call over the store's pairs, events and
    articles, and searches for common words (hundreds of URLs, so most
    answers are computed). Else the hot pages: the overview, one pair's page
    and data, a few searches, one event and one article (15 URLs, so most
    answers come from the dashboard's cache).
    """
    with httpx.Client(base_url=base, timeout=60) as http:
        pairs = http.get("/api/pairs", params={"limit": 30 if wide else 1}).json()
        events = http.get("/api/search/events", params={"limit": 200 if wide else 1}).json()["items"]
    if not wide:
        a, b, e = pairs[0]["a"], pairs[0]["b"], events[0]
        return ["/", "/api/overview", "/api/pairs", "/api/status", f"/pair/{a}/{b}",
                f"/api/pairs/{a}/{b}/relations?by=year", f"/api/pairs/{a}/{b}/events?limit=20",
                f"/api/pairs/{a}/{b}/timeline", "/api/search/events?text=sanction",
                "/api/search/quotes?actor=VEN", "/search?kind=events&actor=Canada",
                f"/event/{e['id']}", f"/api/events/{e['id']}", f"/article/{e['doc_id']}",
                f"/api/articles/{e['doc_id']}"]  # fmt: skip
    urls = ["/", "/api/overview", "/api/pairs", "/api/status", "/docs"]
    for p in pairs:
        a, b = p["a"], p["b"]
        urls += [f"/pair/{a}/{b}", f"/api/pairs/{a}/{b}/relations?by=year",
                 f"/api/pairs/{a}/{b}/events?limit=20", f"/api/pairs/{a}/{b}/timeline",
                 f"/api/pairs/{a}/{b}/chart", f"/api/pairs/{a}/{b}/quotes"]  # fmt: skip
    for e in events:
        urls += [f"/event/{e['id']}", f"/api/events/{e['id']}"]
    for doc in sorted({e["doc_id"] for e in events}):
        urls += [f"/article/{doc}", f"/api/articles/{doc}"]
    for w in WORDS:
        urls += [f"/api/search/events?text={w}", f"/api/search/quotes?text={w}",
                 f"/search?kind=quotes&text={w}", f"/search?kind=events&text={w}&status=actual"]  # fmt: skip
    random.Random(seed).shuffle(urls)
    return urls


@dataclass
class LoadResult:
    """What a load run measured (latencies in milliseconds)."""

    clients: int
    seconds: float
    requests: int = 0
    errors: Counter[str] = field(default_factory=Counter)
    latencies_ms: list[float] = field(default_factory=list)
    miss_latencies_ms: list[float] = field(default_factory=list)
    hits: int = 0
    received_bytes: int = 0
    stale_seen: int = 0
    distinct_urls: int = 0

    def record(self, elapsed_ms: float, hit: bool) -> None:
        """Count one answer (or failure) and its latency."""
        self.latencies_ms.append(elapsed_ms)
        if hit:
            self.hits += 1
        else:
            self.miss_latencies_ms.append(elapsed_ms)
        self.requests += 1

    def summary(self) -> dict[str, object]:
        """The figures: requests/s, p50/p95/p99/max latency (all, and cache misses), errors."""
        lat, miss = percentiles(self.latencies_ms), percentiles(self.miss_latencies_ms)
        return {
            "clients": self.clients, "seconds": round(self.seconds, 1), "requests": self.requests,
            "distinct_urls": self.distinct_urls,
            "requests_per_s": round(self.requests / self.seconds, 1) if self.seconds else 0.0,
            **lat, "cache_hits": self.hits, "misses": len(self.miss_latencies_ms),
            **{f"miss_{k}": v for k, v in miss.items()},
            "received_mb": round(self.received_bytes / 1e6, 1),
            "errors": sum(self.errors.values()), "errors_by_kind": dict(self.errors),
            "stale_status_answers": self.stale_seen,
        }  # fmt: skip


def percentiles(values: list[float]) -> dict[str, float]:
    """p50, p95, p99 and max of latencies (ms), rounded."""
    lat = sorted(values) or [0.0]
    q = statistics.quantiles(lat, n=100, method="inclusive") if len(lat) > 1 else lat * 99
    return {"p50_ms": round(q[49], 1), "p95_ms": round(q[94], 1), "p99_ms": round(q[98], 1),
            "max_ms": round(lat[-1], 1)}  # fmt: skip


class RawConnection:
    """One keep-alive HTTP/1.1 connection to the server, asyncio streams and nothing else.

    The load test's clients run on the machine they measure: httpx spends
    several milliseconds of CPU per request (its pool, its models), and with
    50 clients the client process, not the server, became the bottleneck.
    This client sends a plain ``GET`` and reads the whole answer (status,
    headers, ``content-length`` or chunked body); an answer that cannot be
    read is an error, and the connection is opened again.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def get(self, path: str) -> tuple[int, dict[str, str], bytes]:
        """``GET path``: status, headers (lower-case names), body."""
        if self._writer is None or self._writer.is_closing():
            self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
        assert self._reader is not None and self._writer is not None
        try:
            self._writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
            head = await self._reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split(" ", 2)[1])
            headers = {}
            for line in lines[1:]:
                if line:
                    name, _, value = line.partition(":")
                    headers[name.strip().lower()] = value.strip()
            if "content-length" in headers:
                body = await self._reader.readexactly(int(headers["content-length"]))
            elif headers.get("transfer-encoding", "").lower() == "chunked":
                parts = []
                while size := int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16):
                    parts.append(await self._reader.readexactly(size + 2))
                await self._reader.readuntil(b"\r\n")
                body = b"".join(p[:-2] for p in parts)
            else:
                raise ConnectionError("answer without length")
            if headers.get("connection", "").lower() == "close":
                await self.close()
            return status, headers, body
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError):
            await self.close()
            raise

    async def close(self) -> None:
        """Close the connection (if open)."""
        if self._writer is not None:
            self._writer.close()
            with contextlib.suppress(OSError):
                await self._writer.wait_closed()
            self._writer = None


async def _raw_client(
    n: int, base: str, urls: list[str], deadline: float, result: LoadResult
) -> None:
    rng = random.Random(n)
    host, port = base.removeprefix("http://").rsplit(":", 1)
    conn = RawConnection(host, int(port))
    try:
        while time.monotonic() < deadline:
            url = rng.choice(urls)
            started = time.perf_counter()
            hit = False
            try:
                status, headers, body = await asyncio.wait_for(conn.get(url), REQUEST_TIMEOUT_S)
                hit = headers.get("x-detente-cache") == "hit"
                result.received_bytes += len(body)
                if status != 200:
                    result.errors[f"HTTP {status} {url.split('?')[0]}"] += 1
                elif url == "/api/status" and json.loads(body).get("stale"):
                    result.stale_seen += 1
            except (TimeoutError, OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ValueError) as exc:  # fmt: skip
                await conn.close()
                result.errors[type(exc).__name__] += 1
            result.record((time.perf_counter() - started) * 1000, hit)
    finally:
        await conn.close()


async def _client(
    n: int, http: httpx.AsyncClient, urls: list[str], deadline: float, result: LoadResult
) -> None:
    rng = random.Random(n)
    while time.monotonic() < deadline:
        url = rng.choice(urls)
        started = time.perf_counter()
        hit = False
        try:
            r = await http.get(url)
            hit = r.headers.get("x-detente-cache") == "hit"
            result.received_bytes += len(r.content)
            if r.status_code != 200:
                result.errors[f"HTTP {r.status_code} {url.split('?')[0]}"] += 1
            elif url == "/api/status" and r.json().get("stale"):
                result.stale_seen += 1
        except httpx.HTTPError as exc:
            result.errors[type(exc).__name__] += 1
        result.record((time.perf_counter() - started) * 1000, hit)


async def load(
    base: str, urls: list[str], clients: int, seconds: float, client: str = "raw"
) -> LoadResult:
    """``clients`` concurrent clients cycling through ``urls`` for ``seconds``.

    ``client``: ``raw`` (:class:`RawConnection`, one connection per client)
    or ``httpx`` (one ``httpx.AsyncClient`` with a pool of ``clients`` connections).
    """
    if not base.startswith(f"http://{HOST}:"):
        raise ValueError("the load test only runs against 127.0.0.1")
    result = LoadResult(clients=clients, seconds=seconds, distinct_urls=len(set(urls)))
    if client == "raw":
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(*(_raw_client(n, base, urls, deadline, result) for n in range(clients)))
        result.seconds = time.monotonic() - started
        return result
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    async with contextlib.AsyncExitStack() as stack:
        https = [await stack.enter_async_context(httpx.AsyncClient(
            base_url=base, timeout=REQUEST_TIMEOUT_S, limits=limits)) for _ in range(clients)]  # fmt: skip
        started = time.monotonic()
        deadline = started + seconds
        await asyncio.gather(*(_client(n, https[n], urls, deadline, result) for n in range(clients)))
        result.seconds = time.monotonic() - started
    return result


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far (Linux ``/proc``; ``None`` elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def measured(
    base: str, urls: list[str], clients: int, seconds: float, client: str,
    others: dict[str, subprocess.Popen[str]],
) -> dict[str, object]:  # fmt: skip
    """The load run's figures, with the CPU seconds each process spent and the load average."""
    before = {name: cpu_seconds(p.pid) for name, p in others.items()}
    own = time.process_time()
    result = asyncio.run(load(base, urls, clients, seconds, client))
    cpu = {"clients": round(time.process_time() - own, 1)}
    for name, p in others.items():
        now, then = cpu_seconds(p.pid), before[name]
        if now is not None and then is not None:
            cpu[name] = round(now - then, 1)
    figures = result.summary()
    figures.update(client=client, cpu_s=cpu, load_average=round(os.getloadavg()[0], 2))
    return figures


def run(
    clients: int, seconds: float, copies: int, workdir: Path, wide: bool = True,
    client: str = "raw",
) -> dict[str, object]:  # fmt: skip
    """The whole benchmark in ``workdir``; returns its figures (``copies=0``: no ingest)."""
    db = workdir / "load.duckdb"
    subprocess.run(detente("-q", "ingest", str(DEMO.parent), "--db", str(db), "--no-progress"),
                   check=True, env=clean_env(), capture_output=True)  # fmt: skip
    more = workdir / "more.jsonl"
    n_more = demo_copies(more, copies)
    port = free_port()
    server = start_server(db, port)
    base = f"http://{HOST}:{port}"
    try:
        urls = url_mix(base, wide)
        if not copies:
            figures = measured(base, urls, clients, seconds, client, {"server": server})
            figures.update(ingest_articles=0, ingest_ran_throughout=False, ingest_summary=[])
            return figures
        ingest = subprocess.Popen(
            detente("-q", "ingest", str(more), "--db", str(db), "--no-progress"),
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            env=clean_env(DETENTE_BATCH_SIZE="8"),
        )  # fmt: skip
        wait_locked(db, ingest)
        figures = measured(base, urls, clients, seconds, client,
                           {"server": server, "ingest": ingest})  # fmt: skip
        overlapped = ingest.poll() is None
        out, err = ingest.communicate(timeout=600)
        figures.update(
            ingest_articles=n_more, ingest_ran_throughout=overlapped,
            ingest_exit=ingest.returncode, ingest_summary=(out or err).strip().splitlines()[-1:],
        )  # fmt: skip
        return figures
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--copies", type=int, default=10,
                        help="demo copies the ingest writes meanwhile (0: no ingest)")  # fmt: skip
    parser.add_argument("--mix", choices=["wide", "hot"], default="wide",
                        help="hundreds of URLs (most answers computed) or the 15 hot pages")  # fmt: skip
    parser.add_argument("--client", choices=["raw", "httpx"], default="raw",
                        help="raw asyncio HTTP/1.1 connections (lean) or httpx's AsyncClient")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    if not 1 <= args.clients <= 200 or not 0 < args.seconds <= 300 or not 0 <= args.copies <= 50:
        parser.error("clients must be 1..200, seconds 0..300, copies 0..50 (the test is bounded)")
    with tempfile.TemporaryDirectory(prefix="detente-load-") as tmp:
        figures = run(args.clients, args.seconds, args.copies, Path(tmp), args.mix == "wide",
                      args.client)  # fmt: skip
    figures["mix"] = args.mix
    if args.json:
        print(json.dumps(figures))
        return
    f = figures
    print("| clients | seconds | requests (distinct URLs) | req/s | p50 ms | p95 ms | p99 ms | max ms "
          "| from cache | others: p50 / p99 ms | errors | ingest ran throughout |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    print(f"| {f['clients']} | {f['seconds']} | {f['requests']} ({f['distinct_urls']}) "
          f"| {f['requests_per_s']} | {f['p50_ms']} | {f['p95_ms']} | {f['p99_ms']} | {f['max_ms']} "
          f"| {f['cache_hits']} | {f['miss_p50_ms']} / {f['miss_p99_ms']} | {f['errors']} "
          f"| {f['ingest_ran_throughout']} |")
    if f["errors"]:
        print("errors:", f["errors_by_kind"])
    print("ingest:", " ".join(f["ingest_summary"]))  # type: ignore[arg-type]
    print(f"client: {f['client']}; received {f['received_mb']} MB; CPU seconds during the run: {f['cpu_s']}; "
          f"load average (1 min) at the end: {f['load_average']}")


if __name__ == "__main__":
    main()
