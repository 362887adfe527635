"""The event store contract, the same on tantivy and OpenSearch.

* Events are written in batches to an index *family* (``events``, ``deadletter``); the store picks the
  daily index ``<family>-YYYYMMDD`` from each event's ``utctimestamp``.
* ``id`` is the document id: writing an event whose id is already stored replaces it, so a replay
  never indexes an event twice.
* :meth:`EventStore.write` returns only once the batch is durable and searchable by readers that
  refresh; an item the store rejects is reported in :attr:`WriteResult.failed` with the reason, the rest
  of the batch is still written. It raises :class:`~mozdef_common.errors.StoreUnavailableError` when
  nothing could be written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Literal, Protocol

from mozdef_common.query.aggs import Agg
from mozdef_common.query.ast import Node
from mozdef_common.types import Event

SortOrder = Literal["asc", "desc"]


@dataclass(slots=True)
class SearchRequest:
    query: Node
    start: datetime | None = None
    end: datetime | None = None
    size: int = 50
    sort: tuple[tuple[str, SortOrder], ...] = (("utctimestamp", "desc"),)
    family: str = "events"
    #: Named aggregations (:mod:`mozdef_common.query.aggs`), computed over every matching event.
    aggs: Mapping[str, Agg] = field(default_factory=dict)
    #: The ``sort`` values of the last hit of the previous page: the page after it (deep pagination).
    search_after: tuple[Any, ...] | None = None


@dataclass(slots=True)
class Hit:
    id: str
    index: str
    source: Event
    #: This hit's sort values (what ``search_after`` takes to continue after it).
    sort: tuple[Any, ...] = ()


@dataclass(slots=True)
class SearchResult:
    total: int
    hits: list[Hit] = field(default_factory=list)
    #: Results of ``SearchRequest.aggs`` by name, in the response shape of :mod:`mozdef_common.query.aggs`.
    aggregations: dict[str, Any] | None = None


@dataclass(slots=True)
class WriteResult:
    written: int
    #: (position in the batch, reason) of every event the store rejected.
    failed: list[tuple[int, str]] = field(default_factory=list)


class EventStore(Protocol):
    async def write(self, family: str, events: Sequence[Event]) -> WriteResult: ...

    async def search(self, request: SearchRequest) -> SearchResult: ...

    async def get(self, event_id: str, family: str = "events") -> Hit | None: ...

    async def indices(self) -> list[tuple[str, int]]:
        """Every index with its document count."""
        ...

    async def fields(self, family: str = "events") -> list[tuple[str, str]]:
        """The field catalog: every top-level field, then every ``details.…`` path seen (bounded,
        at most 5,000), each with its type: keyword, text, date, number, boolean or object."""
        ...

    async def drop_day(self, family: str, day: date) -> int:
        """Delete the whole daily index of ``family`` for the UTC ``day``; the number of events it held
        (0 when there is none). Raises :class:`~mozdef_common.errors.StoreUnavailableError` when another
        process is writing that day right now (retry later). Needs a writing store."""
        ...

    async def load_day(
        self,
        family: str,
        day: date,
        batches: Iterable[Sequence[Event]],
        expected: int,
        progress: Callable[[int], None] | None = None,
    ) -> int:
        """Rebuild the daily index of ``family`` for ``day`` from ``batches`` (events of that UTC day,
        ids kept) and return its count, which must be ``expected``: otherwise a
        :class:`~mozdef_common.errors.StoreError`. Refuses a day that already holds events.
        ``progress`` gets the running count after each batch. Needs a writing store."""
        ...

    async def close(self) -> None: ...
