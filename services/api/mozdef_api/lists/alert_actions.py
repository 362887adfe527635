"""``GET /api/v1/alerts/{alert_id}/actions``: what the alerter's response actions did for an alert.

The alerter's action runner writes these collections (see docs/actions.md, "Records"); the api only
reads them:

* ``alert_action_tasks``: one document per action of an alert, its current state (``pending`` with
  the time of the next attempt, ``ok``, or ``failed`` once it gave up);
* ``alert_actions``: one document per attempt, never changed.
"""

from __future__ import annotations

from typing import Any, Final

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field

from mozdef_api.auth import requires
from mozdef_common.accounts import Action

ATTEMPTS: Final = "alert_actions"
TASKS: Final = "alert_action_tasks"
#: More attempts than bounded retries of every action of one rule can make.
_MOST: Final = 1000

router = APIRouter(prefix="/api/v1/alerts", tags=["alerts"], dependencies=[Depends(requires(Action.READ))])


class ActionAttempt(BaseModel):
    model_config = ConfigDict(extra="ignore")

    alert_id: str
    action: str = Field(description="The action's type (webhook, slack, email, block_ip, ...).")
    index: int = Field(description="Its place in the rule's action list.")
    attempt: int = Field(description="1 for the first try.")
    at: str = Field(description="When the attempt ended (ISO-8601 UTC).")
    ok: bool
    status: str | None = Field(None, description="What the receiver answered (an HTTP or SMTP status).")
    error: str | None = Field(None, description="Why it failed; never holds a secret.")
    duration_ms: float | None = None


class ActionState(BaseModel):
    model_config = ConfigDict(extra="ignore")

    index: int
    action: str
    state: str = Field(description="'pending' (next attempt at next_at), 'ok', or 'failed' (gave up).")
    attempts: int
    next_at: str | None = None
    last_error: str | None = None


class AlertActions(BaseModel):
    alert_id: str
    actions: list[ActionState]
    attempts: list[ActionAttempt] = Field(description="Every attempt, oldest first.")


@router.get(
    "/{alert_id}/actions",
    response_model=AlertActions,
    summary="The response actions of an alert: their state and every attempt",
)
async def alert_actions(request: Request, alert_id: str) -> AlertActions:
    state = request.app.state.state
    where: dict[str, Any] = {"alert_id": alert_id}
    _, tasks = await state.collection(TASKS).find(where, limit=_MOST, sort=[("index", 1)])
    _, attempts = await state.collection(ATTEMPTS).find(
        where, limit=_MOST, sort=[("at", 1), ("attempt", 1), ("index", 1)]
    )
    return AlertActions(
        alert_id=alert_id,
        actions=[ActionState(**doc) for doc in tasks],
        attempts=[ActionAttempt(**doc) for doc in attempts],
    )
