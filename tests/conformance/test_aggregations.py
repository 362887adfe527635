"""Every aggregation case on every store: the response is exactly the one computed by hand."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from mozdef_common.errors import QueryError
from mozdef_common.query.aggs import parse_aggs
from mozdef_common.query.parser import parse_query
from mozdef_common.store import SearchRequest
from tests.conformance.agg_cases import AGG_CASES, AggCase
from tests.conformance.agg_shapes import stamp
from tests.conformance.conftest import STORES, Stores
from tests.conformance.expected import events_of

pytestmark = pytest.mark.asyncio(loop_scope="session")


def _same(got: Any, want: Any, where: str = "") -> None:
    """Equal in shape and values; floats to 1e-9 relative (sums may be added in another order)."""
    if isinstance(want, dict):
        assert isinstance(got, dict), f"{where}: {got!r} is not an object"
        assert sorted(got) == sorted(want), f"{where}: keys {sorted(got)} != {sorted(want)}"
        for key in want:
            _same(got[key], want[key], f"{where}.{key}")
    elif isinstance(want, list):
        assert isinstance(got, list), f"{where}: {got!r} is not a list"
        assert len(got) == len(want), f"{where}: {len(got)} items, expected {len(want)}: {got!r} != {want!r}"
        for i, (g, w) in enumerate(zip(got, want, strict=True)):
            _same(g, w, f"{where}[{i}]")
    elif isinstance(want, float) and not isinstance(got, bool):
        assert isinstance(got, int | float), f"{where}: {got!r} is not a number"
        assert got == pytest.approx(want, rel=1e-9), f"{where}: {got!r} != {want!r}"
    else:
        assert type(got) is type(want), (
            f"{where}: {got!r} is a {type(got).__name__}, not {type(want).__name__}"
        )
        assert got == want, f"{where}: {got!r} != {want!r}"


@pytest.mark.parametrize(
    ("store_name", "case"),
    [pytest.param(s, c, id=f"{s}-{c.id}") for s in STORES for c in AGG_CASES],
)
async def test_aggregation(
    request: pytest.FixtureRequest, stores: Stores, store_name: str, case: AggCase
) -> None:
    store = await stores.get(store_name)
    if case.xfail is not None and store_name == "tantivy":
        request.applymarker(pytest.mark.xfail(strict=True, reason=case.xfail))
    start = None if case.start is None else datetime.fromisoformat(case.start)
    end = None if case.end is None else datetime.fromisoformat(case.end)
    try:
        result = await store.search(
            SearchRequest(parse_query(case.q), start=start, end=end, size=0, aggs=parse_aggs(case.spec))
        )
    except QueryError as exc:
        if "has no column" not in str(exc):
            raise
        # The embedded store aggregates terms only over the details paths it keeps a column for.
        pytest.skip(f"{store_name} cannot aggregate this path yet: {str(exc).split(';')[0]}")
    selected = [
        e
        for e in events_of("events")
        if case.select(e)
        and (start is None or stamp(e, "utctimestamp") >= start)
        and (end is None or stamp(e, "utctimestamp") <= end)
    ]
    assert result.total == len(selected)
    assert result.aggregations is not None, "the store returned no aggregations"
    _same(result.aggregations, case.expect(selected), case.id)
