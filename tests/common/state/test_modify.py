"""The shared read-change-write loop: retries a lost race, refuses a stale version with the current doc."""

from __future__ import annotations

from pathlib import Path

import pytest

from mozdef_common.errors import ConflictError
from mozdef_common.settings import CommonSettings
from mozdef_common.state import open_state_store
from mozdef_common.state.modify import modify


async def test_a_lost_race_is_retried_and_a_stale_version_refused(tmp_path: Path) -> None:
    state = open_state_store(CommonSettings(data_dir=tmp_path))
    await state.start()
    try:
        things = state.collection("things")
        doc = await things.insert({"id": "t1", "n": 0})
        raced = False

        def bump(current: dict[str, object]) -> dict[str, object]:
            return {"n": int(current["n"]) + 1}  # type: ignore[call-overload]

        async def read_then_race(doc_id: str) -> dict[str, object]:
            nonlocal raced
            current = await things.get(doc_id)
            if not raced:  # another writer gets in between this read and the write
                raced = True
                await things.update(doc_id, {"n": 10}, version=current["version"])
            return current

        changed, did = await modify(things, "t1", bump, read=read_then_race)
        assert did
        assert changed["n"] == 11
        assert await modify(things, "t1", lambda _: None) == (changed, False)
        with pytest.raises(ConflictError) as stale:
            await modify(things, "t1", bump, version=doc["version"])
        assert stale.value.document is not None
        assert stale.value.document["n"] == 11
    finally:
        await state.close()
