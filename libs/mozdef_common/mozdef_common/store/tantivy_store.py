"""The embedded event store: tantivy indexes in the data dir, one per family and UTC day.

Implements :class:`mozdef_common.store.base.EventStore` (read its docstring for the contract).

Writing (any number of processes, e.g. indexer replicas on one data dir, taking turns per day:
:mod:`.tantivy_days`): events are turned into documents, grouped by day, deduplicated by id within
the batch (the last one wins), then added; every index touched is committed before :meth:`write`
returns, so a returned batch is durable and visible to any reader that reloads.
Replacing by id: a delete-by-term per event costs ~20 µs of CPU at commit (measured on a 500k-event
day), while replays are rare; so the batch's ids are first looked up in one term-set query, and only
the ids already stored are deleted before being re-added.

Reading (any process): a search lists the day directories of the family that the time window
touches, reloads each to its last commit, runs the compiled query with a ``utctimestamp`` range,
counts exactly, and merges the per-day top hits on the sort key, ties in id order
(:mod:`.tantivy_pages`, which also continues after ``search_after``); aggregations run per day and
merge (:mod:`.tantivy_aggs`).

Blocking tantivy work runs in a worker thread so the event loop stays free.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Final

import tantivy

from mozdef_common.errors import EventError, QueryError, StoreError, StoreUnavailableError
from mozdef_common.query.ast import Node
from mozdef_common.query.tantivy_compile import compile_query
from mozdef_common.query.timerange import to_micros
from mozdef_common.store.base import Hit, SearchRequest, SearchResult, WriteResult
from mozdef_common.store.common import primary_sort
from mozdef_common.store.tantivy_aggs import run_aggs
from mozdef_common.store.tantivy_dayops import drop_day, load_day
from mozdef_common.store.tantivy_days import DayIndexes, check_family, day_range
from mozdef_common.store.tantivy_fields import catalog
from mozdef_common.store.tantivy_pages import Pager, make_hit
from mozdef_common.store.tantivy_schema import build_schema, register_tokenizers, to_document
from mozdef_common.types import Event

MAX_SIZE: Final = 10_000
#: Writers unused this long are closed after the next write (their day has most likely passed).
IDLE_WRITER_SECONDS: Final = 300.0


class TantivyEventStore:
    """Day indexes under ``root``; ``writer=True`` for a process that writes (several may)."""

    def __init__(self, root: Path, *, writer: bool = False, heap_bytes: int = 128_000_000) -> None:
        if writer:
            try:
                root.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreUnavailableError(f"cannot create the event store at {root}: {exc}") from exc
        self.root = root
        self._days = DayIndexes(root, writable=writer, heap_bytes=heap_bytes)
        # Queries are compiled once against an empty in-memory index of the same schema: every day
        # index is created from build_schema(), so field ids agree.
        self._template = tantivy.Index(build_schema())
        register_tokenizers(self._template)
        self._write_lock = asyncio.Lock()

    # -- EventStore ----------------------------------------------------------------------------

    async def write(self, family: str, events: Sequence[Event]) -> WriteResult:
        check_family(family)
        if not events:
            return WriteResult(written=0)
        async with self._write_lock:
            return await asyncio.to_thread(self._write, family, events)

    async def search(self, request: SearchRequest) -> SearchResult:
        check_family(request.family)
        return await asyncio.to_thread(self._search, request)

    async def get(self, event_id: str, family: str = "events") -> Hit | None:
        check_family(family)
        return await asyncio.to_thread(self._get, event_id, family)

    async def indices(self) -> list[tuple[str, int]]:
        return await asyncio.to_thread(self._indices)

    async def fields(self, family: str = "events") -> list[tuple[str, str]]:
        """Every top-level field and every details path seen, with its type (:mod:`.tantivy_fields`)."""
        check_family(family)
        return await asyncio.to_thread(self._fields, family)

    async def drop_day(self, family: str, day: date) -> int:
        """Remove a whole day (:mod:`.tantivy_dayops`)."""
        check_family(family)
        self._check_writable()
        async with self._write_lock:
            return await asyncio.to_thread(drop_day, self._days, f"{family}-{day:%Y%m%d}")

    async def load_day(
        self,
        family: str,
        day: date,
        batches: Iterable[Sequence[Event]],
        expected: int,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Rebuild a whole day, searchable only once its count checks (:mod:`.tantivy_dayops`)."""
        check_family(family)
        self._check_writable()
        name, compact = f"{family}-{day:%Y%m%d}", f"{day:%Y%m%d}"
        async with self._write_lock:
            return await asyncio.to_thread(load_day, self._days, name, compact, batches, expected, progress)

    def _check_writable(self) -> None:
        if not self._days.writable:
            raise StoreError("this event store was opened read-only")

    async def close(self) -> None:
        async with self._write_lock:
            await asyncio.to_thread(self._days.close)

    # -- writing -------------------------------------------------------------------------------

    def _write(self, family: str, events: Sequence[Event]) -> WriteResult:
        failed: list[tuple[int, str]] = []
        by_day: dict[str, dict[str, tuple[int, str]]] = {}
        for position, event in enumerate(events):
            try:
                event_id, day, doc = to_document(event)
            except EventError as exc:
                failed.append((position, str(exc)))
                continue
            by_day.setdefault(day, {})[event_id] = (position, doc)
        # At most max_writers days are written and committed at a time: asking for one more writer closes
        # the least recently used, which must not be one still holding this batch's uncommitted adds.
        # Days go in name order, the order every writer takes them in (:mod:`.tantivy_days`).
        days = sorted(by_day.items())
        step = max(1, self._days.max_writers)
        with self._days.writing():
            for first in range(0, len(days), step):
                self._write_days(family, days[first : first + step], failed)
        self._days.close_idle(IDLE_WRITER_SECONDS)
        failed.sort()
        return WriteResult(written=len(events) - len(failed), failed=failed)

    def _write_days(
        self, family: str, days: list[tuple[str, dict[str, tuple[int, Any]]]], failed: list[tuple[int, str]]
    ) -> None:
        """Replace-by-id and add each day's documents, then commit those days.

        The id check reads the day as committed when this store took its turn or last committed it,
        so it sees every batch written before, by another process too: a batch replayed by another
        replica after a crash replaces its events rather than doubling them.
        """
        touched: list[tuple[Any, Any]] = []
        try:
            for day, docs in days:
                index, writer = self._days.writer(f"{family}-{day}")
                touched.append((index, writer))
                for event_id in self._stored_ids(index, list(docs)):
                    writer.delete_documents_by_term("id", event_id)
                for position, doc in docs.values():
                    try:
                        writer.add_json(doc)
                    except ValueError as exc:
                        failed.append((position, f"rejected by the index: {exc}"))
        except BaseException:
            # Uncommitted adds would be invisible to the id check of the retried batch and then
            # committed twice: drop them.
            for _, writer in touched:
                writer.rollback()
            raise
        for index, writer in touched:
            try:
                writer.commit()
            except (ValueError, OSError) as exc:
                # Earlier days may be committed: the caller retries the batch, which is idempotent.
                raise StoreUnavailableError(f"commit failed: {exc}") from exc
            index.reload()

    def _stored_ids(self, index: Any, ids: list[str]) -> list[str]:
        """Which of ``ids`` this day already holds (rarely any: only replays)."""
        searcher = index.searcher()
        if searcher.num_docs == 0:
            return []
        probe = tantivy.Query.term_set_query(self._template.schema, "id", ids)
        if searcher.search(probe, 1).count == 0:
            return []
        # doc_freq may still count a deleted copy: deleting it again is harmless.
        return [i for i in ids if searcher.doc_freq("id", i) > 0]

    # -- reading -------------------------------------------------------------------------------

    def _search(self, request: SearchRequest) -> SearchResult:
        if not 0 <= request.size <= MAX_SIZE:
            raise QueryError(f"size must be between 0 and {MAX_SIZE}, not {request.size}")
        sort_field, order = primary_sort(request.sort)
        query = self._with_window(request.query, request.start, request.end)
        start_day, end_day = day_range(request.start, request.end)
        days: list[tuple[str, Any]] = []
        for name in self._days.names(request.family, start_day, end_day):
            index = self._days.reader(name)
            if index is not None:
                days.append((name, index.searcher()))
        pager = Pager(days, self._template.schema, sort_field, order)
        hits = pager.page(query, request.size, request.search_after)
        total = pager.total
        if total is None:  # no search counted the whole query (size 0, or a continuation)
            total = sum(searcher.search(query, 1).count for _, searcher in days)
        aggregations = None
        if request.aggs:
            aggregations = run_aggs(request.aggs, query, [s for _, s in days], self._template.schema)
        return SearchResult(total=total, hits=hits, aggregations=aggregations)

    def _with_window(self, node: Node, start: datetime | None, end: datetime | None) -> Any:
        query = compile_query(node, self._template)
        if start is None and end is None:
            return query
        window = tantivy.Query.range_query(
            self._template.schema,
            "utctimestamp",
            tantivy.FieldType.Integer,
            None if start is None else to_micros(start),
            None if end is None else to_micros(end),
        )
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (tantivy.Occur.Must, window)])

    def _get(self, event_id: str, family: str) -> Hit | None:
        query = tantivy.Query.term_query(self._template.schema, "id", event_id)
        for name in reversed(self._days.names(family)):
            index = self._days.reader(name)
            if index is None:
                continue
            searcher = index.searcher()
            hits = searcher.search(query, 1).hits
            if hits:
                return make_hit(name, hits[0][1], searcher)
        return None

    def _fields(self, family: str) -> list[tuple[str, str]]:
        searchers = []
        for name in reversed(self._days.names(family)):
            index = self._days.reader(name)
            if index is not None:
                searchers.append(index.searcher())
        return catalog(searchers)

    def _indices(self) -> list[tuple[str, int]]:
        found = []
        for name in self._days.names():
            index = self._days.reader(name)
            if index is not None:
                found.append((name, int(index.searcher().num_docs)))
        return found
