"""Loading Sigma files: recognition, the rule contract, log sources, and errors."""

from __future__ import annotations

import pytest

from mozdef_alerter.sigma import SigmaLoadError, is_sigma, load_sigma

from .helpers import matches

PROCESS = """\
title: Whoami
id: 4b1c2d3e-5f60-4a7b-8c9d-0e1f2a3b4c51
description: Discovery with whoami.
level: {level}
tags: [attack.discovery, attack.t1033]
logsource:
    product: windows
    category: process_creation
detection:
    selection:
        Image|endswith: \\whoami.exe
    condition: selection
"""


def test_is_sigma_by_content() -> None:
    assert is_sigma(PROCESS)
    assert is_sigma("title: x\ncorrelation:\n  type: temporal\n")
    assert not is_sigma("id: r\ntype: match\nquery: 'x:y'\n")
    assert not is_sigma("detection: only\n")


@pytest.mark.parametrize(
    ("level", "severity"),
    [
        ("informational", "INFO"),
        ("low", "NOTICE"),
        ("medium", "WARNING"),
        ("high", "ERROR"),
        ("critical", "CRITICAL"),
    ],
)
def test_plain_rule_in_our_contract(level: str, severity: str) -> None:
    (rule,) = load_sigma(PROCESS.format(level=level), "rules/whoami.yml")
    assert (rule.id, rule.name, rule.type, rule.severity, rule.category) == (
        "4b1c2d3e-5f60-4a7b-8c9d-0e1f2a3b4c51",
        "Whoami",
        "match",
        severity,
        "process_creation",
    )
    assert rule.tags == ["attack.discovery", "attack.t1033"]
    assert rule.description == "Discovery with whoami."
    assert rule.source == "rules/whoami.yml"


def test_process_creation_is_sysmon_1_or_security_4688() -> None:
    (rule,) = load_sigma(PROCESS.format(level="high"), "w.yml")
    assert rule.query is not None
    image = {"image": "C:\\Windows\\System32\\WHOAMI.EXE"}
    assert matches(rule.query, {"channel": "Microsoft-Windows-Sysmon/Operational", "eventid": 1, **image})
    assert matches(rule.query, {"channel": "Security", "eventid": 4688, **image})
    assert not matches(rule.query, {"channel": "Security", "eventid": 4624, **image})
    assert not matches(rule.query, {"channel": "System", "eventid": 1, **image})


def test_cloudtrail_and_proxy_sources() -> None:
    cloud = PROCESS.replace(
        "product: windows\n    category: process_creation", "product: aws\n    service: cloudtrail"
    )
    cloud = cloud.replace("Image|endswith: \\whoami.exe", "eventName: StopLogging")
    (rule,) = load_sigma(cloud.format(level="high"), "c.yml")
    assert rule.query is not None
    assert matches(rule.query, {"eventname": "StopLogging"}, category="cloudtrail")
    assert not matches(rule.query, {"eventname": "StopLogging"}, category="windows")
    proxy = PROCESS.replace("product: windows\n    category: process_creation", "category: proxy")
    proxy = proxy.replace("Image|endswith: \\whoami.exe", "c-uri|contains: /evil")
    (rule,) = load_sigma(proxy.format(level="high"), "p.yml")
    assert rule.query is not None
    assert matches(rule.query, {"destination": "http://x/EVIL/"}, category="proxy")


def test_one_bad_rule_does_not_stop_the_others() -> None:
    bad = PROCESS.replace("4b1c2d3e", "00000000").replace("Image|endswith", "Image|minute")
    text = PROCESS.format(level="high") + "---\n" + bad.format(level="low")
    errors: list[SigmaLoadError] = []
    rules = load_sigma(text, "two.yml", errors=errors)
    assert [r.id for r in rules] == ["4b1c2d3e-5f60-4a7b-8c9d-0e1f2a3b4c51"]
    (error,) = errors
    assert error.rule_id == "00000000-5f60-4a7b-8c9d-0e1f2a3b4c51"
    assert error.origin == "two.yml:14"
    assert "Whoami" in str(error)


def test_invalid_yaml_names_the_line() -> None:
    errors: list[SigmaLoadError] = []
    assert load_sigma("title: x\ndetection: [\n", "y.yml", errors=errors) == []
    assert errors[0].path == "y.yml"
    assert "YAML" in str(errors[0])
