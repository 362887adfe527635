"""Helpers shared by the enrich tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import orjson

from mozdef_common.types import Event
from mozdef_enrich.envelope import Envelope
from mozdef_enrich.normalize import normalize
from mozdef_enrich.pipeline import Normalized, Pipeline
from mozdef_enrich.plugins.base import Registered, validate

RECEIVED = datetime(2026, 11, 27, 18, 30, 5, 123456, tzinfo=UTC)
RECEIVED_ISO = "2026-11-27T18:30:05.123456+00:00"


def envelope(endpoint: str = "events", **kwargs: Any) -> Envelope:
    return Envelope(
        id=kwargs.pop("id", "e1"), received=kwargs.pop("received", RECEIVED), endpoint=endpoint, **kwargs
    )


def norm(body: dict[str, Any], **kwargs: Any) -> Event:
    return normalize(body, envelope(**kwargs))


def registered(*plugins: object) -> list[Registered]:
    return sorted((validate(p, "test") for p in plugins), key=lambda r: (r.priority, r.name))


def run(body: dict[str, Any] | bytes, *plugins: object, **kwargs: Any) -> Event:
    """The event the pipeline makes of ``body`` with ``plugins`` (asserting it was normalized)."""
    raw = body if isinstance(body, bytes) else orjson.dumps(body)
    outcome = Pipeline(registered(*plugins)).process(raw, envelope(size=len(raw), **kwargs))
    assert isinstance(outcome, Normalized), outcome
    assert orjson.loads(outcome.value) == outcome.event
    return outcome.event
