"""Discovery of response actions: the entry point group ``mozdef.actions``, built-ins included.

Each entry point names an action plugin class (built without arguments), a factory, or an instance;
its name should be the action's ``type``. Every plugin is validated (:func:`.base.validate`); one that
fails to load, build or validate, or whose name is taken, is reported as a
:class:`~mozdef_common.errors.PluginError` naming it and never stops the others.

The built-ins (:data:`BUILTINS`) go through the same :func:`register` as entry points do, so they
obey the same rules; they come first, and an entry point with a built-in's name is refused (the
packaged entry points for the built-ins point at the same classes and are skipped as duplicates).
"""

from __future__ import annotations

import inspect
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any, Final

from mozdef_alerter.actions.base import ActionPlugin, Spec, validate
from mozdef_alerter.actions.block import BlockDomain, BlockIp
from mozdef_alerter.actions.chat import Mattermost, Slack
from mozdef_alerter.actions.mail import Email
from mozdef_alerter.actions.pagerduty import PagerDuty
from mozdef_alerter.actions.webhook import Webhook
from mozdef_common.errors import PluginError

GROUP: Final = "mozdef.actions"
BUILTINS: Final[tuple[type[Any], ...]] = (Webhook, Slack, Mattermost, PagerDuty, Email, BlockIp, BlockDomain)
log = logging.getLogger(__name__)


@dataclass(slots=True)
class ActionSet:
    """The registered actions by name, and what went wrong with the others."""

    plugins: dict[str, ActionPlugin] = field(default_factory=dict)
    errors: list[PluginError] = field(default_factory=list)

    def get(self, name: str) -> ActionPlugin | None:
        return self.plugins.get(name)

    def check(self, spec: Spec) -> ActionPlugin:
        """The plugin for ``spec`` when ``spec`` can run; ValueError naming what is wrong otherwise.

        The alerter calls this when it loads a rule, so a bad action names the rule's file and line.
        """
        kind = spec.get("type") if isinstance(spec, Mapping) else None
        plugin = self.plugins.get(kind) if isinstance(kind, str) else None
        if plugin is None:
            raise ValueError(f"unknown action type {kind!r}: use one of {sorted(self.plugins)}")
        plugin.check(spec)
        return plugin


def register(actions: ActionSet, factory: Any, origin: str) -> ActionPlugin | None:
    """Build (if a class or function), validate and add one plugin; None (and the error kept) if not."""
    label = getattr(factory, "name", None) or getattr(factory, "__name__", repr(factory))
    try:
        plugin = factory() if inspect.isclass(factory) or inspect.isfunction(factory) else factory
    except Exception as exc:  # a constructor that fails names its plugin, the others go on
        actions.errors.append(PluginError(str(label), f"{origin}: cannot build: {exc!r}"))
        return None
    try:
        checked = validate(plugin, origin)
    except PluginError as exc:
        actions.errors.append(exc)
        return None
    taken = actions.plugins.get(checked.name)
    if taken is not None:
        if type(taken) is type(checked):  # the packaged entry point of a built-in: the same class
            return taken
        actions.errors.append(PluginError(checked.name, f"{origin}: name already taken"))
        return None
    actions.plugins[checked.name] = checked
    return checked


def load_actions(*, eps: Iterable[EntryPoint] | None = None, disabled: Iterable[str] = ()) -> ActionSet:
    """The built-ins, then every plugin of the entry point group, minus ``disabled``."""
    actions = ActionSet()
    for builtin in BUILTINS:
        register(actions, builtin, f"built-in {builtin.__module__}:{builtin.__name__}")
    for ep in sorted(entry_points(group=GROUP) if eps is None else eps, key=lambda ep: ep.name):
        try:
            loaded = ep.load()
        except Exception as exc:  # any import error of a third-party module must not stop the others
            actions.errors.append(PluginError(ep.name, f"cannot load entry point {ep.value}: {exc!r}"))
            continue
        register(actions, loaded, f"entry point {ep.name} = {ep.value}")
    for name in disabled:
        actions.plugins.pop(name, None)
    for error in actions.errors:
        log.error("action plugin not loaded: %s", error)
    return actions
