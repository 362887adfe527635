"""search_after: paging through equal timestamps and several days gives exactly one big page."""

from __future__ import annotations

import pytest

from mozdef_common.errors import QueryError
from mozdef_common.query.ast import MatchAll
from mozdef_common.store.base import SearchRequest, SortOrder
from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.support.events import make_event

SAME = "2026-11-27T10:00:00.123456+00:00"


async def pages(store: TantivyEventStore, size: int, order: SortOrder) -> list[str]:
    seen: list[str] = []
    after = None
    while True:
        result = await store.search(
            SearchRequest(MatchAll(), size=size, sort=(("utctimestamp", order),), search_after=after)
        )
        if not result.hits:
            return seen
        assert len(result.hits) <= size
        seen += [h.id for h in result.hits]
        after = result.hits[-1].sort


@pytest.mark.parametrize("order", ["desc", "asc"])
async def test_500_events_on_one_microsecond_paged_by_7(store: TantivyEventStore, order: SortOrder) -> None:
    events = [make_event(id=f"same-{i:03d}", utctimestamp=SAME) for i in range(500)]
    events += [
        make_event(id=f"day{d}-{i}", utctimestamp=f"2026-11-{d}T0{i}:00:00+00:00")
        for d in (26, 28)
        for i in range(5)
    ]
    for start in range(0, len(events), 100):  # several segments
        await store.write("events", events[start : start + 100])
    one_page = await store.search(SearchRequest(MatchAll(), size=1000, sort=(("utctimestamp", order),)))
    expected = [h.id for h in one_page.hits]
    assert len(expected) == 510
    assert await pages(store, 7, order) == expected
    ties = [i for i in expected if i.startswith("same-")]
    assert ties == sorted(ties, reverse=order == "desc")


async def test_hit_sort_values(store: TantivyEventStore) -> None:
    await store.write("events", [make_event(id="a", utctimestamp=SAME)])
    [hit] = (await store.search(SearchRequest(MatchAll()))).hits
    assert hit.sort == (1795773600123456, "a")


@pytest.mark.parametrize("after", [(1,), ("x", "a"), (1, 2), (True, "a")])
async def test_bad_search_after(store: TantivyEventStore, after: tuple[object, ...]) -> None:
    await store.write("events", [make_event()])
    with pytest.raises(QueryError, match="search_after"):
        await store.search(SearchRequest(MatchAll(), search_after=after))
