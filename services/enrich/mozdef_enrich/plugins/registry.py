"""Discovery of enrich plugins: entry points (the built-ins are registered that way too) and a folder.

* Entry points of the group ``mozdef.enrich``: each names a plugin class (or a factory, or an instance).
* ``settings.plugins_dir``: every ``*.py`` file in it (not starting with ``_``, in name order) is imported,
  and every class *defined in that file* that has an ``on_event`` method is a plugin.

A class (or factory) is called with the :class:`~mozdef_enrich.settings.EnrichSettings` when it takes a
positional parameter, without arguments otherwise. Every plugin is validated (:func:`.base.validate`).
A plugin that fails to import, build or validate, or whose name is already taken, is reported as a
:class:`~mozdef_common.errors.PluginError` naming it, and never stops the others.
``settings.disabled_plugins`` names plugins to leave out.
"""

from __future__ import annotations

import importlib.util
import inspect
import logging
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

from mozdef_common.errors import PluginError
from mozdef_enrich.plugins.base import Registered, validate
from mozdef_enrich.settings import EnrichSettings

log = logging.getLogger(__name__)

GROUP = "mozdef.enrich"
# Folder plugins are imported under this package name, one module per file.
_FOLDER_PACKAGE = "mozdef_enrich_plugins_dir"


@dataclass(slots=True, frozen=True)
class PluginSet:
    """The plugins that registered, in run order, and what went wrong with the others."""

    plugins: tuple[Registered, ...]
    errors: tuple[PluginError, ...]

    def close(self) -> None:
        """Let plugins that hold resources (threads, files, connections) release them."""
        for registered in self.plugins:
            close = getattr(registered.plugin, "close", None)
            if callable(close):
                try:
                    close()
                except Exception:  # one plugin failing to close must not keep the others open
                    log.exception("plugin %s did not close cleanly", registered.name)


def load_plugins(settings: EnrichSettings, *, eps: Iterable[EntryPoint] | None = None) -> PluginSet:
    """Discover, build and validate every plugin that ``settings`` allows."""
    errors: list[PluginError] = []
    found: dict[str, Registered] = {}
    sources = [
        *_from_entry_points(entry_points(group=GROUP) if eps is None else eps, errors),
        *(_from_folder(settings.plugins_dir, errors) if settings.plugins_dir else ()),
    ]
    for label, origin, factory in sources:
        try:
            registered = validate(_build(label, factory, settings), origin)
        except PluginError as exc:
            errors.append(exc)
            continue
        if registered.name in settings.disabled_plugins:
            log.info("enrich plugin %r (%s) is disabled", registered.name, origin)
            continue
        taken = found.get(registered.name)
        if taken is not None:
            errors.append(PluginError(registered.name, f"{origin}: name already taken by {taken.origin}"))
            continue
        found[registered.name] = registered
    for error in errors:
        log.error("enrich plugin not loaded: %s", error)
    plugins = tuple(sorted(found.values(), key=lambda plugin: (plugin.priority, plugin.name)))
    return PluginSet(plugins, tuple(errors))


def _from_entry_points(
    eps: Iterable[EntryPoint], errors: list[PluginError]
) -> Iterator[tuple[str, str, Any]]:
    for ep in sorted(eps, key=lambda ep: ep.name):
        try:
            yield ep.name, f"entry point {ep.name} = {ep.value}", ep.load()
        except Exception as exc:  # any import error of a third-party module must not stop the stage
            errors.append(PluginError(ep.name, f"cannot load entry point {ep.value}: {exc!r}"))


def _from_folder(folder: Path, errors: list[PluginError]) -> Iterator[tuple[str, str, Any]]:
    if not folder.is_dir():
        errors.append(PluginError(str(folder), "plugins_dir is not a folder"))
        return
    for path in sorted(folder.glob("*.py")):
        if path.name.startswith("_"):
            continue
        try:
            module = _import_file(path)
        except Exception as exc:  # a broken file must not stop the others
            errors.append(PluginError(path.stem, f"cannot import {path}: {exc!r}"))
            continue
        classes = [
            obj
            for obj in vars(module).values()
            if inspect.isclass(obj)
            and obj.__module__ == module.__name__
            and callable(getattr(obj, "on_event", None))
        ]
        if not classes:
            log.warning("enrich plugin file %s defines no plugin class", path)
        for cls in classes:
            yield cls.__name__, f"{path}:{cls.__name__}", cls


def _import_file(path: Path) -> Any:
    name = f"{_FOLDER_PACKAGE}.{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"no loader for {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look modules up here while they load
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[name]
        raise
    return module


def _build(label: str, factory: Any, settings: EnrichSettings) -> Any:
    if not (inspect.isclass(factory) or inspect.isfunction(factory)):
        return factory  # an instance registered as is
    make: Callable[..., Any] = factory
    try:
        takes_settings = any(
            param.kind in (param.POSITIONAL_ONLY, param.POSITIONAL_OR_KEYWORD)
            for param in inspect.signature(make).parameters.values()
        )
        return make(settings) if takes_settings else make()
    except Exception as exc:  # a constructor that fails names its plugin, the others go on
        raise PluginError(label, f"cannot build: {exc!r}") from exc
