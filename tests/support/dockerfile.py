"""A Dockerfile and its .dockerignore, parsed enough to lint them (tests/deploy/test_dockerfile.py).

Logical lines (continuations joined, comments dropped), stages with their instructions, ``ARG``
substitution, and .dockerignore matching with its ``!`` exceptions, as Docker applies them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

# -- parsing ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Instruction:
    line: int
    keyword: str
    flags: dict[str, str]
    args: str

    def exec_form(self) -> list[str] | None:
        """The JSON array form's items (``["mozdef", "run"]``), or None for the shell form."""
        try:
            value = json.loads(self.args)
        except ValueError:
            return None
        return value if isinstance(value, list) and all(isinstance(v, str) for v in value) else None

    def words(self) -> list[str]:
        return self.exec_form() or self.args.split()


@dataclass
class Stage:
    name: str | None
    base: str
    flags: dict[str, str]
    instructions: list[Instruction] = field(default_factory=list)

    def all(self, keyword: str) -> list[Instruction]:
        return [i for i in self.instructions if i.keyword == keyword]

    def env(self) -> dict[str, str]:
        found: dict[str, str] = {}
        for instruction in self.all("ENV"):
            found.update(pairs(instruction.args))
        return found

    def user(self) -> str | None:
        users = self.all("USER")
        return users[-1].args.strip() if users else None


@dataclass
class Dockerfile:
    stages: list[Stage]
    #: The ARGs declared before the first FROM, with their defaults.
    args: dict[str, str] = field(default_factory=dict)

    @property
    def final(self) -> Stage:
        return self.stages[-1]


_FLAG = re.compile(r"--([a-z-]+)=(\S+)\s+")
_VAR = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")


def parse(text: str) -> Dockerfile:
    """Docker's grammar as far as this project uses it: comments, line continuations, flags, ARG
    defaults in FROM. Heredocs and a changed escape character are refused rather than misread."""
    assert not re.match(r"#\s*escape\s*=", text, re.I), "the escape directive is not supported"
    args: dict[str, str] = {}
    stages: list[Stage] = []
    for number, line in _logical_lines(text):
        keyword, _, rest = line.partition(" ")
        keyword = keyword.upper()
        assert "<<" not in rest or keyword not in ("RUN", "COPY"), (
            f"line {number}: heredocs are not supported"
        )
        flags: dict[str, str] = {}
        while (flag := _FLAG.match(rest)) is not None:
            flags[flag.group(1)] = flag.group(2)
            rest = rest[flag.end() :]
        rest = rest.strip()
        if keyword == "FROM":
            image, _, name = substitute(rest, args).partition(" AS ")
            if " as " in image:
                image, _, name = image.partition(" as ")
            stages.append(Stage(name.strip() or None, image.strip(), flags))
        elif not stages:
            assert keyword == "ARG", f"line {number}: only ARG may come before the first FROM"
            args.update(pairs(rest) or {rest: ""})
        else:
            stages[-1].instructions.append(Instruction(number, keyword, flags, rest))
    return Dockerfile(stages, args)


def _logical_lines(text: str) -> Iterator[tuple[int, str]]:
    pending: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), 1):
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue  # also inside a continued instruction, as Docker reads it
        if not pending:
            start = number
        if stripped.endswith("\\"):
            pending.append(stripped[:-1].strip())
            continue
        pending.append(stripped)
        yield start, " ".join(pending)
        pending = []
    assert not pending, "the Dockerfile ends inside a continued line"


def substitute(text: str, args: dict[str, str]) -> str:
    return _VAR.sub(lambda m: args.get(m.group(1) or m.group(2)) or m.group(0), text)


def pairs(text: str) -> dict[str, str]:
    return {
        key: value.strip('"') for key, value in re.findall(r'([A-Za-z_][A-Za-z0-9_.-]*)=("[^"]*"|\S*)', text)
    }


# -- .dockerignore ------------------------------------------------------------------------------


def ignore_rules(root: Path) -> list[tuple[bool, re.Pattern[str]]]:
    """.dockerignore as (is an exception, pattern) in order; the last one matching a path decides."""
    rules = []
    for raw in (root / ".dockerignore").read_text().splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        exception = line.startswith("!")
        pattern = line.removeprefix("!").strip().lstrip("/").removeprefix("./").rstrip("/")
        rules.append((exception, re.compile(_glob(pattern))))
    return rules


def _glob(pattern: str) -> str:
    """Go's filepath.Match with ``**`` for any number of folders, as Docker reads .dockerignore."""
    out, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out, i = out + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            out, i = out + ".*", i + 2
        elif pattern[i] == "*":
            out, i = out + "[^/]*", i + 1
        elif pattern[i] == "?":
            out, i = out + "[^/]", i + 1
        elif pattern[i] == "[":
            end = pattern.index("]", i)
            out, i = out + "[" + pattern[i + 1 : end].replace("^", "^", 1) + "]", end + 1
        else:
            out, i = out + re.escape(pattern[i]), i + 1
    return out


def ignored(path: str, rules: list[tuple[bool, re.Pattern[str]]]) -> bool:
    """Whether the build context leaves ``path`` out: a pattern matching a folder matches what is in it."""
    parts = path.split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    excluded = False
    for exception, pattern in rules:
        if any(pattern.fullmatch(prefix) for prefix in prefixes):
            excluded = not exception
    return excluded
