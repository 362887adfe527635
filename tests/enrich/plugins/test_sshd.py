"""SshdParser on real-looking sshd lines."""

from __future__ import annotations

from typing import Any

import pytest

from mozdef_enrich.plugins.ipfixup import IPFixup
from mozdef_enrich.plugins.sshd import SshdParser, parse_sshd

from ..support import run


@pytest.mark.parametrize(
    ("line", "want"),
    [
        (
            "Failed password for invalid user admin from 1.2.3.4 port 22 ssh2",
            {
                "action": "failed",
                "username": "admin",
                "sourceipaddress": "1.2.3.4",
                "sourceport": 22,
                "authmethod": "password",
                "success": False,
                "invaliduser": True,
            },
        ),
        (
            "Failed password for root from 203.0.113.9 port 50022 ssh2",
            {
                "action": "failed",
                "username": "root",
                "sourceipaddress": "203.0.113.9",
                "sourceport": 50022,
                "authmethod": "password",
                "success": False,
            },
        ),
        (
            "Failed publickey for git from 2001:db8::17 port 40000 ssh2: ED25519 SHA256:Zm9vYmFy",
            {
                "action": "failed",
                "username": "git",
                "sourceipaddress": "2001:db8::17",
                "sourceport": 40000,
                "authmethod": "publickey",
                "success": False,
            },
        ),
        (
            "Failed keyboard-interactive/pam for invalid user oracle from 198.51.100.4 port 1234 ssh2",
            {
                "action": "failed",
                "username": "oracle",
                "sourceipaddress": "198.51.100.4",
                "sourceport": 1234,
                "authmethod": "keyboard-interactive/pam",
                "success": False,
                "invaliduser": True,
            },
        ),
        (
            "Accepted publickey for bob from 10.0.0.5 port 51234 ssh2: RSA SHA256:AbCdEf0123456789+/xyz",
            {
                "action": "accepted",
                "username": "bob",
                "sourceipaddress": "10.0.0.5",
                "sourceport": 51234,
                "authmethod": "publickey",
                "success": True,
                "keytype": "RSA",
                "fingerprint": "SHA256:AbCdEf0123456789+/xyz",
            },
        ),
        (
            "Accepted password for alice from 192.168.1.20 port 60000 ssh2",
            {
                "action": "accepted",
                "username": "alice",
                "sourceipaddress": "192.168.1.20",
                "sourceport": 60000,
                "authmethod": "password",
                "success": True,
            },
        ),
        (
            "Invalid user x from 45.67.89.10 port 39790",
            {
                "action": "invalid_user",
                "username": "x",
                "sourceipaddress": "45.67.89.10",
                "sourceport": 39790,
                "success": False,
                "invaliduser": True,
            },
        ),
        (
            "Invalid user  from 45.67.89.10",
            {
                "action": "invalid_user",
                "username": "",
                "sourceipaddress": "45.67.89.10",
                "success": False,
                "invaliduser": True,
            },
        ),
        (
            "Disconnected from authenticating user root 1.2.3.4 port 22 [preauth]",
            {"action": "disconnected", "username": "root", "sourceipaddress": "1.2.3.4", "sourceport": 22},
        ),
        (
            "Disconnected from user bob 10.0.0.5 port 51234",
            {"action": "disconnected", "username": "bob", "sourceipaddress": "10.0.0.5", "sourceport": 51234},
        ),
        (
            "Received disconnect from 1.2.3.4 port 22:11: Bye Bye [preauth]",
            {"action": "disconnected", "sourceipaddress": "1.2.3.4", "sourceport": 22},
        ),
        (
            "Connection closed by 1.2.3.4 port 43210 [preauth]",
            {"action": "connection_closed", "sourceipaddress": "1.2.3.4", "sourceport": 43210},
        ),
        (
            "Connection closed by invalid user admin 1.2.3.4 port 43210 [preauth]",
            {
                "action": "connection_closed",
                "username": "admin",
                "sourceipaddress": "1.2.3.4",
                "sourceport": 43210,
            },
        ),
        (
            "error: maximum authentication attempts exceeded for root from 1.2.3.4 port 22 ssh2 [preauth]",
            {
                "action": "max_attempts",
                "username": "root",
                "sourceipaddress": "1.2.3.4",
                "sourceport": 22,
                "success": False,
            },
        ),
        (
            "Failed password for root from bad.example.com port 22 ssh2",
            {
                "action": "failed",
                "username": "root",
                "sourcehostname": "bad.example.com",
                "sourceport": 22,
                "authmethod": "password",
                "success": False,
            },
        ),
    ],
)
def test_lines(line: str, want: dict[str, Any]) -> None:
    assert parse_sshd(line) == want


@pytest.mark.parametrize(
    "line",
    ["Server listening on 0.0.0.0 port 22.", "pam_unix(sshd:session): session opened for user bob", ""],
)
def test_other_lines_are_not_parsed(line: str) -> None:
    assert parse_sshd(line) is None


def test_a_syslog_event_end_to_end() -> None:
    event = run(
        {
            "timestamp": "2026-11-27T18:30:01Z",
            "hostname": "bastion1",
            "program": "sshd",
            "pid": "811",
            "message": "Failed password for invalid user admin from 1.2.3.4 port 22 ssh2",
            "details": {"sourceipaddress": "10.9.9.9"},  # the syslog relay, not the attacker
        },
        SshdParser(),
        IPFixup(),
    )
    assert event["category"] == "authentication"
    assert event["tags"] == ["sshd"]
    assert event["details"]["sourceipaddress"] == "1.2.3.4"
    assert event["details"]["username"] == "admin"
    assert event["details"]["success"] is False
    assert event["mozdef"]["plugins"] == ["sshd", "ipfixup"]


def test_prefix_fills_an_unknown_processname() -> None:
    event = run(
        {"message": "bastion1 sshd[811]: Accepted password for alice from 10.1.1.1 port 2222 ssh2"},
        SshdParser(),
    )
    assert (event["processname"], event["processid"]) == ("sshd", "811")
    assert event["details"]["success"] is True


def test_sshd_session_and_a_set_category_is_kept() -> None:
    event = run(
        {
            "program": "sshd-session",
            "category": "syslog",
            "message": "Accepted password for a from 10.1.1.1 port 1 ssh2",
        },
        SshdParser(),
    )
    assert event["category"] == "syslog"
    assert event["details"]["username"] == "a"


def test_other_programs_are_left_alone() -> None:
    body = {"program": "proftpd", "message": "Invalid user x from 10.0.0.1 port 21"}
    event = run(body, SshdParser())
    assert event["details"] == {}
    assert event["tags"] == []


def test_not_triggered_without_sshd_signs() -> None:
    event = run({"program": "cron", "message": "(root) CMD (run-parts /etc/cron.hourly)"}, SshdParser())
    assert event["mozdef"]["plugins"] == []
