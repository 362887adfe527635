"""Every query case on the streaming evaluator: the events it accepts are exactly the expected ids.

The stores are asked through a search; the evaluator is asked event by event, over the same fixed
event set, with the case's window applied the way the search applies ``start`` / ``end``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mozdef_common.query.evaluate import compile_predicate
from mozdef_common.query.parser import parse_query
from tests.conformance.cases import CASES, QueryCase
from tests.conformance.expected import events_of, expected_ids, in_window
from tests.conformance.test_queries import FEATURES, MISSING

#: Cases the evaluator cannot answer like the stores, with the reason. Empty: every case agrees.
NOT_ON_THE_STREAM: dict[str, str] = {}


def _params() -> list[Any]:
    params = []
    for case in CASES:
        marks: list[pytest.MarkDecorator] = []
        if case.needs is not None and not FEATURES[case.needs]:
            marks.append(pytest.mark.skip(reason=MISSING[case.needs]))
        if case.id in NOT_ON_THE_STREAM:
            marks.append(pytest.mark.xfail(strict=True, reason=NOT_ON_THE_STREAM[case.id]))
        params.append(pytest.param(case, id=f"evaluator-{case.id}", marks=marks))
    return params


@pytest.mark.parametrize("case", _params())
def test_query_on_the_stream(case: QueryCase) -> None:
    now = datetime.now(UTC)
    predicate = compile_predicate(parse_query(case.q), clock=lambda: now)
    got = {e["id"] for e in events_of(case.family) if in_window(case, e) and predicate(e)}
    expected = expected_ids(case, now) if case.expect_at is not None else expected_ids(case)
    missing, extra = sorted(expected - got), sorted(got - expected)
    assert (missing, extra) == ([], []), (
        f"{case.q!r}: {len(missing)} expected hits missing {missing[:10]}, "
        f"{len(extra)} unexpected {extra[:10]}"
    )
