"""The built-in rule pack: MozDef's classic detections, shipped with the alerter.

YAML rules live in ``rules/``, one file per detection family, every id prefixed ``mozdef.``; they
load like any rule file, with origins such as ``builtin/ssh.yml:4``. What a query cannot say is
written in Python beside them (:mod:`.old_events`, :mod:`.watchlist`). docs/rules.md, "Built-in
pack", lists them all; a rule is switched off through the API (an override), not by editing here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

from mozdef_alerter.builtin.old_events import OldEvents
from mozdef_alerter.python_rules import RegisteredRule, register
from mozdef_common.rules import Rule, RuleError, load_rules_text
from mozdef_common.rules.loader import rule_files, unique_rules

RULES_DIR: Final = Path(__file__).parent / "rules"
PREFIX: Final = "mozdef."
#: The pack's Python rules; each is also an entry point of the ``mozdef.rules`` group (pyproject.toml).
PYTHON_RULES: Final = (OldEvents,)


def load_builtin() -> tuple[list[Rule], list[RuleError]]:
    """Every YAML rule of the pack, and the errors (none, unless the pack itself is broken)."""
    rules: list[Rule] = []
    errors: list[RuleError] = []
    for path in rule_files(RULES_DIR):
        found, problems = load_rules_text(path.read_text(encoding="utf-8"), f"builtin/{path.name}")
        rules += found
        errors += problems
    rules, duplicates = unique_rules(rules)
    return rules, [*errors, *duplicates]


def builtin_python() -> list[RegisteredRule]:
    """The pack's Python rules, registered (validated) as the entry point loader does."""
    return [register(cls(), f"builtin {cls.__module__}:{cls.__name__}") for cls in PYTHON_RULES]
