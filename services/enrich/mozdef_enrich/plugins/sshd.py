"""SshdParser: who tried to log in over SSH, from where, how, and whether it worked.

Runs on events whose ``processname`` contains ``sshd`` (``sshd``, OpenSSH 9.8's ``sshd-session``), or is
unknown and the summary looks like an sshd line, and reads the summary (a ``sshd[pid]:`` prefix is
allowed and fills ``processname``/``processid`` when those are unknown). It sets, in ``details``:

* ``action``: ``failed``, ``accepted``, ``invalid_user``, ``max_attempts``, ``disconnected`` or
  ``connection_closed``;
* ``username``, ``sourceipaddress`` (``sourcehostname`` when sshd logged a name), ``sourceport`` (int),
  ``authmethod`` (``password``, ``publickey``, ``keyboard-interactive/pam`` …);
* ``success``: ``true`` for accepted logins, ``false`` for failed attempts and invalid users; left unset
  for disconnections, which say nothing about an authentication;
* ``invaliduser``: ``true`` when sshd said the user does not exist;
* ``keytype`` and ``fingerprint`` for accepted keys (``RSA``, ``SHA256:…``).

The values parsed from the summary replace what the shipper set (its ``sourceipaddress`` is often the
syslog sender). ``category`` becomes ``authentication`` when it was the default ``event``; the tag
``sshd`` is added. Lines that match none of the forms are left as they are (only tagged).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

from mozdef_common.event import DEFAULTS
from mozdef_common.types import Event
from mozdef_enrich.plugins.ipfixup import canonical_address

_ADDR: Final = r"(?P<ip>\S+)"
_PORT: Final = r"port (?P<port>\d+)"
_USER: Final = r"(?P<invalid>invalid user )?(?P<user>\S*)"
_AUTHING: Final = r"(?:(?:authenticating |invalid )?user (?P<user>\S*) )?"
_PATTERNS: Final = (
    (
        "failed",
        re.compile(rf"Failed (?P<method>[\w/-]+) for {_USER} from {_ADDR} {_PORT}"),
    ),
    (
        "accepted",
        re.compile(
            rf"Accepted (?P<method>[\w/-]+) for (?P<user>\S+) from {_ADDR} {_PORT}"
            r"(?: ssh2)?(?:: (?P<keytype>\S+) (?P<fingerprint>\S+))?"
        ),
    ),
    ("invalid_user", re.compile(rf"Invalid user (?P<user>\S*) from {_ADDR}(?: {_PORT})?")),
    (
        "max_attempts",
        re.compile(rf"maximum authentication attempts exceeded for {_USER} from {_ADDR} {_PORT}"),
    ),
    ("disconnected", re.compile(rf"(?:Received disconnect|Disconnected) from {_AUTHING}{_ADDR} {_PORT}")),
    ("connection_closed", re.compile(rf"Connection (?:closed|reset) by {_AUTHING}{_ADDR} {_PORT}")),
)
_SUCCESS: Final = {"failed": False, "accepted": True, "invalid_user": False, "max_attempts": False}
_UNNAMED: Final = frozenset((DEFAULTS["processname"], ""))
_PREFIX: Final = re.compile(r"(?:\S+ )?(?P<name>sshd(?:-session)?)\[(?P<pid>\d+)\]: ")


class SshdParser:
    name = "sshd"
    priority = 20
    keeps_schema = True
    registration = (
        "processname~sshd",
        "summary~sshd[",
        "summary~failed password for",
        "summary~failed publickey for",
        "summary~accepted password for",
        "summary~accepted publickey for",
        "summary~invalid user ",
        "summary~authenticating user ",
        "summary~maximum authentication attempts exceeded",
    )

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        summary = event["summary"]
        processname = event["processname"]
        if processname not in _UNNAMED and "sshd" not in processname.lower():
            return event  # another program's line that happens to read like sshd's
        prefix = _PREFIX.match(summary)
        if prefix is not None and processname in _UNNAMED:
            event["processname"] = prefix["name"]
            if not event["processid"]:
                event["processid"] = prefix["pid"]
        if "sshd" not in event["tags"]:
            event["tags"].append("sshd")
        parsed = parse_sshd(summary)
        if parsed is None:
            return event
        event["details"].update(parsed)
        if event["category"] == DEFAULTS["category"]:
            event["category"] = "authentication"
        return event


def parse_sshd(summary: str) -> dict[str, Any] | None:
    """The details an sshd log line tells, or ``None`` when it is not one of the known forms."""
    for action, pattern in _PATTERNS:
        match = pattern.search(summary)
        if match is None:
            continue
        groups = match.groupdict()
        found: dict[str, Any] = {"action": action}
        # With UseDNS sshd logs a host name where the address would be.
        address = canonical_address(groups["ip"])
        if address is None:
            found["sourcehostname"] = groups["ip"]
        else:
            found["sourceipaddress"] = address
        if groups.get("user") is not None:
            found["username"] = groups["user"]
        if groups.get("port") is not None:
            found["sourceport"] = int(groups["port"])
        if groups.get("method"):
            found["authmethod"] = groups["method"]
        if action in _SUCCESS:
            found["success"] = _SUCCESS[action]
        if action == "invalid_user" or groups.get("invalid"):
            found["invaliduser"] = True
        if groups.get("fingerprint"):
            found["keytype"] = groups["keytype"]
            found["fingerprint"] = groups["fingerprint"]
        return found
    return None
