"""CloudTrail through the enrich pipeline: records as CloudTrail writes them, however they are posted."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mozdef_common.types import Event
from mozdef_enrich.plugins.cloudtrail import CloudTrail
from mozdef_enrich.plugins.ipfixup import IPFixup
from mozdef_enrich.plugins.lowercase_keys import LowercaseKeys
from mozdef_enrich.settings import EnrichSettings

from .support import RECEIVED, RECEIVED_ISO, run

IAM_USER_CALL: dict[str, Any] = {
    "eventVersion": "1.10",
    "userIdentity": {
        "type": "IAMUser",
        "principalId": "AIDAEXAMPLEPRINCIPAL1",
        "arn": "arn:aws:iam::111122223333:user/alice",
        "accountId": "111122223333",
        "accessKeyId": "AKIAEXAMPLEKEYID0001",
        "userName": "alice",
    },
    "eventTime": "2026-11-27T18:29:44Z",
    "eventSource": "iam.amazonaws.com",
    "eventName": "CreateAccessKey",
    "awsRegion": "us-east-1",
    "sourceIPAddress": "198.51.100.14",
    "userAgent": "aws-cli/2.22.1 md/awscrt#0.23.4 ua/2.1 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6",
    "requestParameters": {"userName": "deploy-bot"},
    "responseElements": {
        "accessKey": {
            "accessKeyId": "AKIAEXAMPLEKEYID0002",
            "status": "Active",
            "userName": "deploy-bot",
            "createDate": "Nov 27, 2026, 6:29:44 PM",
        }
    },
    "requestID": "5e7b0c2d-8a41-4c39-9f0e-2b1d3a6c7e10",
    "eventID": "0c4f7a9e-3b12-4d5e-8f60-71a2b3c4d5e6",
    "readOnly": False,
    "eventType": "AwsApiCall",
    "managementEvent": True,
    "recipientAccountId": "111122223333",
    "eventCategory": "Management",
    "tlsDetails": {
        "tlsVersion": "TLSv1.3",
        "cipherSuite": "TLS_AES_128_GCM_SHA256",
        "clientProvidedHostHeader": "iam.amazonaws.com",
    },
}
ASSUMED_ROLE_DENIED: dict[str, Any] = {
    "eventVersion": "1.09",
    "userIdentity": {
        "type": "AssumedRole",
        "principalId": "AROAEXAMPLEROLEID001:bob@example.com",
        "arn": "arn:aws:sts::111122223333:assumed-role/ReadOnly/bob@example.com",
        "accountId": "111122223333",
        "accessKeyId": "ASIAEXAMPLETEMPKEY01",
        "sessionContext": {
            "sessionIssuer": {
                "type": "Role",
                "principalId": "AROAEXAMPLEROLEID001",
                "arn": "arn:aws:iam::111122223333:role/ReadOnly",
                "accountId": "111122223333",
                "userName": "ReadOnly",
            },
            "attributes": {"creationDate": "2026-11-27T17:58:02Z", "mfaAuthenticated": "true"},
        },
    },
    "eventTime": "2026-11-27T18:30:01Z",
    "eventSource": "cloudtrail.amazonaws.com",
    "eventName": "StopLogging",
    "awsRegion": "eu-west-1",
    "sourceIPAddress": "2001:db8:44::7",
    "userAgent": "console.amazonaws.com",
    "errorCode": "AccessDenied",
    "errorMessage": "User: arn:aws:sts::111122223333:assumed-role/ReadOnly/bob@example.com is not authorized",
    "requestParameters": {"name": "org-trail"},
    "responseElements": None,
    "requestID": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d",
    "eventID": "1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b",
    "readOnly": False,
    "eventType": "AwsApiCall",
    "recipientAccountId": "111122223333",
}
CONSOLE_LOGIN_FAILED: dict[str, Any] = {
    "eventVersion": "1.08",
    "userIdentity": {"type": "Root", "principalId": "111122223333", "arn": "arn:aws:iam::111122223333:root"},
    "eventTime": "2026-11-27T18:31:12Z",
    "eventSource": "signin.amazonaws.com",
    "eventName": "ConsoleLogin",
    "awsRegion": "us-east-1",
    "sourceIPAddress": "203.0.113.200",
    "userAgent": "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0",
    "requestParameters": None,
    "responseElements": {"ConsoleLogin": "Failure"},
    "additionalEventData": {
        "MobileVersion": "No",
        "LoginTo": "https://console.aws.amazon.com/",
        "MFAUsed": "No",
    },
    "eventID": "7d6c5b4a-3f2e-4d1c-9b8a-7f6e5d4c3b2a",
    "readOnly": False,
    "eventType": "AwsConsoleSignIn",
    "recipientAccountId": "111122223333",
}
SERVICE_CALL: dict[str, Any] = {
    "eventVersion": "1.08",
    "userIdentity": {"type": "AWSService", "invokedBy": "ec2.amazonaws.com"},
    "eventTime": "2026-11-27T18:32:00Z",
    "eventSource": "sts.amazonaws.com",
    "eventName": "AssumeRole",
    "awsRegion": "us-west-2",
    "sourceIPAddress": "ec2.amazonaws.com",
    "userAgent": "ec2.amazonaws.com",
    "requestParameters": {"roleArn": "arn:aws:iam::111122223333:role/web", "roleSessionName": "i-0abc"},
    "eventID": "2a3b4c5d-6e7f-4a8b-9c0d-1e2f3a4b5c6d",
    "readOnly": True,
    "eventType": "AwsApiCall",
    "recipientAccountId": "111122223333",
}


def post(body: dict[str, Any], *more: object, **kwargs: Any) -> Event:
    return run(body, CloudTrail(), IPFixup(), *more, **kwargs)


def test_iam_user_call() -> None:
    event = post(IAM_USER_CALL)
    assert (event["category"], event["source"]) == ("cloudtrail", "cloudtrail")
    assert event["hostname"] == "iam.amazonaws.com"
    assert event["utctimestamp"] == "2026-11-27T18:29:44.000000+00:00"
    assert event["summary"] == "alice CreateAccessKey on iam.amazonaws.com in us-east-1"
    details = event["details"]
    assert details["eventname"] == "CreateAccessKey"
    assert details["eventsource"] == "iam.amazonaws.com"
    assert details["username"] == "alice"
    assert details["sourceipaddress"] == "198.51.100.14"
    assert details["success"] is True
    assert details["useridentitytype"] == "IAMUser"
    # AWS's own spelling stays for the built-in rules, including what normalization lifted.
    assert details["eventName"] == "CreateAccessKey"
    assert details["eventSource"] == "iam.amazonaws.com"
    assert details["eventType"] == "AwsApiCall"
    assert details["userIdentity"]["arn"] == "arn:aws:iam::111122223333:user/alice"
    assert details["responseElements"]["accessKey"]["status"] == "Active"
    assert event["tags"] == ["cloudtrail", "aws"]


def test_denied_call_by_an_assumed_role() -> None:
    event = post(ASSUMED_ROLE_DENIED)
    details = event["details"]
    assert details["username"] == "bob@example.com"
    assert details["success"] is False
    assert details["errorcode"] == "AccessDenied"
    assert details["sourceipaddress"] == "2001:db8:44::7"
    assert event["summary"] == (
        "bob@example.com StopLogging on cloudtrail.amazonaws.com in eu-west-1 failed: AccessDenied"
    )


def test_failed_console_login_by_root() -> None:
    event = post(CONSOLE_LOGIN_FAILED)
    assert event["details"]["username"] == "root"
    assert event["details"]["success"] is False
    assert event["details"]["eventType"] == "AwsConsoleSignIn"
    assert event["summary"] == "root ConsoleLogin on signin.amazonaws.com in us-east-1 failed"


def test_call_by_a_service() -> None:
    event = post(SERVICE_CALL)
    assert event["details"]["username"] == "ec2.amazonaws.com"
    assert event["details"]["sourcehostname"] == "ec2.amazonaws.com"
    assert "sourceipaddress" not in event["details"]


def test_records_wrapper_with_one_record() -> None:
    event = post({"Records": [CONSOLE_LOGIN_FAILED]})
    assert event["category"] == "cloudtrail"
    assert event["utctimestamp"] == "2026-11-27T18:31:12.000000+00:00"
    assert event["details"]["eventName"] == "ConsoleLogin"
    assert "Records" not in event["details"]


def test_records_wrapper_with_several_records_is_left_alone() -> None:
    body = {"Records": [CONSOLE_LOGIN_FAILED, SERVICE_CALL]}
    assert _without_meta(post(body)) == _without_meta(run(body, IPFixup()))


def test_custom_endpoint() -> None:
    event = post(IAM_USER_CALL, endpoint="custom", app="cloudtrail")
    assert (event["category"], event["source"]) == ("cloudtrail", "cloudtrail")
    assert event["utctimestamp"] == "2026-11-27T18:29:44.000000+00:00"
    assert event["details"]["eventSource"] == "iam.amazonaws.com"


def test_after_lowercase_keys() -> None:
    lowercase = LowercaseKeys(EnrichSettings(lowercase_key_sources=["cloudtrail"]))
    event = post({**ASSUMED_ROLE_DENIED, "source": "cloudtrail"}, lowercase)
    assert event["details"]["username"] == "bob@example.com"
    assert event["details"]["errorcode"] == "AccessDenied"
    assert event["summary"].startswith("bob@example.com StopLogging on cloudtrail.amazonaws.com")


@pytest.mark.parametrize("endpoint", ["events", "custom"])
def test_unreadable_time_keeps_the_receive_time(endpoint: str) -> None:
    event = post({**IAM_USER_CALL, "eventTime": "the day before yesterday"}, endpoint=endpoint, app="aws")
    assert event["category"] == "cloudtrail"
    assert event["utctimestamp"] == RECEIVED_ISO
    kept = event["details"].get("eventTime_invalid", event["details"].get("eventTime"))
    assert kept == "the day before yesterday"


def test_running_twice_changes_nothing() -> None:
    once = post(IAM_USER_CALL)
    assert CloudTrail().on_event(copy.deepcopy(once), {"received": RECEIVED}) == once


@pytest.mark.parametrize(
    "body",
    [
        {**IAM_USER_CALL, "eventName": ["CreateAccessKey"]},
        {key: value for key, value in IAM_USER_CALL.items() if key not in ("eventSource", "eventVersion")},
        {"Records": "not a list"},
    ],
)
def test_malformed_records_are_left_alone(body: dict[str, Any]) -> None:
    assert _without_meta(post(body)) == _without_meta(run(body, IPFixup()))


@pytest.mark.parametrize(
    "body",
    [
        {"summary": "deploy finished", "eventname": 42, "category": "ci"},
        {"summary": "Accepted password for alice from 10.0.0.1 port 4242 ssh2", "processname": "sshd"},
    ],
)
def test_other_sources_are_untouched(body: dict[str, Any]) -> None:
    assert _without_meta(post(body)) == _without_meta(run(body, IPFixup()))


def _without_meta(event: Event) -> Event:
    return {key: value for key, value in event.items() if key != "mozdef"}
