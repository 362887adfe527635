"""Python rules: detection logic in code, in the spirit of MozDef's AlertTask.

A Python rule is an object (a class is instantiated without arguments) registered in the entry point
group ``mozdef.rules``, built-ins the same way. It has:

* ``id`` (lower case letters, digits, ``.``, ``_`` and ``-``) and ``name``;
* ``query``: a query string of docs/search.md selecting the events it looks at;
* ``window`` (optional, ``"5m"`` or a timedelta): the aggregation window and the default dedup window;
* optional ``severity``, ``category``, ``tags``, ``summary`` (a template), ``dedup`` (``{"key": […],
  "window": "1h"}``), ``sample``, as in rule files;
* ``on_event(event) -> dict | None`` (optional): called for each event matching ``query``; a dict raises
  an alert, and may set ``summary``, ``severity``, ``category``, ``tags`` and ``group`` (a dict of values);
* ``aggregate_by`` (field list) with ``on_aggregation(aggregation) -> dict | None`` (optional): the
  matching events gathered per group over ``window`` (:class:`Aggregation`), after each stream batch
  that added to the group; a dict raises an alert for the group (same keys as above).

At least one of ``on_event`` and ``on_aggregation`` is required. Registration validates everything
(:func:`register`); a rule that does not validate, or whose hook raises, is reported naming it and never
stops the others.
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Protocol, runtime_checkable

from pydantic import ValidationError

from mozdef_common.errors import PluginError
from mozdef_common.rules.models import MatchRule
from mozdef_common.types import Event

log = logging.getLogger(__name__)
GROUP = "mozdef.rules"
_COMMON = ("severity", "category", "tags", "summary", "dedup", "sample", "description")


@dataclass(slots=True)
class Aggregation:
    """What ``on_aggregation`` gets: one group's matching events over the rule's window."""

    #: The group values by field (``{"details.sourceipaddress": "203.0.113.7"}``).
    value: dict[str, Any]
    #: Matching events of the group within the window.
    count: int
    #: References (id, index, utctimestamp, summary) of the newest of those events, oldest first.
    events: list[dict[str, Any]] = field(default_factory=list)
    #: The full events this batch added.
    new_events: list[Event] = field(default_factory=list)


@runtime_checkable
class PythonRule(Protocol):
    """The contract of a Python rule (see the module docstring; hooks are optional)."""

    id: str
    name: str
    query: str


@dataclass(slots=True)
class RegisteredRule:
    """A validated Python rule: its rule model (for alerts and dedup) and the object with the hooks."""

    rule: MatchRule
    plugin: Any
    origin: str
    aggregate_by: tuple[str, ...] = ()

    @property
    def has_on_event(self) -> bool:
        return callable(getattr(self.plugin, "on_event", None))

    @property
    def has_on_aggregation(self) -> bool:
        return bool(self.aggregate_by) and callable(getattr(self.plugin, "on_aggregation", None))


def register(plugin: Any, origin: str) -> RegisteredRule:
    """Validate ``plugin``; :class:`PluginError` names it and says what is wrong."""
    label = str(getattr(plugin, "id", None) or origin)
    missing = [name for name in ("id", "name", "query") if not isinstance(getattr(plugin, name, None), str)]
    if missing:
        raise PluginError(label, f"{origin}: {', '.join(missing)} must be set to strings")
    on_event = callable(getattr(plugin, "on_event", None))
    aggregate_by = getattr(plugin, "aggregate_by", ())
    on_aggregation = callable(getattr(plugin, "on_aggregation", None))
    if not (on_event or on_aggregation):
        raise PluginError(label, f"{origin}: defines neither on_event nor on_aggregation")
    if on_aggregation and (
        isinstance(aggregate_by, str)
        or not isinstance(aggregate_by, Sequence)
        or not all(isinstance(name, str) for name in aggregate_by)
    ):
        raise PluginError(label, f"{origin}: on_aggregation needs aggregate_by, a list of field names")
    data: dict[str, Any] = {"id": plugin.id, "name": plugin.name, "query": plugin.query}
    data |= {name: getattr(plugin, name) for name in _COMMON if getattr(plugin, name, None) is not None}
    window = getattr(plugin, "window", None)
    if window is not None:
        dedup = dict(data.get("dedup") or {})
        dedup.setdefault("window", window)
        data["dedup"] = dedup
    if on_aggregation and window is None:
        raise PluginError(label, f"{origin}: on_aggregation needs a window")
    try:
        rule = MatchRule.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc']))}: {e['msg'].removeprefix('Value error, ')}"
            for e in exc.errors(include_url=False)
        )
        raise PluginError(label, f"{origin}: {problems}") from None
    rule.located(origin, source="python")
    return RegisteredRule(rule, plugin, origin, tuple(aggregate_by) if on_aggregation else ())


def load_python_rules(
    eps: Iterable[EntryPoint] | None = None,
) -> tuple[list[RegisteredRule], list[PluginError]]:
    """Every rule of the ``mozdef.rules`` entry points, and an error naming each that failed."""
    rules: list[RegisteredRule] = []
    errors: list[PluginError] = []
    seen: dict[str, str] = {}
    for ep in sorted(entry_points(group=GROUP) if eps is None else eps, key=lambda ep: ep.name):
        origin = f"entry point {ep.name} = {ep.value}"
        try:
            loaded = ep.load()
            plugin = loaded() if inspect.isclass(loaded) else loaded
            registered = register(plugin, origin)
        except PluginError as exc:
            errors.append(exc)
            continue
        except Exception as exc:  # a third-party import or constructor must not stop the others
            errors.append(PluginError(ep.name, f"{origin}: cannot load: {exc!r}"))
            continue
        if registered.rule.id in seen:
            errors.append(
                PluginError(registered.rule.id, f"{origin}: id already used by {seen[registered.rule.id]}")
            )
            continue
        seen[registered.rule.id] = origin
        rules.append(registered)
    for error in errors:
        log.error("python rule not loaded: %s", error)
    return rules, errors


def alert_fields(result: Any, label: str) -> Mapping[str, Any] | None:
    """A hook's answer checked: None (no alert) or a mapping; anything else is the rule's bug."""
    if result is None or result is False:
        return None
    if result is True:
        return {}
    if not isinstance(result, Mapping):
        raise PluginError(label, f"a hook returned {type(result).__name__}, not a dict or None")
    return result
