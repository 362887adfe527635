"""Sigma log sources as conditions on our events.

A Sigma rule names where its events come from (``product``/``service``/``category``); MozDef events
say it with ``category`` and, for Windows, ``details.channel`` and ``details.eventid`` (docs/rules.md).
:func:`logsource_condition` gives the events a rule may match as a Sigma detection definition in our
field names: a list of maps is an OR, the keys of one map an AND, a list of values an OR.
A log source this table does not know adds no condition: the rule's own fields decide.
"""

from __future__ import annotations

from sigma.rule import SigmaLogSource

Definition = list[dict[str, int | str | list[int] | list[str]]]

CHANNEL = "details.channel"
EVENTID = "details.eventid"
SYSMON = "Microsoft-Windows-Sysmon/Operational"
POWERSHELL = "Microsoft-Windows-PowerShell/Operational"
POWERSHELL_CLASSIC = "Windows PowerShell"

#: Windows services (Sigma's names) to the event log channel(s) they read.
WINDOWS_CHANNELS: dict[str, list[str]] = {
    "security": ["Security"],
    "system": ["System"],
    "application": ["Application"],
    "sysmon": [SYSMON],
    "powershell": [POWERSHELL],
    "powershell-classic": [POWERSHELL_CLASSIC],
    "taskscheduler": ["Microsoft-Windows-TaskScheduler/Operational"],
    "wmi": ["Microsoft-Windows-WMI-Activity/Operational"],
    "dns-server": ["DNS Server"],
    "dns-server-analytic": ["Microsoft-Windows-DNS-Server/Analytical"],
    "dns-client": ["Microsoft-Windows-DNS Client Events/Operational"],
    "driver-framework": ["Microsoft-Windows-DriverFrameworks-UserMode/Operational"],
    "ntlm": ["Microsoft-Windows-NTLM/Operational"],
    "windefend": ["Microsoft-Windows-Windows Defender/Operational"],
    "firewall-as": ["Microsoft-Windows-Windows Firewall With Advanced Security/Firewall"],
    "bits-client": ["Microsoft-Windows-Bits-Client/Operational"],
    "codeintegrity-operational": ["Microsoft-Windows-CodeIntegrity/Operational"],
    "applocker": [
        "Microsoft-Windows-AppLocker/MSI and Script",
        "Microsoft-Windows-AppLocker/EXE and DLL",
        "Microsoft-Windows-AppLocker/Packaged app-Deployment",
        "Microsoft-Windows-AppLocker/Packaged app-Execution",
    ],
    "msexchange-management": ["MSExchange Management"],
    "printservice-admin": ["Microsoft-Windows-PrintService/Admin"],
    "printservice-operational": ["Microsoft-Windows-PrintService/Operational"],
    "smbclient-security": ["Microsoft-Windows-SmbClient/Security"],
    "smbclient-connectivity": ["Microsoft-Windows-SmbClient/Connectivity"],
    "smbserver-connectivity": ["Microsoft-Windows-SMBServer/Connectivity"],
    "terminalservices-localsessionmanager": [
        "Microsoft-Windows-TerminalServices-LocalSessionManager/Operational"
    ],
    "security-mitigations": [
        "Microsoft-Windows-Security-Mitigations/Kernel Mode",
        "Microsoft-Windows-Security-Mitigations/User Mode",
    ],
    "diagnosis-scripted": ["Microsoft-Windows-Diagnosis-Scripted/Operational"],
    "openssh": ["OpenSSH/Operational"],
    "ldap": ["Microsoft-Windows-LDAP-Client/Debug"],
    "lsa-server": ["Microsoft-Windows-LSA/Operational"],
    "appmodel-runtime": ["Microsoft-Windows-AppModel-Runtime/Admin"],
    "capi2": ["Microsoft-Windows-CAPI2/Operational"],
    "certificateservicesclient-lifecycle-system": [
        "Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational"
    ],
    "shell-core": ["Microsoft-Windows-Shell-Core/Operational"],
    "appxpackaging-om": ["Microsoft-Windows-AppxPackagingOM/Operational"],
    "appxdeployment-server": ["Microsoft-Windows-AppXDeploymentServer/Operational"],
    "microsoft-servicebus-client": ["Microsoft-ServiceBus-Client"],
    "iis-configuration": ["Microsoft-IIS-Configuration/Operational"],
    "bitlocker": ["Microsoft-Windows-BitLocker/BitLocker Management"],
    "vhdmp": ["Microsoft-Windows-VHDMP/Operational"],
    "kernel-shimengine": ["Microsoft-Windows-Kernel-ShimEngine/Operational"],
    "ntfs": ["Microsoft-Windows-Ntfs/Operational"],
}

