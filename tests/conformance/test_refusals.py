"""Queries every store must refuse the same way (a QueryError, answered 400 by the API), not run loosely."""

from __future__ import annotations

import pytest

from mozdef_common.errors import QueryError
from mozdef_common.query.parser import parse_query
from mozdef_common.store import SearchRequest
from tests.conformance.conftest import STORES, Stores

pytestmark = pytest.mark.asyncio(loop_scope="session")

REFUSED = {
    "r01-range-on-analyzed-text": "summary:[a TO b]",
    "r02-word-range-under-details": "details.note:[a TO b]",
    "r03-wildcard-on-a-date": "utctimestamp:2026*",
    "r04-regex-on-a-date": "utctimestamp:/2026.*/",
    "r05-unknown-field": "nosuchfield:x",
    "r06-exists-on-details-itself": "_exists_:details",
    "r07-invalid-regex": "details.username:/[unclosed/",
    "r08-bad-date": "utctimestamp:[yesterday TO now]",
    "r09-unknown-field-inside-boolean": "hostname:web1 OR Hostname:web1",
}


@pytest.mark.parametrize(
    ("store_name", "query"),
    [pytest.param(s, q, id=f"{s}-{name}") for s in STORES for name, q in REFUSED.items()],
)
async def test_refused(stores: Stores, store_name: str, query: str) -> None:
    store = await stores.get(store_name)
    with pytest.raises(QueryError):
        await store.search(SearchRequest(parse_query(query)))
