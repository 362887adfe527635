"""The fixed event set of the conformance suite: deterministic, varied, normalized as enrich emits them.

:func:`event_set` always returns the same events (fixed seed, fixed base time): 2,400 events in the
``events`` family spread over three UTC days (2026-11-20 .. 2026-11-22, so three daily indices), and
:func:`deadletter_set` a few dozen in ``deadletter``. Ids are ``c-00001`` ..., ``dl-0001`` ....

Every ``utctimestamp`` (and ``receivedtimestamp``, ``timestamp``) is unique, so sorted results have
exactly one right order. Shapes, by ``category``:

* ``authentication``: sshd successes and failures, usernames, IPv4 and IPv6 source addresses
* ``firewall``: ports as numbers and sometimes as strings, actions in mixed case, byte counts
* ``proxy``: nested ``details.http``, dotted keys (``"request.path"``), URLs with ``/ : ? *``
* ``windows``: backslash paths, ``details.user`` as ``"CORP\\\\name"`` or as an object
* ``cloudtrail``: nested objects, ``details.user`` an object, lists of objects
* ``misc``: unicode, special characters, empty strings, empty and missing details, numbers as text
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from mozdef_common.event import utc_iso
from mozdef_common.types import Event

SEED: Final = 20261120
BASE: Final = datetime(2026, 11, 20, tzinfo=UTC)
EVENT_COUNT: Final = 2400
DEADLETTER_COUNT: Final = 40
#: Spacing of the events' times: 2,400 slots of 105 s cover 70 hours, three UTC days.
_SLOT: Final = 105

USERS: Final = ("alice", "bob", "carol", "admin", "root", "Admin", "dave.smith", "ève", "o'brien")
BASTIONS: Final = ("bastion1.example.com", "bastion2.example.com", "Bastion1.example.com")
WEB_HOSTS: Final = ("web1", "web2", "web10", "Web1", "webserver")
FIREWALLS: Final = ("fw1", "fw2", "FW1")
PROXIES: Final = ("proxy1.corp", "proxy2.corp")
DCS: Final = ("WIN-DC01", "WIN-DC02", "win-ws17")
REGIONS: Final = ("us-east-1", "us-west-2", "eu-central-1")
SEVERITIES: Final = ("DEBUG", "INFO", "NOTICE", "WARNING", "ERROR", "CRITICAL")
IPV6: Final = ("2001:db8::1", "2001:db8:0:1::25", "fe80::1", "2a03:2880:f10c:83:face:b00c:0:25de")
# Addresses that CIDR cases slice: /8, /16, /24, /32 and /20 edges included.
IPV4_POOLS: Final = (
    "10.0.0.5",
    "10.0.0.255",
    "10.1.2.3",
    "10.200.0.1",
    "172.16.0.10",
    "172.16.15.255",
    "172.16.16.1",
    "172.31.255.1",
    "192.168.1.1",
    "192.168.1.77",
    "192.168.2.1",
    "8.8.8.8",
    "1.2.3.4",
    "203.0.113.9",
    "11.0.0.1",
)


def event_set() -> list[Event]:
    """The 2,400 events of the ``events`` family, in id order (their times are shuffled)."""
    rng = random.Random(SEED)
    slots = list(range(EVENT_COUNT))
    rng.shuffle(slots)
    makers = (_ssh, _ssh, _firewall, _firewall, _proxy, _windows, _cloud, _misc)
    events = []
    for n in range(EVENT_COUNT):
        utc = BASE + timedelta(
            seconds=slots[n] * _SLOT + rng.randrange(50), microseconds=rng.randrange(10**6)
        )
        event = _base(f"c-{n + 1:05d}", utc, rng)
        makers[n % len(makers)](event, rng, n)
        events.append(event)
    _fixed_points(events)
    return events


def deadletter_set() -> list[Event]:
    """Events the pipeline could not process, as the indexer stores them in ``deadletter``."""
    rng = random.Random(SEED + 1)
    events = []
    for n in range(DEADLETTER_COUNT):
        utc = BASE + timedelta(hours=n, seconds=rng.randrange(3600))
        event = _base(f"dl-{n + 1:04d}", utc, rng)
        event.update(
            category="deadletter",
            source="indexer" if n % 2 else "enrich",
            summary=f"could not process event: {'mapping conflict' if n % 2 else 'plugin failed'}",
            details={
                "reason": "mapping conflict" if n % 2 else "plugin failed",
                "topic": "mozdef.normalized",
            },
        )
        events.append(event)
    return events


def _base(event_id: str, utc: datetime, rng: random.Random) -> Event:
    received = utc + timedelta(seconds=rng.randrange(50), microseconds=rng.randrange(10**6))
    source_clock = utc - timedelta(seconds=rng.randrange(3600), microseconds=rng.randrange(10**6))
    return {
        "id": event_id,
        "utctimestamp": utc_iso(utc),
        "receivedtimestamp": utc_iso(received),
        "timestamp": utc_iso(source_clock),
        "category": "event",
        "source": "UNKNOWN",
        "summary": "",
        "hostname": "UNKNOWN",
        "processid": "",
        "processname": "UNKNOWN",
        "severity": "INFO",
        "eventsource": "",
        "tags": [],
        "details": {},
        "mozdef": {"plugins": ["conformance"], "endpoint": "/events"},
    }


def _ssh(event: Event, rng: random.Random, n: int) -> None:
    user = rng.choice(USERS)
    ip = rng.choice(IPV4_POOLS) if rng.random() < 0.8 else rng.choice(IPV6)
    port = rng.randrange(1024, 65536)
    failed = rng.random() < 0.6
    method = rng.choice(("password", "publickey", "keyboard-interactive"))
    if failed:
        invalid = "invalid user " if rng.random() < 0.3 else ""
        summary = f"Failed {method} for {invalid}{user} from {ip} port {port} ssh2"
    else:
        summary = f"Accepted {method} for {user} from {ip} port {port} ssh2"
    event.update(
        category="authentication",
        source="syslog",
        hostname=rng.choice(BASTIONS),
        processname="sshd",
        processid=str(rng.randrange(100, 40000)),
        severity="WARNING" if failed else "INFO",
        summary=summary,
        tags=["sshd", "auth", *(["failure"] if failed else [])],
        details={
            "username": user,
            "sourceipaddress": ip,
            "sourceport": port,
            "success": not failed,
            "authmethod": method,
        },
    )
    if n % 5 == 0:
        event["eventsource"] = "systemslogs"


def _firewall(event: Event, rng: random.Random, n: int) -> None:
    port = rng.choice((22, 53, 80, 443, 3389, 8080, 65535))
    action = rng.choice(("ACCEPT", "DROP", "drop", "REJECT"))
    src = rng.choice(IPV4_POOLS) if rng.random() < 0.9 else rng.choice(IPV6)
    dst = rng.choice(IPV4_POOLS)
    proto = rng.choice(("tcp", "udp", "TCP"))
    details: dict[str, Any] = {
        "sourceipaddress": src,
        "destinationipaddress": dst,
        # One shipper sends ports as text: details.destinationport:443 must find both.
        "destinationport": str(port) if n % 3 == 0 else port,
        "protocol": proto,
        "action": action,
        "bytes": rng.randrange(0, 100_000),
    }
    if n % 7 == 0:
        details["ratio"] = round(rng.random() * 10, 2)
    if n % 11 == 0:
        del details["bytes"]  # missing key
    event.update(
        category="firewall",
        source=rng.choice(("Firewall", "firewall", "netfilter")),
        hostname=rng.choice(FIREWALLS),
        processname="kernel",
        severity=rng.choice(("INFO", "NOTICE", "WARNING")),
        summary=f"{action} {proto} {src}:{rng.randrange(1024, 65536)} -> {dst}:{port}",
        tags=["firewall", action.lower()],
        details=details,
    )


def _proxy(event: Event, rng: random.Random, n: int) -> None:
    host = rng.choice(("example.com", "mozilla.org", "evil.example.net", "intranet.corp"))
    path = rng.choice(("/index.html", "/login", "/api/v1/items?id=7", "/search?q=a*b", "/files/a b.txt"))
    status = rng.choice((200, 200, 200, 301, 403, 404, 500))
    method = rng.choice(("GET", "POST", "get"))
    details: dict[str, Any] = {
        "url": f"https://{host}{path}",
        "destination": host,
        "http": {"method": method, "status": status, "version": "HTTP/1.1"},
        "bytes": rng.randrange(100, 2_000_000),
        "request.path": path,  # a dotted key: found as details.request.path
        "sourceipaddress": rng.choice(IPV4_POOLS),
        "duration": round(rng.random() * 3, 3),
    }
    if n % 4 == 0:
        details["user"] = rng.choice(USERS)  # details.user a string here ...
    if n % 6 == 0:
        details["useragent"] = rng.choice(
            ("Mozilla/5.0 (X11; Linux x86_64)", "curl/8.4.0", "python-requests/2.31")
        )
    event.update(
        category="proxy",
        source="squid",
        hostname=rng.choice(PROXIES),
        processname="squid",
        severity="ERROR" if status >= 500 else "INFO",
        summary=f"{method} {details['url']} {status}",
        tags=["proxy", "web"] if n % 2 else ["proxy"],
        details=details,
    )


def _windows(event: Event, rng: random.Random, n: int) -> None:
    eventid = rng.choice((4624, 4625, 4688, 4720, 1102))
    user = rng.choice(USERS)
    exe = rng.choice(
        (
            "C:\\Windows\\System32\\cmd.exe",
            "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
            "C:\\Program Files\\App\\app.exe",
        )
    )
    details: dict[str, Any] = {
        "eventid": eventid,
        "path": exe,
        # ... and here a string or an object, as shippers send it.
        "user": f"CORP\\{user}" if n % 2 else {"name": user, "domain": "CORP", "sid": f"S-1-5-21-{n}"},
        "logonsuccess": "true" if eventid == 4624 else "false",
    }
    event.update(
        category="windows",
        source="winlogbeat",
        hostname=rng.choice(DCS),
        processname=exe.rsplit("\\", 1)[1],
        severity=rng.choice(SEVERITIES),
        summary=f"Windows event {eventid} for CORP\\{user} on {exe}",
        tags=["windows", f"event-{eventid}"],
        details=details,
    )


def _cloud(event: Event, rng: random.Random, n: int) -> None:
    name = rng.choice(("ConsoleLogin", "CreateUser", "DeleteBucket", "AssumeRole", "PutObject"))
    user = rng.choice(USERS)
    details: dict[str, Any] = {
        "eventname": name,
        "region": rng.choice(REGIONS),
        "user": {"name": user, "arn": f"arn:aws:iam::123456789012:user/{user}", "mfa": rng.random() < 0.5},
        "request": {"params": {"bucket": f"bucket-{n % 5}", "size": n % 1000}},
        "resources": [{"type": "AWS::S3::Bucket", "name": f"bucket-{n % 5}"}],
        "sourceipaddress": rng.choice(IPV4_POOLS) if n % 3 else rng.choice(IPV6),
    }
    if n % 10 == 0:
        details["errorcode"] = "AccessDenied"
    event.update(
        category="cloudtrail",
        source="cloudtrail",
        hostname="cloudtrail",
        processname="aws",
        severity="ERROR" if "errorcode" in details else "NOTICE",
        summary=f"{name} by {user} in {details['region']}",
        tags=["cloud", "aws", *(["denied"] if "errorcode" in details else [])],
        details=details,
    )


_MISC_VALUES: Final = (
    "plain",
    "with space",
    "colon:value",
    "slash/value",
    'quote"value',
    "back\\slash",
    "star*value",
    "question?value",
    "",
    "UPPER lower",
    "ünïcødé",
    "日本語のテキスト",
    "emoji 🔥 fire",
    "C:\\Temp\\x y.txt",
)


def _misc(event: Event, rng: random.Random, n: int) -> None:
    k = (n // 8) % len(_MISC_VALUES)
    value = _MISC_VALUES[k]
    details: dict[str, Any] = {"note": value, "seq": n}
    if n % 3 == 0:
        details["count"] = str(n % 50)  # a number written as text
    elif n % 3 == 1:
        details["count"] = n % 50
    if n % 16 == 0:
        details = {}  # empty details
    summaries = (
        "Échec de connexion pour ève",
        "ユーザー ログイン 失敗",
        "Disk /dev/sda1 is 95% full",
        'User said "hello world" twice',
        "path C:\\Temp\\x y.txt was opened",
        "error_code=E42 in module_x",
        "heartbeat",
        "",
        "Multiple   spaces\tand\ttabs",
        "UPPER lower MiXeD",
    )
    event.update(
        category=rng.choice(("misc", "Misc", "heartbeat")),
        source=rng.choice(("custom/app1", "custom/app2", "")),
        hostname=rng.choice((*WEB_HOSTS, "")),
        processname=rng.choice(("cron", "nginx", "app-worker", "UNKNOWN")),
        severity=rng.choice(SEVERITIES),
        summary=summaries[(n // 8) % len(summaries)],
        tags=[]
        if n % 16 == 15
        else [t for t in ("custom", "app:one" if n % 5 == 0 else "", "a/b" if n % 7 == 0 else "") if t],
        details=details,
    )


def _fixed_points(events: list[Event]) -> None:
    """Hand-placed values the window and escaping cases name exactly."""
    # Exactly on the midnight between the first and second day (window boundaries are inclusive).
    events[0]["utctimestamp"] = "2026-11-21T00:00:00.000000+00:00"
    events[0]["receivedtimestamp"] = "2026-11-21T00:00:01.000000+00:00"
    events[1]["details"]["when"] = "2026-11-20T10:00:00+00:00"  # a date-like string under details
    events[2]["details"]["note.deep"] = {"leaf": "dotted-then-nested"}
    events[3]["details"]["bytes"] = 0
    events[4]["processid"] = "4242"
    assert len({e["utctimestamp"] for e in events}) == len(events), "utctimestamps must be unique"
    assert len({e["receivedtimestamp"] for e in events}) == len(events)
    assert len({e["timestamp"] for e in events}) == len(events)
