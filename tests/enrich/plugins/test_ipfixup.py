"""IPFixup on the addresses proxies, load balancers and firewalls send."""

from __future__ import annotations

from typing import Any

import pytest

from mozdef_enrich.plugins.ipfixup import IPFixup, first_address, is_ip_key, parse_address

from ..support import run


def fix(details: dict[str, Any]) -> dict[str, Any]:
    event: dict[str, Any] = run({"details": details}, IPFixup())["details"]
    return event


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("1.2.3.4", ("1.2.3.4", None)),
        (" 1.2.3.4 ", ("1.2.3.4", None)),
        ("1.2.3.4:8080", ("1.2.3.4", 8080)),
        ("[2001:db8::1]:443", ("2001:db8::1", 443)),
        ("[2001:db8::1]", ("2001:db8::1", None)),
        ("2001:DB8:0:0:0:0:0:1", ("2001:db8::1", None)),
        ("::ffff:192.0.2.1", ("192.0.2.1", None)),
        ("fe80::1%eth0", ("fe80::1%eth0", None)),
        ('"10.0.0.1"', ("10.0.0.1", None)),
        ("1.2.3.4:99999", ("1.2.3.4", None)),
        ("1.2.3.4#53000", ("1.2.3.4", 53000)),
        ("2001:db8::1#53", ("2001:db8::1", 53)),
    ],
)
def test_parse_address(text: str, want: tuple[str, int | None]) -> None:
    assert parse_address(text) == want


@pytest.mark.parametrize(
    "text", ["", "-", "unknown", "999.1.1.1", "01.2.3.4", "1.2.3", "host.example.com", "300.1.1.1#53"]
)
def test_not_addresses(text: str) -> None:
    assert parse_address(text) is None


def test_first_valid_address_of_a_forwarded_chain() -> None:
    assert first_address("unknown, 203.0.113.7, 10.0.0.1") == ("203.0.113.7", None)
    assert first_address("garbage, junk") is None


@pytest.mark.parametrize(
    ("key", "want"),
    [
        ("sourceipaddress", True),
        ("destinationipaddress", True),
        ("SourceIpAddress", True),
        ("ip", True),
        ("src_ip", True),
        ("clientip", True),
        ("remote_addr", True),
        ("X-Forwarded-For", True),
        ("zip", False),
        ("ipsec", False),
        ("description", False),
    ],
)
def test_ip_keys(key: str, want: bool) -> None:
    assert is_ip_key(key) is want


def test_valid_addresses_are_untouched() -> None:
    details = {"sourceipaddress": "1.2.3.4", "destinationipaddress": "2001:db8::2", "other": "1.2.3.4:5"}
    assert fix(details) == details


def test_ports_are_stripped_and_kept() -> None:
    assert fix({"sourceipaddress": "1.2.3.4:5555"}) == {
        "sourceipaddress": "1.2.3.4",
        "sourceipaddress_original": "1.2.3.4:5555",
        "sourceport": 5555,
    }
    assert fix({"destinationipaddress": "[2001:db8::1]:443", "destinationport": 8443}) == {
        "destinationipaddress": "2001:db8::1",
        "destinationipaddress_original": "[2001:db8::1]:443",
        "destinationport": 8443,  # an explicit port wins
    }


def test_x_forwarded_for_gives_the_client_address() -> None:
    assert fix({"x_forwarded_for": "203.0.113.7, 10.0.0.1, 10.0.0.2"}) == {
        "x_forwarded_for": "203.0.113.7",
        "x_forwarded_for_original": "203.0.113.7, 10.0.0.1, 10.0.0.2",
        "sourceipaddress": "203.0.113.7",
    }
    assert (
        fix({"sourceipaddress": "10.0.0.9", "X-Forwarded-For": "203.0.113.7"})["sourceipaddress"]
        == "10.0.0.9"
    )


def test_case_only_changes_keep_no_original() -> None:
    assert fix({"ip": "2001:DB8::1"}) == {"ip": "2001:db8::1"}


@pytest.mark.parametrize("value", ["-", "unknown", "999.1.1.1", "", "10.0.0.1/24"])
def test_invalid_addresses_move_aside(value: str) -> None:
    assert fix({"sourceipaddress": value, "user": "bob"}) == {"user": "bob", "sourceipaddress_invalid": value}


def test_non_strings_are_left_alone() -> None:
    details = {"sourceipaddress": ["1.2.3.4"], "ip": 16909060}
    assert fix(details) == details
