"""Normalized events for tests: every schema field present, overridable by keyword."""

from __future__ import annotations

import itertools
from typing import Any

from mozdef_common.event import DEFAULTS
from mozdef_common.types import Event

_counter = itertools.count(1)


def make_event(**overrides: Any) -> Event:
    """A normalized event as enrich emits it; ``details`` and ``tags`` replace the defaults whole."""
    n = next(_counter)
    utc = overrides.pop("utctimestamp", "2026-11-27T10:00:00.000000+00:00")
    event: Event = {
        "id": f"test-{n:08d}",
        "utctimestamp": utc,
        "receivedtimestamp": utc,
        "timestamp": utc,
        **DEFAULTS,
        "tags": [],
        "details": {},
        "mozdef": {"plugins": []},
    }
    event.update(overrides)
    return event
