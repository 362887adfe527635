"""What each analyst action changes on an alert: pure functions from the alert to its changes.

Each returns None when the alert already is as asked, so repeating an action is a no-op (no write, no
audit record, no live update). Status moves:

* ``open`` → ``acknowledged`` on acknowledge, and back on unacknowledge; an escalated or closed
  alert keeps its status, but the acknowledgement is still recorded or cleared;
* any status → ``escalated`` when linked to an incident (the link is kept once made);
* any status → ``closed``, with who, when and why; closing again keeps the first record.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

Changes = dict[str, Any]
MAX_SUMMARY: Final = 500
MAX_TAG: Final = 100
MAX_TAGS: Final = 100
#: Alert severities (syslog's, as MozDef's alerts use them, or the incident scale itself) on the
#: incident scale; an alert severity not listed leaves the incident at its default.
INCIDENT_SEVERITY: Final = {
    "DEBUG": "LOW",
    "INFO": "LOW",
    "NOTICE": "LOW",
    "LOW": "LOW",
    "WARNING": "MEDIUM",
    "MEDIUM": "MEDIUM",
    "ERROR": "HIGH",
    "HIGH": "HIGH",
    "CRITICAL": "CRITICAL",
    "ALERT": "CRITICAL",
    "EMERGENCY": "CRITICAL",
}


def acknowledge(alert: Mapping[str, Any], *, actor: str, now: str) -> Changes | None:
    changes: Changes = {}
    if not alert.get("acknowledged"):
        changes["acknowledged"] = {"by": actor, "at": now}
    if alert.get("status") == "open":
        changes["status"] = "acknowledged"
    return changes or None


def unacknowledge(alert: Mapping[str, Any]) -> Changes | None:
    changes: Changes = {}
    if alert.get("acknowledged"):
        changes["acknowledged"] = None  # None removes the key
    if alert.get("status") == "acknowledged":
        changes["status"] = "open"
    return changes or None


def assign(alert: Mapping[str, Any], *, assignee: str | None) -> Changes | None:
    if alert.get("assignee") == assignee:
        return None
    return {"assignee": assignee}


def close(alert: Mapping[str, Any], *, actor: str, reason: str, now: str) -> Changes | None:
    if alert.get("status") == "closed":
        return None
    return {"status": "closed", "closed": {"by": actor, "at": now, "reason": reason}}


def escalate(alert: Mapping[str, Any], *, incident_id: str) -> Changes | None:
    changes: Changes = {}
    if alert.get("incident_id") != incident_id:
        changes["incident_id"] = incident_id
    if alert.get("status") != "escalated":
        changes["status"] = "escalated"
    return changes or None


def incident_fields(alert: Mapping[str, Any], *, summary: str | None) -> dict[str, Any]:
    """The new incident an alert is escalated into: its words, its severity, a link back to it.

    Shaped to what an incident accepts: its severity scale, at most 500 characters of summary,
    100 tags of at most 100 characters each.
    """
    lines = [f"Escalated from alert {alert['id']}."]
    if alert.get("rule_id"):
        lines.append(f"Rule: {alert['rule_id']}.")
    if alert.get("category"):
        lines.append(f"Category: {alert['category']}.")
    if isinstance(alert.get("event_count"), int):
        lines.append(f"Matching events: {alert['event_count']}.")
    lines.append(str(alert.get("summary", "")))
    tags = [str(tag).strip() for tag in alert.get("tags") or []]
    if alert.get("category"):
        tags.append(str(alert["category"]).strip())  # incidents have no category: kept as a tag
    fields: dict[str, Any] = {
        "summary": (summary or alert.get("summary") or f"Alert {alert['id']}")[:MAX_SUMMARY],
        "description": "\n".join(lines),
        "tags": list(dict.fromkeys(t[:MAX_TAG] for t in tags if t))[:MAX_TAGS],
        "links": [{"kind": "alert", "id": alert["id"]}],
    }
    severity = INCIDENT_SEVERITY.get(str(alert.get("severity", "")).upper())
    if severity:
        fields["severity"] = severity
    return fields
