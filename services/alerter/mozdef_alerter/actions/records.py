"""What the action runner keeps in the state store (see docs/actions.md, "Records").

* ``alert_action_runs``: one document per alert the runner has taken in, its id the alert's id. Its
  presence is what tells a new alert from a dedup update (or a replay) of one already taken in.
* ``alert_action_tasks``: one document per action of an alert (id ``<alert id>#<index>``): the
  rule's spec and the alert as it was raised, ``state`` (``pending`` / ``ok`` / ``failed``),
  ``attempts``, ``next_at`` (when it is next due; while an attempt runs, when its lease ends),
  ``deadline`` (no attempt starts after it) and ``last_error``.
* ``alert_actions``: one document per attempt, never changed: ``alert_id``, ``action``, ``index``,
  ``attempt``, ``at``, ``ok``, ``status`` or ``error``, ``detail``, ``duration_ms``.
"""

from __future__ import annotations

from typing import Any, Final

from mozdef_common.state import Collection, StateStore

RUNS: Final = "alert_action_runs"
TASKS: Final = "alert_action_tasks"
ATTEMPTS: Final = "alert_actions"

PENDING: Final = "pending"
OK: Final = "ok"
FAILED: Final = "failed"


def task_id(alert_id: str, index: int) -> str:
    return f"{alert_id}#{index}"


async def prepare(state: StateStore) -> None:
    """The indexes the runner and the api read through."""
    await state.collection(TASKS).ensure_index("state", "next_at")
    await state.collection(TASKS).ensure_index("alert_id", "index")
    await state.collection(ATTEMPTS).ensure_index("alert_id", "at")


def attempt_record(
    task: dict[str, Any],
    *,
    attempt: int,
    at: str,
    ok: bool,
    status: str | None,
    error: str | None,
    duration_ms: float,
    detail: str | None = None,
) -> dict[str, Any]:
    record: dict[str, Any] = {
        "alert_id": task["alert_id"],
        "rule_id": task.get("rule_id"),
        "action": task["action"],
        "index": task["index"],
        "attempt": attempt,
        "at": at,
        "ok": ok,
        "duration_ms": round(duration_ms, 1),
    }
    if status is not None:
        record["status"] = status
    if error is not None:
        record["error"] = error[:1000]
    if detail is not None:
        record["detail"] = detail[:1000]
    return record


class Records:
    """The three collections, opened once."""

    def __init__(self, state: StateStore) -> None:
        self.runs: Collection = state.collection(RUNS)
        self.tasks: Collection = state.collection(TASKS)
        self.attempts: Collection = state.collection(ATTEMPTS)
