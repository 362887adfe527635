"""SquidAccess: squid access.log lines in squid's native format, parsed into the proxy event shape.

The line is the event's summary (a syslog ``squid[pid]:`` prefix is allowed)::

    time elapsed client action/code size method URL user hierarchy/from type

for instance ``1764268201.250    120 192.0.2.10 TCP_DENIED/403 3912 GET http://example.com/a.exe -
HIER_NONE/- text/html``. It sets, in ``details``, the fields the built-in proxy rules read:

* ``proxyaction`` (squid's result code, ``TCP_DENIED``, ``TCP_TUNNEL``, ``TCP_MISS`` …), ``status``
  (int), ``method``, ``destination`` (the URL, or ``host:port`` for ``CONNECT``), ``host`` (lower
  case), ``destinationport`` (the URL's port, else the scheme's: 80, 443, 21), ``path`` when the URL
  has one;
* ``sourceipaddress`` (``sourcehostname`` when squid logged a name), ``user`` when not ``-``,
  ``bytes`` and ``elapsed`` (ms) as ints, ``hierarchy``, ``destinationipaddress`` (the server squid
  reached, when an address), ``contenttype`` when not ``-``;

and ``category`` = ``proxy`` (a shipper's ``squid`` is kept: the rules take both), ``source`` =
``squid``, ``processname`` = ``squid`` when unknown, ``utctimestamp`` from the line's own time, tags
``squid`` and ``proxy``, and ``summary`` = ``"<client> <method> <URL> <action>/<status>"`` (the line
itself is kept as ``details.message``). A line that does not have this form is left alone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlsplit

from mozdef_common.event import DEFAULTS
from mozdef_common.types import Event
from mozdef_enrich.plugins.ipfixup import canonical_address
from mozdef_enrich.timestamps import from_epoch

CATEGORY: Final = "proxy"
_LINE: Final = re.compile(
    r"(?:^|\s|squid\[\d+\]:\s*)"
    r"(?P<time>\d{9,11}\.\d{1,6})\s+(?P<elapsed>-?\d+)\s+(?P<client>\S+)\s+"
    r"(?P<action>[A-Z][A-Z_]*)/(?P<status>\d{3})\s+(?P<bytes>\d+)\s+(?P<method>[A-Za-z_-]+)\s+"
    r"(?P<url>\S+)\s+(?P<user>\S+)\s+(?P<hierarchy>[A-Z][A-Z_]*)/(?P<peer>\S+)(?:\s+(?P<type>\S+))?\s*$"
)
_DEFAULT_PORTS: Final = {"http": 80, "https": 443, "ftp": 21, "ws": 80, "wss": 443, "gopher": 70}
_CATEGORIES: Final = frozenset(("proxy", "squid"))


class SquidAccess:
    name = "squid"
    priority = 10  # before ipfixup, which then checks the addresses
    keeps_schema = True
    registration = (
        "processname~squid",
        "summary~ TCP_",
        "summary~ UDP_",
        "summary~ NONE",
        "summary~HIER_",
    )

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        line = event["summary"]
        parsed = parse_squid(line)
        if parsed is None:
            return event
        when, found = parsed
        details = event["details"]
        if "message" not in details:
            details["message"] = line
        details.update(found)
        event["utctimestamp"] = event["timestamp"] = when
        if event["category"] not in _CATEGORIES:
            event["category"] = CATEGORY
        event["source"] = "squid"
        if event["processname"] in (DEFAULTS["processname"], ""):
            event["processname"] = "squid"
        client = found.get("sourceipaddress") or found.get("sourcehostname")
        event["summary"] = (
            f"{client} {found['method']} {found['destination']} {found['proxyaction']}/{found['status']}"
        )
        for tag in ("squid", CATEGORY):
            if tag not in event["tags"]:
                event["tags"].append(tag)
        return event


def parse_squid(line: str) -> tuple[str, dict[str, Any]] | None:
    """The time (stored form) and details of a native-format access.log line, or ``None``."""
    match = _LINE.search(line)
    if match is None:
        return None
    when = from_epoch(float(match["time"]))
    if when is None:
        return None
    found: dict[str, Any] = {
        "proxyaction": match["action"],
        "status": int(match["status"]),
        "bytes": int(match["bytes"]),
        "elapsed": int(match["elapsed"]),
        "method": match["method"].upper(),
        "destination": match["url"],
    }
    target = _target(found["method"], match["url"])
    if target is None:
        return None
    found.update(target)
    client = canonical_address(match["client"])
    if client is None:
        found["sourcehostname"] = match["client"]  # log_fqdn on: squid wrote the client's name
    else:
        found["sourceipaddress"] = client
    if match["user"] != "-":
        found["user"] = match["user"]
    found["hierarchy"] = match["hierarchy"]
    peer = canonical_address(match["peer"]) if match["peer"] != "-" else None
    if peer is not None:
        found["destinationipaddress"] = peer
    if match["type"] and match["type"] != "-":
        found["contenttype"] = match["type"]
    return when.isoformat(timespec="microseconds"), found


def _target(method: str, url: str) -> dict[str, Any] | None:
    """Host, port and path of the requested URL (``host:port`` for CONNECT); ``None`` if unreadable."""
    if url.startswith("error:"):
        return {}  # squid's placeholder for a request it could not parse
    if method == "CONNECT" or "://" not in url:
        host, _, port_text = url.rpartition(":")
        if not host or not port_text.isdigit() or int(port_text) > 65535:
            return {} if method != "CONNECT" else None
        return {"host": host.strip("[]").lower(), "destinationport": int(port_text)}
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:  # a port that is not a number or out of range
        return None
    found: dict[str, Any] = {}
    if parts.hostname:
        found["host"] = parts.hostname
    scheme = parts.scheme.lower()
    if port is not None:
        found["destinationport"] = port
    elif scheme in _DEFAULT_PORTS:
        found["destinationport"] = _DEFAULT_PORTS[scheme]
    if parts.path:
        found["path"] = parts.path
    return found
