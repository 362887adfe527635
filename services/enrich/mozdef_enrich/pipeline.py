"""The enrich stage without I/O: raw bytes and their envelope in, one outcome out.

:meth:`Pipeline.process` decodes the JSON object, normalizes it (:mod:`.normalize`), runs the plugins whose
registration matches in priority order, and brings the result back to the schema (:mod:`.conform`).
The outcome is one of :class:`Normalized` (send on), :class:`Dropped` (a plugin dropped it on purpose)
or :class:`Rejected` (it cannot be normalized at all: dead-letter it).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import orjson

from mozdef_common.types import Event
from mozdef_enrich.conform import conform
from mozdef_enrich.envelope import Envelope
from mozdef_enrich.normalize import normalize, normalize_custom
from mozdef_enrich.plugins.base import Drop, Registered
from mozdef_enrich.plugins.triggers import Matcher
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

#: One plugin as the chain runs it: its name, its ``on_event`` and its matcher (``None``: every event).
_Step = tuple[str, Callable[[Event, Mapping[str, Any]], Event | None], Matcher | None]


class Pipeline:
    """Normalize and enrich events with a fixed list of plugins (already validated and ordered)."""

    def __init__(self, plugins: Sequence[Registered] = ()) -> None:
        self.plugins = tuple(plugins)
        # What the chain needs per plugin, read once rather than per event: a plugin no trigger can
        # match is left out, and a "*" one runs without a matcher call.
        self._steps: tuple[_Step, ...] = tuple(
            (plugin.name, plugin.plugin.on_event, None if plugin.matches.always else plugin.matches)
            for plugin in self.plugins
            if not plugin.matches.never
        )
        # The plugins whose result must be brought back to the schema (see base.py's keeps_schema).
        self._reshaping = frozenset(plugin.name for plugin in self.plugins if not plugin.keeps_schema)

    def process(self, value: bytes, envelope: Envelope) -> Outcome:
        try:
            body = orjson.loads(value)
        except orjson.JSONDecodeError as exc:
            return Rejected("invalid_json", f"invalid_json: {exc}")
        if type(body) is not dict:
            return Rejected("not_an_object", f"not_an_object: the event is a JSON {type(body).__name__}")
        try:
            event = _normalize(body, envelope)
            if not self._steps:
                return Normalized(event, _dumps(event))
            outcome = self._run_plugins(event, value, envelope)
            if isinstance(outcome, Dropped):
                return outcome
            event, failed = outcome
            return Normalized(event, _dumps(event), failed)
        except RecursionError:
            return Rejected("normalize_failed", "normalize_failed: nesting too deep to normalize")
        except Exception as exc:  # a bug here must dead-letter one event, not stop the stage
            log.exception("enrich could not normalize event %s", envelope.id)
            return Rejected("normalize_failed", f"normalize_failed: {_describe(exc)}")

    def _run_plugins(
        self, event: Event, value: bytes, envelope: Envelope
    ) -> Dropped | tuple[Event, tuple[str, ...]]:
        meta = envelope.meta()
        errors: list[dict[str, str]] = []
        skip: set[str] = set()
        while True:
            ran: list[str] = []
            outcome = self._chain(event, meta, skip, ran)
            if isinstance(outcome, dict):
                event = outcome
                break
            if isinstance(outcome, Dropped):
                return outcome
            log.debug("enrich plugin %s failed on %s: %s", outcome.plugin, envelope.id, outcome.error)
            skip.add(outcome.plugin)
            errors.append({"plugin": outcome.plugin, "error": outcome.error})
            # The chain runs again, without the failing plugin, from the event as normalization left
            # it, so the event goes on exactly as if that plugin had not been there. Normalization is a
            # pure function of the raw bytes and the envelope: rebuilding the event on this rare path
            # replaces a full copy of every event taken before the plugins.
            event = _normalize(orjson.loads(value), envelope)
        if errors or (self._reshaping and not self._reshaping.isdisjoint(ran)):
            event = conform(event, envelope.received)
        if ran or errors:
            mozdef = event["mozdef"]
            mozdef["plugins"] = ran
            if errors:
                mozdef["errors"] = errors
        return event, tuple(error["plugin"] for error in errors) if errors else ()

    def _chain(
        self, event: Event, meta: Mapping[str, Any], skip: set[str], ran: list[str]
    ) -> Event | Dropped | _Failure:
        for name, on_event, matches in self._steps:
            if (skip and name in skip) or (matches is not None and not matches(event)):
                continue
            try:
                result = on_event(event, meta)
            except Drop as drop:
                return Dropped(name, str(drop.reason))
            except Exception as exc:  # a plugin bug must never lose the event
                return _Failure(name, _describe(exc))
            if result is None:
                return Dropped(name, name)
            if type(result) is not dict:
                return _Failure(name, f"returned {type(result).__name__}, not an event")
            ran.append(name)
            event = result
        return event


def _normalize(body: dict[str, Any], envelope: Envelope) -> Event:
    if envelope.endpoint == CUSTOM_ENDPOINT:
        return normalize_custom(body, envelope, envelope.app or "custom")
    return normalize(body, envelope)


@dataclass(slots=True, frozen=True)
class _Failure:
    plugin: str
    error: str


def _describe(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= _ERROR_TEXT_MAX else text[:_ERROR_TEXT_MAX] + "…"


def _dumps(event: Event) -> bytes:
    try:
        return orjson.dumps(event)
    except TypeError:  # only mozdef is not shaped; a plugin may have left odd values there
        event["mozdef"] = shape_details(event["mozdef"])
        return orjson.dumps(event, default=str, option=orjson.OPT_NON_STR_KEYS)
