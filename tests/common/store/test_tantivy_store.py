from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from mozdef_common.errors import QueryError, StoreError
from mozdef_common.query.ast import MatchAll
from mozdef_common.query.parser import parse_query
from mozdef_common.store.base import SearchRequest
from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.support.events import make_event
from tests.support.store import corpus, ids


def at(day: int, hour: int = 0, minute: int = 0, second: int = 0, micro: int = 0) -> str:
    return datetime(2026, 11, day, hour, minute, second, micro, tzinfo=UTC).isoformat()


async def test_write_then_search_returns_the_source_exactly(store: TantivyEventStore) -> None:
    events = corpus()
    result = await store.write("events", events)
    assert (result.written, result.failed) == (4, [])
    found = await store.search(SearchRequest(parse_query("id:fw")))
    assert found.total == 1
    [hit] = found.hits
    assert (hit.id, hit.index) == ("fw", "events-20261127")
    assert hit.source == events[2]
    assert orjson.dumps(hit.source) == orjson.dumps(events[2])


async def test_day_directories_follow_utctimestamp(store: TantivyEventStore) -> None:
    await store.write("events", [make_event(utctimestamp=at(26, 23)), make_event(utctimestamp=at(27, 1))])
    # An offset moves the event to its UTC day.
    await store.write("events", [make_event(utctimestamp="2026-11-27T23:30:00-05:00")])
    await store.write("deadletter", [make_event(utctimestamp=at(27))])
    assert sorted(await store.indices()) == [
        ("deadletter-20261127", 1),
        ("events-20261126", 1),
        ("events-20261127", 1),
        ("events-20261128", 1),
    ]
    assert sorted(p.name for p in store.root.iterdir()) == [
        "deadletter-20261127",
        "events-20261126",
        "events-20261127",
        "events-20261128",
    ]
    dead = await store.search(SearchRequest(MatchAll(), family="deadletter"))
    assert [h.index for h in dead.hits] == ["deadletter-20261127"]


async def test_a_batch_over_more_days_than_open_writers_is_written_whole(store: TantivyEventStore) -> None:
    # A shipper's backlog: one batch over nine days, more than the writers kept open at once.
    assert store._days.max_writers < 9
    days = range(10, 19)
    events = [make_event(id=f"day{day}-{n}", utctimestamp=at(day, 12, n)) for day in days for n in range(3)]
    result = await store.write("events", events)
    assert (result.written, result.failed) == (27, [])
    assert len(await store.indices()) == 9
    found = await store.search(SearchRequest(MatchAll(), size=100))
    assert found.total == 27
    # and again, as a retry after a crash would: replaced by id, never doubled
    await store.write("events", events)
    assert (await store.search(SearchRequest(MatchAll(), size=0))).total == 27


async def test_replay_replaces_by_id(store: TantivyEventStore) -> None:
    first = make_event(id="same", summary="first version")
    await store.write("events", [first, make_event(id="other")])
    await store.write("events", [make_event(id="same", summary="second version")])
    # ... and twice within one batch: the last one wins.
    await store.write(
        "events", [make_event(id="same", summary="third"), make_event(id="same", summary="fourth")]
    )
    result = await store.search(SearchRequest(parse_query("id:same")))
    assert result.total == 1
    assert result.hits[0].source["summary"] == "fourth"
    assert await store.indices() == [("events-20261127", 2)]


async def test_replay_of_a_whole_batch_indexes_nothing_twice(store: TantivyEventStore) -> None:
    events = [make_event(id=f"e{i}", summary=f"event {i}") for i in range(300)]
    await store.write("events", events[:200])
    await store.write("events", events)
    await store.write("events", events[100:])
    assert (await store.search(SearchRequest(MatchAll(), size=0))).total == 300


async def test_bad_events_are_reported_and_the_rest_written(store: TantivyEventStore) -> None:
    batch = [
        make_event(id="good1"),
        make_event(id="no-time", utctimestamp="yesterday"),
        make_event(id="good2"),
        {"id": "missing-time", "summary": "x"},
        {"summary": "no id", "utctimestamp": at(27)},
        make_event(id="huge", details={"n": 2**70}),
    ]
    result = await store.write("events", batch)
    assert result.written == 2
    assert [position for position, _ in result.failed] == [1, 3, 4, 5]
    reasons = dict(result.failed)
    assert "utctimestamp 'yesterday'" in reasons[1]
    assert "missing or not ISO-8601" in reasons[3]
    assert "no id" in reasons[4]
    assert "not serializable" in reasons[5]
    assert await ids(store, "*") == ["good1", "good2"]


