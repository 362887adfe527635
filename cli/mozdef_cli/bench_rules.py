"""`mozdef bench --rules`: one scheduled threshold run over a million events on the embedded store.

``--rules-events`` events of the benchmark mix (normalized as enrich makes them, written in
100,000-event chunks) are spread evenly over one UTC day. In about 12.5 % of them, sshd reports a
failed password, each from its own random address; :data:`ATTACKERS` addresses are then given
every :data:`ATTACK_EVERY`-th failure, so a few sources stand out as brute force would.

The rule is MozDef's ssh brute force: ``category:authentication AND details.action:failed``,
grouped by ``details.sourceipaddress``, threshold 10, with a window covering the whole day. On a
fresh read-only store, after one untimed run (opening the indexes), :data:`ROUNDS` runs are timed:
``run_ms_p50``/``run_ms_max`` for the whole run (what the scheduler does: grouping, then a sample and
first/last seen per alerting group), and the two parts separately (``grouping_ms_p50``: the terms
aggregation; ``samples_ms_p50``: the per-finding searches).

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

from mozdef_alerter.scheduled.evaluate import evaluate, span_of
from mozdef_alerter.scheduled.groups import count_groups
from mozdef_alerter.scheduled.spec import RuleSpec
from mozdef_cli.bench_store import WRITE_BATCH, normalized_events
from mozdef_common.rules.models import ThresholdRule
from mozdef_common.store.base import SearchRequest
from mozdef_common.store.tantivy_store import TantivyEventStore

CHUNK: Final = 100_000
ROUNDS: Final = 10
ATTACKERS: Final = 20
ATTACK_EVERY: Final = 50
DAY: Final = datetime(2026, 11, 20, tzinfo=UTC)
RULE: Final = {
    "id": "bench-ssh-bruteforce",
    "name": "SSH brute force",
    "type": "threshold",
    "query": "category:authentication AND details.action:failed",
    "group_by": ["details.sourceipaddress"],
    "threshold": 10,
    "window": "1d",
}


def progress(message: str) -> None:
    print(f"[bench --rules] {message}", file=sys.stderr, flush=True)


async def bench_rules(args: argparse.Namespace) -> dict[str, Any]:
    count: int = args.rules_events
    scratch = args.data_dir is None
    root = Path(tempfile.mkdtemp(prefix="mozdef-bench-rules-") if scratch else args.data_dir) / "events"
    try:
        await _build(root, count, args.seed)
        figures = await _measure(root)
        return figures | {
            "events": count,
            "machine": f"{platform.machine()} {os.cpu_count() or 0} cores, "
            f"Python {platform.python_version()}",
        }
    finally:
        if scratch:
            shutil.rmtree(root.parent, ignore_errors=True)


async def _build(root: Path, count: int, seed: int) -> None:
    store = TantivyEventStore(root, writer=True)
    try:
        held = sum(n for name, n in await store.indices() if name.startswith("events-"))
        if held == count:
            progress(f"reusing the {count:,} events already in {root}")
            return
        if held:
            raise SystemExit(f"{root} holds {held:,} events, not {count:,}: choose another --data-dir")
        step = timedelta(days=1) / count
        written = failures = 0
        while written < count:
            events = normalized_events(min(CHUNK, count - written), seed + written)
            for event in events:
                stamp = (DAY + step * written).isoformat()
                event["utctimestamp"] = event["receivedtimestamp"] = event["timestamp"] = stamp
                written += 1
                if event["details"].get("action") == "failed":
                    failures += 1
                    if failures % ATTACK_EVERY == 0:
                        event["details"]["sourceipaddress"] = (
                            f"203.0.113.{failures // ATTACK_EVERY % ATTACKERS}"
                        )
            for i in range(0, len(events), WRITE_BATCH):
                await store.write("events", events[i : i + WRITE_BATCH])
            progress(f"{written:,} / {count:,} events written")
    finally:
        await store.close()


async def _measure(root: Path) -> dict[str, Any]:
    store = TantivyEventStore(root, writer=False)
    rule = RuleSpec.of(ThresholdRule.model_validate(RULE))
    end = DAY + timedelta(days=1) - timedelta(microseconds=1)
    span = span_of(rule, end, timedelta(0))
    try:
        matched = (
            await store.search(SearchRequest(rule.query, start=span.start, end=span.end, size=0))
        ).total
        first = await evaluate(store, rule, end)  # untimed: opens the indexes
        runs, groupings = [], []
        for _ in range(ROUNDS):
            started = time.perf_counter()
            await evaluate(store, rule, end)
            runs.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            await count_groups(store, rule.query, rule.group_by, span, min_count=rule.threshold)
            groupings.append((time.perf_counter() - started) * 1000)
        run_p50, grouping_p50 = statistics.median(runs), statistics.median(groupings)
        progress(f"threshold run over {matched:,} matching events: p50 {run_p50:.0f} ms")
        return {
            "matching_events": matched,
            "alerting_groups": len(first.findings),
            "searches_per_run": first.searches,
            "run_ms_p50": round(run_p50, 1),
            "run_ms_max": round(max(runs), 1),
            "grouping_ms_p50": round(grouping_p50, 1),
            "samples_ms_p50": round(run_p50 - grouping_p50, 1),
        }
    finally:
        await store.close()


def run(args: argparse.Namespace) -> int:
    figures = asyncio.run(bench_rules(args))
    print(orjson.dumps(figures).decode(), flush=True)
    return 0
