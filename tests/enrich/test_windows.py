"""WindowsEvents through the real enrich pipeline: every rendering gives the same canonical event."""

from __future__ import annotations

import copy
import tomllib
from functools import cache
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import orjson
import pytest

from mozdef_common.types import Event
from mozdef_enrich.pipeline import Normalized, Pipeline
from mozdef_enrich.plugins.base import Registered
from mozdef_enrich.plugins.registry import GROUP, load_plugins
from mozdef_enrich.plugins.windows import SYSTEM_FIELDS
from mozdef_enrich.settings import EnrichSettings

from .support import envelope
from .test_windows_samples import (
    COMPUTER,
    FAILED_4625,
    KINDS,
    LOGON_4624,
    PROCESS_4688,
    RENDERINGS,
    SCRIPT_4104,
    SYSMON_1,
    SYSMON_3,
    Kind,
    evtx_dump,
    expected_data,
    nxlog,
    winlogbeat,
    xml_json,
)

PYPROJECT = Path(__file__).parents[2] / "pyproject.toml"


@cache
def declared() -> tuple[EntryPoint, ...]:
    """The plugins pyproject declares: what an install registers, without depending on one."""
    table = tomllib.loads(PYPROJECT.read_text())["project"]["entry-points"][GROUP]
    return tuple(EntryPoint(name, value, GROUP) for name, value in table.items())


def plugins(*, without: tuple[str, ...] = (), lowercase: tuple[str, ...] = ()) -> list[Registered]:
    # intel_lists=[]: the intel plugin then reads no lists and starts no thread these tests would leave.
    settings = EnrichSettings(
        disabled_plugins=list(without), lowercase_key_sources=list(lowercase), intel_lists=[]
    )
    loaded = load_plugins(settings, eps=declared())
    assert loaded.errors == ()
    return list(loaded.plugins)


def post(body: dict[str, Any], registered: list[Registered] | None = None) -> Event:
    """The event the enrich pipeline makes of ``body`` posted to /events."""
    raw = orjson.dumps(body)
    outcome = Pipeline(plugins() if registered is None else registered).process(raw, envelope(size=len(raw)))
    assert isinstance(outcome, Normalized), outcome
    assert orjson.loads(outcome.value) == outcome.event
    return outcome.event


def sigma_view(event: Event, kind: Kind) -> dict[str, Any]:
    """What Sigma rules read: the System fields and every EventData field, plus the event's own fields."""
    details = event["details"]
    keys = ("eventid", "channel", "provider_name", "computer", "recordid", *expected_data(kind))
    return {
        "details": {key: details.get(key) for key in keys},
        "hostname": event["hostname"],
        "source": event["source"],
        "category": event["category"],
        "processname": event["processname"],
        "second": event["utctimestamp"][:19],
    }


def test_windows_is_declared_and_runs_before_lowercase_keys() -> None:
    names = [plugin.name for plugin in plugins()]
    assert names[:2] == ["windows", "lowercase_keys"]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
@pytest.mark.parametrize("rendering", RENDERINGS)
def test_each_rendering_gives_the_canonical_shape(kind: Kind, rendering: str) -> None:
    event = post(RENDERINGS[rendering](kind))
    details = event["details"]
    assert details["eventid"] == kind.eventid
    assert type(details["eventid"]) is int
    assert details["channel"] == kind.channel
    assert details["provider_name"] == kind.provider
    assert details["computer"] == COMPUTER
    assert details["recordid"] == kind.recordid
    assert {key: details.get(key) for key in expected_data(kind)} == expected_data(kind)
    assert all(key == key.lower() for key in details)
    assert event["hostname"] == COMPUTER
    assert event["source"] == kind.channel
    assert event["category"] == "windows"
    assert event["processname"] == kind.provider
    assert event["utctimestamp"].startswith("2026-11-27T18:30:01")
    assert event["summary"]
    assert event["mozdef"]["plugins"][0] == "windows"
    assert "errors" not in event["mozdef"]


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_the_renderings_agree_on_every_sigma_field(kind: Kind) -> None:
    views = {name: sigma_view(post(build(kind)), kind) for name, build in RENDERINGS.items()}
    first = views.pop("evtx_dump")
    assert views == {name: first for name in views}


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_no_blob_is_kept_twice(kind: Kind) -> None:
    for build in RENDERINGS.values():
        details = post(build(kind))["details"]
        text = orjson.dumps(details).decode()
        assert "eventdata" not in text.lower()
        assert "event_data" not in text
        assert "message" not in details
        assert kind.message.split("\r")[0] not in text


