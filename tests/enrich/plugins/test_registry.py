"""Discovery: entry points (the built-ins), a plugins folder, and bad plugins that stop nothing."""

from __future__ import annotations

import textwrap
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest

from mozdef_enrich.plugins.registry import GROUP, load_plugins
from mozdef_enrich.settings import EnrichSettings

BUILT_INS = [  # in run order
    "windows",
    "lowercase_keys",
    "auditd",
    "cloudtrail",
    "github",
    "squid",
    "suricata",
    "zeek",
    "sshd",
    "ipfixup",
    "geoip",
    "intel",
    "truncate",
]

GOOD = '''
from mozdef_enrich.plugins import Drop


class Geo:
    name = "geo"
    priority = 40
    registration = ["details.sourceipaddress"]

    def __init__(self, settings):
        self.limit = settings.max_string_length

    def on_event(self, event, meta):
        event["details"]["country"] = "ZZ"
        return event


class NoSettings:
    name = "nosettings"
    priority = 41
    registration = ["*"]

    def on_event(self, event, meta):
        return event


class Helper:
    """No on_event: not a plugin."""
'''


def write(folder: Path, name: str, text: str) -> None:
    (folder / name).write_text(textwrap.dedent(text))


def test_built_ins_come_from_entry_points_in_priority_order() -> None:
    loaded = load_plugins(EnrichSettings())
    assert [p.name for p in loaded.plugins] == BUILT_INS
    assert loaded.errors == ()
    assert all(p.origin.startswith("entry point") for p in loaded.plugins)


def test_disabled_plugins_are_left_out() -> None:
    loaded = load_plugins(EnrichSettings(disabled_plugins=["sshd", "truncate"]))
    assert [p.name for p in loaded.plugins] == [n for n in BUILT_INS if n not in ("sshd", "truncate")]


def test_folder_plugins_are_discovered(tmp_path: Path) -> None:
    write(tmp_path, "geo.py", GOOD)
    write(tmp_path, "_private.py", "raise RuntimeError('never imported')")
    write(tmp_path, "notes.txt", "not python")
    loaded = load_plugins(EnrichSettings(plugins_dir=tmp_path))
    # geo (40) and nosettings (41) run between geoip (35) and intel (60)
    assert [p.name for p in loaded.plugins] == [*BUILT_INS[:11], "geo", "nosettings", "intel", "truncate"]
    assert loaded.errors == ()
    geo = next(p for p in loaded.plugins if p.name == "geo")
    assert geo.origin == f"{tmp_path / 'geo.py'}:Geo"
    assert geo.plugin.limit == 65_536  # type: ignore[attr-defined]


def test_broken_plugins_are_reported_and_stop_nothing(tmp_path: Path) -> None:
    write(tmp_path, "a_syntax.py", "def broken(:\n")
    write(tmp_path, "b_import.py", "import module_that_does_not_exist\n")
    write(
        tmp_path,
        "c_invalid.py",
        """
        class NoPriority:
            name = "nopriority"
            registration = ["*"]
            def on_event(self, event, meta):
                return event

        class FailsToBuild:
            name = "failstobuild"
            priority = 1
            registration = ["*"]
            def __init__(self, settings):
                raise RuntimeError("needs a database")
            def on_event(self, event, meta):
                return event

        class Duplicate:
            name = "sshd"
            priority = 1
            registration = ["*"]
            def on_event(self, event, meta):
                return event
        """,
    )
    write(tmp_path, "d_good.py", GOOD)
    loaded = load_plugins(EnrichSettings(plugins_dir=tmp_path))
    assert {p.name for p in loaded.plugins} == {*BUILT_INS, "geo", "nosettings"}
    errors = {error.plugin: str(error) for error in loaded.errors}
    assert set(errors) == {"a_syntax", "b_import", "nopriority", "FailsToBuild", "sshd"}
    assert "SyntaxError" in errors["a_syntax"]
    assert "module_that_does_not_exist" in errors["b_import"]
    assert "'priority' must be an int" in errors["nopriority"]
    assert "needs a database" in errors["FailsToBuild"]
    assert "name already taken by entry point sshd" in errors["sshd"]


def test_a_missing_folder_is_an_error_not_a_crash(tmp_path: Path) -> None:
    loaded = load_plugins(EnrichSettings(plugins_dir=tmp_path / "nope"))
    assert [p.name for p in loaded.plugins] == BUILT_INS
    assert "plugins_dir is not a folder" in str(loaded.errors[0])


def test_an_entry_point_that_does_not_load(tmp_path: Path) -> None:
    eps = [
        EntryPoint("broken", "mozdef_enrich.plugins.nothing_here:Nope", GROUP),
        EntryPoint("sshd", "mozdef_enrich.plugins.sshd:SshdParser", GROUP),
    ]
    loaded = load_plugins(EnrichSettings(), eps=eps)
    assert [p.name for p in loaded.plugins] == ["sshd"]
    assert loaded.errors[0].plugin == "broken"


def test_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MOZDEF_ENRICH_PLUGINS_DIR", str(tmp_path))
    monkeypatch.setenv("MOZDEF_ENRICH_LOWERCASE_KEY_SOURCES", '["nxlog"]')
    monkeypatch.setenv("MOZDEF_ENRICH_MAX_STRING_LENGTH", "1000")
    settings = EnrichSettings()
    assert settings.plugins_dir == tmp_path
    assert settings.lowercase_key_sources == ["nxlog"]
    assert settings.max_string_length == 1000
