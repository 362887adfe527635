"""``block_ip`` and ``block_domain``: put the alert's address or domain on the blocklist, for a while.

Spec: ``field`` (required: where the value is, a path looked up in the alert's ``group`` first, then
in its first event, then in that event's ``source``), ``expires`` (a duration, default ``24h``),
``reason`` (optional; default: the alert's summary). The entry is written straight to the state store
(collection ``blocklist``, the one ``/api/v1/blocklist`` and its feeds serve), with source
``alert:<rule id>`` and actor ``alerter``. Blocking a value again only ever extends its expiry.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from mozdef_alerter.actions.base import ActionContext, ActionFailed, Alert, Outcome, Spec
from mozdef_common.lists.entries import InvalidEntry, expiry
from mozdef_common.lists.store import add_entry, list_collection

DEFAULT_EXPIRES = "24h"


def _path(doc: Any, path: str) -> Any:
    if isinstance(doc, Mapping) and path in doc:  # flat keys ("details.sourceipaddress" in a group)
        return doc[path]
    for part in path.split("."):
        if not isinstance(doc, Mapping):
            return None
        doc = doc.get(part)
    return doc


def value_of(alert: Alert, field: str) -> str | None:
    """The value at ``field`` in the alert's group, its first event, or that event's source."""
    events = alert.get("events")
    first = events[0] if isinstance(events, list) and events else None
    for where in (alert.get("group"), first, first.get("source") if isinstance(first, Mapping) else None):
        found = _path(where, field)
        if isinstance(found, str | int) and not isinstance(found, bool) and str(found).strip():
            return str(found)
    return None


class _Block:
    name = ""
    kind = ""

    def check(self, spec: Spec) -> None:
        if not isinstance(spec.get("field"), str) or not spec["field"]:
            raise ValueError("field: where the value is (e.g. details.sourceipaddress)")
        try:
            expiry(str(spec.get("expires", DEFAULT_EXPIRES)), datetime.now(UTC))
        except InvalidEntry as exc:
            raise ValueError(str(exc)) from None
        if "reason" in spec and not isinstance(spec["reason"], str):
            raise ValueError("reason: a string")

    async def run(self, alert: Alert, spec: Spec, ctx: ActionContext) -> Outcome:
        field = str(spec["field"])
        value = value_of(alert, field)
        if value is None:
            raise ActionFailed(f"the alert has no value at {field}", retryable=False)
        try:
            expires = expiry(str(spec.get("expires", DEFAULT_EXPIRES)), datetime.now(UTC))
            op, doc = await add_entry(
                list_collection(ctx.state, "blocklist"),
                kind=self.kind,
                value=value,
                reason=str(spec.get("reason") or alert.get("summary") or ""),
                source=f"alert:{alert.get('rule_id', '')}",
                expires=expires,
                actor="alerter",
                keep_later=True,
            )
        except InvalidEntry as exc:
            raise ActionFailed(str(exc), retryable=False) from None
        return Outcome(detail=f"{op} blocklist entry {doc['id']} ({doc['value']} until {doc['expires']})")


class BlockIp(_Block):
    name = "block_ip"
    kind = "ip"


class BlockDomain(_Block):
    name = "block_domain"
    kind = "domain"