def test_logon_type_is_a_number_and_addresses_are_checked_by_ipfixup() -> None:
    for build in RENDERINGS.values():
        details = post(build(FAILED_4625))["details"]
        assert details["logontype"] == 10
        assert details["ipaddress"] == "203.0.113.50"
        assert details["status"] == "0xc000006d"


def test_evtx_dump_typed_values_become_the_text_windows_renders() -> None:
    details = post(evtx_dump(SYSMON_3))["details"]
    assert details["initiated"] == "true"
    assert details["destinationport"] == "443"
    assert details["processid"] == "4242"


def test_winlogbeat_ecs_copies_never_replace_event_data() -> None:
    body = winlogbeat(SYSMON_1)
    body["process"]["command_line"] = "something else"
    event = post(body)
    details = event["details"]
    assert details["commandline"] == SYSMON_1.data["CommandLine"]
    assert details["process"]["command_line"] == "something else"  # the ECS copy stays where it was
    assert details["user"] == "CORP\\alice"
    assert details["ecs"] == {"version": "8.0.0", "user": {"name": "alice", "domain": "CORP"}}
    assert details["winlog"] == {
        "provider_guid": SYSMON_1.guid,
        "process": {"pid": 636, "thread": {"id": 3232}},
        "keywords": ["Audit Success"],
        "api": "wineventlog",
    }
    assert details["task"] == "Process Create (rule: ProcessCreate)"
    assert event["severity"] == "INFO"


def test_nxlog_keeps_its_own_fields_and_tells_them_from_event_data() -> None:
    event = post(nxlog(LOGON_4624))
    details = event["details"]
    assert details["processid"] == "0x0"  # EventData's ProcessId, not NXLog's ProcessID
    assert event["processid"] == "636"
    assert details["category"] == "Logon"  # the task's name, which normalization made the category
    assert details["eventtype"] == "AUDIT_SUCCESS"
    assert details["keywords"] == -9214364837600034816
    assert details["sourcemoduletype"] == "im_msvistalog"
    assert details["nxlog"] == {"opcode": "Info"}
    assert event["summary"] == LOGON_4624.message


def test_nxlog_event_type_alone_is_given_back() -> None:
    body = nxlog(FAILED_4625)
    del body["Category"]
    event = post(body)
    assert event["category"] == "windows"
    assert event["details"]["eventtype"] == "AUDIT_FAILURE"
    assert event["severity"] == "ERROR"


def test_nxlog_path_is_given_back_from_eventsource() -> None:
    event = post(nxlog(SCRIPT_4104))
    assert event["details"]["path"] == SCRIPT_4104.data["Path"]
    assert event["eventsource"] == ""


def test_evtx_leftovers_stay_where_they_were_in_plain_json() -> None:
    event = post(evtx_dump(PROCESS_4688))
    assert event["details"]["event"] == {
        "system": {
            "provider": {"guid": PROCESS_4688.guid},
            "version": 2,
            "keywords": "0x8020000000000000",
            "correlation": {"activityid": "{E1A7B6C2-1F0E-0003-9B2C-A8E1F01FDB01}"},
            "execution": {"processid": 636, "threadid": 3232},
            "security": None,
        }
    }
    assert event["summary"] == "Microsoft-Windows-Security-Auditing 4688"
    assert event["processid"] == "636"
    assert event["utctimestamp"] == "2026-11-27T18:30:01.250000+00:00"
    details = post(xml_json(PROCESS_4688))["details"]
    assert details["event"]["system"]["security"] == {"userid": "S-1-5-18"}
    assert "eventid" not in details["event"]["system"]  # empty Qualifiers say nothing


