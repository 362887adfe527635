"""The record of each scheduled rule's runs: the state store collection ``rule_runs``.

One document per rule, its ``id`` the rule's id (what the API lists next to each rule)::

    {"id": "ssh-bruteforce", "last_run": "2026-11-27T10:00:00+00:00", "last_status": "ok",
     "duration_ms": 41.2, "hits": 2, "total_hits": 17, "runs": 120, "failures": 1,
     "truncated": false, "last_error": "…", "last_error_at": "…"}

Stream rules (match, sequence, geo-velocity, Python) have no runs: the alerter folds each batch's
alerts into ``hits``, ``total_hits`` and ``last_hit`` of the same document instead.

``last_run`` is when the last run started and ``hits`` what it found (alerts raised or updated);
``last_error``/``last_error_at`` keep the most recent failure after later runs succeed, and
``last_status`` says whether the last run failed. ``truncated`` is true when the last run had more
groups than it could examine (see :mod:`.groups`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final

from mozdef_common.errors import ConflictError, NotFoundError
from mozdef_common.state.base import Document, StateStore

COLLECTION: Final = "rule_runs"


@dataclass(frozen=True, slots=True)
class RunOutcome:
    rule_id: str
    started: datetime
    duration_s: float
    hits: int = 0
    error: str | None = None
    truncated: bool = False


class RunLog:
    def __init__(self, state: StateStore) -> None:
        self._runs = state.collection(COLLECTION)

    async def record(self, outcome: RunOutcome) -> Document:
        """Fold one run into the rule's document (created at its first run)."""
        for _ in range(3):  # a conflict means another writer got in first: read again
            try:
                current = await self._runs.get(outcome.rule_id)
            except NotFoundError:
                try:
                    return await self._runs.insert({"id": outcome.rule_id, **_changes(None, outcome)})
                except ConflictError:
                    continue
            try:
                return await self._runs.update(
                    outcome.rule_id, _changes(current, outcome), version=int(current["version"])
                )
            except ConflictError:
                continue
        raise ConflictError(f"rule_runs {outcome.rule_id!r} kept changing while being recorded", current=0)

    async def record_hits(self, rule_id: str, hits: int, at: datetime) -> None:
        """Fold a stream batch's alerts (raised or updated) for one stream rule into its document."""
        for _ in range(3):
            try:
                current = await self._runs.get(rule_id)
            except NotFoundError:
                current = None
            changes = {
                "hits": hits,
                "total_hits": int((current or {}).get("total_hits", 0)) + hits,
                "last_hit": at.isoformat(),
            }
            try:
                if current is None:
                    await self._runs.insert({"id": rule_id, **changes})
                else:
                    await self._runs.update(rule_id, changes, version=int(current["version"]))
                return
            except ConflictError:
                continue

    async def get(self, rule_id: str) -> Document | None:
        try:
            return await self._runs.get(rule_id)
        except NotFoundError:
            return None


def _changes(current: Document | None, outcome: RunOutcome) -> dict[str, Any]:
    before = current or {}
    changes: dict[str, Any] = {
        "last_run": outcome.started.isoformat(),
        "last_status": "error" if outcome.error else "ok",
        "duration_ms": round(outcome.duration_s * 1000, 1),
        "hits": outcome.hits,
        "total_hits": int(before.get("total_hits", 0)) + outcome.hits,
        "runs": int(before.get("runs", 0)) + 1,
        "failures": int(before.get("failures", 0)) + (1 if outcome.error else 0),
        "truncated": outcome.truncated,
    }
    if outcome.error:
        changes["last_error"] = outcome.error
        changes["last_error_at"] = outcome.started.isoformat()
    return changes
