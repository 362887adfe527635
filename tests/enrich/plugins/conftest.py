"""The plugin tests load every built-in; the intel plugin then reads no lists, so it starts no thread."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _intel_reads_no_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MOZDEF_INTEL_LISTS", "[]")
