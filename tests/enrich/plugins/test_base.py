"""Validation at registration: every error names the plugin and what is wrong."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

from mozdef_common.errors import PluginError
from mozdef_common.types import Event
from mozdef_enrich.plugins.base import EnrichPlugin, validate


class Good:
    name = "good"
    priority = 10
    registration = ("details.user", "processname=sshd")

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        return event


def make(**overrides: Any) -> object:
    plugin = Good()
    for key, value in overrides.items():
        setattr(plugin, key, value)
    return plugin


def test_a_good_plugin_registers() -> None:
    registered = validate(Good(), "here")
    assert (registered.name, registered.priority, registered.origin) == ("good", 10, "here")
    assert len(registered.triggers) == 2
    assert registered.keeps_schema is False
    assert isinstance(Good(), EnrichPlugin)


@pytest.mark.parametrize(
    ("overrides", "label", "message"),
    [
        ({"name": ""}, "origin.py", "'name' must be a non-empty string"),
        ({"name": 5}, "origin.py", "'name' must be a non-empty string"),
        ({"priority": "1"}, "good", "'priority' must be an int"),
        ({"priority": True}, "good", "'priority' must be an int"),
        ({"registration": "details.user"}, "good", "'registration' must be a list of strings"),
        ({"registration": None}, "good", "'registration' must be a list of strings"),
        ({"registration": [1]}, "good", "'registration' must hold strings"),
        ({"registration": ["a..b"]}, "good", "empty part"),
        ({"on_event": None}, "good", "'on_event' must be a method"),
        ({"on_event": lambda event: event}, "good", "'on_event' must take (event, meta)"),
        ({"keeps_schema": "yes"}, "good", "'keeps_schema' must be a bool"),
    ],
)
def test_errors_name_the_plugin(overrides: dict[str, Any], label: str, message: str) -> None:
    with pytest.raises(PluginError) as caught:
        validate(make(**overrides), "origin.py")
    assert caught.value.plugin == label
    assert message in str(caught.value)
    assert repr(label) in str(caught.value)


def test_missing_attributes() -> None:
    class Bare:
        pass

    with pytest.raises(PluginError, match="'name'"):
        validate(Bare(), "bare.py")
