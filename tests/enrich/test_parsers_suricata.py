"""SuricataEve through the enrich pipeline: EVE JSON records of each event type, as Suricata writes them."""

from __future__ import annotations

from typing import Any

import pytest

from mozdef_common.types import Event
from mozdef_enrich.plugins.ipfixup import IPFixup
from mozdef_enrich.plugins.suricata import SuricataEve

from .support import run

FLOW_KEYS: dict[str, Any] = {
    "flow_id": 1482019876543210,
    "in_iface": "ens192",
    "src_ip": "10.20.30.52",
    "src_port": 60112,
    "dest_ip": "203.0.113.80",
    "dest_port": 80,
    "proto": "TCP",
    "community_id": "1:Xk3mPq8T0y7cVb1d2Lr4hWzQn9s=",
    "host": "ids-dmz-1",
}
ALERT: dict[str, Any] = {
    "timestamp": "2026-11-27T18:29:10.504213+0000",
    "event_type": "alert",
    **FLOW_KEYS,
    "tx_id": 0,
    "alert": {
        "action": "allowed",
        "gid": 1,
        "signature_id": 2019714,
        "rev": 4,
        "signature": "ET POLICY Terse alphanumeric executable downloader high likelihood of being hostile",
        "category": "Potentially Bad Traffic",
        "severity": 2,
        "metadata": {"signature_severity": ["Major"], "updated_at": ["2025_06_11"]},
    },
    "http": {"hostname": "downloads.example.com", "url": "/a.exe", "http_method": "GET", "status": 200},
    "app_proto": "http",
    "flow": {"pkts_toserver": 5, "pkts_toclient": 9, "bytes_toserver": 512, "bytes_toclient": 9120},
}
DNS: dict[str, Any] = {
    "timestamp": "2026-11-27T18:29:01.004211+0000",
    "flow_id": 982211457789012,
    "in_iface": "ens192",
    "event_type": "dns",
    "src_ip": "10.20.30.41",
    "src_port": 41235,
    "dest_ip": "10.20.0.2",
    "dest_port": 53,
    "proto": "UDP",
    "dns": {
        "type": "answer",
        "id": 28311,
        "flags": "8180",
        "qr": True,
        "rd": True,
        "ra": True,
        "rrname": "updates.example.org",
        "rrtype": "A",
        "rcode": "NOERROR",
        "answers": [{"rrname": "updates.example.org", "rrtype": "A", "ttl": 60, "rdata": "198.51.100.23"}],
    },
}
DNS_V3: dict[str, Any] = {
    **{key: value for key, value in DNS.items() if key != "dns"},
    "dns": {
        "version": 3,
        "type": "request",
        "tx_id": 0,
        "id": 28311,
        "queries": [{"rrname": "updates.example.org", "rrtype": "AAAA"}],
    },
}
HTTP: dict[str, Any] = {
    "timestamp": "2026-11-27T18:29:10.910000+0000",
    "event_type": "http",
    **FLOW_KEYS,
    "tx_id": 0,
    "http": {
        "hostname": "downloads.example.com",
        "url": "/tools/setup.exe",
        "http_user_agent": "Wget/1.21.4",
        "http_content_type": "application/x-dosexec",
        "http_method": "GET",
        "protocol": "HTTP/1.1",
        "status": 200,
        "length": 482112,
    },
}
TLS: dict[str, Any] = {
    "timestamp": "2026-11-27T18:29:01.310000+0000",
    "flow_id": 1001234567890123,
    "event_type": "tls",
    "src_ip": "2001:db8:20::41",
    "src_port": 52814,
    "dest_ip": "2001:DB8:ffff::0e",
    "dest_port": 443,
    "proto": "TCP",
    "tls": {
        "subject": "CN=www.example.com",
        "issuerdn": "C=US, O=Example Trust, CN=Example TLS CA 1",
        "serial": "0A:1B:2C:3D",
        "fingerprint": "3f:0a:99:12:ab:cd:ef:01:23:45:67:89:aa:bb:cc:dd:ee:ff:00:11",
        "sni": "www.example.com",
        "version": "TLS 1.3",
        "notbefore": "2026-02-01T00:00:00",
        "notafter": "2027-03-01T23:59:59",
        "ja3": {"hash": "e7d705a3286e19ea42f587b344ee6865"},
    },
}
FLOW: dict[str, Any] = {
    "timestamp": "2026-11-27T18:31:02.000412+0000",
    "event_type": "flow",
    **FLOW_KEYS,
    "app_proto": "http",
    "flow": {
        "pkts_toserver": 9,
        "pkts_toclient": 352,
        "bytes_toserver": 812,
        "bytes_toclient": 498210,
        "start": "2026-11-27T18:29:10.404112+0000",
        "end": "2026-11-27T18:29:11.313981+0000",
        "age": 1,
        "state": "closed",
        "reason": "timeout",
        "alerted": True,
    },
    "tcp": {"tcp_flags": "1b", "syn": True, "fin": True, "psh": True, "ack": True, "state": "closed"},
}


