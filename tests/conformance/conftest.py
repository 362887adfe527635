"""The stores the suite runs against, each loaded once per session with the fixed event set.

``tantivy`` always (a writer loads the events into a tmp dir, then a read-only instance answers, as
the API does); ``opensearch`` when ``MOZDEF_TEST_OPENSEARCH_URL`` names a server, under an index
prefix unique to the run, deleted afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Final

import pytest
import pytest_asyncio

from mozdef_common.settings import CommonSettings
from mozdef_common.store import EventStore, open_event_store
from mozdef_common.store.tantivy_store import TantivyEventStore
from mozdef_common.types import Event
from tests.conformance.events import deadletter_set, event_set
from tests.support.opensearch import drop_prefix

STORES: Final = ("tantivy", "opensearch")
OPENSEARCH_ENV: Final = "MOZDEF_TEST_OPENSEARCH_URL"
BATCH: Final = 500


async def load(store: EventStore, family: str, events: Sequence[Event]) -> None:
    for offset in range(0, len(events), BATCH):
        result = await store.write(family, events[offset : offset + BATCH])
        assert result.failed == [], (
            f"{family}: the store refused events of the fixed set: {result.failed[:3]}"
        )


async def _tantivy(root: Path) -> AsyncIterator[EventStore]:
    writer = TantivyEventStore(root, writer=True)
    try:
        await load(writer, "events", event_set())
        await load(writer, "deadletter", deadletter_set())
    finally:
        await writer.close()
    reader = TantivyEventStore(root, writer=False)
    yield reader
    await reader.close()


async def _opensearch(url: str, root: Path) -> AsyncIterator[EventStore]:
    prefix = f"mozdef-conformance-{uuid.uuid4().hex[:8]}-"
    settings = CommonSettings(
        events_url=url,
        data_dir=root,
        opensearch_index_prefix=prefix,
        opensearch_replicas=0,
        opensearch_refresh_on_write=True,
    )
    store = open_event_store(settings, writer=True)
    try:
        await load(store, "events", event_set())
        await load(store, "deadletter", deadletter_set())
        yield store
    finally:
        await store.close()
        await drop_prefix(settings, prefix)


class Stores:
    """The stores of the session, each built on first use and then shared by every case."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._open: dict[str, EventStore] = {}
        self._closers: list[AsyncIterator[EventStore]] = []

    async def get(self, name: str) -> EventStore:
        if name not in self._open:
            if name == "tantivy":
                builder = _tantivy(self.root / "tantivy" / "events")
            else:
                url = os.environ.get(OPENSEARCH_ENV)
                if not url:
                    pytest.skip(f"{OPENSEARCH_ENV} is not set: the OpenSearch conformance run needs a server")
                builder = _opensearch(url, self.root / "opensearch")
            self._open[name] = await anext(builder)
            self._closers.append(builder)
        return self._open[name]

    async def close(self) -> None:
        for builder in self._closers:
            async for _ in builder:  # runs each builder's clean-up
                pass


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def stores(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Stores]:
    """Every store the suite runs against, holding the fixed event set (``events``) and the dead
    letters (``deadletter``); ``await stores.get(name)`` skips, saying why, when one is unreachable."""
    shared = Stores(tmp_path_factory.mktemp("conformance"))
    yield shared
    await shared.close()
