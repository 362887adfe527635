"""``pagerduty``: trigger an incident through the PagerDuty Events API v2.

Spec: ``routing_key_env`` (required: the environment variable holding the integration's routing
key), ``url`` (optional: another endpoint, e.g. a regional one or a test receiver; default
``MOZDEF_PAGERDUTY_URL``). The event's ``dedup_key`` is the alert's ``dedup_key`` (its id when it has
none), so PagerDuty folds retries and repeated alerts into one incident.
"""

from __future__ import annotations

from typing import Any, Final

import orjson

from mozdef_alerter.actions.base import ActionContext, Alert, Outcome, Spec
from mozdef_alerter.actions.deliver import post

#: MozDef's severities onto the four PagerDuty knows.
SEVERITY: Final = {
    "DEBUG": "info",
    "INFO": "info",
    "NOTICE": "info",
    "WARNING": "warning",
    "ERROR": "error",
    "CRITICAL": "critical",
    "ALERT": "critical",
    "EMERGENCY": "critical",
}


def trigger(alert: Alert, routing_key: str, link: str | None) -> dict[str, Any]:
    """The Events API v2 trigger event for ``alert``."""
    summary = str(alert.get("summary") or alert.get("rule_name") or "MozDef alert")
    event: dict[str, Any] = {
        "routing_key": routing_key,
        "event_action": "trigger",
        "dedup_key": str(alert.get("dedup_key") or alert.get("id")),
        "client": "MozDef",
        "payload": {
            "summary": summary[:1024],  # the API's limit
            "source": "mozdef",
            "severity": SEVERITY.get(str(alert.get("severity", "")).upper(), "warning"),
            "timestamp": alert.get("utctimestamp"),
            "component": alert.get("rule_id"),
            "group": alert.get("category"),
            "class": alert.get("rule_type"),
            "custom_details": {
                "alert_id": alert.get("id"),
                "event_count": alert.get("event_count"),
                "tags": alert.get("tags"),
                "group": alert.get("group"),
            },
        },
    }
    event["payload"] = {k: v for k, v in event["payload"].items() if v is not None}
    if link:
        event["client_url"] = link
        event["links"] = [{"href": link, "text": "Open the alert in MozDef"}]
    return event


class PagerDuty:
    name = "pagerduty"

    def check(self, spec: Spec) -> None:
        if not isinstance(spec.get("routing_key_env"), str) or not spec["routing_key_env"]:
            raise ValueError("routing_key_env: the environment variable holding the routing key")
        url = spec.get("url")
        if url is not None and (not isinstance(url, str) or not url.startswith(("http://", "https://"))):
            raise ValueError("url: an http:// or https:// URL")

    async def run(self, alert: Alert, spec: Spec, ctx: ActionContext) -> Outcome:
        event = trigger(alert, ctx.secret(spec["routing_key_env"]), ctx.alert_url(alert))
        url = str(spec.get("url") or ctx.settings.pagerduty_url)
        return await post(ctx.http, url, orjson.dumps(event), {})
