"""Auditd: Linux audit records (``type=… msg=audit(<time>:<serial>): key=value …``) parsed into details.

The record is the event's summary, as auditd writes it to audit.log or audisp sends it to syslog
(``node=<host>`` first when ``name_format`` is set; a syslog ``audit:`` / ``audispd:`` prefix is
allowed). Several records of one event (SYSCALL, EXECVE, CWD, PATH, PROCTITLE … sharing a serial) may
come in one summary, one per line. Values in double quotes are text; unquoted hex (EXECVE arguments
and PROCTITLE holding spaces) is decoded; a quoted ``msg='…'`` of a user-space record (USER_LOGIN,
USER_AUTH, USER_CMD …) is read as more fields; ``log_format=ENRICHED``'s translated fields (after a
``\\x1d``) become ``<name>_name`` (``AUID="alice"`` → ``auid_name``).

It sets, in ``details``:

* ``audittype`` (``SYSCALL``, ``USER_LOGIN`` …, the first record's), ``auditserial`` (int),
  ``audittypes`` (every record's type, in order), and the first record's fields under their own
  names (``pid``, ``uid``, ``auid``, ``ses``, ``comm``, ``exe``, ``syscall``, ``key``, ``op``, ``acct``,
  ``res`` …; later records' fields are added when the name is free);
* ``success``: ``true``/``false`` from ``success=yes|no`` or ``res=success|failed`` (``1``/``0``);
* ``username`` (``acct``, else the enriched ``auid_name``/``uid_name``), ``sourceipaddress`` (``addr``
  when an address), ``sourcehostname`` (``hostname`` when not ``?`` and not the address), ``terminal``;
* ``command`` (EXECVE's arguments joined by spaces), ``args`` (the list), ``proctitle`` (decoded),
  ``paths`` (the PATH records' ``name`` values), ``cwd``;

and ``category`` = ``auditd``, ``source`` = ``auditd``, ``hostname`` = ``node`` when given,
``processname`` = ``comm`` (else the ``exe``'s base name) and ``processid`` = ``pid`` when the event's
were unknown or auditd's own, ``utctimestamp`` from ``msg=audit(…)``, tags ``auditd`` and the type in
lower case. The summary stays the record text. Text that is not an audit record is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from mozdef_common.event import DEFAULTS
from mozdef_common.types import Event
from mozdef_enrich.plugins.ipfixup import canonical_address
from mozdef_enrich.timestamps import from_epoch

CATEGORY: Final = "auditd"
_HEADER: Final = re.compile(
    r"(?:node=(?P<node>\S+)\s+)?type=(?P<type>[A-Z0-9_]+|UNKNOWN\[\d+\])\s+"
    r"msg=audit\((?P<time>\d{9,11}(?:\.\d{1,6})?):(?P<serial>\d+)\):\s*"
)
_PAIR: Final = re.compile(r"""([A-Za-z0-9_-]+)=("[^"]*"|'[^']*'|\S*)""")
_HEX: Final = re.compile(r"(?:[0-9A-F]{2})+")
# Processes that forward audit records: their name says nothing about the audited process.
_FORWARDERS: Final = frozenset(
    (DEFAULTS["processname"].lower(), "", "audit", "auditd", "audispd", "audisp-syslog", "kernel")
)
_SUCCESS: Final = {"yes": True, "success": True, "1": True, "no": False, "failed": False, "0": False}
# Fields whose unquoted value auditd hex-encodes (when it holds spaces or quotes), by record type;
# elsewhere unquoted values are numbers (SYSCALL's a0..a3 are hex numbers, never text).
_ENCODED: Final = {
    "EXECVE": re.compile(r"a\d+"),
    "PROCTITLE": re.compile(r"proctitle"),
    "PATH": re.compile(r"name|comm|exe"),
    "CWD": re.compile(r"cwd"),
}
_ANY_ENCODED: Final = re.compile(r"comm|exe|acct")
_ARG: Final = re.compile(r"a\d+")


