"""The nodes Sigma rules need and no query string writes: every store and the evaluator agree on them.

Case-insensitive wildcards and regexes (Sigma's default matching) run on every reachable store and
on the streaming evaluator, held to one predicate; a field reference (Sigma's ``fieldref``) runs on
the evaluator only, and every store refuses it with a QueryError.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from mozdef_common.errors import QueryError
from mozdef_common.query.ast import FieldRef, Node, Regex, Wildcard
from mozdef_common.query.evaluate import compile_predicate
from mozdef_common.store import SearchRequest
from mozdef_common.types import Event
from tests.conformance.case_model import Predicate
from tests.conformance.conftest import STORES, Stores
from tests.conformance.expected import events_of
from tests.conformance.semantics import strings, words

CASES: dict[str, tuple[Node, Predicate]] = {
    "ci-wildcard-keyword-prefix": (
        Wildcard("hostname", "BASTION1*", case_insensitive=True),
        lambda e: e["hostname"].lower().startswith("bastion1"),
    ),
    "ci-wildcard-details-endswith": (
        Wildcard("details.path", "*\\\\CMD.EXE", case_insensitive=True),
        lambda e: any(v.lower().endswith("\\cmd.exe") for v in strings(e, "path")),
    ),
    "ci-wildcard-details-contains": (
        Wildcard("details.action", "*Ro*", case_insensitive=True),
        lambda e: any("ro" in v.lower() for v in strings(e, "action")),
    ),
    "ci-wildcard-non-ascii": (
        Wildcard("details.username", "ÈV*", case_insensitive=True),
        lambda e: any(v.lower().startswith("èv") for v in strings(e, "username")),
    ),
    "ci-wildcard-summary": (
        Wildcard("summary", "FAIL*", case_insensitive=True),
        lambda e: any(w.startswith("fail") for w in words(e["summary"])),
    ),
    "ci-wildcard-tags": (
        Wildcard("tags", "EVENT-46*", case_insensitive=True),
        lambda e: any(t.lower().startswith("event-46") for t in e["tags"]),
    ),
    "ci-regex-keyword": (
        Regex("category", "mIsC", case_insensitive=True),
        lambda e: e["category"].lower() == "misc",
    ),
    "ci-regex-details": (
        Regex("details.username", "ADM.N", case_insensitive=True),
        lambda e: any(re.fullmatch("adm.n", v, re.IGNORECASE) for v in strings(e, "username")),
    ),
    "ci-regex-summary": (
        Regex("summary", "FAILED", case_insensitive=True),
        lambda e: "failed" in words(e["summary"]),
    ),
    "cs-wildcard-stays-exact": (
        Wildcard("hostname", "BASTION1*"),
        lambda e: e["hostname"].startswith("BASTION1"),
    ),
}
EMPTY = {"cs-wildcard-stays-exact"}

ON_SESSION_LOOP = pytest.mark.asyncio(loop_scope="session")


def _expected(predicate: Predicate) -> set[str]:
    return {e["id"] for e in events_of("events") if predicate(e)}


def test_cases_are_not_vacuous() -> None:
    for slug, (_, predicate) in CASES.items():
        hits = _expected(predicate)
        assert (not hits) if slug in EMPTY else 0 < len(hits) < len(events_of("events")), slug


def _store_params() -> list[Any]:
    return [pytest.param(s, slug, id=f"{s}-{slug}") for s in STORES for slug in CASES]


@ON_SESSION_LOOP
@pytest.mark.parametrize(("store_name", "slug"), _store_params())
async def test_store(stores: Stores, store_name: str, slug: str) -> None:
    store = await stores.get(store_name)
    node, predicate = CASES[slug]
    result = await store.search(SearchRequest(node, size=10_000))
    assert {h.id for h in result.hits} == _expected(predicate)


@pytest.mark.parametrize("slug", list(CASES))
def test_evaluator(slug: str) -> None:
    node, predicate = CASES[slug]
    match = compile_predicate(node)
    assert {e["id"] for e in events_of("events") if match(e)} == _expected(predicate)


def _same_host_and_source(e: Event) -> bool:
    return bool(e["hostname"] == e["source"])


def test_field_reference_on_the_evaluator() -> None:
    match = compile_predicate(FieldRef("hostname", "source"))
    assert {e["id"] for e in events_of("events") if match(e)} == _expected(_same_host_and_source)


@ON_SESSION_LOOP
@pytest.mark.parametrize("store_name", STORES)
async def test_field_reference_refused_by_stores(stores: Stores, store_name: str) -> None:
    store = await stores.get(store_name)
    with pytest.raises(QueryError, match="only evaluated on the stream"):
        await store.search(SearchRequest(FieldRef("hostname", "source")))
