"""Every query case on every store: the hits are exactly the ids the case's predicate accepts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mozdef_common.query import ast
from mozdef_common.query.parser import parse_query
from mozdef_common.store import SearchRequest
from tests.conformance.cases import CASES, QueryCase
from tests.conformance.conftest import STORES, Stores
from tests.conformance.expected import expected_ids

pytestmark = pytest.mark.asyncio(loop_scope="session")


def _cidr_parses() -> bool:
    subnet = getattr(ast, "Subnet", None)
    try:
        return subnet is not None and isinstance(parse_query("details.sourceipaddress:10.0.0.0/8"), subnet)
    except Exception:
        return False


FEATURES = {"cidr": _cidr_parses()}
MISSING = {
    "cidr": "the parser has no CIDR syntax yet (no Subnet node for details.sourceipaddress:10.0.0.0/8)"
}


def _params() -> list[Any]:
    params = []
    for store_name in STORES:
        for case in CASES:
            marks: list[pytest.MarkDecorator] = []
            if case.needs is not None and not FEATURES[case.needs]:
                marks.append(pytest.mark.skip(reason=MISSING[case.needs]))
            if case.xfail is not None and store_name == "tantivy":
                marks.append(pytest.mark.xfail(strict=True, reason=case.xfail))
            params.append(pytest.param(store_name, case, id=f"{store_name}-{case.id}", marks=marks))
    return params


def _request(case: QueryCase) -> SearchRequest:
    return SearchRequest(
        parse_query(case.q),
        start=None if case.start is None else datetime.fromisoformat(case.start),
        end=None if case.end is None else datetime.fromisoformat(case.end),
        size=10_000,
        family=case.family,
    )


@pytest.mark.parametrize(("store_name", "case"), _params())
async def test_query(stores: Stores, store_name: str, case: QueryCase) -> None:
    store = await stores.get(store_name)
    before = datetime.now(UTC)
    result = await store.search(_request(case))
    after = datetime.now(UTC)
    got = [hit.id for hit in result.hits]
    assert len(got) == len(set(got)), f"{case.q!r}: an event came back twice"
    if case.expect_at is not None:
        # The store read the clock between before and after: either answer is right.
        acceptable = [expected_ids(case, before), expected_ids(case, after)]
    else:
        acceptable = [expected_ids(case)]
    expected = min(acceptable, key=lambda ids: len(ids ^ set(got)))
    missing, extra = sorted(expected - set(got)), sorted(set(got) - expected)
    assert (missing, extra) == ([], []), (
        f"{case.q!r}: {len(missing)} expected hits missing {missing[:10]}, "
        f"{len(extra)} unexpected {extra[:10]}"
    )
    assert result.total == len(expected), f"{case.q!r}: total {result.total}, {len(expected)} hits"
