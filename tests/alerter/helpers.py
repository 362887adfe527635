"""Building the stream engine over real parts, and feeding it indexed events."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import orjson

from mozdef_alerter.correlate import Correlator
from mozdef_alerter.engine import StreamEngine
from mozdef_alerter.geo import GeoReader
from mozdef_alerter.python_rules import RegisteredRule
from mozdef_alerter.rulebook import build_rulebook
from mozdef_common import topics
from mozdef_common.bus import Message
from mozdef_common.rules import load_rules_text
from tests.alerter.conftest import Parts

_offsets = itertools.count()


def engine(
    parts: Parts, rules_yaml: str, *, geo: GeoReader | None = None, python: Sequence[RegisteredRule] = ()
) -> StreamEngine:
    rules, errors = load_rules_text(rules_yaml, "test.yml")
    assert errors == [], [str(e) for e in errors]
    correlator = Correlator(parts.state, parts.sink, parts.metrics, geo)
    return StreamEngine(build_rulebook(rules, python), parts.sink, correlator, parts.metrics)


def messages(*events: dict[str, Any]) -> list[Message]:
    return [
        Message(topic=topics.INDEXED, partition=0, offset=next(_offsets), value=orjson.dumps(event))
        for event in events
    ]


def at(minute: float, second: float = 0) -> str:
    """An ISO time on 2026-11-27 after 10:00."""
    total = int(minute * 60 + second)
    return f"2026-11-27T{10 + total // 3600:02d}:{total // 60 % 60:02d}:{total % 60:02d}.000000+00:00"