async def test_type_conflicts_keep_every_event_indexable(store: TantivyEventStore) -> None:
    result = await store.write(
        "events",
        [
            make_event(id="user-str", details={"user": "alice", "port": 22}),
            make_event(id="user-obj", details={"user": {"name": "bob", "uid": 1000}, "port": "22"}),
            make_event(id="user-list", details={"user": ["carol", "dave"], "port": [22, 23]}),
            make_event(id="user-num", details={"user": 7, "port": None}),
        ],
    )
    assert result.failed == []
    assert await ids(store, "details.user:alice") == ["user-str"]
    assert await ids(store, "details.user.name:bob") == ["user-obj"]
    assert await ids(store, "details.user:dave") == ["user-list"]
    assert await ids(store, "details.user:7") == ["user-num"]
    assert await ids(store, "details.port:22") == ["user-list", "user-obj", "user-str"]
    assert await ids(store, "details.port:23") == ["user-list"]
    assert await ids(store, "_exists_:details.user") == ["user-list", "user-num", "user-obj", "user-str"]


async def test_unusual_values_are_indexed(store: TantivyEventStore) -> None:
    result = await store.write(
        "events",
        [
            make_event(id="num-keyword", processid=1234, hostname=None, tags="single"),
            make_event(id="long", summary="x " * 50_000, details={"blob": "y" * 100_000}),
            make_event(id="unicode", summary="Échec de connexion ユーザー", details={"ключ": "значение"}),
            make_event(id="not-a-dict", details="just text"),
        ],
    )
    assert result.failed == []
    assert await ids(store, "processid:1234") == ["num-keyword"]
    assert await ids(store, "tags:single") == ["num-keyword"]
    assert await ids(store, "summary:échec") == ["unicode"]
    assert (await store.get("long")) is not None


async def test_time_window_selects_days_and_filters(store: TantivyEventStore) -> None:
    await store.write(
        "events",
        [
            make_event(id="d25", utctimestamp=at(25, 12)),
            make_event(id="d26-early", utctimestamp=at(26, 1)),
            make_event(id="d26-late", utctimestamp=at(26, 23, 59, 59, 999999)),
            make_event(id="d27", utctimestamp=at(27, 12)),
        ],
    )

    async def window(start: str | None, end: str | None) -> list[str]:
        request = SearchRequest(
            MatchAll(),
            start=datetime.fromisoformat(start) if start else None,
            end=datetime.fromisoformat(end) if end else None,
        )
        result = await store.search(request)
        return sorted(h.id for h in result.hits)

    assert await window(None, None) == ["d25", "d26-early", "d26-late", "d27"]
    assert await window(at(26), at(27)) == ["d26-early", "d26-late"]
    assert await window(at(26, 2), None) == ["d26-late", "d27"]
    assert await window(None, at(26, 1)) == ["d25", "d26-early"]
    assert await window(at(26, 23, 59, 59, 999999), at(26, 23, 59, 59, 999999)) == ["d26-late"]
    assert await window("2026-11-26T20:00:00-05:00", None) == ["d27"]
    assert await window(at(28), None) == []


async def test_sort_size_and_exact_totals(store: TantivyEventStore) -> None:
    events = [
        make_event(id=f"e{i:03d}", utctimestamp=at(25 + i % 3, i % 24, i % 60, 0, i), category="c")
        for i in range(120)
    ]
    await store.write("events", events)
    by_time = sorted(events, key=lambda e: e["utctimestamp"])
    newest = await store.search(SearchRequest(parse_query("category:c"), size=7))
    assert newest.total == 120
    assert [h.id for h in newest.hits] == [e["id"] for e in reversed(by_time[-7:])]
    oldest = await store.search(SearchRequest(MatchAll(), size=5, sort=(("utctimestamp", "asc"),)))
    assert [h.id for h in oldest.hits] == [e["id"] for e in by_time[:5]]
    everything = await store.search(SearchRequest(MatchAll(), size=10_000))
    assert len(everything.hits) == 120
    assert [h.source["utctimestamp"] for h in everything.hits] == [
        e["utctimestamp"] for e in reversed(by_time)
    ]
    only_count = await store.search(SearchRequest(MatchAll(), size=0))
    assert (only_count.total, only_count.hits) == (120, [])


