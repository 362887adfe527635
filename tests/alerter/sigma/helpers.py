"""Compile a Sigma rule written inline and evaluate it on events."""

from __future__ import annotations

import textwrap
from typing import Any

from mozdef_alerter.sigma import SigmaRule, load_sigma
from mozdef_common.query.ast import Node
from mozdef_common.query.evaluate import compile_predicate

HEADER = """\
title: Test rule
id: 5f0c3c8e-0d4b-4bd8-9a4c-7c0d7b1b0a01
status: test
level: high
logsource:
    product: linux
detection:
"""


def rule(detection: str, header: str = HEADER) -> SigmaRule:
    """A one-rule file whose ``detection`` block is ``detection`` (indented for you)."""
    (only,) = load_sigma(header + textwrap.indent(textwrap.dedent(detection), "    "), "test.yml")
    return only


def query(detection: str) -> Node:
    tree = rule(detection).query
    assert tree is not None
    return tree


def matches(node: Node, details: dict[str, Any], **top: Any) -> bool:
    event = {"category": "event", "summary": "", "hostname": "h", "tags": [], "details": details, **top}
    return compile_predicate(node)(event)
