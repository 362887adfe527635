"""Random documents and random filters: every backend answers what the plain-Python reference does."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mozdef_common.state import Collection, StateStore
from tests.common.state import reference

# Small domains, so filters often hit: equal values, near-equal types (1, 1.0, true, "1"), case twins.
_STRINGS = st.sampled_from(["", "a", "A", "ab", "aB", "b", "ba", "1", "true"])
_NUMBERS = st.sampled_from([-1, 0, 1, 2, 0.5, 2.5, -1.5])  # integral floats only in filters (see count_by)
_SCALARS = st.one_of(_STRINGS, _NUMBERS, st.booleans(), st.none())
# No floats in arrays: arrays compare by their JSON text, where 1.0 and 1 differ (a documented edge).
_ARRAYS = st.lists(st.one_of(_STRINGS, st.sampled_from([-1, 0, 1, 2]), st.booleans(), st.none()), max_size=3)
_OBJECTS = st.fixed_dictionaries({}, optional={"d": _SCALARS, "e": _SCALARS})
_DOCS = st.lists(
    st.fixed_dictionaries(
        {},
        optional={
            "a": st.one_of(_SCALARS, _ARRAYS),
            "b": _SCALARS,
            "c": st.one_of(_OBJECTS, _SCALARS),
            "tags": st.one_of(_ARRAYS, _STRINGS),
        },
    ),
    max_size=12,
)
_PATHS = st.sampled_from(["a", "b", "c", "c.d", "c.e", "tags", "missing"])
_FILTER_SCALARS = st.one_of(_SCALARS, st.sampled_from([1.0, 2.0]))
_OPERATORS = st.one_of(
    st.tuples(st.sampled_from(["$eq", "$ne"]), st.one_of(_FILTER_SCALARS, _ARRAYS)),
    st.tuples(st.just("$in"), st.lists(st.one_of(_FILTER_SCALARS, _ARRAYS), max_size=3)),
    st.tuples(st.sampled_from(["$gt", "$gte", "$lt", "$lte"]), st.one_of(_STRINGS, _NUMBERS)),
    st.tuples(st.just("$exists"), st.booleans()),
    st.tuples(st.just("$contains"), _FILTER_SCALARS),
    st.tuples(st.just("$icontains"), _STRINGS),
)
_CONDITION = st.one_of(
    _FILTER_SCALARS,
    _ARRAYS,
    st.lists(_OPERATORS, min_size=1, max_size=2).map(dict),
)
_WHERE: st.SearchStrategy[dict[str, Any]] = st.recursive(
    st.dictionaries(_PATHS, _CONDITION, max_size=3),
    lambda inner: st.builds(
        lambda plain, branches: {**plain, "$or": branches},
        st.dictionaries(_PATHS, _CONDITION, max_size=2),
        st.lists(inner, min_size=1, max_size=3),
    ),
    max_leaves=6,
)
_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
_names = (f"prop{i}" for i in itertools.count())


async def _fill(state: StateStore, docs: list[dict[str, Any]]) -> tuple[Collection, list[dict[str, Any]]]:
    collection = state.collection(next(_names))  # a fresh collection per example, on one store
    return collection, [await collection.insert(doc) for doc in docs]


@_SETTINGS
@given(docs=_DOCS, wheres=st.lists(_WHERE, min_size=1, max_size=4))
async def test_find_and_count_agree_with_the_reference(
    state: StateStore, docs: list[dict[str, Any]], wheres: list[dict[str, Any]]
) -> None:
    collection, stored = await _fill(state, docs)
    for where in wheres:
        expected = sorted(d["id"] for d in stored if reference.matches(d, where))
        total, page = await collection.find(where, limit=1000)
        assert (total, sorted(d["id"] for d in page)) == (len(expected), expected), where
        assert await collection.count(where) == len(expected)


@_SETTINGS
@given(docs=_DOCS, where=_WHERE, path=_PATHS)
async def test_count_by_agrees_with_the_reference(
    state: StateStore, docs: list[dict[str, Any]], where: dict[str, Any], path: str
) -> None:
    collection, stored = await _fill(state, docs)
    expected = reference.count_by([d for d in stored if reference.matches(d, where)], path)
    assert await collection.count_by(path, where) == expected


_SORTABLE = st.one_of(_STRINGS, _NUMBERS, st.none())
_SORT_DOCS = st.lists(
    st.fixed_dictionaries(
        {}, optional={"s": _SORTABLE, "t": st.fixed_dictionaries({}, optional={"u": _SORTABLE})}
    ),
    max_size=12,
)


@_SETTINGS
@given(
    docs=_SORT_DOCS,
    keys=st.lists(st.tuples(st.sampled_from(["s", "t.u"]), st.sampled_from([1, -1])), min_size=1, max_size=2),
    limit=st.integers(1, 5),
)
async def test_sorted_pages_agree_with_the_reference(
    state: StateStore, docs: list[dict[str, Any]], keys: list[tuple[str, int]], limit: int
) -> None:
    collection, stored = await _fill(state, docs)
    expected = sorted(stored, key=lambda d: d["id"])
    for path, direction in reversed(keys):  # stable sorts, last key first: ties keep the id order
        expected.sort(key=lambda d, p=path: reference.sort_key(d, p), reverse=direction == -1)  # type: ignore[misc]
    walked = [
        d["id"]
        for offset in range(0, len(stored) + limit, limit)
        for d in (await collection.find(sort=keys, limit=limit, offset=offset))[1]
    ]
    assert walked == [d["id"] for d in expected]
