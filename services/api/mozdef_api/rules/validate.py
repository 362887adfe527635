"""A rule sent to the API, validated with the shared rule models, every problem named by field and line.

A body is a rule in the rule-file shape (JSON) or ``{"yaml": "<one rule file document>"}``. Lines are
those of the YAML text, or of the JSON text as sent (a pretty-printed body gives useful ones; a body
on one line gives line 1 throughout).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import orjson
from pydantic import ValidationError

from mozdef_alerter.stored_rules import origin_of
from mozdef_common.rules import RULE_TYPES, Rule, RuleError, build_rule
from mozdef_common.rules.yaml_docs import Document, YamlError, line_of, read_documents

Loc = tuple[str | int, ...]
#: The rule-file keys a body may not carry: the store owns these.
STORE_KEYS = frozenset({"version", "created", "updated"})


@dataclass(frozen=True, slots=True)
class Problem:
    field: str
    line: int | None
    message: str

    def as_json(self) -> dict[str, Any]:
        return {"field": self.field, "line": self.line, "message": self.message}


@dataclass
class RuleInvalid(Exception):
    """The rule cannot be accepted: 400 when the text is not YAML/JSON at all, 422 when it does not
    validate. ``problems`` name each field and line."""

    status: int
    reason: str
    problems: list[Problem] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        kind = "rule_syntax_error" if self.status == 400 else "rule_invalid"
        body: dict[str, Any] = {"type": kind, "reason": self.reason}
        if self.problems:
            body["problems"] = [p.as_json() for p in self.problems]
            body["field"], body["line"] = self.problems[0].field, self.problems[0].line
        return {"error": body}


@dataclass(slots=True)
class Submitted:
    """What a body held: the rule's data, the YAML text when it came as YAML, and a line finder."""

    data: dict[str, Any]
    yaml: str | None
    line: Callable[[Loc], int | None]


def read_body(body: Mapping[str, Any], raw: bytes) -> Submitted:
    """The rule data of a create body (``raw`` is the body as sent, for line numbers)."""
    if set(body) == {"yaml"}:
        return read_yaml(body["yaml"])
    return Submitted(dict(body), None, _json_lines(body, raw))


def read_yaml(text: Any) -> Submitted:
    if not isinstance(text, str):
        raise RuleInvalid(422, "yaml: a string holding one rule", [Problem("yaml", None, "not a string")])
    try:
        documents = list(read_documents(text))
    except YamlError as exc:
        raise RuleInvalid(400, f"line {exc.line}: {exc}", [Problem("yaml", exc.line, str(exc))]) from None
    if len(documents) != 1:
        reason = f"the YAML holds {len(documents)} rules: send one per request"
        raise RuleInvalid(422, reason, [Problem("yaml", documents[1].line if documents[1:] else 1, reason)])
    document = documents[0]
    if not isinstance(document.data, dict):
        reason = f"a rule is a mapping of keys, not {type(document.data).__name__}"
        raise RuleInvalid(422, reason, [Problem("rule", document.line, reason)])
    return Submitted(document.data, text, lambda loc: line_of(document, loc))


def validate(submitted: Submitted, rule_id: str | None = None) -> Rule:
    """The rule, validated by the model of its ``type``; :class:`RuleInvalid` listing every problem.
    ``rule_id``, on an edit, is the id the rule must keep."""
    data, line = submitted.data, submitted.line
    taken = sorted(STORE_KEYS & set(data))
    if taken:
        reason = f"{', '.join(taken)}: set by the store, not by the rule"
        raise RuleInvalid(422, reason, [Problem(k, line((k,)), "set by the store") for k in taken])
    if rule_id is not None and data.get("id") != rule_id:
        problem = Problem("id", line(("id",)), f"this rule is {rule_id!r}: an id cannot change")
        raise RuleInvalid(422, f"id: {problem.message}", [problem])
    kind = data.get("type")
    model = RULE_TYPES.get(kind) if isinstance(kind, str) else None
    if model is None:
        message = f"{kind!r} is not one of {', '.join(RULE_TYPES)}" if kind else "missing"
        raise RuleInvalid(422, f"type: {message}", [Problem("type", line(("type",)), message)])
    try:
        model.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(
                ".".join(str(p) for p in err["loc"]) or "rule",
                line(tuple(err["loc"])),
                err["msg"].removeprefix("Value error, "),
            )
            for err in exc.errors(include_url=False)
        ]
        reason = "; ".join(
            f"{p.field}: {p.message}" + (f" (line {p.line})" if p.line else "") for p in problems
        )
        raise RuleInvalid(422, reason, problems) from None
    origin = origin_of(str(data.get("id")))
    try:
        return build_rule(data, lambda loc: origin)
    except RuleError as exc:  # the model accepted it above, so only a build step's own check lands here
        raise RuleInvalid(422, exc.reason, [Problem("rule", None, exc.reason)]) from None


def _json_lines(body: Mapping[str, Any], raw: bytes) -> Callable[[Loc], int | None]:
    """Lines of a JSON body: JSON is YAML flow syntax, so the YAML reader finds them, when the text
    reads back as the same data (else no lines)."""
    try:
        text = raw.decode("utf-8")
        documents = list(read_documents(text))
    except (UnicodeDecodeError, YamlError):
        return lambda loc: None
    try:
        same = len(documents) == 1 and orjson.dumps(documents[0].data) == orjson.dumps(dict(body))
    except TypeError:  # YAML read something JSON has no type for (a date): not the same data
        same = False
    if not same:
        return lambda loc: None
    document: Document = documents[0]
    return lambda loc: line_of(document, loc)