async def test_sub_second_order_is_exact(store: TantivyEventStore) -> None:
    await store.write(
        "events", [make_event(id=f"u{n}", utctimestamp=at(27, 10, 0, 0, n)) for n in (5, 1, 9, 3)]
    )
    result = await store.search(SearchRequest(MatchAll()))
    assert [h.id for h in result.hits] == ["u9", "u5", "u3", "u1"]


@pytest.mark.parametrize(
    "request_",
    [
        SearchRequest(MatchAll(), size=10_001),
        SearchRequest(MatchAll(), size=-1),
        SearchRequest(MatchAll(), sort=(("hostname", "desc"),)),
    ],
)
async def test_bad_requests(store: TantivyEventStore, request_: SearchRequest) -> None:
    with pytest.raises(QueryError):
        await store.search(request_)


async def test_invalid_family(store: TantivyEventStore) -> None:
    with pytest.raises(StoreError):
        await store.write("../escape", [make_event()])


async def test_get_finds_an_event_across_days(store: TantivyEventStore) -> None:
    await store.write(
        "events", [make_event(id="old", utctimestamp=at(1)), make_event(id="new", utctimestamp=at(27))]
    )
    hit = await store.get("old")
    assert hit is not None
    assert (hit.id, hit.index) == ("old", "events-20261101")
    assert await store.get("absent") is None
    assert await store.get("old", family="deadletter") is None


async def test_empty_store(tmp_path: Path) -> None:
    reader = TantivyEventStore(tmp_path / "nothing-here", writer=False)
    assert (await reader.search(SearchRequest(MatchAll()))).total == 0
    assert await reader.indices() == []
    assert await reader.get("x") is None
    with pytest.raises(StoreError, match="read-only"):
        await reader.write("events", [make_event()])
    await reader.close()


async def test_a_read_only_instance_sees_what_the_writer_commits(store: TantivyEventStore) -> None:
    reader = TantivyEventStore(store.root, writer=False)
    assert (await reader.search(SearchRequest(MatchAll()))).total == 0
    await store.write("events", [make_event(id="a", utctimestamp=at(27))])
    assert await ids(reader, "*") == ["a"]
    await store.write("events", [make_event(id="b", utctimestamp=at(28)), make_event(id="a", summary="new")])
    assert await ids(reader, "*") == ["a", "b"]
    hit = await reader.get("a")
    assert hit is not None
    assert hit.source["summary"] == "new"
    await reader.close()


async def test_half_created_day_directories_are_skipped(store: TantivyEventStore) -> None:
    await store.write("events", [make_event(id="a")])
    (store.root / "events-20261128").mkdir()  # a writer in the middle of creating it
    (store.root / "events-2026112").mkdir()  # not a day index at all
    (store.root / "notes.txt").write_text("ignored")
    assert await ids(store, "*") == ["a"]
    assert await store.indices() == [("events-20261127", 1)]


_READER_SCRIPT = """
import asyncio, sys
from pathlib import Path
from mozdef_common.query.parser import parse_query
from mozdef_common.store.base import SearchRequest
from mozdef_common.store.tantivy_store import TantivyEventStore

async def main():
    store = TantivyEventStore(Path(sys.argv[1]), writer=False)
    result = await store.search(SearchRequest(parse_query(sys.argv[2])))
    print(result.total, ",".join(sorted(h.id for h in result.hits)))
    await store.close()

asyncio.run(main())
"""


def _search_in_another_process(root: Path, query: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _READER_SCRIPT, str(root), query],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return done.stdout.strip()


async def test_another_process_sees_what_the_writer_committed(store: TantivyEventStore) -> None:
    await store.write("events", corpus())
    assert _search_in_another_process(store.root, "category:authentication") == "2 ssh-fail,ssh-ok"
    await store.write("events", [make_event(id="later", category="authentication", utctimestamp=at(28))])
    assert _search_in_another_process(store.root, "category:authentication") == "3 later,ssh-fail,ssh-ok"


async def test_writers_of_past_days_are_closed_when_idle(
    store: TantivyEventStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import mozdef_common.store.tantivy_store as module

    await store.write("events", [make_event(utctimestamp=at(1))])
    monkeypatch.setattr(module, "IDLE_WRITER_SECONDS", 0.0)
    await store.write("events", [make_event(utctimestamp=at(2))])
    # The idle writers released their days' locks: another writer may now write them.
    other = TantivyEventStore(store.root, writer=True)
    assert (await other.write("events", [make_event(utctimestamp=at(1))])).written == 1
    await other.close()
    assert (await store.search(SearchRequest(MatchAll()))).total == 3
