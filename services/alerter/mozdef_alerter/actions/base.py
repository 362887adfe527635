"""The response action contract, and its validation at registration.

An action plugin is any object with these members (:class:`ActionPlugin`)::

    class Teams:
        name = "teams"                      # the ``type`` rules name it by: [a-z][a-z0-9_]*

        def check(self, spec: Mapping[str, Any]) -> None:
            # Called when a rule is loaded and before each run: raise ValueError naming what is
            # wrong with the rule's settings for this action (``spec`` is one item of ``actions``).
            if "url_env" not in spec:
                raise ValueError("url_env: the environment variable holding the webhook URL")

        async def run(self, alert: Mapping[str, Any], spec: Mapping[str, Any], ctx: ActionContext) -> Outcome:
            url = ctx.secret(spec["url_env"])
            ...
            return Outcome(status="200")

``run`` is called once per attempt, for a new alert (never for the dedup updates of one), off the
alerting path and under a time limit (``MOZDEF_ACTIONS_TIMEOUT_S``). It answers an :class:`Outcome`
when the receiver took the alert; it raises :class:`ActionFailed` to say it did not, and whether
trying again later can help (``retryable``). Any other exception counts as a retryable failure.
Attempts are retried with exponential backoff up to ``MOZDEF_ACTIONS_MAX_ATTEMPTS``; an action may
therefore run more than once for an alert and should be safe to repeat (receivers can use the
alert ``id``, or PagerDuty's ``dedup_key``, to tell).

Error messages are stored and shown to analysts: never put a secret (a webhook URL with its token,
a password, a routing key) in one.
"""

from __future__ import annotations

import inspect
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, cast, runtime_checkable

import httpx

from mozdef_alerter.actions.settings import ActionSettings
from mozdef_common.errors import MozdefError, PluginError
from mozdef_common.state import StateStore

Alert = Mapping[str, Any]
Spec = Mapping[str, Any]
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


class ActionFailed(MozdefError):
    """An attempt that did not deliver; ``status`` is what the receiver answered, when it answered."""

    def __init__(self, message: str, *, retryable: bool = True, status: str | None = None) -> None:
        super().__init__(message)
        self.retryable = retryable
        self.status = status


@dataclass(frozen=True, slots=True)
class Outcome:
    """A delivered attempt: ``status`` as the receiver answered (``"202"``, ``"250"``), ``detail`` any
    short note worth showing (the blocklist entry written, ...)."""

    status: str | None = None
    detail: str | None = None


@dataclass(slots=True)
class ActionContext:
    """What actions share: settings, one HTTP client, the state store and the environment."""

    settings: ActionSettings
    http: httpx.AsyncClient
    state: StateStore
    env: Mapping[str, str] = field(default_factory=lambda: os.environ)

    def secret(self, name: object) -> str:
        """The value of the environment variable ``name``; a failure naming the variable (only)."""
        if not isinstance(name, str) or not name:
            raise ActionFailed("the action names no environment variable for its secret", retryable=False)
        value = self.env.get(name)
        if not value:
            # Retryable: the operator may set it (secrets are read at each attempt, not at start).
            raise ActionFailed(f"environment variable {name} is not set")
        return value

    def alert_url(self, alert: Alert) -> str | None:
        """Where analysts open the alert in the web app (needs ``MOZDEF_PUBLIC_URL``)."""
        base = self.settings.public_url
        if not base:
            return None
        return f"{base.rstrip('/')}/#/alerts/{alert.get('id', '')}"


@runtime_checkable
class ActionPlugin(Protocol):
    """What a response action provides (see the module docstring for the full contract)."""

    @property
    def name(self) -> str:
        """The ``type`` rules use to ask for this action; unique."""
        ...

    def check(self, spec: Spec) -> None:
        """Raise ValueError naming what is wrong with ``spec``; return when it can run."""
        ...

    async def run(self, alert: Alert, spec: Spec, ctx: ActionContext) -> Outcome:
        """Deliver one attempt; :class:`ActionFailed` when it did not."""
        ...


def validate(plugin: object, origin: str) -> ActionPlugin:
    """``plugin`` if it keeps the contract; PluginError naming it and what is missing otherwise."""
    label = getattr(plugin, "name", None)
    where = f"{label or type(plugin).__name__} ({origin})"
    if not isinstance(label, str) or not _NAME.match(label):
        raise PluginError(where, "name must be lower-case letters, digits and '_', starting with a letter")
    if not callable(getattr(plugin, "check", None)):
        raise PluginError(where, "has no check(spec) method")
    if not inspect.iscoroutinefunction(getattr(plugin, "run", None)):
        raise PluginError(where, "run(alert, spec, ctx) must be an async method")
    return cast(ActionPlugin, plugin)  # the checks above are what the protocol asks
