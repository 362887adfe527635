"""Hand-written events as the enrich stage leaves them, one builder per kind of log the pack reads.

Each builder gives a realistic normalized event (see docs/events.md and the enrich plugins); keyword
arguments override what a test varies. Times are seconds after :data:`T0`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from mozdef_common.event import utc_iso
from mozdef_common.types import Event
from tests.support.events import make_event

T0 = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


def at(seconds: float) -> str:
    return utc_iso(T0 + timedelta(seconds=seconds))


def _event(seconds: float, details: dict[str, Any], **top: Any) -> Event:
    return make_event(utctimestamp=at(seconds), details=details, **top)


def sshd(
    seconds: float,
    action: str = "failed",
    ip: str = "203.0.113.7",
    user: str = "root",
    host: str = "web1.corp.example.com",
) -> Event:
    """An sshd line after the sshd parser: ``failed`` or ``accepted`` (publickey)."""
    port = 40000 + int(seconds) % 20000
    if action == "accepted":
        summary = f"Accepted publickey for {user} from {ip} port {port} ssh2: ED25519 SHA256:abcdefghijkl"
        details: dict[str, Any] = {
            "action": "accepted",
            "username": user,
            "sourceipaddress": ip,
            "sourceport": port,
            "authmethod": "publickey",
            "success": True,
            "keytype": "ED25519",
            "fingerprint": "SHA256:abcdefghijkl",
        }
    else:
        summary = f"Failed password for {user} from {ip} port {port} ssh2"
        details = {
            "action": action,
            "username": user,
            "sourceipaddress": ip,
            "sourceport": port,
            "authmethod": "password",
            "success": False,
        }
    return _event(
        seconds,
        details,
        category="authentication",
        source="authpriv",
        hostname=host,
        processname="sshd",
        processid="4242",
        summary=summary,
        tags=["syslog", "sshd"],
    )


def web(seconds: float, status: int = 401, ip: str = "198.51.100.23", category: str = "nginx") -> Event:
    """A web server access log line."""
    return _event(
        seconds,
        {
            "sourceipaddress": ip,
            "method": "POST",
            "path": "/login",
            "status": status,
            "bytes": 512,
            "useragent": "python-requests/2.32",
        },
        category=category,
        source="access",
        hostname="www1.corp.example.com",
        processname="nginx",
        summary=f'{ip} - - "POST /login HTTP/1.1" {status} 512',
    )


def proxy(
    seconds: float,
    url: str = "https://example.com/index.html",
    action: str = "TCP_DENIED/403",
    host: str | None = None,
    port: int | None = None,
    category: str = "squid",
) -> Event:
    """A Squid access log line."""
    domain = host or url.split("/")[2].split(":")[0]
    details: dict[str, Any] = {
        "sourceipaddress": "10.1.2.3",
        "destination": url,
        "host": domain,
        "proxyaction": action,
        "method": "CONNECT" if url.startswith(domain) else "GET",
        "status": int(action.split("/")[1]),
        "user": "alice",
    }
    if port is not None:
        details["destinationport"] = port
    return _event(
        seconds,
        details,
        category=category,
        source="squid",
        hostname="proxy1.corp.example.com",
        processname="squid",
        summary=f"{action} GET {url}",
    )


def cloudtrail(seconds: float, name: str = "StopLogging", **details: Any) -> Event:
    """A CloudTrail record as shipped (keys keep AWS's camelCase)."""
    body: dict[str, Any] = {
        "eventSource": "cloudtrail.amazonaws.com",
        "eventName": name,
        "awsRegion": "us-east-1",
        "sourceIPAddress": "192.0.2.44",
        "userIdentity": {
            "type": "IAMUser",
            "userName": "mallory",
            "arn": "arn:aws:iam::111122223333:user/mallory",
        },
        "requestParameters": {"name": "org-trail"},
        **details,
    }
    return _event(seconds, body, category="cloudtrail", source="cloudtrail", summary=f"{name} by mallory")


def gcp(seconds: float, method: str = "google.logging.v2.ConfigServiceV2.DeleteSink") -> Event:
    """A GCP Cloud Audit Logs entry."""
    return _event(
        seconds,
        {
            "protoPayload": {
                "methodName": method,
                "serviceName": "logging.googleapis.com",
                "resourceName": "projects/prod/sinks/audit-to-bq",
                "authenticationInfo": {"principalEmail": "mallory@example.com"},
            },
            "severity": "NOTICE",
        },
        category="gcp",
        source="gcp-audit",
        summary=method,
    )


def azure(seconds: float, operation: str = "Microsoft.Insights/DiagnosticSettings/Delete") -> Event:
    """An Azure Activity Log record."""
    return _event(
        seconds,
        {"operationName": operation, "caller": "mallory@example.com", "resultType": "Success"},
        category="azure",
        source="azure-activity",
        summary=operation,
    )


def ldap(seconds: float, result: str = "invalidCredentials", user: str = "jdoe", **details: Any) -> Event:
    """An LDAP bind (or modify) as the directory's log shipper sends it."""
    body: dict[str, Any] = {
        "action": "bind",
        "result": result,
        "username": user,
        "sourceipaddress": "10.20.30.40",
        "dn": f"uid={user},ou=people,dc=example,dc=com",
        **details,
    }
    return _event(
        seconds,
        body,
        category="ldap",
        source="slapd",
        hostname="ldap1.corp.example.com",
        processname="slapd",
        summary=f"BIND dn=uid={user} result={result}",
    )


def remote_access(seconds: float, category: str = "vpn", user: str = "bob", success: bool = False) -> Event:
    """A VPN login (``vpn``) or a second-factor attempt (``mfa``)."""
    return _event(
        seconds,
        {"username": user, "sourceipaddress": "192.0.2.99", "success": success, "result": "denied"},
        category=category,
        source=category,
        hostname="vpn1.corp.example.com" if category == "vpn" else "duo",
        summary=f"{category} authentication {'success' if success else 'failure'} for {user}",
    )


def kernel(seconds: float, text: str = "device eth0 entered promiscuous mode") -> Event:
    return _event(
        seconds,
        {},
        category="syslog",
        source="kern",
        hostname="db3.corp.example.com",
        processname="kernel",
        summary=f"[1234567.891011] {text}",
    )


def firewall(seconds: float, src: str = "203.0.113.50", dst: str = "10.0.0.5", port: int = 22) -> Event:
    return _event(
        seconds,
        {
            "sourceipaddress": src,
            "destinationipaddress": dst,
            "destinationport": port,
            "action": "DROP",
            "protocol": "TCP",
        },
        category="firewall",
        source="kern",
        hostname="fw1.corp.example.com",
        processname="kernel",
        summary=f"DROP IN=eth0 SRC={src} DST={dst} PROTO=TCP DPT={port}",
    )


def intel(seconds: float, ip: str = "203.0.113.66", indicator: str = "203.0.113.66") -> Event:
    """An event an intel plugin marked as matching an indicator."""
    return _event(
        seconds,
        {"sourceipaddress": ip, "destinationipaddress": "10.0.0.8", "intel": {"indicator": indicator}},
        category="firewall",
        source="kern",
        hostname="fw1.corp.example.com",
        processname="kernel",
        summary=f"ACCEPT SRC={ip} DST=10.0.0.8",
        tags=["intel"],
    )


def heartbeat(seconds: float, source: str) -> Event:
    return _event(seconds, {}, category="syslog", source=source, hostname="web1", summary="alive")
