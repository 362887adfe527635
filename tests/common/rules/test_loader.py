"""Rule files: models, durations, queries, and errors that name the file and the line."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from mozdef_common.query.ast import Term
from mozdef_common.rules import (
    MatchRule,
    SequenceRule,
    ThresholdRule,
    load_rules_dir,
    load_rules_text,
    parse_duration,
)

GOOD = """\
id: ssh-bruteforce
name: SSH brute force
type: threshold
severity: warning
query: 'details.program:sshd AND details.action:failed'
group_by: [details.sourceipaddress]
threshold: 10
window: 2m
dedup:
  key: [details.sourceipaddress]
  window: 1h
---
id: root-login
name: Root login
type: match
query: details.username:root
"""


def test_a_file_holds_several_rules_with_parsed_durations_and_queries() -> None:
    rules, errors = load_rules_text(GOOD, "ssh.yml")
    assert errors == []
    threshold, match = rules
    assert isinstance(threshold, ThresholdRule)
    assert threshold.window == timedelta(minutes=2)
    assert threshold.every() == timedelta(seconds=30)  # a quarter of 2m, at least 30 s
    assert threshold.severity == "WARNING"
    assert threshold.dedup_window() == timedelta(hours=1)
    assert isinstance(match, MatchRule)
    assert match.query.node == Term("details.username", "root")
    assert match.origin == "ssh.yml:13"
    assert match.dedup_fields() == []
    assert match.dedup_window() == timedelta(hours=1)
    assert match.model_dump(mode="json")["query"] == "details.username:root"


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("id: a\nname: A\ntype: match\nquery: 'details.x:(1'\n", "r.yml:4", "does not parse"),
        ("id: a\nname: A\ntype: match\nquery: x\nsevrity: HIGH\n", "r.yml:5", "sevrity"),
        (
            "id: a\nname: A\ntype: sequence\nwindow: 5x\nsteps:\n  - query: a\n  - query: b\n",
            "r.yml:4",
            "duration",
        ),
        (
            "id: a\nname: A\ntype: sequence\nwindow: 5m\nsteps:\n  - query: a\n  - {query: b, x: 1}\n",
            "r.yml:7",
            "x",
        ),
        ("id: a\nname: A\ntype: nope\n", "r.yml:3", "type 'nope'"),
        ("id: a\nname: A\nquery: x\n", "r.yml:1", "type is missing"),
        ("id: Bad Id\nname: A\ntype: match\nquery: x\n", "r.yml:1", "id"),
        ("id: a\nname: A\ntype: match\nquery: [unclosed\n", "r.yml:5", "not valid YAML"),
    ],
)
def test_errors_name_file_and_line(text: str, where: str, words: str) -> None:
    rules, errors = load_rules_text(text, "r.yml")
    assert rules == []
    assert len(errors) == 1
    assert errors[0].origin == where, str(errors[0])
    assert words in str(errors[0])


def test_one_bad_rule_never_stops_the_others(tmp_path: Path) -> None:
    (tmp_path / "nested").mkdir()
    (tmp_path / "a.yml").write_text(GOOD)
    (tmp_path / "nested" / "b.yaml").write_text(
        "id: broken\nname: B\ntype: threshold\nquery: x\nwindow: 1m\n---\n"
        "id: seq\nname: S\ntype: sequence\nwindow: 10m\nordered: false\nby: [details.user]\n"
        "steps:\n  - {query: a, name: first}\n  - query: b\n---\n"
        "id: root-login\nname: again\ntype: match\nquery: y\n"
    )
    (tmp_path / "ignored.txt").write_text("not a rule")
    rules, errors = load_rules_dir(tmp_path, sigma=lambda: None)
    assert [rule.id for rule in rules] == ["ssh-bruteforce", "root-login", "seq"]
    seq = rules[2]
    assert isinstance(seq, SequenceRule)
    assert not seq.ordered
    assert seq.steps[0].name == "first"
    messages = sorted(str(error) for error in errors)
    assert len(messages) == 2
    assert messages[0].startswith(f"{tmp_path / 'nested' / 'b.yaml'}:1 (rule broken): threshold:")
    assert f"b.yaml:17 (rule root-login): id already used by {tmp_path / 'a.yml'}:13" in messages[1]


class FakeSigmaRule:
    def __init__(self, **fields: Any) -> None:
        self.__dict__.update(fields)


class InTestSigma:
    """A Sigma loader of the shape the alerter's has: recognises ``title:`` files."""

    def is_sigma(self, text: str) -> bool:
        return text.startswith("title:")

    def load_sigma(self, text: str, path: str) -> Sequence[Any]:
        node = Term("details.eventid", "4625")
        common = {"name": "Failed logon", "description": "", "severity": "ERROR", "category": "windows"}
        return [
            FakeSigmaRule(
                id="0e95725d-7320-415d-80f7-004da920fc11",
                type="match",
                query=node,
                tags=["attack.t1110"],
                line=1,
                **common,
            ),
            FakeSigmaRule(
                id="many",
                type="threshold",
                query=node,
                group_by=["details.targetusername"],
                threshold=5,
                window_s=300,
                distinct=None,
                tags=[],
                line=9,
                **common,
            ),
            FakeSigmaRule(
                id="bad", type="threshold", query=node, threshold=5, window_s=None, tags=[], line=20, **common
            ),
        ]


def test_sigma_files_go_to_the_sigma_loader(tmp_path: Path) -> None:
    (tmp_path / "sigma.yml").write_text("title: Failed logon\n")
    (tmp_path / "plain.yml").write_text(GOOD)
    rules, errors = load_rules_dir(tmp_path, sigma=InTestSigma())
    sigma = {rule.id: rule for rule in rules if rule.rule_type == "sigma"}
    assert set(sigma) == {"0e95725d-7320-415d-80f7-004da920fc11", "many"}
    assert sigma["many"].type == "threshold"
    assert sigma["many"].origin.endswith("sigma.yml:9")
    assert sigma["0e95725d-7320-415d-80f7-004da920fc11"].tags == ["attack.t1110"]
    assert len(errors) == 1
    assert "bad" in str(errors[0])
    assert "timespan" in str(errors[0])


@pytest.mark.parametrize(("text", "seconds"), [("30s", 30), ("2m", 120), ("1h", 3600), ("7d", 604800)])
def test_durations(text: str, seconds: int) -> None:
    assert parse_duration(text).total_seconds() == seconds


@pytest.mark.parametrize("text", ["0s", "5", "1w", "-1m", ""])
def test_bad_durations(text: str) -> None:
    with pytest.raises(ValueError, match="duration"):
        parse_duration(text)
