"""Sigma values in the terms of our query AST: wildcard patterns, and Sigma's unanchored regexes."""

from __future__ import annotations

from sigma.exceptions import SigmaFeatureNotSupportedByBackendError
from sigma.types import Placeholder, SigmaString, SpecialChars

#: Characters our Wildcard pattern gives a meaning to, escaped when Sigma means them literally.
_WILDCARD_SPECIAL = frozenset("*?\\")


def wildcard_pattern(value: SigmaString) -> str:
    """``value`` as a :class:`~mozdef_common.query.ast.Wildcard` pattern (``*``, ``?``, ``\\`` escapes)."""
    out: list[str] = []
    for part in value.s:
        if isinstance(part, str):
            out.extend("\\" + ch if ch in _WILDCARD_SPECIAL else ch for ch in part)
        elif part is SpecialChars.WILDCARD_MULTI:
            out.append("*")
        elif part is SpecialChars.WILDCARD_SINGLE:
            out.append("?")
        elif isinstance(part, Placeholder):
            # An unresolved %placeholder% needs a value list that only the operator can provide.
            raise SigmaFeatureNotSupportedByBackendError(
                f"placeholder %{part.name}% has no value list in this deployment"
            )
        else:  # pragma: no cover - pySigma has no other string part
            raise SigmaFeatureNotSupportedByBackendError(f"string part {part!r} is not supported")
    return "".join(out)


def plain_text(value: SigmaString) -> str | None:
    """The literal text of ``value``, or ``None`` when it holds wildcards or placeholders."""
    if all(isinstance(part, str) for part in value.s):
        return "".join(part for part in value.s if isinstance(part, str))
    return None


def literal_chunks(value: SigmaString) -> list[str]:
    """The literal runs of ``value`` between its wildcards."""
    chunks = [""]
    for part in value.s:
        if isinstance(part, str):
            chunks[-1] += part
        elif isinstance(part, Placeholder):
            raise SigmaFeatureNotSupportedByBackendError(
                f"placeholder %{part.name}% has no value list in this deployment"
            )
        else:
            chunks.append("")
    return chunks


def has_case(text: str) -> bool:
    """Whether case-insensitive matching could differ from exact matching on ``text``."""
    return text.lower() != text.upper()


def unanchored(pattern: str) -> str:
    """Sigma's regex (a search anywhere in the value) as one matched against the whole value.

    A leading ``^`` or trailing ``$`` at the top level keeps that end anchored, without the anchor
    itself, so the pattern also means what it says on stores whose regexes know no anchors.
    """
    if _has_top_level_alternation(pattern):
        return f".*(?:{pattern}).*"
    body = pattern
    head = ".*"
    tail = ".*"
    if body.startswith("^"):
        body, head = body[1:], ""
    if body.endswith("$") and not _escaped_at(body, len(body) - 1):
        body, tail = body[:-1], ""
    if not body:
        return head or tail or ""
    return f"{head}(?:{body}){tail}" if head or tail else body


def _escaped_at(pattern: str, index: int) -> bool:
    backslashes = 0
    i = index - 1
    while i >= 0 and pattern[i] == "\\":
        backslashes += 1
        i -= 1
    return backslashes % 2 == 1


def _has_top_level_alternation(pattern: str) -> bool:
    depth = 0
    in_class = False
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            # A ']' right after '[' or '[^' is a literal member, not the end of the class.
            if pattern[i + 1 : i + 2] == "]":
                i += 1
            elif pattern[i + 1 : i + 3] == "^]":
                i += 2
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
        i += 1
    return False