def test_evtx_rendered_message_and_bare_system() -> None:
    body = evtx_dump(FAILED_4625)["Event"]
    body["RenderingInfo"] = {"#attributes": {"Culture": "en-US"}, "Message": "An account failed to log on."}
    event = post(body)  # no Event wrapper: System and EventData at the top
    assert event["summary"] == "An account failed to log on."
    assert event["details"]["renderinginfo"] == {"culture": "en-US"}
    assert event["details"]["targetusername"] == "administrator"
    assert event["details"]["system"]["execution"] == {"processid": 636, "threadid": 3232}


def test_user_data_and_unnamed_data() -> None:
    cleared_evtx = {
        "Event": {
            "System": {
                "Provider": {"#attributes": {"Name": "Microsoft-Windows-Eventlog"}},
                "EventID": 1102,
                "TimeCreated": {"#attributes": {"SystemTime": "2026-11-27T18:31:00.000000Z"}},
                "EventRecordID": 1200470,
                "Channel": "Security",
                "Computer": COMPUTER,
            },
            "UserData": {
                "LogFileCleared": {
                    "#attributes": {"xmlns": "http://manifests.microsoft.com/win/2004/08/windows/eventlog"},
                    "SubjectUserSid": "S-1-5-21-1104",
                    "SubjectUserName": "alice",
                    "SubjectDomainName": "CORP",
                    "SubjectLogonId": "0x8a3f2c1",
                }
            },
        }
    }
    cleared_beat = {
        "@timestamp": "2026-11-27T18:31:00.000Z",
        "winlog": {
            "channel": "Security",
            "event_id": 1102,
            "provider_name": "Microsoft-Windows-Eventlog",
            "computer_name": COMPUTER,
            "record_id": 1200470,
            "user_data": {
                "xml_name": "LogFileCleared",
                "SubjectUserSid": "S-1-5-21-1104",
                "SubjectUserName": "alice",
                "SubjectDomainName": "CORP",
                "SubjectLogonId": "0x8a3f2c1",
            },
        },
    }
    events = [post(cleared_evtx), post(cleared_beat)]
    for event in events:
        details = event["details"]
        assert details["subjectusername"] == "alice"
        assert details["xml_name"] == "LogFileCleared"
        assert details["eventid"] == 1102
        assert event["summary"] == "Microsoft-Windows-Eventlog 1102"
    unnamed = {
        "Event": {
            "System": {
                "Provider": {"@Name": "Service Control Manager"},
                "EventID": "7036",
                "Channel": "System",
            },
            "EventData": {"Data": ["Windows Update", "running"], "Binary": "770075006100750073007600"},
        }
    }
    details = post(unnamed)["details"]
    assert details["param1"] == "Windows Update"
    assert details["param2"] == "running"
    assert details["binary"] == "770075006100750073007600"


def test_event_data_named_like_a_system_field_is_kept_aside() -> None:
    body = winlogbeat(SCRIPT_4104)
    body["winlog"]["event_data"]["Channel"] = "pipeline"
    details = post(body)["details"]
    assert details["channel"] == SCRIPT_4104.channel
    assert details["eventdata_channel"] == "pipeline"


def test_a_shipper_source_that_differs_is_kept() -> None:
    body = nxlog(FAILED_4625)
    body["source"] = "winevt"
    event = post(body)
    assert event["source"] == "Security"
    assert event["details"]["nxlog"] == {"source": "winevt", "opcode": "Info"}


def test_lowercase_keys_for_windows_sources_changes_nothing() -> None:
    registered = plugins(lowercase=("Security", "Microsoft-Windows-Security-Auditing"))
    for build in RENDERINGS.values():
        lowered = post(build(LOGON_4624), registered)
        plain = post(build(LOGON_4624))
        assert "lowercase_keys" in lowered["mozdef"]["plugins"]
        lowered["mozdef"] = plain["mozdef"] = {}
        assert lowered == plain


