"""The enrich plugin contract, and its validation at registration.

A plugin is any object with these four members (:class:`EnrichPlugin`)::

    class GeoTag:
        name = "geotag"                    # unique, non-empty; names the plugin in logs, metrics, events
        priority = 50                      # lower runs first; ties run in name order
        registration = ["details.sourceipaddress"]   # what triggers it (below)

        def __init__(self, settings: EnrichSettings) -> None: ...   # optional, see the registry

        def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event | None:
            event["details"]["country"] = ...
            return event

Triggers (``registration``, a list of strings; the plugin runs when ANY of them matches; an empty list
never does; details in :mod:`.triggers`):

* ``"*"``: every event;
* ``"path"``: the dotted path exists and is not null, e.g. ``"details.sourceipaddress"``;
* ``"path=value"``: the value at the path, as text, equals ``value`` (case-insensitive), e.g.
  ``"processname=sshd"``;
* ``"path~text"``: the value at the path, as text, contains ``text`` (case-insensitive), e.g.
  ``"summary~Failed password"``.

``on_event`` runs after normalization, on the normalized event (see docs/events.md), in priority order;
triggers are checked against the event as the plugins before it left it. It may change the event in
place or return a new dict. To drop the event, ``raise Drop("why")`` (counted under that reason) or
return ``None`` (counted under the plugin's name). ``meta`` is read-only: ``id``, ``received``
(datetime), ``endpoint``, ``app``, ``index``, ``size`` (bytes of the raw event).

Whatever a plugin leaves is brought back to the schema's types afterwards (:mod:`mozdef_enrich.conform`).
A plugin may skip that cost with a class attribute ``keeps_schema = True``: a promise that it only ever
writes values that already follow the rule (strings at string fields, no dots in keys, …).

If ``on_event`` raises anything else, the event goes on exactly as if that plugin were not registered
(the chain runs again, without it, from the event as normalization made it, rebuilt from the raw
bytes), its ``mozdef.errors`` lists ``{"plugin", "error"}`` and the error is counted; the other plugins
still run.
"""

from __future__ import annotations

import inspect
from collections.abc import Mapping, Sequence
from typing import Any, Protocol, cast, runtime_checkable

from mozdef_common.errors import PluginError
from mozdef_common.types import Event
from mozdef_enrich.plugins.triggers import Matcher, Trigger


@runtime_checkable
class EnrichPlugin(Protocol):
    """What an enrich plugin provides (see the module docstring for the full contract).

    The three attributes are read once, at registration; plain class attributes satisfy them.
    """

    @property
    def name(self) -> str:
        """Unique, non-empty: names the plugin in logs, metrics and ``mozdef.plugins``."""
        ...

    @property
    def priority(self) -> int:
        """Lower runs first; ties run in name order."""
        ...

    @property
    def registration(self) -> Sequence[str]:
        """Triggers: the plugin runs on an event when any of them matches (see the module docstring)."""
        ...

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event | None:
        """The event, changed or not; ``None`` or ``raise Drop(reason)`` to drop it."""
        ...


class Drop(Exception):  # a signal, not an error: "raise Drop(...)" reads as intended
    """Raised by a plugin to drop the event on purpose; ``reason`` labels the count."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Registered:
    """A validated plugin, ready to run."""

    __slots__ = ("keeps_schema", "matches", "name", "origin", "plugin", "priority", "triggers")

    def __init__(
        self,
        name: str,
        priority: int,
        triggers: Sequence[Trigger],
        plugin: EnrichPlugin,
        origin: str,
        *,
        keeps_schema: bool = False,
    ) -> None:
        self.name = name
        self.priority = priority
        self.triggers = tuple(triggers)
        self.plugin = plugin
        self.origin = origin
        self.keeps_schema = keeps_schema
        #: ``matches(event)``: whether any trigger matches.
        self.matches = Matcher(self.triggers)

    def __repr__(self) -> str:
        return f"<Registered {self.name!r} priority={self.priority} from {self.origin}>"


def validate(plugin: object, origin: str) -> Registered:
    """Check ``plugin`` against the contract; :class:`PluginError` names the plugin and what is wrong."""
    name = getattr(plugin, "name", None)
    label = name if isinstance(name, str) and name else origin
    if not isinstance(name, str) or not name.strip():
        raise PluginError(label, f"'name' must be a non-empty string, got {name!r}")
    priority = getattr(plugin, "priority", None)
    if type(priority) is not int:
        raise PluginError(label, f"'priority' must be an int, got {priority!r}")
    registration = getattr(plugin, "registration", None)
    if isinstance(registration, str | bytes) or not isinstance(registration, Sequence):
        raise PluginError(label, f"'registration' must be a list of strings, got {registration!r}")
    triggers: list[Trigger] = []
    for term in registration:
        if not isinstance(term, str):
            raise PluginError(label, f"'registration' must hold strings, got {term!r}")
        try:
            triggers.append(Trigger.parse(term))
        except ValueError as exc:
            raise PluginError(label, str(exc)) from None
    on_event = getattr(plugin, "on_event", None)
    if not callable(on_event):
        raise PluginError(label, "'on_event' must be a method")
    try:
        inspect.signature(on_event).bind({}, {})
    except TypeError as exc:
        raise PluginError(label, f"'on_event' must take (event, meta): {exc}") from None
    except ValueError:  # no signature to inspect (some builtins): trust it
        pass
    keeps_schema = getattr(plugin, "keeps_schema", False)
    if type(keeps_schema) is not bool:
        raise PluginError(label, f"'keeps_schema' must be a bool, got {keeps_schema!r}")
    return Registered(name, priority, triggers, cast(EnrichPlugin, plugin), origin, keeps_schema=keeps_schema)
