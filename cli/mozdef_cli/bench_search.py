"""`mozdef bench --search`: search and aggregation latency on the embedded store.

``--search-events`` events of the benchmark mix (normalized as enrich makes them, generated and
written in 100,000-event chunks so memory stays flat) are spread evenly over :data:`DAYS` UTC days,
so several daily indexes exist. Then, on a fresh read-only store:

* field and boolean queries (size 50, no time window, so every day is searched): p50 and p99 of
  :data:`ROUNDS` runs of each;
* a terms aggregation over one day (``1/DAYS`` of the events), on a keyword field and on a details
  address, and a 24-hour date histogram by hour over the same day: median of :data:`ROUNDS`;
* the index size on disk per million events.

Progress goes to stderr; the last line of stdout is one JSON object with every figure. With
``--data-dir`` the index is kept, and a later run with the same size reuses it.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Final

import orjson

from mozdef_cli.bench_store import WRITE_BATCH, normalized_events
from mozdef_common.query.aggs import parse_aggs
from mozdef_common.query.parser import parse_query
from mozdef_common.store.base import SearchRequest
from mozdef_common.store.tantivy_store import TantivyEventStore

CHUNK: Final = 100_000
DAYS: Final = 5
ROUNDS: Final = 20
FIRST_DAY: Final = datetime(2026, 11, 20, tzinfo=UTC)
QUERIES: Final = {
    "field": [
        "hostname:bastion1.corp.example.com",
        "category:authentication",
        "processname:sshd",
        "details.username:root",
        "details.destinationport:22",
        "summary:failed",
    ],
    "boolean": [
        "category:authentication AND NOT details.success:true",
        "(hostname:web1.corp.example.com OR hostname:db1.corp.example.com) AND processname:sshd",
        'summary:"failed password" AND details.username:(root OR admin)',
        "category:firewall AND details.action:DROP AND details.destinationport:[1 TO 1024]",
        "_exists_:details.invaliduser OR tags:sshd",
    ],
}


def progress(message: str) -> None:
    print(f"[bench --search] {message}", file=sys.stderr, flush=True)


async def bench_search(args: argparse.Namespace) -> dict[str, Any]:
    count: int = args.search_events
    scratch = args.data_dir is None
    root = Path(tempfile.mkdtemp(prefix="mozdef-bench-search-") if scratch else args.data_dir) / "events"
    try:
        write_eps = await _build(root, count, args.seed)
        figures = await _measure(root, count)
        size = sum(p.stat().st_size for p in root.rglob("*") if p.is_file())
        figures |= {
            "events": count,
            "days": DAYS,
            "write_eps": write_eps,
            "index_mb_per_million": round(size / 1e6 / (count / 1e6), 1),
            "machine": f"{platform.machine()} {_cores()} cores, Python {platform.python_version()}",
        }
        return figures
    finally:
        if scratch:
            shutil.rmtree(root.parent, ignore_errors=True)


async def _build(root: Path, count: int, seed: int) -> float | None:
    store = TantivyEventStore(root, writer=True)
    try:
        held = sum(n for name, n in await store.indices() if name.startswith("events-"))
        if held == count:
            progress(f"reusing the {count:,} events already in {root}")
            return None
        if held:
            raise SystemExit(f"{root} holds {held:,} events, not {count:,}: choose another --data-dir")
        step = timedelta(days=DAYS) / count
        written, busy = 0, 0.0
        while written < count:
            events = normalized_events(min(CHUNK, count - written), seed + written)
            for event in events:
                stamp = (FIRST_DAY + step * written).isoformat()
                event["utctimestamp"] = event["receivedtimestamp"] = event["timestamp"] = stamp
                written += 1
            started = time.perf_counter()
            for i in range(0, len(events), WRITE_BATCH):
                await store.write("events", events[i : i + WRITE_BATCH])
            busy += time.perf_counter() - started
            progress(f"{written:,} / {count:,} events written")
        return round(count / busy)
    finally:
        await store.close()


async def _measure(root: Path, count: int) -> dict[str, Any]:
    store = TantivyEventStore(root, writer=False)
    figures: dict[str, Any] = {}
    try:
        # One untimed pass first: opening the day indices and faulting their files into memory is a
        # one-off cost of a new reader, not what an analyst's query costs.
        for queries in QUERIES.values():
            for text in queries:
                await store.search(SearchRequest(parse_query(text), size=50))
        for kind, queries in QUERIES.items():
            times = []
            for _ in range(ROUNDS):
                for text in queries:
                    times.append(await _time(store, SearchRequest(parse_query(text), size=50)))
            figures[f"{kind}_query_p50_ms"] = round(statistics.median(times), 2)
            figures[f"{kind}_query_p99_ms"] = round(_p99(times), 2)
            progress(f"{kind} queries: p50 {figures[f'{kind}_query_p50_ms']} ms")
        day_start = FIRST_DAY + timedelta(days=1)
        day_end = day_start + timedelta(days=1) - timedelta(microseconds=1)
        everything = SearchRequest(parse_query("*"), size=0, start=day_start, end=day_end)
        matching = (await store.search(everything)).total
        figures["aggregated_events"] = matching
        cases: dict[str, dict[str, Any]] = {
            "terms_hostname": {"a": {"terms": {"field": "hostname", "size": 10}}},
            "terms_details_ip": {"a": {"terms": {"field": "details.sourceipaddress", "size": 10}}},
            "date_histogram_24h": {"a": {"date_histogram": {"fixed_interval": "1h"}}},
            "date_histogram_24h_paris": {
                "a": {"date_histogram": {"calendar_interval": "hour", "time_zone": "Europe/Paris"}}
            },
        }
        for name, spec in cases.items():
            request = SearchRequest(
                parse_query("*"), size=0, aggs=parse_aggs(spec), start=day_start, end=day_end
            )
            times = [await _time(store, request) for _ in range(ROUNDS // 4)]
            figures[f"{name}_ms"] = round(statistics.median(times), 1)
            progress(f"{name} over {matching:,} events: {figures[f'{name}_ms']} ms")
    finally:
        await store.close()
    return figures


async def _time(store: TantivyEventStore, request: SearchRequest) -> float:
    started = time.perf_counter()
    await store.search(request)
    return (time.perf_counter() - started) * 1000


def _p99(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]


def _cores() -> int:
    return os.cpu_count() or 0


def run(args: argparse.Namespace) -> int:
    figures = asyncio.run(bench_search(args))
    print(orjson.dumps(figures).decode(), flush=True)
    return 0
