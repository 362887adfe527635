"""`mozdef bench`: the embedded pipeline measured the way users run it.

Services run as separate processes (ingest, enrich, indexer) on a scratch data dir; this process is the
shipper. Phases:

1. throughput: ``--events`` events posted as 1,000-event JSON arrays over 4 connections, as fast as
   ingest accepts them; ``ingest_eps`` is accepted/s, ``e2e_eps`` is events/s from the first post to
   the last event searchable (the pipeline sustained over the whole run);
2. latency: ``--rate`` events/s for ``--seconds``, in 100-event posts; each post's events are timed from
   the post to searchable (``p50_latency_s``, ``p99_latency_s``);
3. ceiling: the same events, normalized, written straight into a fresh store (``store_raw_eps``).

Progress goes to stderr; the last line of stdout is one JSON object with every figure.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import httpx
import orjson

from mozdef_cli.bench_pipeline import Pipeline, peak_rss_mb
from mozdef_cli.sample_events import SampleFactory

POST_SIZE = 1000
CONNECTIONS = 4


def progress(message: str) -> None:
    print(f"[bench] {message}", file=sys.stderr, flush=True)


async def _post_all(client: httpx.AsyncClient, bodies: list[bytes], token: str) -> None:
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for body in bodies:
        queue.put_nowait(body)
    headers = {"content-type": "application/json", "authorization": f"Bearer {token}"}

    async def worker() -> None:
        while not queue.empty():
            body = queue.get_nowait()
            while True:
                response = await client.post("/events", content=body, headers=headers)
                if response.status_code == 503:  # the bus asks us to wait: a shipper would
                    await asyncio.sleep(float(response.headers.get("retry-after", "1")))
                    continue
                response.raise_for_status()
                break

    await asyncio.gather(*(worker() for _ in range(CONNECTIONS)))


async def throughput(pipeline: Pipeline, client: httpx.AsyncClient, events: int, seed: int) -> dict[str, Any]:
    factory = SampleFactory(seed)
    bodies = [
        orjson.dumps([factory.one() for _ in range(min(POST_SIZE, events - i))])
        for i in range(0, events, POST_SIZE)
    ]
    base = await pipeline.searchable()
    cpu_before = pipeline.cpu()
    progress(f"throughput: posting {events:,} events in {len(bodies):,} bodies")
    started = time.perf_counter()
    poster = asyncio.create_task(_post_all(client, bodies, pipeline.token))
    accepted_at = 0.0
    while True:
        count = await pipeline.searchable() - base
        if poster.done() and not accepted_at:
            poster.result()
            accepted_at = time.perf_counter()
            progress(f"ingest accepted all in {accepted_at - started:.1f}s")
        if count >= events:
            break
        progress(f"searchable {count:,}/{events:,}")
        await asyncio.sleep(0.5 if accepted_at else 1.0)
    finished = time.perf_counter()
    cpu_after = pipeline.cpu()
    return {
        "ingest_eps": round(events / (accepted_at - started)),
        "e2e_eps": round(events / (finished - started)),
        # Where the time goes: CPU microseconds each stage spent per event in this phase.
        "cpu_us_per_event": {
            name: round((cpu_after[name] - cpu_before[name]) * 1e6 / events, 1) for name in cpu_after
        },
    }


async def settle(pipeline: Pipeline, timeout_s: float = 60.0) -> None:
    """Wait until the services are idle (the store's background merges of the throughput phase done),
    so the latency phase measures a steady rate rather than the tail of a backlog."""
    deadline = time.perf_counter() + timeout_s
    while time.perf_counter() < deadline:
        before = sum(pipeline.cpu().values())
        await asyncio.sleep(1.0)
        busy = sum(pipeline.cpu().values()) - before
        if busy < 0.15:
            return
        progress(f"waiting for the pipeline to settle ({busy:.2f} CPU-s/s busy)")


async def latency(
    pipeline: Pipeline, client: httpx.AsyncClient, rate: int, seconds: float, seed: int
) -> dict[str, float]:
    factory = SampleFactory(seed + 1)
    per_post = 100
    interval = per_post / rate
    posts = int(seconds * rate / per_post)
    bodies = [orjson.dumps([factory.one() for _ in range(per_post)]) for _ in range(posts)]
    headers = {"content-type": "application/json", "authorization": f"Bearer {pipeline.token}"}
    await settle(pipeline)
    base = await pipeline.searchable()
    sent_at: list[float] = []
    progress(f"latency: {rate:,} events/s for {seconds:.0f}s")

    async def post(body: bytes) -> None:
        (await client.post("/events", content=body, headers=headers)).raise_for_status()

    async def sender() -> None:
        # Posts leave on schedule whether or not earlier ones were answered, as independent
        # shippers' would; a slow answer must not lower the offered rate.
        start = time.perf_counter()
        in_flight: list[asyncio.Task[None]] = []
        for i, body in enumerate(bodies):
            delay = start + i * interval - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            sent_at.append(time.perf_counter())
            in_flight.append(asyncio.create_task(post(body)))
        await asyncio.gather(*in_flight)

    task = asyncio.create_task(sender())
    latencies: list[float] = []
    seen_posts = 0
    deadline = time.perf_counter() + seconds + 60
    while seen_posts < posts and time.perf_counter() < deadline:
        await asyncio.sleep(0.02)
        # The embedded pipeline is one ordered log: when N events are searchable, the first N are.
        done_posts = min((await pipeline.searchable() - base) // per_post, len(sent_at))
        now = time.perf_counter()
        latencies.extend([now - sent_at[i] for i in range(seen_posts, done_posts)] * per_post)
        seen_posts = max(seen_posts, done_posts)
    await task
    if seen_posts < posts:
        raise RuntimeError(f"only {seen_posts}/{posts} posts became searchable within a minute")
    latencies.sort()
    achieved = posts * per_post / (sent_at[-1] - sent_at[0] + interval)
    return {
        "latency_rate_eps": round(achieved),
        "p50_latency_s": round(latencies[len(latencies) // 2], 3),
        "p99_latency_s": round(latencies[int(len(latencies) * 0.99)], 3),
    }


Measure = Callable[[argparse.Namespace, Path], Coroutine[Any, Any, dict[str, Any]]]


def run_in_scratch(args: argparse.Namespace, measure: Measure, prefix: str) -> int:
    """Run ``measure`` in ``--data-dir`` or a temporary folder (removed after); print its figures."""
    scratch = Path(args.data_dir or tempfile.mkdtemp(prefix=prefix))
    try:
        result = asyncio.run(measure(args, scratch))
    finally:
        if args.data_dir is None:
            shutil.rmtree(scratch, ignore_errors=True)
    print(orjson.dumps(result).decode())
    return 0


def bench(args: argparse.Namespace) -> int:
    return run_in_scratch(args, _bench, "mozdef-bench-")


async def _bench(args: argparse.Namespace, scratch: Path) -> dict[str, Any]:
    from mozdef_cli.bench_store import store_raw_eps

    result: dict[str, Any] = {}
    async with Pipeline(scratch / "pipeline") as pipeline:
        progress(f"pipeline up in {scratch} (ingest on {pipeline.ingest_url})")
        async with httpx.AsyncClient(base_url=pipeline.ingest_url, timeout=60) as client:
            result.update(await throughput(pipeline, client, args.events, args.seed))
            result.update(await latency(pipeline, client, args.rate, args.seconds, args.seed))
        result["peak_rss_mb"] = round(peak_rss_mb(pipeline.pids()), 1)
    progress("ceiling: writing the same events straight into a fresh store")
    result["store_raw_eps"] = round(await store_raw_eps(scratch / "raw", args.events, args.seed))
    result["e2e_vs_store_raw"] = round(result["e2e_eps"] / result["store_raw_eps"], 2)
    result["events"] = args.events
    result["machine"] = f"{platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}"
    return result
