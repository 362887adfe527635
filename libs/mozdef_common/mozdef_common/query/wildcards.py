"""Wildcard patterns that need no regex: a literal, ``lit*``, ``*lit``, ``*lit*`` and ``a*b``.

These are what Sigma's ``startswith`` / ``endswith`` / ``contains`` and plain values become, i.e.
nearly every pattern of a rule pack; string methods run them several times faster than a regex.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mozdef_common.query.values import wildcard_to_regex

__all__ = ["Shape", "literal_shape", "wildcard_regex"]

wildcard_regex = wildcard_to_regex


@dataclass(frozen=True, slots=True)
class Shape:
    """``head`` then anything (when ``star``) then ``tail``; ``contains``: ``*head*``."""

    head: str
    tail: str
    star: bool
    contains: bool = False

    @property
    def is_ascii(self) -> bool:
        return self.head.isascii() and self.tail.isascii()

    def lower(self) -> Shape:
        return Shape(self.head.lower(), self.tail.lower(), self.star, self.contains)

    def template(self, const: Callable[[object], str]) -> Callable[[str], str]:
        """How to test a string local ``x`` (``const`` names a constant in the generated code)."""
        head, tail = const(self.head), const(self.tail)
        if self.contains:
            return lambda x: f"{head} in {x}"
        if not self.star:
            return lambda x: f"{x} == {head}"
        if not self.head and not self.tail:
            return lambda x: "True"
        if not self.head:
            return lambda x: f"{x}.endswith({tail})"
        if not self.tail:
            return lambda x: f"{x}.startswith({head})"
        least = len(self.head) + len(self.tail)  # "ab*b" must not match "ab"
        return lambda x: f"({x}.startswith({head}) and {x}.endswith({tail}) and len({x}) >= {least})"


def literal_shape(pattern: str) -> Shape | None:
    """The shape of ``pattern`` when it has one, else None (``?``, or stars inside several pieces)."""
    pieces: list[str] = [""]
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            pieces[-1] += next(chars, "\\")
        elif char == "?":
            return None
        elif char == "*":
            if pieces[-1] or len(pieces) == 1:
                pieces.append("")
        else:
            pieces[-1] += char
    # pieces: the literals between stars (runs of stars collapsed), "" at an end that is a star.
    if len(pieces) == 1:
        return Shape(pieces[0], "", star=False)
    if len(pieces) == 2:
        return Shape(pieces[0], pieces[1], star=True)
    if len(pieces) == 3 and not pieces[0] and not pieces[2]:
        return Shape(pieces[1], "", star=True, contains=True)
    return None
