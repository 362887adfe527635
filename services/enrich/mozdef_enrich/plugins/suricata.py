"""SuricataEve: Suricata EVE JSON records mapped to the event schema.

An EVE record is recognised by ``event_type`` next to ``src_ip`` or ``flow_id`` (normalization keeps
both in ``details``, and already took EVE's ``timestamp`` for ``utctimestamp`` and the sensor's ``host``,
set by EVE's ``sensor-name``, for ``hostname``). Every event type is mapped; ``alert``, ``dns``, ``http``,
``tls`` and ``flow`` get a summary of their own.

It sets:

* ``details.sourceipaddress`` / ``sourceport`` / ``destinationipaddress`` / ``destinationport`` from
  ``src_ip`` / ``src_port`` / ``dest_ip`` / ``dest_port`` (which stay too, as Suricata users search them);
* ``category`` = ``suricata``, ``source`` = the event type (as MozDef's Suricata plugin did), tags
  ``suricata`` and the event type;
* for alerts: ``summary`` = ``alert.signature`` and the flow, ``severity`` from ``alert.severity``
  (1 ``CRITICAL``, 2 ``WARNING``, 3 ``NOTICE``, other ``INFO``), ``details.signature``,
  ``signatureid``, ``alertcategory``, ``alertaction`` (``allowed``/``blocked``);
* otherwise ``summary`` = ``"<src> -> <dest>:<port> <proto>"`` and what the record is about (DNS
  name, type and answer code; HTTP method, host, URL and status; TLS version and SNI; flow state,
  packets and bytes).

Everything else stays where it was. A record whose addresses or ports are not addresses or ports is
left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from mozdef_common.types import Event
from mozdef_enrich.plugins.ipfixup import canonical_address

CATEGORY: Final = "suricata"
_SEVERITIES: Final = {1: "CRITICAL", 2: "WARNING", 3: "NOTICE"}
_FIELDS: Final = (
    ("src_ip", "src_port", "source"),
    ("dest_ip", "dest_port", "destination"),
)


class SuricataEve:
    name = "suricata"
    priority = 10  # after lowercase_keys, before ipfixup
    keeps_schema = True
    registration = ("details.event_type",)

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        details = event["details"]
        kind = details.get("event_type")
        if not isinstance(kind, str) or not kind or ("src_ip" not in details and "flow_id" not in details):
            return event
        found = _endpoints(details)
        if found is None:
            return event
        alert = details.get("alert")
        if kind == "alert" and not isinstance(alert, dict):
            return event
        details.update(found)
        event["category"] = CATEGORY
        event["source"] = kind
        for tag in (CATEGORY, kind):
            if tag not in event["tags"]:
                event["tags"].append(tag)
        flow = _flow(details, found)
        if isinstance(alert, dict) and kind == "alert":
            _alert(event, alert, flow)
        else:
            event["summary"] = " ".join(part for part in (flow, *_about(kind, details)) if part)
        return event


def _endpoints(details: Mapping[str, Any]) -> dict[str, Any] | None:
    found: dict[str, Any] = {}
    for ip_key, port_key, side in _FIELDS:
        ip = details.get(ip_key)
        if ip is not None:
            address = canonical_address(ip) if isinstance(ip, str) else None
            if address is None:
                return None
            found[side + "ipaddress"] = address
        port = details.get(port_key)
        if port is not None:
            if type(port) is not int or not 0 <= port <= 65535:
                return None
            found[side + "port"] = port
    return found


def _flow(details: Mapping[str, Any], found: Mapping[str, Any]) -> str:
    if "sourceipaddress" not in found:
        return ""
    destination = found.get("destinationipaddress", "?")
    if "destinationport" in found:
        # An IPv6 address is bracketed before its port, as in a URL.
        destination = f"[{destination}]" if ":" in destination else destination
        destination += f":{found['destinationport']}"
    text = f"{found['sourceipaddress']} -> {destination}"
    return f"{text} {_text(details.get('proto'))}".strip()


def _alert(event: Event, alert: Mapping[str, Any], flow: str) -> None:
    details = event["details"]
    signature = _text(alert.get("signature"))
    for key, name in (
        ("signature", "signature"),
        ("signature_id", "signatureid"),
        ("category", "alertcategory"),
        ("action", "alertaction"),
    ):
        value = alert.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            details[name] = value
    severity = alert.get("severity")
    event["severity"] = _SEVERITIES.get(severity, "INFO") if type(severity) is int else "INFO"
    event["summary"] = f"{signature or 'Suricata alert'} {flow}".strip()


def _about(kind: str, details: Mapping[str, Any]) -> list[str]:
    """What a record of ``kind`` is about, as summary words."""
    part = details.get(kind)
    if not isinstance(part, dict):
        return [kind]
    if kind == "dns":
        query = part
        queries = part.get("queries")  # EVE DNS version 3 lists the questions
        if isinstance(queries, list) and queries and isinstance(queries[0], dict):
            query = queries[0]
        words = ["DNS", _text(part.get("type")), _text(query.get("rrtype")), _text(query.get("rrname"))]
        return [*words, _text(part.get("rcode"))]
    if kind == "http":
        target = _text(part.get("hostname")) + _text(part.get("url"))
        return [_text(part.get("http_method")), target, _text(part.get("status"))]
    if kind == "tls":
        return ["TLS", _text(part.get("version")), _text(part.get("sni"))]
    if kind == "flow":
        packets = _count(part, "pkts_toserver", "pkts_toclient")
        sent = _count(part, "bytes_toserver", "bytes_toclient")
        return [
            _text(details.get("app_proto")),
            _text(part.get("state")),
            f"{packets} packets" if packets is not None else "",
            f"{sent} bytes" if sent is not None else "",
        ]
    return [kind]


def _count(part: Mapping[str, Any], *keys: str) -> int | None:
    total = 0
    for key in keys:
        value = part.get(key)
        if type(value) is not int:
            return None
        total += value
    return total


def _text(value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
