"""Type aliases shared across MozDef."""

from __future__ import annotations

from typing import Any, TypeAlias

#: An event on the hot path: a plain dict decoded by orjson, never a model.
Event: TypeAlias = dict[str, Any]
#: A JSON value as decoded by orjson.
JSON: TypeAlias = Any
#: Kafka-style message headers.
Headers: TypeAlias = tuple[tuple[str, bytes], ...]
