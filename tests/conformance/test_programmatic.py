"""The same AST built in code, with the helpers alert writers use, means what the query string means.

Each built query names the case of :mod:`tests.conformance.cases` it must answer like, and is held to
that case's predicate.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mozdef_common.query import ast
from mozdef_common.store import SearchRequest
from tests.conformance.cases import CASES
from tests.conformance.conftest import STORES, Stores
from tests.conformance.expected import expected_ids

pytestmark = pytest.mark.asyncio(loop_scope="session")

build: Any
try:
    from mozdef_common.query import build
except ImportError:  # the helpers arrive with the query issue
    build = None

BY_SLUG = {case.id.split("-", 1)[1]: case for case in CASES}


def _built() -> dict[str, ast.Node]:
    if build is None:
        return {}
    b = build
    return {
        "and": b.bool_(must=[b.term("category", "firewall"), b.term("details.action", "DROP")]),
        "or": b.terms("hostname", ["fw1", "fw2"]),
        "and-not": b.bool_(must=[b.term("category", "proxy")], must_not=[b.term("details.http.status", 200)]),
        "not-alone": b.not_(b.term("category", "authentication")),
        "summary-phrase": b.phrase("summary", "failed password"),
        "wildcard-prefix": b.wildcard("hostname", "web*"),
        "regex-details": b.regex("details.username", "adm.n"),
        "number-gte": b.greater_than("details.bytes", 99000, inclusive=True),
        "number-lt": b.less_than("details.bytes", 1000),
        "number-range-exclusive": b.range_("details.bytes", gt=1000, lt=5000),
        "number-finds-number-and-string": b.term("details.destinationport", 443),
        "bool-true": b.term("details.success", "true"),
        "exists-details": b.exists("details.username"),
        "cidr-20": b.subnet("details.sourceipaddress", "172.16.0.0/20"),
        "date-range-inclusive": b.window(
            datetime(2026, 11, 21, tzinfo=UTC), datetime(2026, 11, 21, 12, tzinfo=UTC)
        ),
        "date-gt-excludes-the-instant": b.greater_than("utctimestamp", "2026-11-21T00:00:00Z"),
        "escaped-windows-path": b.term("details.path", "C:\\Windows\\System32\\cmd.exe"),
        "quoted-empty-string": b.phrase("details.note", ""),
        "field-group-details": b.terms("details.action", ["DROP", "REJECT"]),
        "match-all-star": b.match_all(),
    }


BUILT = _built()


@pytest.mark.skipif(build is None, reason="mozdef_common.query.build (the programmatic helpers) is missing")
@pytest.mark.parametrize(
    ("store_name", "slug"), [pytest.param(s, slug, id=f"{s}-built-{slug}") for s in STORES for slug in BUILT]
)
async def test_built_query(stores: Stores, store_name: str, slug: str) -> None:
    store = await stores.get(store_name)
    case = BY_SLUG[slug]
    result = await store.search(SearchRequest(BUILT[slug], size=10_000))
    assert {h.id for h in result.hits} == expected_ids(case)
    assert result.total == len(expected_ids(case))
