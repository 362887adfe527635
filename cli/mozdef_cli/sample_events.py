"""A seeded, realistic mix of security events as shippers send them, for the benchmark and tests.

The mix, by weight: sshd and other authentication (syslog-style), firewall, web proxy, DNS,
Windows security events (NXLog-style flat JSON), cloud audit records (CloudTrail-style).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

Sample = dict[str, Any]

USERS = ("alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi", "root", "admin", "deploy")
HOSTS = tuple(
    f"{role}{n}.corp.example.com" for role in ("web", "db", "bastion", "mail", "ci") for n in range(1, 5)
)
DOMAINS = (
    "example.com",
    "mozilla.org",
    "github.com",
    "cdn.example.net",
    "updates.example.org",
    "evil.example",
)


class SampleFactory:
    def __init__(self, seed: int, start: datetime | None = None) -> None:
        self.rng = random.Random(seed)
        self.clock = start or datetime.now(UTC)
        self.kinds: list[tuple[Callable[[], Sample], int]] = [
            (self.sshd, 25),
            (self.auth, 10),
            (self.firewall, 20),
            (self.proxy, 15),
            (self.dns, 15),
            (self.windows, 10),
            (self.cloudtrail, 5),
        ]
        self._makers = [maker for maker, _ in self.kinds]
        self._weights = [weight for _, weight in self.kinds]

    def ip(self, public: bool = True) -> str:
        r = self.rng.randrange
        if public:
            return f"{r(11, 223)}.{r(0, 256)}.{r(0, 256)}.{r(1, 255)}"
        return f"10.{r(0, 256)}.{r(0, 256)}.{r(1, 255)}"

    def now(self) -> str:
        self.clock += timedelta(microseconds=self.rng.randrange(10, 500))
        return self.clock.isoformat()

    def sshd(self) -> Sample:
        user, ip, port = self.rng.choice(USERS), self.ip(), self.rng.randrange(1024, 65535)
        text = self.rng.choice(
            (
                f"Failed password for invalid user {user} from {ip} port {port} ssh2",
                f"Failed password for {user} from {ip} port {port} ssh2",
                f"Accepted publickey for {user} from {ip} port {port} ssh2: ED25519 SHA256:abcdefghijkl",
                f"Invalid user {user} from {ip} port {port}",
            )
        )
        return {
            "timestamp": self.now(),
            "hostname": self.rng.choice(HOSTS),
            "program": "sshd",
            "pid": self.rng.randrange(300, 65000),
            "facility": "authpriv",
            "severity": "info",
            "message": text,
        }

    def auth(self) -> Sample:
        user = self.rng.choice(USERS)
        return {
            "timestamp": self.now(),
            "hostname": self.rng.choice(HOSTS),
            "program": self.rng.choice(("sudo", "su", "login")),
            "pid": self.rng.randrange(300, 65000),
            "facility": "auth",
            "severity": self.rng.choice(("notice", "warning")),
            "message": f"pam_unix(sudo:session): session opened for user root by {user}(uid=1000)",
        }

    def firewall(self) -> Sample:
        src, dst = self.ip(), self.ip(public=False)
        dport = self.rng.choice((22, 23, 80, 443, 445, 3389, 5432, 8080))
        action = self.rng.choice(("DROP", "DROP", "ACCEPT"))
        return {
            "utctimestamp": self.now(),
            "hostname": "fw1.corp.example.com",
            "processname": "kernel",
            "category": "firewall",
            "summary": f"{action} IN=eth0 SRC={src} DST={dst} PROTO=TCP DPT={dport}",
            "details": {
                "sourceipaddress": src,
                "destinationipaddress": dst,
                "destinationport": dport,
                "action": action,
                "protocol": "TCP",
            },
        }

    def proxy(self) -> Sample:
        domain = self.rng.choice(DOMAINS)
        return {
            "eventtime": self.now(),
            "source_host": "proxy1.corp.example.com",
            "type": "squid",
            "summary": f"GET https://{domain}/path/{self.rng.randrange(10**6)}",
            "fields": {
                "sourceipaddress": self.ip(public=False),
                "host": domain,
                "status_int": self.rng.choice(("200", "200", "302", "403", "404")),
                "bytes_int": str(self.rng.randrange(100, 10**6)),
                "user": self.rng.choice(USERS),
                "method": "GET",
            },
        }

    def dns(self) -> Sample:
        return {
            "timestamp": self.now(),
            "hostname": "ns1.corp.example.com",
            "program": "named",
            "category": "dns",
            "message": f"client {self.ip(public=False)}#53000: query: "
            f"{self.rng.choice(('www', 'mail', 'api', 'x1z9'))}.{self.rng.choice(DOMAINS)} IN A +",
        }

    def windows(self) -> Sample:
        event_id = self.rng.choice((4624, 4625, 4688, 4672))
        return {
            "EventTime": self.now(),
            "Hostname": f"WS{self.rng.randrange(1000, 9999)}.corp.example.com",
            "SourceName": "Microsoft-Windows-Security-Auditing",
            "Channel": "Security",
            "EventID": event_id,
            "Severity": "INFO",
            "TargetUserName": self.rng.choice(USERS),
            "IpAddress": self.ip(),
            "LogonType": self.rng.choice((2, 3, 10)),
            "NewProcessName": "C:\\Windows\\System32\\cmd.exe" if event_id == 4688 else "-",
            "Message": f"Windows security event {event_id}",
        }

    def cloudtrail(self) -> Sample:
        return {
            "eventTime": self.now(),
            "category": "cloudtrail",
            "eventSource": "iam.amazonaws.com",
            "eventName": self.rng.choice(("ConsoleLogin", "CreateUser", "AttachUserPolicy", "GetObject")),
            "awsRegion": "us-east-1",
            "sourceIPAddress": self.ip(),
            "userIdentity": {"type": "IAMUser", "userName": self.rng.choice(USERS)},
            "requestParameters": {"userName": self.rng.choice(USERS)},
        }

    def one(self) -> Sample:
        return self.rng.choices(self._makers, self._weights)[0]()

    def stream(self, count: int) -> Iterator[Sample]:
        for _ in range(count):
            yield self.one()