class Auditd:
    name = "auditd"
    priority = 10  # before ipfixup, which then checks the address
    registration = ("summary~msg=audit(",)

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        parsed = parse_audit(event["summary"])
        if parsed is None:
            return event
        when, node, found = parsed
        event["details"].update(found)
        event["utctimestamp"] = event["timestamp"] = when
        event["category"] = CATEGORY
        event["source"] = CATEGORY
        if node:
            event["hostname"] = node
        if event["processname"].lower() in _FORWARDERS:
            name = found.get("comm") or str(found.get("exe", "")).rsplit("/", 1)[-1]
            if isinstance(name, str) and name:
                event["processname"] = name
            pid = found.get("pid")
            if isinstance(pid, str) and pid.isdigit():
                event["processid"] = pid
        for tag in (CATEGORY, found["audittype"].lower()):
            if tag not in event["tags"]:
                event["tags"].append(tag)
        return event


def parse_audit(text: str) -> tuple[str, str | None, dict[str, Any]] | None:
    """The time (stored form), node and details of the audit records in ``text``; ``None`` if none."""
    records: list[tuple[str, dict[str, str]]] = []
    first: re.Match[str] | None = None
    # Not splitlines(): it also splits at \x1d, which separates ENRICHED fields within a record.
    for line in text.split("\n"):
        header = _HEADER.search(line)
        if header is None:
            continue
        if first is None:
            first = header
        elif header["serial"] != first["serial"]:
            continue  # another event's record: never mix two events
        records.append((header["type"], _fields(header["type"], line[header.end() :])))
    if first is None:
        return None
    when = from_epoch(float(first["time"]))
    if when is None:
        return None
    found: dict[str, Any] = {
        "audittype": first["type"],
        "auditserial": int(first["serial"]),
        "audittypes": [kind for kind, _ in records],
    }
    args: dict[int, str] = {}
    paths: list[str] = []
    for kind, fields in records:
        if kind == "EXECVE":
            args.update({int(key[1:]): value for key, value in fields.items() if _ARG.fullmatch(key)})
            continue
        if kind == "PATH" and "name" in fields:
            paths.append(fields["name"])
            continue
        if kind == "PROCTITLE" and "proctitle" in fields:
            found["proctitle"] = fields["proctitle"].replace("\x00", " ").strip()
            continue
        for key, value in fields.items():
            found.setdefault(key, value)
    if args:
        found["args"] = [args[index] for index in sorted(args)]
        found["command"] = " ".join(found["args"])
    if paths:
        found["paths"] = paths
    _outcome(found)
    return when.isoformat(timespec="microseconds"), first["node"], found


def _fields(kind: str, text: str) -> dict[str, str]:
    """The key=value pairs of one record, with a user-space record's ``msg='…'`` read as pairs too."""
    text, _, enriched = text.partition("\x1d")
    fields: dict[str, str] = {}
    for key, raw in _PAIR.findall(text):
        if key == "msg" and raw.startswith("'"):
            for inner_key, inner_raw in _PAIR.findall(raw[1:-1]):
                fields.setdefault(inner_key.lower(), _value(kind, inner_key.lower(), inner_raw))
            continue
        fields.setdefault(key.lower(), _value(kind, key.lower(), raw))
    for key, raw in _PAIR.findall(enriched):
        fields[key.lower() + "_name"] = _value("", "", raw)
    return fields


def _value(kind: str, key: str, raw: str) -> str:
    if len(raw) >= 2 and raw[0] == raw[-1] and raw[0] in "\"'":
        return raw[1:-1]
    encoded = _ENCODED.get(kind)
    if ((encoded is not None and encoded.fullmatch(key)) or _ANY_ENCODED.fullmatch(key)) and _HEX.fullmatch(
        raw
    ):
        try:
            return bytes.fromhex(raw).decode("utf-8", "replace")
        except ValueError:
            return raw
    return raw


def _outcome(found: dict[str, Any]) -> None:
    for key in ("success", "res", "result"):
        value = found.get(key)
        if isinstance(value, str) and value.lower() in _SUCCESS:
            found["success"] = _SUCCESS[value.lower()]
            break
    else:
        if "success" in found:  # neither yes nor no: kept, but not where a boolean belongs
            found["success_invalid"] = found.pop("success")
    user = found.get("acct") or found.get("auid_name") or found.get("uid_name")
    if isinstance(user, str) and user and user not in ("?", "unset", "(unknown)"):
        found["username"] = user
    addr = found.get("addr")
    if isinstance(addr, str) and addr not in ("?", ""):
        address = canonical_address(addr)
        if address is not None:
            found["sourceipaddress"] = address
    host = found.get("hostname")
    if isinstance(host, str) and host not in ("?", "") and host != addr:
        found["sourcehostname"] = host
