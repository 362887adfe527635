"""Archives on a real OpenSearch: only when ``MOZDEF_TEST_OPENSEARCH_URL`` names one. The snapshot
archive also needs ``MOZDEF_TEST_OPENSEARCH_REPOSITORY``: a snapshot repository registered on that
server (an ``fs`` location in its ``path.repo``). Every index carries a prefix unique to the run."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import pytest

from mozdef_common.archive import Archiver, ArchiveRefused
from mozdef_common.archive.days import day_count
from mozdef_common.archive.snapshots import SnapshotArchiver
from mozdef_common.settings import CommonSettings
from mozdef_common.store import open_event_store
from mozdef_common.store.opensearch_settings import opensearch_config
from mozdef_common.store.opensearch_store import OpenSearchEventStore
from tests.common.archive.conftest import DAYS, NOW, PER_DAY, events_of
from tests.support.opensearch import drop_prefix

ENV: Final = "MOZDEF_TEST_OPENSEARCH_URL"
REPOSITORY: Final = "MOZDEF_TEST_OPENSEARCH_REPOSITORY"
DAY = DAYS[1]

pytestmark = pytest.mark.skipif(
    not os.environ.get(ENV), reason=f"{ENV} is not set: no OpenSearch server to test against"
)


@pytest.fixture
async def live() -> AsyncIterator[tuple[OpenSearchEventStore, CommonSettings]]:
    prefix = f"mozdef-test-{uuid.uuid4().hex[:8]}-"
    settings = CommonSettings(
        events_url=os.environ[ENV], opensearch_index_prefix=prefix, opensearch_replicas=0
    )
    store = open_event_store(settings, writer=True)
    assert isinstance(store, OpenSearchEventStore)
    try:
        await store.write("events", events_of(DAY))
        yield store, settings
    finally:
        await store.close()
        await drop_prefix(settings, prefix)


async def test_file_archive_roundtrip(
    live: tuple[OpenSearchEventStore, CommonSettings], tmp_path: Path
) -> None:
    store, _ = live
    archiver = Archiver(store, tmp_path, clock=lambda: NOW)
    manifest = await archiver.create("events", DAY)
    assert manifest.count == PER_DAY
    assert await archiver.prune("events", DAY) == PER_DAY
    assert await day_count(store, "events", DAY) == 0
    await archiver.restore("events", DAY)
    assert await day_count(store, "events", DAY) == PER_DAY
    hit = await store.get("20260302-0007")
    assert hit is not None
    assert hit.source["details"] == events_of(DAY)[7]["details"]


@pytest.mark.skipif(
    not os.environ.get(REPOSITORY), reason=f"{REPOSITORY} is not set: no snapshot repository to test against"
)
async def test_snapshot_roundtrip(live: tuple[OpenSearchEventStore, CommonSettings]) -> None:
    store, settings = live
    archiver = SnapshotArchiver(
        store, opensearch_config(settings), os.environ[REPOSITORY], clock=lambda: datetime.now(UTC)
    )
    try:
        with pytest.raises(ArchiveRefused):
            await archiver.prune("events", DAY)
        manifest = await archiver.create("events", DAY)
        assert manifest.count == PER_DAY
        assert await archiver.prune("events", DAY) == PER_DAY
        await archiver.restore("events", DAY)
        assert await day_count(store, "events", DAY) == PER_DAY
    finally:
        await archiver.close()
