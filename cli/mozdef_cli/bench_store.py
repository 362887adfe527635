"""The benchmark's ceiling: the same events, normalized beforehand, written straight into a fresh store."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from pathlib import Path

import orjson

from mozdef_cli.sample_events import SampleFactory
from mozdef_common.event import new_event_id
from mozdef_common.settings import CommonSettings
from mozdef_common.store import open_event_store
from mozdef_common.types import Event
from mozdef_enrich.envelope import Envelope
from mozdef_enrich.pipeline import Normalized, Pipeline
from mozdef_enrich.plugins.registry import load_plugins
from mozdef_enrich.settings import EnrichSettings
from mozdef_indexer.settings import IndexerSettings

#: The indexer's own largest batch, so the ceiling is measured as the pipeline writes.
WRITE_BATCH = IndexerSettings.model_fields["indexer_batch_size"].default


def normalized_events(count: int, seed: int) -> list[Event]:
    """``count`` events of the benchmark's mix, as enrich would hand them to the indexer."""
    pipeline = Pipeline(load_plugins(EnrichSettings()).plugins)
    factory = SampleFactory(seed)
    received = datetime.now(UTC)
    events: list[Event] = []
    for sample in factory.stream(count):
        outcome = pipeline.process(orjson.dumps(sample), Envelope(new_event_id(), received, "events"))
        if isinstance(outcome, Normalized):
            events.append(outcome.event)
    return events


async def store_raw_eps(data_dir: Path, count: int, seed: int) -> float:
    events = normalized_events(count, seed)
    store = open_event_store(CommonSettings(data_dir=data_dir), writer=True)
    try:
        started = time.perf_counter()
        for i in range(0, len(events), WRITE_BATCH):
            result = await store.write("events", events[i : i + WRITE_BATCH])
            if result.failed:
                raise RuntimeError(f"the store rejected benchmark events: {result.failed[:3]}")
        return len(events) / (time.perf_counter() - started)
    finally:
        await store.close()
