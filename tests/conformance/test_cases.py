"""The cases themselves: readable ids, and expectations that can fail."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tests.conformance.agg_cases import AGG_CASES
from tests.conformance.cases import CASES, QueryCase
from tests.conformance.expected import events_of, expected_ids


def test_case_ids_are_unique_and_readable() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_expectation_is_not_vacuous(case: QueryCase) -> None:
    """A predicate that selects nothing (or everything) by mistake would make its case unable to fail."""
    ids = expected_ids(case, datetime.now(UTC))
    if case.empty:
        assert ids == set(), f"{case.id} is declared empty but its predicate selects {len(ids)} events"
        return
    assert ids, f"{case.id} selects no event: fix the predicate, the data, or declare empty=True"
    if not case.everything and case.start is None and case.end is None:
        assert len(ids) < len(events_of(case.family)), (
            f"{case.id} selects every event: declare everything=True"
        )


def test_aggregation_cases_are_not_vacuous() -> None:
    assert len(AGG_CASES) >= 20
    assert len({c.id for c in AGG_CASES}) == len(AGG_CASES)
    for case in AGG_CASES:
        if case.id != "a11-terms-nothing-matches":
            assert any(case.select(e) for e in events_of("events")), case.id
