"""``/api/v1/alerts``: list and read alerts, triage them, chart them.

Reads need a viewer; actions need an analyst, are audited, publish a live update and answer the alert
as it now is. Repeating an action changes nothing (no write, audit or update). Actions apply to the
latest version unless the body carries the ``version`` the analyst read (then a stale one answers 409).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from mozdef_api.alerts import actions, stats
from mozdef_api.alerts.query import alert_filter
from mozdef_api.alerts.schemas import Alert, AlertFilters, AlertList
from mozdef_api.alerts.store import alerts
from mozdef_api.auth import requires
from mozdef_common.accounts import Action

router = APIRouter(prefix="/api/v1/alerts", tags=["alerts"], dependencies=[Depends(requires(Action.READ))])
# Before "/{alert_id}", which would otherwise take "stats" for an id.
router.include_router(stats.router)
router.include_router(actions.router)


@router.get("", response_model=AlertList, summary="Alerts matching the filters, newest first")
async def list_alerts(request: Request, params: Annotated[AlertFilters, Query()]) -> AlertList:
    where = alert_filter(
        q=params.q,
        severity=params.severity,
        status=params.status,
        rule_id=params.rule_id,
        category=params.category,
        assignee=params.assignee,
        start=params.start,
        end=params.end,
        now=datetime.now(UTC),
    )
    collection = alerts(request.app.state.state)
    if params.size == 0:  # a count only
        return AlertList(total=await collection.count(where), alerts=[])
    total, docs = await collection.find(
        where, limit=params.size, offset=params.offset, sort=[("utctimestamp", -1), ("id", 1)]
    )
    return AlertList(total=total, alerts=[Alert(**doc) for doc in docs])


@router.get("/{alert_id}", response_model=Alert, summary="One alert")
async def read(request: Request, alert_id: str) -> Alert:
    return Alert(**await alerts(request.app.state.state).get(alert_id))