def post(body: dict[str, Any], **kwargs: Any) -> Event:
    return run(body, SuricataEve(), IPFixup(), **kwargs)


def test_alert() -> None:
    event = post(ALERT)
    assert (event["category"], event["source"]) == ("suricata", "alert")
    assert event["severity"] == "WARNING"
    assert event["hostname"] == "ids-dmz-1"
    assert event["utctimestamp"] == "2026-11-27T18:29:10.504213+00:00"
    assert event["summary"] == (
        "ET POLICY Terse alphanumeric executable downloader high likelihood of being hostile "
        "10.20.30.52 -> 203.0.113.80:80 TCP"
    )
    details = event["details"]
    assert details["signatureid"] == 2019714
    assert details["alertcategory"] == "Potentially Bad Traffic"
    assert details["alertaction"] == "allowed"
    assert (details["sourceipaddress"], details["sourceport"]) == ("10.20.30.52", 60112)
    assert (details["destinationipaddress"], details["destinationport"]) == ("203.0.113.80", 80)
    assert details["src_ip"] == "10.20.30.52"
    assert details["alert"]["metadata"]["signature_severity"] == ["Major"]
    assert event["tags"] == ["suricata", "alert"]


@pytest.mark.parametrize(("level", "severity"), [(1, "CRITICAL"), (2, "WARNING"), (3, "NOTICE"), (4, "INFO")])
def test_alert_severity(level: int, severity: str) -> None:
    body = {**ALERT, "alert": {**ALERT["alert"], "severity": level}}
    assert post(body)["severity"] == severity


def test_dns() -> None:
    event = post(DNS)
    assert event["source"] == "dns"
    assert event["summary"] == "10.20.30.41 -> 10.20.0.2:53 UDP DNS answer A updates.example.org NOERROR"
    assert event["hostname"] == "UNKNOWN"


def test_dns_version_3() -> None:
    event = post(DNS_V3)
    assert event["summary"] == "10.20.30.41 -> 10.20.0.2:53 UDP DNS request AAAA updates.example.org"


def test_http() -> None:
    event = post(HTTP)
    assert (
        event["summary"] == "10.20.30.52 -> 203.0.113.80:80 TCP GET downloads.example.com/tools/setup.exe 200"
    )
    assert event["details"]["http"]["length"] == 482112


def test_tls_with_ipv6_addresses() -> None:
    event = post(TLS)
    assert event["details"]["destinationipaddress"] == "2001:db8:ffff::e"
    assert event["summary"] == "2001:db8:20::41 -> [2001:db8:ffff::e]:443 TCP TLS TLS 1.3 www.example.com"


def test_flow() -> None:
    event = post(FLOW)
    assert event["source"] == "flow"
    assert event["summary"] == "10.20.30.52 -> 203.0.113.80:80 TCP http closed 361 packets 499022 bytes"


def test_other_event_type_is_mapped_generically() -> None:
    body = {**FLOW, "event_type": "anomaly", "anomaly": {"type": "stream", "event": "PKT_INVALID_ACK"}}
    body.pop("flow")
    event = post(body)
    assert (event["category"], event["source"]) == ("suricata", "anomaly")
    assert event["summary"] == "10.20.30.52 -> 203.0.113.80:80 TCP anomaly"


@pytest.mark.parametrize(
    "body",
    [
        {**ALERT, "src_ip": "10.20.30.999"},
        {**ALERT, "dest_port": "http"},
        {**ALERT, "alert": "ET POLICY something"},
        {**DNS, "event_type": ["dns"]},
        {"event_type": "stats", "timestamp": "2026-11-27T18:29:01+0000", "stats": {"uptime": 86400}},
    ],
)
def test_malformed_records_are_left_alone(body: dict[str, Any]) -> None:
    assert _without_meta(post(body)) == _without_meta(run(body, IPFixup()))


@pytest.mark.parametrize(
    "body",
    [
        {"summary": "user logged in", "event_type": "login", "username": "alice"},
        {"summary": "Accepted password for alice from 10.0.0.1 port 4242 ssh2", "processname": "sshd"},
    ],
)
def test_other_sources_are_untouched(body: dict[str, Any]) -> None:
    assert _without_meta(post(body)) == _without_meta(run(body, IPFixup()))


def _without_meta(event: Event) -> Event:
    return {key: value for key, value in event.items() if key != "mozdef"}
