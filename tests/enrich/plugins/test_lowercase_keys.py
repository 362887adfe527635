from __future__ import annotations

from mozdef_enrich.plugins.lowercase_keys import LowercaseKeys, lower_keys
from mozdef_enrich.settings import EnrichSettings

from ..support import run

WINDOWS = {
    "source": "nxlog",
    "message": "An account failed to log on.",
    "details": {
        "EventID": 4625,
        "TargetUserName": "Administrator",
        "IpAddress": "203.0.113.50",
        "Logon": {"Type": 3, "ProcessName": "NtLmSsp"},
        "Records": [{"Name": "a"}, {"Name": "b"}],
    },
}


def test_keys_of_named_sources_are_lower_cased() -> None:
    event = run(WINDOWS, LowercaseKeys(EnrichSettings(lowercase_key_sources=["NXLog"])))
    assert event["details"] == {
        "eventid": 4625,
        "targetusername": "Administrator",
        "ipaddress": "203.0.113.50",
        "logon": {"type": 3, "processname": "NtLmSsp"},
        "records": [{"name": "a"}, {"name": "b"}],
    }


def test_matched_by_processname_too() -> None:
    event = run(
        {"program": "Okta", "details": {"UserName": "x"}},
        LowercaseKeys(EnrichSettings(lowercase_key_sources=["okta"])),
    )
    assert event["details"] == {"username": "x"}


def test_other_sources_keep_their_keys() -> None:
    event = run(WINDOWS, LowercaseKeys(EnrichSettings(lowercase_key_sources=["okta"])))
    assert "EventID" in event["details"]
    assert event["mozdef"]["plugins"] == []


def test_no_sources_configured_means_never() -> None:
    assert LowercaseKeys().registration == []


def test_collisions_merge_by_the_type_rule() -> None:
    assert lower_keys({"User": "bob", "user": {"id": 1}}) == {"user": {"_value": "bob", "id": 1}}


def test_disagreeing_list_members_after_lowercasing_are_conformed() -> None:
    body = {"source": "nxlog", "details": {"l": [{"A": 1}, {"a": "x"}]}}
    event = run(body, LowercaseKeys(EnrichSettings(lowercase_key_sources=["nxlog"])))
    assert event["details"] == {"l": ['{"a":1}', '{"a":"x"}']}
