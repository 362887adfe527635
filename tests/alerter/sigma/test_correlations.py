"""Sigma correlation rules: event_count, value_count, temporal and temporal_ordered."""

from __future__ import annotations

import pytest

from mozdef_alerter.sigma import SigmaLoadError, load_sigma, load_sigma_collection

from .helpers import matches

FAILED_LOGON = """\
title: Failed logon
id: 0e95725d-7320-415d-80f7-004da920fc11
name: failed_logon
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4625
    condition: selection
---
title: Successful logon
id: 5a3d1c6e-1b2f-4a7e-9c0d-2e1f3a4b5c61
name: good_logon
level: low
logsource:
    product: windows
    service: security
detection:
    selection:
        EventID: 4624
    condition: selection
"""


def correlation(body: str, rules: str = FAILED_LOGON) -> str:
    return rules + "---\ntitle: Correlated\nid: 7c1f2e3d-4a5b-4c6d-8e9f-0a1b2c3d4e51\nlevel: high\n" + body


def test_event_count_is_a_threshold_rule() -> None:
    text = correlation(
        "correlation:\n  type: event_count\n  rules: [failed_logon]\n  group-by: [TargetUserName]\n"
        "  timespan: 5m\n  condition:\n    gte: 10\n"
    )
    rules = load_sigma(text, "c.yml")
    # The referenced rule is not a rule of its own (generate defaults to false); the other one is.
    assert [(r.name, r.type) for r in rules] == [("Successful logon", "match"), ("Correlated", "threshold")]
    rule = rules[1]
    assert (rule.threshold, rule.window_s, rule.group_by, rule.distinct) == (
        10,
        300,
        ["details.targetusername"],
        None,
    )
    assert rule.severity == "ERROR"
    assert rule.id == "7c1f2e3d-4a5b-4c6d-8e9f-0a1b2c3d4e51"
    assert rule.category == "security"
    assert rule.query is not None
    assert matches(rule.query, {"channel": "Security", "eventid": 4625})
    assert not matches(rule.query, {"channel": "Security", "eventid": 4624})


def test_gt_is_one_more_and_generate_keeps_the_referenced_rule() -> None:
    text = correlation(
        "correlation:\n  type: event_count\n  rules: [failed_logon]\n  generate: true\n"
        "  timespan: 1h\n  condition:\n    gt: 3\n"
    )
    rules = load_sigma(text, "c.yml")
    assert [r.name for r in rules] == ["Failed logon", "Successful logon", "Correlated"]
    assert rules[2].threshold == 4
    assert rules[2].group_by == []


def test_value_count_counts_distinct_values() -> None:
    text = correlation(
        "correlation:\n  type: value_count\n  rules: [failed_logon]\n  group-by: [IpAddress]\n"
        "  timespan: 10m\n  condition:\n    gte: 5\n    field: TargetUserName\n"
    )
    rule = load_sigma(text, "c.yml")[-1]
    assert (rule.type, rule.distinct, rule.group_by, rule.threshold) == (
        "threshold",
        "details.targetusername",
        ["details.ipaddress"],
        5,
    )


@pytest.mark.parametrize(("kind", "ordered"), [("temporal", False), ("temporal_ordered", True)])
def test_temporal_is_a_sequence(kind: str, ordered: bool) -> None:
    text = correlation(
        f"correlation:\n  type: {kind}\n  rules: [failed_logon, good_logon]\n"
        "  group-by: [TargetUserName]\n  timespan: 2m\n"
    )
    (rule,) = load_sigma(text, "c.yml")
    assert (rule.type, rule.ordered, rule.group_by, rule.window_s, rule.query) == (
        "sequence",
        ordered,
        ["details.targetusername"],
        120,
        None,
    )
    failed, good = rule.steps
    assert matches(failed, {"channel": "security", "eventid": 4625})
    assert matches(good, {"channel": "security", "eventid": 4624})
    assert not matches(good, {"channel": "security", "eventid": 4625})


def test_aliases_naming_one_field_are_that_field() -> None:
    text = correlation(
        "correlation:\n  type: temporal\n  rules: [failed_logon, good_logon]\n  group-by: [user]\n"
        "  timespan: 2m\n  aliases:\n    user:\n      failed_logon: TargetUserName\n"
        "      good_logon: TargetUserName\n"
    )
    (rule,) = load_sigma(text, "c.yml")
    assert rule.group_by == ["details.targetusername"]


def test_references_across_files_of_a_collection() -> None:
    body = (
        "title: Across\nid: 9b8a7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c61\ncorrelation:\n  type: event_count\n"
        "  rules: [failed_logon]\n  timespan: 1m\n  condition:\n    gte: 2\n"
    )
    rules = load_sigma_collection([(FAILED_LOGON, "a.yml"), (body, "b.yml")])
    assert [(r.name, r.source) for r in rules] == [("Successful logon", "a.yml"), ("Across", "b.yml")]


def test_unsupported_conditions_are_errors_naming_file_rule_and_reason() -> None:
    text = correlation(
        "correlation:\n  type: event_count\n  rules: [failed_logon]\n  timespan: 1m\n"
        "  condition:\n    lt: 2\n"
    )
    errors: list[SigmaLoadError] = []
    rules = load_sigma(text, "c.yml", errors=errors)
    assert [r.name for r in rules] == ["Successful logon"]
    (error,) = errors
    assert error.path == "c.yml"
    assert error.rule_id == "7c1f2e3d-4a5b-4c6d-8e9f-0a1b2c3d4e51"
    assert error.line == 24
    assert "lt" in str(error)
    assert "c.yml:24" in str(error)
    with pytest.raises(SigmaLoadError):
        load_sigma(text, "c.yml")


def test_unknown_reference_is_an_error() -> None:
    text = correlation("correlation:\n  type: temporal\n  rules: [nope]\n  timespan: 1m\n")
    errors: list[SigmaLoadError] = []
    load_sigma(text, "c.yml", errors=errors)
    assert len(errors) == 1
    assert "nope" in str(errors[0])
