"""Escalating an alert: a new incident made from it, or a link from an existing incident to it.

The incident is written first and the alert second, so an alert never names an incident that does not
exist; a new incident's id is derived from the alert's, so escalating again after a crash between the
two writes finds the incident already made rather than opening a second one. Escalating again to the
same incident (or with none named) answers the incident already linked and writes nothing; naming a
different one answers 409, since an alert belongs to one incident.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from fastapi import HTTPException, Request, status

from mozdef_api.alerts import transitions
from mozdef_api.alerts.schemas import EscalateBody
from mozdef_api.alerts.store import alerts
from mozdef_api.audit import source_of
from mozdef_api.auth import Principal
from mozdef_api.cases.service import Cases
from mozdef_common.errors import ConflictError
from mozdef_common.state import Document

INCIDENTS: Final = "incidents"
Change = Callable[[Document], Mapping[str, Any] | None]


async def escalate(
    request: Request, principal: Principal, alert_id: str, body: EscalateBody
) -> tuple[dict[str, Any], Change]:
    """The incident the alert goes to (written already), and the change that records it on the alert."""
    app = request.app
    alert = await alerts(app.state.state).get(alert_id)
    if body.version is not None and alert["version"] != body.version:
        raise ConflictError(
            f"alert {alert_id!r} is at version {alert['version']}, not {body.version}",
            current=alert["version"],
            document=alert,
        )
    cases = Cases(app, INCIDENTS)
    source = source_of(request)
    linked = alert.get("incident_id")
    if linked:
        if body.incident_id not in (None, linked):
            raise HTTPException(
                status.HTTP_409_CONFLICT, f"alert {alert_id!r} is already escalated to incident {linked!r}"
            )
        incident = await cases.get(linked)
    elif body.incident_id:
        link = {"kind": "alert", "id": alert_id, "note": body.summary or alert.get("summary", "")}
        incident = await cases.add_item(body.incident_id, "links", link, principal, source)
    else:
        fields = transitions.incident_fields(alert, summary=body.summary)
        # An id derived from the alert: a retry after a crash between the two writes finds the
        # incident it made instead of opening a second one.
        incident = await cases.create(fields, principal, source, case_id=f"esc-{alert_id}")
    incident_id = str(incident["id"])

    def change(doc: Document) -> Mapping[str, Any] | None:
        return transitions.escalate(doc, incident_id=incident_id)

    return incident, change
