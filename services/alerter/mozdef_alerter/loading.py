"""Where the alerter's rules come from, and noticing when they change (hot reload by polling).

Sources, in precedence order for a rule id used twice (the first wins, the second is an error):
the built-in pack (``mozdef_alerter/builtin``), the rules folder (``MOZDEF_RULES_DIR``), rules managed
through the API (:mod:`.stored_rules`); beside them the Python rules of the ``mozdef.rules`` entry
points. API overrides switch any rule on or off. :meth:`RuleSources.fingerprint` is cheap (file
mtimes and sizes, the newest stored rule) so it can be polled every few seconds.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mozdef_alerter import stored_rules
from mozdef_alerter.python_rules import RegisteredRule, load_python_rules
from mozdef_common.errors import MozdefError, PluginError
from mozdef_common.rules.errors import RuleError
from mozdef_common.rules.loader import SigmaLoader, default_sigma, load_rule_files, rule_files, unique_rules
from mozdef_common.rules.models import Rule
from mozdef_common.state.base import StateStore

BUILTIN_DIR = Path(__file__).parent / "builtin"


@dataclass(slots=True)
class Loaded:
    rules: list[Rule]
    python: list[RegisteredRule]
    errors: list[MozdefError] = field(default_factory=list)


class RuleSources:
    def __init__(
        self,
        folder: Path,
        state: StateStore | None = None,
        *,
        builtin: Path | None = BUILTIN_DIR,
        sigma: SigmaLoader | None = None,
        python: bool = True,
    ) -> None:
        self.folder = folder
        self.state = state
        self.builtin = builtin
        self.sigma = sigma if sigma is not None else default_sigma()
        self.python = python
        self._python: tuple[list[RegisteredRule], list[PluginError]] | None = None

    def files(self) -> list[Path]:
        return [*(rule_files(self.builtin) if self.builtin else []), *rule_files(self.folder)]

    async def fingerprint(self) -> Any:
        """Changes whenever a rule file or a stored rule changes."""
        files = []
        for path in self.files():
            try:
                stat = path.stat()
            except OSError:
                continue
            files.append((str(path), stat.st_mtime_ns, stat.st_size))
        stored: Any = None
        if self.state is not None:  # API-managed rules, overrides and the watchlist the pack reads
            stored = await stored_rules.fingerprint(self.state)
        return (tuple(files), stored)

    async def load(self) -> Loaded:
        rules, rule_errors = load_rule_files(self.files(), sigma=self.sigma)
        errors: list[MozdefError] = list(rule_errors)
        switched: dict[str, bool] = {}
        if self.state is not None:
            stored, stored_errors = await stored_rules.load_stored_rules(self.state)
            rules, duplicates = unique_rules([*rules, *stored])
            errors += [*stored_errors, *duplicates]
            switched = await stored_rules.overrides(self.state)
            rules = [_switched(rule, switched.get(rule.id)) for rule in rules]
        if self.python and self._python is None:
            self._python = load_python_rules()  # entry points do not change while the process runs
        python, python_errors = self._python or ([], [])
        taken = {rule.id for rule in rules}
        kept = []
        for registered in python:
            if registered.rule.id in taken:
                errors.append(
                    RuleError(registered.origin, "id already used by a rule file", rule_id=registered.rule.id)
                )
            elif self.state is None or switched.get(registered.rule.id) is not False:
                kept.append(registered)  # an API override switches Python rules off too
        return Loaded(rules, kept, [*errors, *python_errors])


def _switched(rule: Rule, enabled: bool | None) -> Rule:
    if enabled is None or enabled == rule.enabled:
        return rule
    return rule.model_copy(update={"enabled": enabled})  # private attrs (origin) are copied too
