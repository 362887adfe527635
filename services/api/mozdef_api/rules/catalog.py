"""Every rule the alerter runs, gathered the way its reload does, with what the state store adds.

The sources, in the order that settles an id used twice (the first keeps it): the built-in pack (its
YAML rules, its Python rules and the watchlist rule fed by the ``watchlist`` collection), the rules
folder, the rules managed through the API. Overrides (``kind: override`` in the ``rules``
collection) switch built-in and file rules on or off.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from mozdef_alerter import stored_rules
from mozdef_alerter.builtin import builtin_python, load_builtin
from mozdef_alerter.builtin.watchlist import load_watchlist_rule
from mozdef_common.rules import Rule, RuleError, load_rules_dir
from mozdef_common.rules.loader import unique_rules
from mozdef_common.settings import CommonSettings
from mozdef_common.state import Document, StateStore

Source = Literal["builtin", "file", "api"]


@dataclass(slots=True)
class Entry:
    rule: Rule
    source: Source
    #: The state document behind the rule: the stored rule, or the override of a built-in/file rule.
    document: Document | None = None

    @property
    def enabled(self) -> bool:
        if self.source != "api" and self.document is not None:
            return bool(self.document.get("enabled"))
        return self.rule.enabled

    @property
    def version(self) -> int:
        """The version a change must name: the state document's, 0 while there is none."""
        return int(self.document["version"]) if self.document is not None else 0


@dataclass(slots=True)
class Catalog:
    entries: dict[str, Entry] = field(default_factory=dict)
    errors: list[RuleError] = field(default_factory=list)


def rules_dir(settings: CommonSettings) -> Path:
    """``MOZDEF_RULES_DIR`` when the settings carry it, else ``<data dir>/rules`` (docs/rules.md)."""
    configured: Any = getattr(settings, "rules_dir", None)
    return Path(configured) if configured else settings.resolved_data_dir / "rules"


async def gather(settings: CommonSettings, state: StateStore) -> Catalog:
    builtin, builtin_errors = load_builtin()
    builtin.append(await load_watchlist_rule(state))
    builtin += [registered.rule for registered in builtin_python()]
    files, file_errors = load_rules_dir(rules_dir(settings))
    stored, stored_errors = await stored_rules.load_api_rules(state)
    sources: dict[int, Source] = {id(r): "builtin" for r in builtin}
    sources.update({id(r): "file" for r in files})
    sources.update({id(r): "api" for r in stored})
    rules, duplicates = unique_rules([*builtin, *files, *stored])
    documents = {
        str(d["id"]): d
        for kind in (stored_rules.RULE, stored_rules.OVERRIDE)
        for d in await stored_rules.documents(state, kind)
    }
    catalog = Catalog(errors=[*builtin_errors, *file_errors, *stored_errors, *duplicates])
    for rule in rules:
        source = sources[id(rule)]
        document = documents.get(rule.id)
        wanted = stored_rules.RULE if source == "api" else stored_rules.OVERRIDE
        if document is not None and document.get("kind") != wanted:
            document = None  # e.g. a stored rule shadowed by a file: its document is not this rule's
        catalog.entries[rule.id] = Entry(rule, source, document)
    return catalog
