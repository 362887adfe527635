"""Archive, prune, restore on the embedded store, end to end: nothing lost, the same ids and sources."""

from __future__ import annotations

import gzip
from datetime import date

import orjson
import pytest

from mozdef_common.archive import ArchiveCorrupt, ArchiveNotFound, ArchiveRefused
from mozdef_common.archive.days import day_window
from mozdef_common.archive.manifest import read_manifest
from mozdef_common.errors import StoreUnavailableError
from mozdef_common.query.ast import MatchAll
from mozdef_common.query.parser import parse_query
from mozdef_common.store import SearchRequest
from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.common.archive.conftest import DAYS, PER_DAY, Setup, events_of

DAY = DAYS[1]


async def day_hits(store: TantivyEventStore, day: date) -> dict[str, dict[str, object]]:
    start, end = day_window(day)
    result = await store.search(SearchRequest(query=MatchAll(), start=start, end=end, size=10_000))
    assert result.total == len(result.hits)
    return {hit.id: hit.source for hit in result.hits}


async def test_archive_prune_restore_keeps_every_event(setup: Setup) -> None:
    before = await day_hits(setup.store, DAY)
    assert len(before) == PER_DAY
    steps: list[tuple[str, int, int]] = []

    manifest = await setup.archiver.create("events", DAY, lambda *p: steps.append(p))
    assert (manifest.id, manifest.count, manifest.index) == ("events-20260302", PER_DAY, "events-20260302")
    assert manifest.verified is not None
    assert len(manifest.sha256) == 64
    assert ("export", PER_DAY, PER_DAY) in steps
    assert read_manifest(setup.folder / "events-20260302.manifest.json") == manifest
    # Every event once, with its id and index, oldest first.
    with gzip.open(setup.folder / manifest.file) as data:
        lines = [orjson.loads(line) for line in data]
    assert [line["id"] for line in lines] == sorted(before, key=lambda i: (before[i]["utctimestamp"], i))
    assert {line["index"] for line in lines} == {"events-20260302"}

    assert await setup.archiver.prune("events", DAY) == PER_DAY
    assert await day_hits(setup.store, DAY) == {}
    assert not (setup.root / "events-20260302").exists()
    # The other days are untouched.
    assert len(await day_hits(setup.store, DAYS[0])) == PER_DAY

    # A separate reading store (the api's) sees the day disappear and come back.
    reader = TantivyEventStore(setup.root)
    assert await day_hits(reader, DAY) == {}
    restored = await setup.archiver.restore("events", DAY)
    assert restored.restored is not None
    assert await day_hits(setup.store, DAY) == before
    assert await day_hits(reader, DAY) == before
    hit = await reader.get("20260302-0007")
    assert hit is not None
    assert hit.index == "events-20260302"
    assert hit.source == before["20260302-0007"]
    await reader.close()
    # Restored events are indexed as before: fields and full text answer.
    start, end = day_window(DAY)
    found = await setup.store.search(
        SearchRequest(query=parse_query("summary:user7 AND details.n:7"), start=start, end=end)
    )
    assert [h.id for h in found.hits] == ["20260302-0007"]


async def test_tampered_archive_is_refused_for_prune_and_restore(setup: Setup) -> None:
    manifest = await setup.archiver.create("events", DAY)
    path = setup.folder / manifest.file
    with gzip.open(path) as data:
        lines = data.read().splitlines(keepends=True)
    lines[5] = lines[5].replace(b"login failed", b"login worked")
    with gzip.open(path, "wb") as out:
        out.write(b"".join(lines))

    with pytest.raises(ArchiveCorrupt, match="checksum"):
        await setup.archiver.prune("events", DAY)
    assert len(await day_hits(setup.store, DAY)) == PER_DAY  # nothing was pruned

    await setup.archiver.prune("events", DAY, force=True)
    with pytest.raises(ArchiveCorrupt, match="not restored"):
        await setup.archiver.restore("events", DAY)
    # The failed restore left nothing searchable and nothing half-built.
    assert await day_hits(setup.store, DAY) == {}
    assert not any(p.name.startswith(".restoring") for p in setup.root.iterdir())


async def test_a_dropped_line_is_refused_too(setup: Setup) -> None:
    manifest = await setup.archiver.create("events", DAY)
    path = setup.folder / manifest.file
    with gzip.open(path) as data:
        lines = data.read().splitlines(keepends=True)
    with gzip.open(path, "wb") as out:
        out.write(b"".join(lines[:-1]))
    with pytest.raises(ArchiveCorrupt, match=f"holds {PER_DAY - 1} events"):
        await setup.archiver.prune("events", DAY)


async def test_prune_refuses_a_day_without_an_archive_or_changed_since(setup: Setup) -> None:
    with pytest.raises(ArchiveRefused, match="no archive"):
        await setup.archiver.prune("events", DAY)
    await setup.archiver.create("events", DAY)
    late = events_of(DAY, PER_DAY + 1)[-1]  # an event arrives late for the archived day
    await setup.store.write("events", [late])
    with pytest.raises(ArchiveRefused, match="archive it again"):
        await setup.archiver.prune("events", DAY)
    await setup.archiver.create("events", DAY)
    assert await setup.archiver.prune("events", DAY) == PER_DAY + 1


async def test_restore_refuses_a_live_day_and_a_missing_archive(setup: Setup) -> None:
    with pytest.raises(ArchiveNotFound):
        await setup.archiver.restore("events", DAY)
    await setup.archiver.create("events", DAY)
    with pytest.raises(ArchiveRefused, match="prune it before"):
        await setup.archiver.restore("events", DAY)


async def test_create_refuses_today_and_empty_days(setup: Setup) -> None:
    with pytest.raises(ArchiveRefused, match="not over"):
        await setup.archiver.create("events", date(2026, 3, 10))
    with pytest.raises(ArchiveRefused, match="nothing to archive"):
        await setup.archiver.create("events", date(2026, 2, 1))
    assert not setup.folder.exists() or not any(setup.folder.iterdir())


async def test_days_lists_live_and_archived(setup: Setup) -> None:
    await setup.archiver.create("alerts", DAY)
    await setup.archiver.prune("alerts", DAY)
    days = {(s.family, s.day): s for s in await setup.archiver.days()}
    assert days[("events", DAYS[0])].live == PER_DAY
    assert days[("events", DAYS[0])].archive is None
    alerts = days[("alerts", DAY)]
    assert alerts.live == 0
    assert alerts.archive is not None
    assert alerts.archive.count == 1


async def test_a_day_the_indexer_is_writing_is_not_dropped(setup: Setup) -> None:
    # Another process holding the day's writer: the drop is refused, the day stays.
    other = TantivyEventStore(setup.root, writer=True, heap_bytes=15_000_000)
    await setup.store.close()  # hand the day's lock over to the "indexer"
    await other.write("events", events_of(DAY, 1))
    with pytest.raises(StoreUnavailableError, match="being written"):
        await setup.store.drop_day("events", DAY)
    await other.close()
    assert await setup.store.drop_day("events", DAY) == PER_DAY
