"""The enrich stage without I/O: raw bytes and their envelope in, one outcome out.

:meth:`Pipeline.process` decodes the JSON object, normalizes it (:mod:`.normalize`), runs the plugins whose
registration matches in priority order, and brings the result back to the schema (:mod:`.conform`).
The outcome is one of :class:`Normalized` (send on), :class:`Dropped` (a plugin dropped it on purpose)
or :class:`Rejected` (it cannot be normalized at all: dead-letter it).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from mozdef_common.types import Event
from mozdef_enrich.conform import conform
from mozdef_enrich.envelope import Envelope
from mozdef_enrich.normalize import normalize, normalize_custom
from mozdef_enrich.plugins.base import Drop, Registered
from mozdef_enrich.shape import shape_details

log = logging.getLogger(__name__)

CUSTOM_ENDPOINT = "custom"
# Longest error text kept in mozdef.errors: enough to debug, small enough to index.
_ERROR_TEXT_MAX = 500


@dataclass(slots=True, frozen=True)
class Normalized:
    event: Event
    value: bytes
    #: Names of the plugins that raised on this event.
    failed: tuple[str, ...] = ()


@dataclass(slots=True, frozen=True)
class Dropped:
    plugin: str
    reason: str


@dataclass(slots=True, frozen=True)
class Rejected:
    #: A short, fixed label (for metrics): ``invalid_json``, ``not_an_object``, ``normalize_failed``.
    kind: str
    #: The label with the detail, for the dead letter.
    reason: str


Outcome = Normalized | Dropped | Rejected


class Pipeline:
    """Normalize and enrich events with a fixed list of plugins (already validated and ordered)."""

    def __init__(self, plugins: Sequence[Registered] = ()) -> None:
        self.plugins = tuple(plugins)
        self._keeps_schema = {plugin.name: plugin.keeps_schema for plugin in self.plugins}

    def process(self, value: bytes, envelope: Envelope) -> Outcome:
        try:
            body = orjson.loads(value)
        except orjson.JSONDecodeError as exc:
            return Rejected("invalid_json", f"invalid_json: {exc}")
        if type(body) is not dict:
            return Rejected("not_an_object", f"not_an_object: the event is a JSON {type(body).__name__}")
        try:
            if envelope.endpoint == CUSTOM_ENDPOINT:
                event = normalize_custom(body, envelope, envelope.app or "custom")
            else:
                event = normalize(body, envelope)
            outcome = self._run_plugins(event, envelope)
            if isinstance(outcome, Dropped):
                return outcome
            event, failed = outcome
            return Normalized(event, _dumps(event), failed)
        except RecursionError:
            return Rejected("normalize_failed", "normalize_failed: nesting too deep to normalize")
        except Exception as exc:  # a bug here must dead-letter one event, not stop the stage
            log.exception("enrich could not normalize event %s", envelope.id)
            return Rejected("normalize_failed", f"normalize_failed: {_describe(exc)}")

    def _run_plugins(self, event: Event, envelope: Envelope) -> Dropped | tuple[Event, tuple[str, ...]]:
        if not self.plugins:
            return event, ()
        # One copy of the event before the plugins: when a plugin raises, the chain runs again from it
        # without that plugin, so the event goes on exactly as if the failing plugin had not been there.
        # Failures are rare; one copy per event is the whole cost of the guarantee.
        # Bytes are the cheapest full copy; a normalized event always encodes (see conform).
        snapshot = orjson.dumps(event)
        meta = envelope.meta()
        errors: list[dict[str, str]] = []
        skip: set[str] = set()
        while True:
            ran: list[str] = []
            outcome = self._chain(event, meta, skip, ran)
            if isinstance(outcome, Dropped):
                return outcome
            if not isinstance(outcome, _Failure):
                event = outcome
                break
            log.debug("enrich plugin %s failed on %s: %s", outcome.plugin, envelope.id, outcome.error)
            skip.add(outcome.plugin)
            errors.append({"plugin": outcome.plugin, "error": outcome.error})
            event = _restore(snapshot)
        if errors or any(not self._keeps_schema[name] for name in ran):
            event = conform(event, envelope.received)
        if ran or errors:
            mozdef = event["mozdef"]
            mozdef["plugins"] = ran
            if errors:
                mozdef["errors"] = errors
        return event, tuple(error["plugin"] for error in errors)

    def _chain(
        self, event: Event, meta: Mapping[str, Any], skip: set[str], ran: list[str]
    ) -> Event | Dropped | _Failure:
        for registered in self.plugins:
            if registered.name in skip or not registered.matches(event):
                continue
            try:
                result = registered.plugin.on_event(event, meta)
            except Drop as drop:
                return Dropped(registered.name, str(drop.reason))
            except Exception as exc:  # a plugin bug must never lose the event
                return _Failure(registered.name, _describe(exc))
            if result is None:
                return Dropped(registered.name, registered.name)
            if type(result) is not dict:
                return _Failure(registered.name, f"returned {type(result).__name__}, not an event")
            ran.append(registered.name)
            event = result
        return event


@dataclass(slots=True, frozen=True)
class _Failure:
    plugin: str
    error: str


def _restore(snapshot: bytes) -> Event:
    restored: Event = orjson.loads(snapshot)
    return restored


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= _ERROR_TEXT_MAX else text[:_ERROR_TEXT_MAX] + "…"


def _dumps(event: Event) -> bytes:
    try:
        return orjson.dumps(event)
    except TypeError:  # only mozdef is not shaped; a plugin may have left odd values there
        event["mozdef"] = shape_details(event["mozdef"])
        return orjson.dumps(event, default=str, option=orjson.OPT_NON_STR_KEYS)
