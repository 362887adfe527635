"""ZeekLogs: Zeek (Bro) JSON log records, one per event, mapped to the event schema.

Zeek writes flat keys such as ``id.orig_h``; normalization nests them, so a record arrives as
``details.id.orig_h`` with the rest of its fields beside it in ``details``. The log is named by
``_path`` (written by Zeek's JSON streaming logs and by most shippers) or, without it, told by the
fields only that log has: ``conn`` (``conn_state``), ``dns`` (``query``/``trans_id``), ``http``
(``method``/``trans_depth``), ``ssl`` (``cipher``/``server_name``), ``ssh`` (``auth_success``),
``notice`` (``note``), ``files`` (``fuid``). Any other log with a ``_path`` is mapped the generic
way. Every record must have ``ts``; one without ``_path`` must also have ``uid`` or ``fuid``.

It sets:

* ``details.sourceipaddress`` / ``sourceport`` / ``destinationipaddress`` / ``destinationport`` from
  ``id.orig_h`` / ``orig_p`` / ``resp_h`` / ``resp_p`` (``notice``: ``src``/``dst``/``p``; old
  ``files`` logs: the first of ``tx_hosts`` / ``rx_hosts``); ports are ints;
* ``details.zeeklog``: the log name;
* ``category`` = ``zeek``, ``source`` = the log name (as MozDef's Bro plugin did), tags ``zeek`` and
  the log name;
* ``utctimestamp`` from ``ts`` (epoch seconds, or ISO 8601 with ``JSON::use_json_iso8601``);
* ``summary``: ``"<orig> -> <resp>:<port> <proto>"`` followed by what the log is about (the DNS
  query and answer code, the HTTP request and status, the TLS server name, the SSH outcome, the
  file's type and name, the notice's name and message);
* ``details.success`` (``ssh``: ``auth_success``); ``severity`` ``NOTICE`` for ``notice`` records.

Zeek's own keys stay in ``details``. Two of them are taken by normalization for event fields and
given back: ``http``'s ``host`` (the Host header, not the sensor) returns to ``details.host`` when
nothing else set it, and ``files``' ``source`` (``HTTP``, ``SMTP`` …) returns to ``details.source``.
A record whose ``id`` is not an object of addresses, or whose ``ts`` is not a time, is left alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from mozdef_common.event import DEFAULTS
from mozdef_common.types import Event
from mozdef_enrich.plugins.ipfixup import canonical_address
from mozdef_enrich.timestamps import parse_time_iso

CATEGORY: Final = "zeek"
# A log's telling field, for records shipped without _path; checked in this order.
_SIGNATURES: Final = (
    ("conn", "conn_state"),
    ("dns", "trans_id"),
    ("dns", "qtype_name"),
    ("http", "trans_depth"),
    ("ssl", "cipher"),
    ("ssl", "server_name"),
    ("ssh", "auth_success"),
    ("ssh", "auth_attempts"),
    ("notice", "note"),
    ("files", "fuid"),
)


class ZeekLogs:
    name = "zeek"
    priority = 10  # after lowercase_keys, before sshd and ipfixup (which then check the addresses)
    keeps_schema = True
    registration = ("details._path", "details.id.orig_h", "details.uid", "details.fuid")

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        details = event["details"]
        log = zeek_log(details)
        if log is None:
            return event
        endpoints = _endpoints(log, details)
        if endpoints is None:
            return event
        received = meta.get("received")
        when = parse_time_iso(details["ts"], received) if isinstance(received, datetime) else None
        if when is None:
            return event  # not a Zeek record after all: leave it as it was
        _give_back(event, log)
        for key, value in endpoints.items():
            details[key] = value
        details["zeeklog"] = log
        event["utctimestamp"] = event["timestamp"] = when
        event["category"] = CATEGORY
        event["source"] = log
        event["summary"] = zeek_summary(log, details, endpoints)
        if log == "notice":
            event["severity"] = "NOTICE"
        if log == "ssh" and type(details.get("auth_success")) is bool:
            details["success"] = details["auth_success"]
        for tag in (CATEGORY, log):
            if tag not in event["tags"]:
                event["tags"].append(tag)
        return event


def zeek_log(details: Mapping[str, Any]) -> str | None:
    """The log a record comes from (``conn``, ``dns`` …), or ``None`` when it is not a Zeek record.

    Every Zeek record has ``ts``; without ``_path`` it must also carry a connection or file id
    (``uid``, ``fuid``) and one of the telling fields.
    """
    if "ts" not in details:
        return None
    path = details.get("_path")
    if isinstance(path, str) and path.strip():
        return path.strip().lower()
    if path is not None or ("uid" not in details and "fuid" not in details):
        return None
    for log, key in _SIGNATURES:
        if key in details:
            return log
    return None


def _endpoints(log: str, details: Mapping[str, Any]) -> dict[str, Any] | None:
    """The four connection fields the record gives; ``None`` when what it gives is malformed."""
    found: dict[str, Any] = {}
    ids = details.get("id")
    if ids is not None:
        if not isinstance(ids, dict):
            return None
        pairs = (("orig_h", "orig_p", "source"), ("resp_h", "resp_p", "destination"))
        for host_key, port_key, side in pairs:
            if not _put(found, side, ids.get(host_key), ids.get(port_key)):
                return None
    elif log == "notice":
        source = _put(found, "source", details.get("src"), None)
        if not (source and _put(found, "destination", details.get("dst"), details.get("p"))):
            return None
    elif log == "files":
        for key, side in (("tx_hosts", "source"), ("rx_hosts", "destination")):
            hosts = details.get(key)
            if isinstance(hosts, list) and hosts and not _put(found, side, hosts[0], None):
                return None
    return found


def _put(found: dict[str, Any], side: str, host: Any, port: Any) -> bool:
    if host is not None:
        address = canonical_address(host) if isinstance(host, str) else None
        if address is None:
            return False
        found[side + "ipaddress"] = address
    if port is not None:
        # Zeek writes ports as counts; notice's "p" may be "80/tcp" in some shippers.
        text = port.split("/", 1)[0] if isinstance(port, str) else port
        if isinstance(text, str) and text.isdigit():
            text = int(text)
        if type(text) is not int or not 0 <= text <= 65535:
            return False
        found[side + "port"] = text
    return True


def _give_back(event: Event, log: str) -> None:
    """Return the Zeek fields normalization read as event fields to ``details``."""
    details = event["details"]
    if log == "http" and "host" not in details and event["hostname"] != DEFAULTS["hostname"]:
        # http.log's "host" is the Host header; with no other host key it became the hostname.
        details["host"] = event["hostname"]
        event["hostname"] = DEFAULTS["hostname"]
    if log == "files" and "source" not in details and event["source"] != DEFAULTS["source"]:
        details["source"] = event["source"]


def zeek_summary(log: str, details: Mapping[str, Any], endpoints: Mapping[str, Any]) -> str:
    """``"<orig> -> <resp>:<port> <proto>"`` and what the log is about."""
    parts: list[str] = []
    if "sourceipaddress" in endpoints or "destinationipaddress" in endpoints:
        destination = endpoints.get("destinationipaddress", "?")
        if "destinationport" in endpoints:
            # An IPv6 address is bracketed before its port, as in a URL.
            destination = f"[{destination}]" if ":" in destination else destination
            destination += f":{endpoints['destinationport']}"
        parts.append(f"{endpoints.get('sourceipaddress', '?')} -> {destination}")
    parts.append(_text(details.get("proto")))
    if log == "conn":
        parts += [_text(details.get("service")), _text(details.get("conn_state"))]
    elif log == "dns":
        parts += ["DNS", _text(details.get("qtype_name")), _text(details.get("query"))]
        parts.append(_text(details.get("rcode_name")))
    elif log == "http":
        target = _text(details.get("host")) + _text(details.get("uri"))
        parts += [_text(details.get("method")), target, _text(details.get("status_code"))]
    elif log == "ssl":
        parts += ["TLS", _text(details.get("version")), _text(details.get("server_name"))]
    elif log == "ssh":
        success = details.get("auth_success")
        outcome = "" if type(success) is not bool else "success" if success else "failure"
        parts += ["SSH", outcome, _text(details.get("client"))]
    elif log == "notice":
        parts += [_text(details.get("note")), _text(details.get("msg"))]
    elif log == "files":
        name = details.get("filename")
        digest = details.get("sha256") or details.get("sha1") or details.get("md5")
        parts += ["file", _text(details.get("mime_type")), _text(name), _text(digest)]
    else:
        parts.insert(0, log)
    return " ".join(part for part in parts if part) or f"zeek {log}"


def _text(value: Any) -> str:
    if value is None or isinstance(value, dict | list):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
