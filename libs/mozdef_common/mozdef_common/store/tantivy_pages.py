"""One page of hits in (sort value, id) order across day indexes, and ``search_after`` continuation.

tantivy orders by one fast field, and ``id`` has no column, so events sharing a timestamp come back
in index order. Pages stay exact anyway:

* the page is the top ``size`` by the sort field, ordered by (value, id); if the last one's
  timestamp has more events than the page shows (one count query tells), every event at that
  timestamp is fetched and ordered by id, so the page ends at a well-defined (timestamp, id);
* ``search_after=(t, id)`` first takes the events at exactly ``t`` whose id comes after ``id``,
  then continues strictly beyond ``t`` as above.

Hit sort values are ``(microseconds, id)``; ``desc`` orders both descending, ``asc`` ascending.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from typing import Any, Final

import orjson
import tantivy

from mozdef_common.errors import QueryError
from mozdef_common.store.base import Hit, SortOrder
from mozdef_common.store.tantivy_schema import SOURCE

#: Events sharing one timestamp that a page boundary can order (beyond, a QueryError).
MAX_TIES: Final = 100_000


class Pager:
    def __init__(self, days: Sequence[tuple[str, Any]], schema: Any, field: str, order: SortOrder) -> None:
        self.days, self.schema, self.field, self.order = days, schema, field, order
        self.desc = order == "desc"
        #: Matching events of the last :meth:`page` without ``search_after`` (its first search counts them).
        self.total: int | None = None

    def page(self, query: Any, size: int, after: tuple[Any, ...] | None) -> list[Hit]:
        if size == 0:
            return []
        hits: list[Hit] = []
        if after is not None:
            at, last_id = _check_after(after)
            ties = self._ties(query, at)
            hits = [h for h in ties if (h.id < last_id if self.desc else h.id > last_id)][:size]
            query = self._beyond(query, at)
        need = size - len(hits)
        if need <= 0:
            return hits
        top = self._top(query, need, count=after is None)
        if len(top) == need:
            edge = top[-1][0]
            shown = sum(1 for c in top if c[0] == edge)
            if self._count(self._equal(query, edge)) > shown:
                kept = [c for c in top if c[0] != edge]
                return hits + self._ordered(kept) + self._ties(query, edge)[: need - len(kept)]
        return hits + self._ordered(top)

    def _ordered(self, candidates: list[tuple[int, str, int, int, Any, Any]]) -> list[Hit]:
        """Hits by (sort value, id): ties inside a page in id order too."""
        hits = [self._hit(c) for c in candidates]
        return sorted(hits, key=lambda h: (h.sort[0], h.id), reverse=self.desc)

    def _top(
        self, query: Any, limit: int, *, count: bool = False
    ) -> list[tuple[int, str, int, int, Any, Any]]:
        candidates: list[tuple[int, str, int, int, Any, Any]] = []
        total = 0
        # Day indexes hold disjoint utctimestamp ranges: once the days nearest the start of the
        # order gave ``limit`` hits, the others cannot beat them and are only counted (sorted
        # collection costs about as much again as counting, measured on 5M events).
        disjoint = self.field == "utctimestamp"
        for name, searcher in reversed(self.days) if self.desc else self.days:
            if disjoint and len(candidates) >= limit:
                if not count:
                    break
                total += searcher.search(query, 1).count
                continue
            result = searcher.search(
                query,
                limit,
                order_by_field=self.field,
                order=tantivy.Order.Desc if self.desc else tantivy.Order.Asc,
            )
            total += result.count
            for value, address in result.hits:
                candidates.append((value, name, address.segment_ord, address.doc, address, searcher))
        if count:
            self.total = total
        pick = heapq.nlargest if self.desc else heapq.nsmallest
        return pick(limit, candidates, key=lambda c: (c[0], c[1], c[2], c[3]))

    def _ties(self, query: Any, at: int) -> list[Hit]:
        """Every event matching at exactly ``at``, in id order."""
        equal = self._equal(query, at)
        count = self._count(equal)
        if count > MAX_TIES:
            raise QueryError(f"{count} events share the timestamp {at}: too many to page through")
        return self._ordered(self._top(equal, max(count, 1)))

    def _count(self, query: Any) -> int:
        return sum(searcher.search(query, 1).count for _, searcher in self.days)

    def _equal(self, query: Any, at: int) -> Any:
        return self._and(query, self._range(at, at, True, True))

    def _beyond(self, query: Any, at: int) -> Any:
        rng = self._range(None, at, True, False) if self.desc else self._range(at, None, False, True)
        return self._and(query, rng)

    def _range(self, lo: int | None, hi: int | None, incl_lo: bool, incl_hi: bool) -> Any:
        return tantivy.Query.range_query(
            self.schema, self.field, tantivy.FieldType.Integer, lo, hi, incl_lo, incl_hi
        )

    @staticmethod
    def _and(a: Any, b: Any) -> Any:
        return tantivy.Query.boolean_query([(tantivy.Occur.Must, a), (tantivy.Occur.Must, b)])

    @staticmethod
    def _hit(candidate: tuple[int, str, int, int, Any, Any]) -> Hit:
        value, name, _, _, address, searcher = candidate
        return make_hit(name, address, searcher, value)


def make_hit(name: str, address: Any, searcher: Any, sort_value: int | None = None) -> Hit:
    source = orjson.loads(searcher.doc(address)[SOURCE][0])
    event_id = str(source.get("id", ""))
    return Hit(
        id=event_id, index=name, source=source, sort=() if sort_value is None else (sort_value, event_id)
    )


def _check_after(after: tuple[Any, ...]) -> tuple[int, str]:
    if (
        len(after) != 2
        or isinstance(after[0], bool)
        or not isinstance(after[0], int)
        or not isinstance(after[1], str)
    ):
        raise QueryError(
            "search_after takes the sort values of the last hit: [microseconds (integer), id (string)]"
        )
    return after[0], after[1]
