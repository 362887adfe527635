"""SquidAccess through the enrich pipeline: native access.log lines as squid writes them."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mozdef_common.types import Event
from mozdef_enrich.plugins.ipfixup import IPFixup
from mozdef_enrich.plugins.squid import SquidAccess

from .support import RECEIVED, run

# 2026-11-27T18:29:01.250Z
DENIED_EXE = (
    "1795804141.250    120 10.20.30.52 TCP_DENIED/403 3912 GET http://downloads.example.com/tools/setup.exe"
    " - HIER_NONE/- text/html"
)
TUNNEL = (
    "1795804142.017  60231 10.20.30.41 TCP_TUNNEL/200 48211 CONNECT www.example.com:443 alice"
    " HIER_DIRECT/93.184.215.14 -"
)
DENIED_CONNECT = (
    "1795804143.500      0 10.20.30.66 TCP_DENIED/403 3771 CONNECT c2.example.net:4444"
    " - HIER_NONE/- text/html"
)
MISS = (
    "1795804144.901     87 2001:db8:20::41 TCP_MISS/200 10452 GET"
    " https://[2001:db8:ffff::80]:8443/api/v1/items?page=2"
    " bob@EXAMPLE.COM HIER_DIRECT/2001:db8:ffff::80 application/json"
)
HIT = (
    "1795804145.002      1 ws-12.corp.example.com TCP_MEM_HIT/200 1187 GET http://pastebin.com/raw/abc"
    " - HIER_NONE/- text/plain"
)
ERROR = (
    "1795804146.000      0 10.20.30.70 NONE_NONE/400 3990 NONE error:invalid-request - HIER_NONE/- text/html"
)


def post(body: dict[str, Any], **kwargs: Any) -> Event:
    return run(body, SquidAccess(), IPFixup(), **kwargs)


def test_denied_download() -> None:
    event = post({"summary": DENIED_EXE, "hostname": "proxy1.corp.example.com"})
    assert (event["category"], event["source"]) == ("proxy", "squid")
    assert event["hostname"] == "proxy1.corp.example.com"
    assert event["processname"] == "squid"
    assert event["utctimestamp"] == "2026-11-27T18:29:01.250000+00:00"
    assert event["summary"] == ("10.20.30.52 GET http://downloads.example.com/tools/setup.exe TCP_DENIED/403")
    assert event["details"] == {
        "message": DENIED_EXE,
        "proxyaction": "TCP_DENIED",
        "status": 403,
        "bytes": 3912,
        "elapsed": 120,
        "method": "GET",
        "destination": "http://downloads.example.com/tools/setup.exe",
        "host": "downloads.example.com",
        "destinationport": 80,
        "path": "/tools/setup.exe",
        "sourceipaddress": "10.20.30.52",
        "hierarchy": "HIER_NONE",
        "contenttype": "text/html",
    }
    assert event["tags"] == ["squid", "proxy"]


def test_connect_tunnel_with_user() -> None:
    event = post({"message": TUNNEL})
    details = event["details"]
    assert details["proxyaction"] == "TCP_TUNNEL"
    assert details["destination"] == "www.example.com:443"
    assert (details["host"], details["destinationport"]) == ("www.example.com", 443)
    assert details["user"] == "alice"
    assert details["destinationipaddress"] == "93.184.215.14"
    assert "contenttype" not in details


def test_denied_connect_to_a_nonstandard_port() -> None:
    details = post({"summary": DENIED_CONNECT})["details"]
    assert (details["proxyaction"], details["host"], details["destinationport"]) == (
        "TCP_DENIED",
        "c2.example.net",
        4444,
    )


def test_ipv6_client_and_url_port() -> None:
    event = post({"summary": MISS})
    details = event["details"]
    assert details["sourceipaddress"] == "2001:db8:20::41"
    assert (details["host"], details["destinationport"]) == ("2001:db8:ffff::80", 8443)
    assert details["user"] == "bob@EXAMPLE.COM"
    assert details["contenttype"] == "application/json"


def test_client_logged_by_name() -> None:
    details = post({"summary": HIT})["details"]
    assert details["sourcehostname"] == "ws-12.corp.example.com"
    assert "sourceipaddress" not in details
    assert details["host"] == "pastebin.com"


def test_invalid_request() -> None:
    event = post({"summary": ERROR})
    assert event["details"]["proxyaction"] == "NONE_NONE"
    assert event["details"]["status"] == 400
    assert "host" not in event["details"]


def test_syslog_line_and_shipper_category() -> None:
    event = post({"summary": "squid[1234]: " + TUNNEL, "category": "squid", "processname": "squid"})
    assert event["category"] == "squid"  # what the shipper named it: the proxy rules take both
    assert event["details"]["proxyaction"] == "TCP_TUNNEL"


def test_running_twice_changes_nothing() -> None:
    once = post({"summary": DENIED_EXE})
    again = SquidAccess().on_event(copy.deepcopy(once), {"received": RECEIVED})
    assert again == once


@pytest.mark.parametrize(
    "line",
    [
        "1795804141.250    120 10.20.30.52 TCP_DENIED/403 3912 GET",
        "1795804141.250 120 10.20.30.52 TCP_DENIED/4033 3912 GET http://x/ - HIER_NONE/- text/html",
        "1795804141.250 120 10.20.30.52 TCP_DENIED/403 3912 GET http://x:99999/ - HIER_NONE/- text/html",
        "1795804141.250 120 10.20.30.52 TCP_TUNNEL/200 3912 CONNECT example.com - HIER_DIRECT/- -",
        '10.20.30.52 - - [27/Nov/2026:18:29:01 +0000] "GET http://x/ HTTP/1.1" 403 3912 TCP_DENIED:HIER_NONE',
    ],
)
def test_malformed_lines_are_left_alone(line: str) -> None:
    body = {"summary": line, "processname": "squid"}
    assert _without_meta(post(body)) == _without_meta(run(body, IPFixup()))


@pytest.mark.parametrize(
    "body",
    [
        {"summary": "kernel: TCP_ECN enabled on eth0"},
        {"summary": "Accepted password for alice from 10.0.0.1 port 4242 ssh2", "processname": "sshd"},
    ],
)
def test_other_sources_are_untouched(body: dict[str, Any]) -> None:
    assert _without_meta(post(body)) == _without_meta(run(body, IPFixup()))


def _without_meta(event: Event) -> Event:
    return {key: value for key, value in event.items() if key != "mozdef"}
