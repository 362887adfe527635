"""Errors of rule files: each names the file (or other origin), the line and the rule when known."""

from __future__ import annotations

from mozdef_common.errors import MozdefError


class RuleError(MozdefError):
    """A rule that cannot be loaded; ``origin`` is ``file:line`` (or ``api``, an entry point…)."""

    def __init__(self, origin: str, message: str, *, rule_id: str | None = None) -> None:
        where = f"{origin} (rule {rule_id})" if rule_id else origin
        super().__init__(f"{where}: {message}")
        self.origin = origin
        self.rule_id = rule_id
        self.reason = message
