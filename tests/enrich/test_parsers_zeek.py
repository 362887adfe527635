"""ZeekLogs through the enrich pipeline: Zeek JSON records of each log, as Zeek writes them."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mozdef_common.types import Event
from mozdef_enrich.plugins.ipfixup import IPFixup
from mozdef_enrich.plugins.zeek import ZeekLogs

from .support import RECEIVED, run

CONN: dict[str, Any] = {
    "_path": "conn",
    "_write_ts": "2026-11-27T18:29:59.912345Z",
    "ts": 1795804141.250131,
    "uid": "CxT9a71Zq3hJxk0Ub4",
    "id.orig_h": "10.20.30.41",
    "id.orig_p": 52814,
    "id.resp_h": "93.184.215.14",
    "id.resp_p": 443,
    "proto": "tcp",
    "service": "ssl",
    "duration": 2.418,
    "orig_bytes": 1077,
    "resp_bytes": 5873,
    "conn_state": "SF",
    "local_orig": True,
    "local_resp": False,
    "missed_bytes": 0,
    "history": "ShADadFf",
    "orig_pkts": 12,
    "orig_ip_bytes": 1717,
    "resp_pkts": 11,
    "resp_ip_bytes": 6453,
}
DNS: dict[str, Any] = {
    "_path": "dns",
    "ts": "2026-11-27T18:29:01.004211Z",
    "uid": "CmQ4Hq2yJ0nS8Lq1Vd",
    "id.orig_h": "10.20.30.41",
    "id.orig_p": 41235,
    "id.resp_h": "10.20.0.2",
    "id.resp_p": 53,
    "proto": "udp",
    "trans_id": 28311,
    "rtt": 0.0123,
    "query": "updates.example.org",
    "qclass": 1,
    "qclass_name": "C_INTERNET",
    "qtype": 1,
    "qtype_name": "A",
    "rcode": 0,
    "rcode_name": "NOERROR",
    "AA": False,
    "TC": False,
    "RD": True,
    "RA": True,
    "Z": 0,
    "answers": ["cdn.example.net", "198.51.100.23"],
    "TTLs": [300.0, 60.0],
    "rejected": False,
}
HTTP: dict[str, Any] = {
    "_path": "http",
    "ts": 1795804150.5,
    "uid": "C4fK8e1uJ8VxW2m3Sa",
    "id.orig_h": "10.20.30.52",
    "id.orig_p": 60112,
    "id.resp_h": "203.0.113.80",
    "id.resp_p": 80,
    "trans_depth": 1,
    "method": "GET",
    "host": "downloads.example.com",
    "uri": "/tools/setup.exe",
    "version": "1.1",
    "user_agent": "Wget/1.21.4",
    "request_body_len": 0,
    "response_body_len": 482112,
    "status_code": 200,
    "status_msg": "OK",
    "tags": [],
    "resp_fuids": ["FhN2aQ3hK0y8v1Cz2"],
    "resp_mime_types": ["application/x-dosexec"],
}
SSL: dict[str, Any] = {
    "_path": "ssl",
    "ts": 1795804141.31,
    "uid": "CxT9a71Zq3hJxk0Ub4",
    "id.orig_h": "10.20.30.41",
    "id.orig_p": 52814,
    "id.resp_h": "93.184.215.14",
    "id.resp_p": 443,
    "version": "TLSv13",
    "cipher": "TLS_AES_128_GCM_SHA256",
    "curve": "x25519",
    "server_name": "www.example.com",
    "resumed": False,
    "established": True,
    "ssl_history": "CsiI",
}
SSH: dict[str, Any] = {
    "_path": "ssh",
    "ts": 1795804200.75,
    "uid": "CpW1nB3Xx9o2Vt7Ub1",
    "id.orig_h": "198.51.100.77",
    "id.orig_p": 40022,
    "id.resp_h": "10.20.1.10",
    "id.resp_p": 22,
    "version": 2,
    "auth_success": False,
    "auth_attempts": 6,
    "direction": "INBOUND",
    "client": "SSH-2.0-libssh_0.9.6",
    "server": "SSH-2.0-OpenSSH_9.6",
    "cipher_alg": "chacha20-poly1305@openssh.com",
    "mac_alg": "umac-64-etm@openssh.com",
    "kex_alg": "curve25519-sha256",
    "host_key_alg": "ssh-ed25519",
    "host_key": "3c:1f:9a:22:be:71:40:8d:13:55:e0:aa:9b:42:7c:01",
}
NOTICE: dict[str, Any] = {
    "_path": "notice",
    "ts": 1795804260.0,
    "note": "Scan::Port_Scan",
    "msg": "198.51.100.77 scanned at least 15 unique ports of host 10.20.1.10 in 0m4s",
    "sub": "local",
    "src": "198.51.100.77",
    "dst": "10.20.1.10",
    "peer_descr": "worker-1-1",
    "actions": ["Notice::ACTION_LOG"],
    "email_dest": [],
    "suppress_for": 3600.0,
}
FILES_OLD: dict[str, Any] = {
    "_path": "files",
    "ts": 1795804150.61,
    "fuid": "FhN2aQ3hK0y8v1Cz2",
    "tx_hosts": ["203.0.113.80"],
    "rx_hosts": ["10.20.30.52"],
    "conn_uids": ["C4fK8e1uJ8VxW2m3Sa"],
    "source": "HTTP",
    "depth": 0,
    "analyzers": ["SHA256", "MD5", "PE"],
    "mime_type": "application/x-dosexec",
    "filename": "setup.exe",
    "duration": 0.41,
    "is_orig": False,
    "seen_bytes": 482112,
    "total_bytes": 482112,
    "missing_bytes": 0,
    "overflow_bytes": 0,
    "timedout": False,
    "md5": "5d41402abc4b2a76b9719d911017c592",
    "sha256": "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
}
SENSOR = {"hostname": "zeek-sensor-1"}


def post(body: dict[str, Any], **kwargs: Any) -> Event:
    return run(body, ZeekLogs(), IPFixup(), **kwargs)


def test_conn_record() -> None:
    event = post({**CONN, **SENSOR})
    assert event["category"] == "zeek"
    assert event["source"] == "conn"
    assert event["hostname"] == "zeek-sensor-1"
    assert event["utctimestamp"] == "2026-11-27T18:29:01.250131+00:00"
    assert event["timestamp"] == event["utctimestamp"]
    assert event["summary"] == "10.20.30.41 -> 93.184.215.14:443 tcp ssl SF"
    details = event["details"]
    assert (details["sourceipaddress"], details["sourceport"]) == ("10.20.30.41", 52814)
    assert (details["destinationipaddress"], details["destinationport"]) == ("93.184.215.14", 443)
    assert details["id"] == {
        "orig_h": "10.20.30.41",
        "orig_p": 52814,
        "resp_h": "93.184.215.14",
        "resp_p": 443,
    }
    assert details["history"] == "ShADadFf"
    assert details["zeeklog"] == "conn"
    assert event["tags"] == ["zeek", "conn"]
    assert event["mozdef"]["plugins"] == ["zeek", "ipfixup"]


def test_dns_record_with_iso_time() -> None:
    event = post(DNS)
    assert event["source"] == "dns"
    assert event["utctimestamp"] == "2026-11-27T18:29:01.004211+00:00"
    assert event["summary"] == "10.20.30.41 -> 10.20.0.2:53 udp DNS A updates.example.org NOERROR"
    assert event["details"]["answers"] == ["cdn.example.net", "198.51.100.23"]
    assert event["details"]["destinationport"] == 53


def test_http_record_gives_the_host_header_back() -> None:
    event = post(HTTP)
    # Normalization read http.log's "host" (the Host header) as the hostname: it goes back.
    assert event["hostname"] == "UNKNOWN"
    assert event["details"]["host"] == "downloads.example.com"
    assert event["summary"] == "10.20.30.52 -> 203.0.113.80:80 GET downloads.example.com/tools/setup.exe 200"


def test_http_record_keeps_the_sensor_when_the_shipper_names_it() -> None:
    event = post({**HTTP, **SENSOR})
    assert event["hostname"] == "zeek-sensor-1"
    assert event["details"]["host"] == "downloads.example.com"


def test_ssl_record() -> None:
    event = post(SSL)
    assert event["source"] == "ssl"
    assert event["summary"] == "10.20.30.41 -> 93.184.215.14:443 TLS TLSv13 www.example.com"
    assert event["details"]["established"] is True


def test_ssh_record_sets_success() -> None:
    event = post(SSH)
    assert event["summary"] == "198.51.100.77 -> 10.20.1.10:22 SSH failure SSH-2.0-libssh_0.9.6"
    assert event["details"]["success"] is False
    assert event["details"]["auth_attempts"] == 6


def test_notice_record_without_id() -> None:
    event = post(NOTICE)
    assert event["source"] == "notice"
    assert event["severity"] == "NOTICE"
    assert event["details"]["sourceipaddress"] == "198.51.100.77"
    assert event["details"]["destinationipaddress"] == "10.20.1.10"
    assert event["summary"] == (
        "198.51.100.77 -> 10.20.1.10 Scan::Port_Scan 198.51.100.77 scanned at least 15 unique ports"
        " of host 10.20.1.10 in 0m4s"
    )


def test_files_record_gives_source_back() -> None:
    event = post(FILES_OLD)
    assert event["source"] == "files"
    assert event["details"]["source"] == "HTTP"
    assert event["details"]["sourceipaddress"] == "203.0.113.80"
    assert event["details"]["destinationipaddress"] == "10.20.30.52"
    assert event["summary"] == (
        "203.0.113.80 -> 10.20.30.52 file application/x-dosexec setup.exe "
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    )


def test_files_record_of_zeek_6_with_connection_id() -> None:
    body = {
        key: value for key, value in FILES_OLD.items() if key not in ("tx_hosts", "rx_hosts", "conn_uids")
    }
    body |= {"uid": "C4fK8e1uJ8VxW2m3Sa", "id.orig_h": "203.0.113.80", "id.orig_p": 80}
    body |= {"id.resp_h": "10.20.30.52", "id.resp_p": 60112}
    event = post(body)
    assert event["details"]["sourceport"] == 80
    assert event["summary"].startswith("203.0.113.80 -> 10.20.30.52:60112 file")


def test_record_without_path_is_told_by_its_fields() -> None:
    body = {key: value for key, value in CONN.items() if key != "_path"}
    event = post(body)
    assert (event["category"], event["source"]) == ("zeek", "conn")


def test_custom_endpoint() -> None:
    event = post(DNS, endpoint="custom", app="zeek")
    assert (event["category"], event["source"]) == ("zeek", "dns")
    assert event["details"]["sourceipaddress"] == "10.20.30.41"


@pytest.mark.parametrize("body", [CONN, HTTP, FILES_OLD, NOTICE])
def test_running_twice_changes_nothing(body: dict[str, Any]) -> None:
    once = post(body)
    assert ZeekLogs().on_event(copy.deepcopy(once), {"received": RECEIVED}) == once


@pytest.mark.parametrize(
    "body",
    [
        {**CONN, "id.orig_h": "not-an-address"},
        {**CONN, "id.resp_p": "https"},
        {**CONN, "ts": "yesterday-ish"},
        {"_path": "conn", "id": "abc", "ts": 1795804141.25},
        {key: value for key, value in CONN.items() if key != "ts"},
        {"_path": 7, "ts": 1795804141.25, "uid": "C1"},
    ],
)
def test_malformed_records_are_left_alone(body: dict[str, Any]) -> None:
    assert _without_meta(post(body)) == _without_meta(run(body, IPFixup()))


@pytest.mark.parametrize(
    "body",
    [
        {"summary": "Accepted password for alice from 10.0.0.1 port 4242 ssh2", "processname": "sshd"},
        {"uid": "1000", "summary": "a user id from an LDAP shipper", "ts": 1795804141},
        {"note": "maintenance window", "ts": 1795804141, "category": "change"},
    ],
)
def test_other_sources_are_untouched(body: dict[str, Any]) -> None:
    assert _without_meta(post(body)) == _without_meta(run(body, IPFixup()))


def _without_meta(event: Event) -> Event:
    return {key: value for key, value in event.items() if key != "mozdef"}
