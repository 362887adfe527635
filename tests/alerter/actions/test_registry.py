"""Registration: built-ins and entry points through one function, every failure naming its plugin."""

from __future__ import annotations

from importlib.metadata import EntryPoint
from typing import Any

import pytest

from mozdef_alerter.actions import GROUP, ActionContext, Outcome, load_actions


class Teams:
    name = "teams"

    def check(self, spec: Any) -> None:
        if "url_env" not in spec:
            raise ValueError("url_env: required")

    async def run(self, alert: Any, spec: Any, ctx: ActionContext) -> Outcome:
        return Outcome(status="200")


class NotAsync:
    name = "not_async"

    def check(self, spec: Any) -> None: ...

    def run(self, alert: Any, spec: Any, ctx: ActionContext) -> Outcome:
        return Outcome()


class Shadow(Teams):
    name = "webhook"


def ep(name: str, value: str) -> EntryPoint:
    return EntryPoint(name, value, GROUP)


def test_builtins_and_entry_points_register_and_failures_name_the_plugin() -> None:
    here = __name__
    actions = load_actions(
        eps=[
            ep("teams", f"{here}:Teams"),
            ep("webhook", "mozdef_alerter.actions.webhook:Webhook"),  # the packaged built-in: no clash
            ep("gone", "tests.alerter.actions.no_such_module:Gone"),
            ep("not_async", f"{here}:NotAsync"),
            ep("shadow", f"{here}:Shadow"),
        ]
    )
    assert sorted(actions.plugins) == [
        "block_domain", "block_ip", "email", "mattermost", "pagerduty", "slack", "teams", "webhook",
    ]  # fmt: skip
    errors = sorted(str(e) for e in actions.errors)
    assert len(errors) == 3
    assert "plugin 'gone'" in errors[0]
    assert "cannot load" in errors[0]
    assert "not_async" in errors[1]
    assert "async" in errors[1]
    assert "plugin 'webhook'" in errors[2]
    assert "name already taken" in errors[2]


def test_disabled_actions_are_left_out() -> None:
    assert "email" not in load_actions(eps=[], disabled=["email"]).plugins


def test_check_names_the_unknown_type_and_the_bad_setting() -> None:
    actions = load_actions(eps=[])
    with pytest.raises(ValueError, match="unknown action type 'fax'"):
        actions.check({"type": "fax"})
    with pytest.raises(ValueError, match="url"):
        actions.check({"type": "webhook"})
    assert actions.check({"type": "webhook", "url": "https://hooks.example.org/x"}).name == "webhook"
