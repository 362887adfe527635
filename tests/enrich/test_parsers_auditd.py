"""Auditd through the enrich pipeline: audit records as auditd and audisp write them."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mozdef_common.types import Event
from mozdef_enrich.plugins.auditd import Auditd
from mozdef_enrich.plugins.ipfixup import IPFixup

from .support import RECEIVED, run

# 1795804141.250 is 2026-11-27T18:29:01.250Z
EXEC_EVENT = "\n".join(
    (
        "type=SYSCALL msg=audit(1795804141.250:4242): arch=c000003e syscall=59 success=yes exit=0"
        " a0=55d5c1b9e2a0 a1=55d5c1b9f0c8 a2=55d5c1ba0010 a3=8 items=2 ppid=2211 pid=2305 auid=1000"
        ' uid=0 gid=0 euid=0 suid=0 fsuid=0 egid=0 sgid=0 fsgid=0 tty=pts0 ses=3 comm="curl"'
        ' exe="/usr/bin/curl" subj=unconfined key="net_tools"',
        'type=EXECVE msg=audit(1795804141.250:4242): argc=4 a0="curl" a1="-o"'
        ' a2=2F746D702F6D7920746F6F6C a3="http://203.0.113.80/t.sh"',
        'type=CWD msg=audit(1795804141.250:4242): cwd="/root"',
        'type=PATH msg=audit(1795804141.250:4242): item=0 name="/usr/bin/curl" inode=1442 dev=fd:00'
        " mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL",
        'type=PATH msg=audit(1795804141.250:4242): item=1 name="/lib64/ld-linux-x86-64.so.2" inode=9'
        " dev=fd:00 mode=0100755 ouid=0 ogid=0 rdev=00:00 nametype=NORMAL",
        "type=PROCTITLE msg=audit(1795804141.250:4242):"
        " proctitle=6375726C002D6F002F746D702F6D7920746F6F6C00"
        "687474703A2F2F3230332E302E3131332E38302F742E7368",
    )
)
USER_LOGIN_FAILED = (
    "type=USER_LOGIN msg=audit(1795804150.004:4301): pid=3120 uid=0 auid=4294967295 ses=4294967295"
    ' subj=system_u:system_r:sshd_t:s0-s0:c0.c1023 msg=\'op=login acct="admin" exe="/usr/sbin/sshd"'
    " hostname=? addr=198.51.100.77 terminal=ssh res=failed'"
)
USER_AUTH_OK = (
    "node=bastion1.example.com type=USER_AUTH msg=audit(1795804160.512:4310): pid=3301 uid=1000 auid=1000"
    ' ses=5 msg=\'op=PAM:authentication grantors=pam_unix acct="alice" exe="/usr/bin/sudo"'
    " hostname=? addr=? terminal=/dev/pts/1 res=success'"
)
ENRICHED = (
    "type=SYSCALL msg=audit(1795804170.000:4400): arch=c000003e syscall=257 success=no exit=-13"
    " a0=ffffff9c a1=7ffd4a2b a2=0 a3=0 items=1 ppid=1 pid=4410 auid=1001 uid=1001 gid=1001 euid=1001"
    ' suid=1001 fsuid=1001 egid=1001 sgid=1001 fsgid=1001 tty=(none) ses=7 comm="cat" exe="/usr/bin/cat"'
    ' key="shadow"\x1dARCH=x86_64 SYSCALL=openat AUID="bob" UID="bob" GID="bob" EUID="bob"'
)


def post(body: dict[str, Any], **kwargs: Any) -> Event:
    return run(body, Auditd(), IPFixup(), **kwargs)


def test_execve_event_of_several_records() -> None:
    event = post({"summary": EXEC_EVENT, "hostname": "web3.example.com", "processname": "audispd"})
    assert (event["category"], event["source"]) == ("auditd", "auditd")
    assert event["utctimestamp"] == "2026-11-27T18:29:01.250000+00:00"
    assert (event["processname"], event["processid"]) == ("curl", "2305")
    assert event["hostname"] == "web3.example.com"
    assert event["summary"] == EXEC_EVENT
    details = event["details"]
    assert details["audittype"] == "SYSCALL"
    assert details["auditserial"] == 4242
    assert details["audittypes"] == ["SYSCALL", "EXECVE", "CWD", "PATH", "PATH", "PROCTITLE"]
    assert details["success"] is True
    assert details["syscall"] == "59"
    assert details["a1"] == "55d5c1b9f0c8"  # SYSCALL's arguments are numbers, never decoded
    assert details["key"] == "net_tools"
    assert details["args"] == ["curl", "-o", "/tmp/my tool", "http://203.0.113.80/t.sh"]
    assert details["command"] == "curl -o /tmp/my tool http://203.0.113.80/t.sh"
    assert details["cwd"] == "/root"
    assert details["paths"] == ["/usr/bin/curl", "/lib64/ld-linux-x86-64.so.2"]
    assert details["proctitle"] == "curl -o /tmp/my tool http://203.0.113.80/t.sh"
    assert event["tags"] == ["auditd", "syscall"]


def test_failed_user_login() -> None:
    event = post({"summary": USER_LOGIN_FAILED})
    details = event["details"]
    assert details["audittype"] == "USER_LOGIN"
    assert details["success"] is False
    assert details["username"] == "admin"
    assert details["sourceipaddress"] == "198.51.100.77"
    assert details["op"] == "login"
    assert details["exe"] == "/usr/sbin/sshd"
    assert "sourcehostname" not in details
    assert (event["processname"], event["processid"]) == ("sshd", "3120")


def test_user_auth_from_a_named_node() -> None:
    event = post({"summary": USER_AUTH_OK})
    assert event["hostname"] == "bastion1.example.com"
    details = event["details"]
    assert details["success"] is True
    assert details["username"] == "alice"
    assert details["op"] == "PAM:authentication"
    assert details["terminal"] == "/dev/pts/1"
    assert "sourceipaddress" not in details
    assert event["tags"] == ["auditd", "user_auth"]


def test_enriched_format() -> None:
    event = post({"summary": ENRICHED, "program": "audit"})
    details = event["details"]
    assert details["success"] is False
    assert details["syscall_name"] == "openat"
    assert details["auid_name"] == "bob"
    assert details["username"] == "bob"
    assert details["a0"] == "ffffff9c"
    assert event["processname"] == "cat"


def test_syslog_prefixed_record_keeps_the_program() -> None:
    event = post({"summary": "audit: " + USER_LOGIN_FAILED, "processname": "sshd-wrapper"})
    assert event["processname"] == "sshd-wrapper"  # not a forwarder's name: the shipper knew better
    assert event["details"]["username"] == "admin"


def test_records_of_another_event_are_not_mixed_in() -> None:
    text = USER_AUTH_OK + "\n" + USER_LOGIN_FAILED
    details = post({"summary": text})["details"]
    assert details["audittypes"] == ["USER_AUTH"]
    assert details["username"] == "alice"


def test_running_twice_changes_nothing() -> None:
    once = post({"summary": EXEC_EVENT})
    assert Auditd().on_event(copy.deepcopy(once), {"received": RECEIVED}) == once


@pytest.mark.parametrize(
    "summary",
    [
        "type=SYSCALL msg=audit(yesterday:4242): arch=c000003e syscall=59",
        "type=SYSCALL msg=audit(1795804141.250): arch=c000003e",
        "see msg=audit( in the manual",
        "type=syscall msg=audit(1795804141.250:1): success=yes",
    ],
)
def test_malformed_records_are_left_alone(summary: str) -> None:
    body = {"summary": summary}
    assert _without_meta(post(body)) == _without_meta(run(body, IPFixup()))


@pytest.mark.parametrize(
    "body",
    [
        {"summary": "Accepted password for alice from 10.0.0.1 port 4242 ssh2", "processname": "sshd"},
        {"summary": "kernel: audit: backlog limit exceeded", "processname": "kernel"},
    ],
)
def test_other_sources_are_untouched(body: dict[str, Any]) -> None:
    assert _without_meta(post(body)) == _without_meta(run(body, IPFixup()))


def _without_meta(event: Event) -> Event:
    return {key: value for key, value in event.items() if key != "mozdef"}
