"""From plain data to a rule model: dispatch on ``type``, validate, and say where each problem is."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from pydantic import ValidationError

from mozdef_common.rules.errors import RuleError
from mozdef_common.rules.models import RULE_TYPES, Rule

#: Maps a pydantic error location to a ``file:line`` text (the identity gives no line).
Locate = Callable[[tuple[str | int, ...]], str]


def build_rule(data: Any, locate: Locate) -> Rule:
    """Validate ``data`` as a rule; :class:`RuleError` names the place and every problem."""
    if not isinstance(data, Mapping):
        raise RuleError(locate(()), f"a rule is a mapping of keys, not {type(data).__name__}")
    rule_id = data.get("id") if isinstance(data.get("id"), str) else None
    kind = data.get("type")
    model = RULE_TYPES.get(kind) if isinstance(kind, str) else None
    if model is None:
        where = ("type",) if "type" in data else ()
        raise RuleError(
            locate(where),
            f"type {kind!r} is not one of {', '.join(RULE_TYPES)}" if kind else "type is missing",
            rule_id=rule_id,
        )
    try:
        rule = model.model_validate(dict(data))
    except ValidationError as exc:
        problems = sorted(exc.errors(include_url=False), key=lambda p: _line(locate(tuple(p["loc"]))))
        first = tuple(problems[0]["loc"])
        details = "; ".join(_problem(p["loc"], p["msg"], locate) for p in problems)
        raise RuleError(locate(first), details, rule_id=rule_id) from None
    rule.located(locate(()))
    return rule  # type: ignore[return-value]  # RULE_TYPES holds exactly the members of Rule


def _problem(loc: tuple[str | int, ...], message: str, locate: Locate) -> str:
    name = ".".join(str(part) for part in loc) or "rule"
    return f"{name}: {message.removeprefix('Value error, ')} (at {locate(tuple(loc))})"


def _line(where: str) -> int:
    line = where.rpartition(":")[2]
    return int(line) if line.isdigit() else 0
