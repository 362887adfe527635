"""The error a Sigma file raises when one of its rules cannot become a MozDef rule."""

from __future__ import annotations

from mozdef_common.rules.errors import RuleError


class SigmaLoadError(RuleError):
    """A Sigma rule that cannot be loaded or compiled.

    ``origin`` is ``path:line`` (the line where the rule's YAML document starts), ``rule_id`` the
    Sigma ``id`` (or the title when the rule has none), ``reason`` what was unsupported or invalid.
    """

    def __init__(self, path: str, reason: str, *, rule: str | None = None, line: int = 1) -> None:
        super().__init__(f"{path}:{line}", reason, rule_id=rule)
        self.path = path
        self.line = line
