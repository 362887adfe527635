"""The triage actions on one alert: acknowledge, unacknowledge, assign, close, escalate."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request

from mozdef_api.alerts import transitions
from mozdef_api.alerts.escalate import escalate as escalate_alert
from mozdef_api.alerts.schemas import Alert, AssignBody, CloseBody, EscalateBody, Escalation, VersionBody
from mozdef_api.alerts.store import alerts, modify
from mozdef_api.audit import source_of
from mozdef_api.auth import Principal, requires
from mozdef_api.notify import notify
from mozdef_common.accounts import Action
from mozdef_common.event import utcnow_iso
from mozdef_common.state import Document

router = APIRouter()
#: The caller, who must be allowed to change things (analyst and up).
Analyst = Annotated[Principal, Depends(requires(Action.WRITE))]
Change = Callable[[Document], Mapping[str, Any] | None]


async def apply(
    request: Request,
    principal: Principal,
    alert_id: str,
    action: str,
    change: Change,
    version: int | None,
    details: Mapping[str, Any] | None = None,
) -> Alert:
    """Change the alert; when something changed, audit it and tell every connected analyst."""
    app = request.app
    doc, changed = await modify(alerts(app.state.state), alert_id, change, version=version)
    if changed:
        await app.state.audit.record(
            action, actor=principal, source=source_of(request), target=f"alert/{alert_id}", details=details
        )
        await notify(
            app,
            entity="alert",
            op="updated",
            id=alert_id,
            version=doc["version"],
            actor=principal.actor,
            data=doc,
        )
    return Alert(**doc)


@router.post("/{alert_id}/acknowledge", response_model=Alert, summary="Acknowledge an alert")
async def acknowledge(
    request: Request,
    alert_id: str,
    principal: Analyst,
    body: VersionBody | None = None,
) -> Alert:
    def change(doc: Document) -> Mapping[str, Any] | None:
        return transitions.acknowledge(doc, actor=principal.actor, now=utcnow_iso())

    return await apply(request, principal, alert_id, "alert.ack", change, body.version if body else None)


@router.post("/{alert_id}/unacknowledge", response_model=Alert, summary="Withdraw an acknowledgement")
async def unacknowledge(
    request: Request,
    alert_id: str,
    principal: Analyst,
    body: VersionBody | None = None,
) -> Alert:
    version = body.version if body else None
    return await apply(request, principal, alert_id, "alert.unack", transitions.unacknowledge, version)


@router.post("/{alert_id}/assign", response_model=Alert, summary="Assign an alert (null: unassign)")
async def assign(request: Request, alert_id: str, body: AssignBody, principal: Analyst) -> Alert:
    def change(doc: Document) -> Mapping[str, Any] | None:
        return transitions.assign(doc, assignee=body.assignee)

    details = {"assignee": body.assignee}
    return await apply(request, principal, alert_id, "alert.assign", change, body.version, details)


@router.post("/{alert_id}/close", response_model=Alert, summary="Close an alert, saying why")
async def close(request: Request, alert_id: str, body: CloseBody, principal: Analyst) -> Alert:
    def change(doc: Document) -> Mapping[str, Any] | None:
        return transitions.close(doc, actor=principal.actor, reason=body.reason, now=utcnow_iso())

    details = {"reason": body.reason}
    return await apply(request, principal, alert_id, "alert.close", change, body.version, details)


@router.post(
    "/{alert_id}/escalate",
    response_model=Escalation,
    summary="Escalate an alert into a new incident, or link it to an existing one",
)
async def escalate(
    request: Request,
    alert_id: str,
    principal: Analyst,
    body: EscalateBody | None = None,
) -> Escalation:
    body = body or EscalateBody()
    incident, change = await escalate_alert(request, principal, alert_id, body)
    alert = await apply(
        request, principal, alert_id, "alert.escalate", change, None, {"incident_id": incident["id"]}
    )
    return Escalation(alert=alert, incident=incident)