#: Windows categories read from Sysmon, by Sysmon event id.
SYSMON_CATEGORIES: dict[str, list[int]] = {
    "process_creation": [1],
    "file_change": [2],
    "network_connection": [3],
    "sysmon_status": [4, 16],
    "process_termination": [5],
    "driver_load": [6],
    "image_load": [7],
    "create_remote_thread": [8],
    "raw_access_thread": [9],
    "process_access": [10],
    "file_event": [11],
    "registry_add": [12],
    "registry_delete": [12],
    "registry_set": [13],
    "registry_rename": [14],
    "registry_event": [12, 13, 14],
    "create_stream_hash": [15],
    "pipe_created": [17, 18],
    "wmi_event": [19, 20, 21],
    "dns_query": [22],
    "file_delete": [23, 26],
    "clipboard_change": [24],
    "process_tampering": [25],
    "file_block_executable": [27],
    "file_block_shredding": [28],
    "file_executable_detected": [29],
    "sysmon_error": [255],
}

#: Windows categories of other channels: (channel, event ids).
CHANNEL_CATEGORIES: dict[str, tuple[str, list[int]]] = {
    "ps_module": (POWERSHELL, [4103]),
    "ps_script": (POWERSHELL, [4104]),
    "ps_classic_start": (POWERSHELL_CLASSIC, [400]),
    "ps_classic_provider_start": (POWERSHELL_CLASSIC, [600]),
    "ps_classic_script": (POWERSHELL_CLASSIC, [800]),
}

#: Windows categories that other sources log too (Security's own process creation event).
EXTRA_WINDOWS: dict[str, Definition] = {
    "process_creation": [{CHANNEL: "Security", EVENTID: 4688}],
    "network_connection": [{CHANNEL: "Security", EVENTID: 5156}],
}

#: Non-Windows log sources to MozDef event categories.
CATEGORIES: dict[str, list[str]] = {
    "proxy": ["proxy", "squid"],
    "webserver": ["webserver", "apache", "nginx"],
    "firewall": ["firewall"],
    "dns": ["dns"],
}
PRODUCT_SERVICES: dict[tuple[str, str], list[str]] = {
    ("aws", "cloudtrail"): ["cloudtrail"],
}


def logsource_condition(logsource: SigmaLogSource) -> Definition | None:
    """The events ``logsource`` covers, or ``None`` when it says nothing we can check."""
    product = (logsource.product or "").lower()
    service = (logsource.service or "").lower()
    category = (logsource.category or "").lower()
    if product == "windows":
        return _windows(service, category)
    if (product, service) in PRODUCT_SERVICES:
        return [{"category": PRODUCT_SERVICES[(product, service)]}]
    if category in CATEGORIES and not product:
        return [{"category": CATEGORIES[category]}]
    return None


def _windows(service: str, category: str) -> Definition:
    if service in WINDOWS_CHANNELS:
        return [{CHANNEL: WINDOWS_CHANNELS[service]}]
    if category in SYSMON_CATEGORIES:
        ids = SYSMON_CATEGORIES[category]
        return [{CHANNEL: SYSMON, EVENTID: ids}, *EXTRA_WINDOWS.get(category, [])]
    if category in CHANNEL_CATEGORIES:
        channel, ids = CHANNEL_CATEGORIES[category]
        return [{CHANNEL: channel, EVENTID: ids}]
    # A Windows source this table does not name: at least a Windows event.
    return [{"category": "windows"}]
