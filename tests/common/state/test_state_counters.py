"""Named counters on every backend: atomic, durable, and never handing one number out twice."""

from __future__ import annotations

import asyncio

import pytest

from mozdef_common.state import StateStore
from tests.common.state.conftest import OpenStore


async def test_a_counter_starts_at_zero_and_returns_its_new_value(state: StateStore) -> None:
    assert await state.increment("incident") == 1
    assert await state.increment("incident") == 2
    assert await state.increment("incident", by=10) == 12
    assert await state.increment("incident", by=-2) == 10
    assert await state.increment("alert.number") == 1  # counters are apart
    assert await state.increment("incident", by=0) == 10


async def test_concurrent_increments_hand_out_distinct_numbers(open_store: OpenStore) -> None:
    first, second = await open_store(), await open_store()  # two stores, as two API replicas would be
    numbers = await asyncio.gather(*(store.increment("incident") for store in (first, second) * 25))
    assert sorted(numbers) == list(range(1, 51))


async def test_counters_survive_a_new_store(open_store: OpenStore) -> None:
    first = await open_store()
    await first.increment("incident", by=41)
    await first.close()
    assert await (await open_store()).increment("incident") == 42


async def test_counter_names_and_steps_are_checked(state: StateStore) -> None:
    for name in ("", "a b", "x" * 200, "drop'--"):
        with pytest.raises(ValueError, match="counter name"):
            await state.increment(name)
    for by in (True, 1.5, 2**70):
        with pytest.raises(ValueError, match="integer"):
            await state.increment("incident", by=by)  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="reserved"):
        state.collection("counters")  # MongoDB keeps the counters in that collection's place
