"""What the HTTP actions share: one POST with an answer classified, and the alert's readable lines."""

from __future__ import annotations

from collections.abc import Mapping

import httpx

from mozdef_alerter.actions.base import ActionFailed, Alert, Outcome

# 408 and 429 mean "later"; other 4xx mean the request itself is wrong, so trying again cannot help.
_RETRYABLE_4XX = frozenset({408, 425, 429})


async def post(
    http: httpx.AsyncClient,
    url: str,
    body: bytes,
    headers: Mapping[str, str],
    *,
    url_is_secret: bool = False,
) -> Outcome:
    """POST ``body``; an Outcome on 2xx, ActionFailed otherwise (retryable on 5xx, 408, 429, transport).

    With ``url_is_secret`` (chat webhooks carry their token in the URL) errors never show the URL.
    """
    where = "the webhook" if url_is_secret else url
    try:
        response = await http.post(url, content=body, headers={"content-type": "application/json", **headers})
    except httpx.InvalidURL:
        raise ActionFailed(f"{where} is not a valid URL", retryable=False) from None
    except httpx.HTTPError as exc:
        # The type is enough to tell a refused connection from a timeout; messages may hold the URL.
        raise ActionFailed(f"{type(exc).__name__} posting to {where}") from None
    status = response.status_code
    if 200 <= status < 300:
        return Outcome(status=str(status))
    retryable = status >= 500 or status in _RETRYABLE_4XX
    raise ActionFailed(f"{where} answered {status}", retryable=retryable, status=str(status))


def headline(alert: Alert) -> str:
    """``[WARNING] 12 failed SSH logins from 203.0.113.7``"""
    severity = str(alert.get("severity") or "INFO").upper()
    return f"[{severity}] {alert.get('summary') or alert.get('rule_name') or 'MozDef alert'}"


def facts(alert: Alert) -> list[tuple[str, str]]:
    """The alert's key facts, in the order people read them."""
    out = [
        ("Rule", str(alert.get("rule_name") or alert.get("rule_id") or "")),
        ("Category", str(alert.get("category") or "")),
        ("Events", str(alert.get("event_count", ""))),
        ("First seen", str(alert.get("utctimestamp") or "")),
    ]
    group = alert.get("group")
    if isinstance(group, Mapping):
        out += [(str(k), str(v)) for k, v in group.items()]
    return [(k, v) for k, v in out if v]