def test_running_it_again_changes_nothing() -> None:
    for build in RENDERINGS.values():
        once = post(build(SYSMON_3))
        again = post(copy.deepcopy(once))
        # Posting a whole event puts these under details (see docs/events.md): not this plugin's doing.
        for key in ("id", "mozdef", "receivedtimestamp", "timestamp"):
            del again["details"][key]
        assert again["details"] == once["details"]
        for field in ("hostname", "source", "category", "summary", "utctimestamp", "processname"):
            assert again[field] == once[field]


def baseline(body: dict[str, Any]) -> Event:
    event = post(body, plugins(without=("windows",)))
    event["mozdef"].pop("plugins", None)
    return event


@pytest.mark.parametrize(
    "body",
    [
        {"summary": "Failed password for root from 203.0.113.9 port 50022 ssh2", "processname": "sshd"},
        {"message": "GET /index.html", "details": {"status": 200}, "hostname": "web1"},
        {"EventID": 4625, "message": "an app's own EventID, without a Windows channel"},
        {"eventid": "ab12", "Channel": "Security"},
        {"event": {"kind": "event", "system": "linux"}, "message": "ECS from auditbeat"},
        {"winlog": "not an object"},
    ],
    ids=["sshd", "web", "eventid-no-channel", "eventid-not-a-number", "ecs-event", "winlog-text"],
)
def test_events_that_are_not_windows_are_untouched(body: dict[str, Any]) -> None:
    event = post(body)
    assert "errors" not in event["mozdef"]
    event["mozdef"].pop("plugins", None)
    assert event == baseline(body)


def malformed() -> list[dict[str, Any]]:
    bodies: list[dict[str, Any]] = []
    for system_change in (
        {"EventID": "four thousand"},
        {"EventID": 70000},
        {"EventID": {"#attributes": {"Qualifiers": 0}}},
        {"EventID": True},
        {"Provider": {"#attributes": {"Name": ["a", "b"]}}},
    ):
        body = evtx_dump(LOGON_4624)
        body["Event"]["System"].update(system_change)
        bodies.append(body)
    body = evtx_dump(LOGON_4624)
    body["Event"]["EventData"] = "SubjectUserName=alice"
    bodies.append(body)
    body = evtx_dump(LOGON_4624)
    body["Event"]["UserData"] = ["x"]
    bodies.append(body)
    bodies.append({"Event": {"System": ["EventID", 4624]}})
    bodies.append({"Event": "<Event xmlns='…'><System>…</System></Event>"})
    body = winlogbeat(SYSMON_1)
    body["winlog"]["event_data"] = ["Image", "C:\\x.exe"]
    bodies.append(body)
    body = winlogbeat(SYSMON_1)
    body["winlog"]["event_id"] = "1; DROP"
    bodies.append(body)
    body = nxlog(FAILED_4625)
    body["Channel"] = {"name": "Security"}
    bodies.append(body)
    body = nxlog(FAILED_4625)
    body["EventID"] = -1
    bodies.append(body)
    return bodies


@pytest.mark.parametrize("body", malformed())
def test_malformed_windows_events_are_left_as_they_are(body: dict[str, Any]) -> None:
    event = post(body)
    assert "errors" not in event["mozdef"]
    event["mozdef"].pop("plugins", None)
    assert event == baseline(body)


def test_system_field_names_are_the_documented_ones() -> None:
    assert SYSTEM_FIELDS == (
        "eventid", "channel", "provider_name", "computer", "recordid", "level", "task", "opcode",
    )  # fmt: skip


def test_odd_levels_and_times_never_fail_the_plugin() -> None:
    body = evtx_dump(LOGON_4624)
    body["Event"]["System"]["Level"] = "²"  # a Unicode digit: isdigit() says yes, int() says no
    body["Event"]["System"]["TimeCreated"] = {"#attributes": {"SystemTime": "²"}}
    event = post(body)
    assert "errors" not in event["mozdef"]
    assert event["details"]["level"] == "²"
    assert event["details"]["evtx"] == {"time_invalid": "²"}
    assert event["utctimestamp"] == event["receivedtimestamp"]
    beat = winlogbeat(LOGON_4624)
    beat["log"]["level"] = "²"
    event = post(beat)
    assert "errors" not in event["mozdef"]
    assert event["details"]["level"] == "²"
