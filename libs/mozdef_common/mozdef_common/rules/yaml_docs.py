"""YAML rule files read with their line numbers, so every error can say where it is.

PyYAML's composer keeps each node's position; :func:`read_documents` builds the plain data of every
``---`` document and, beside it, the 1-based line of every key and list item by path, which
:func:`line_of` looks up for a pydantic error location.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import yaml

Path = tuple[str | int, ...]


@dataclass(slots=True)
class Document:
    data: Any
    line: int
    lines: dict[Path, int]


class YamlError(ValueError):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


def read_documents(text: str) -> Iterator[Document]:
    """Every non-empty document of ``text``; a syntax error raises :class:`YamlError` with its line."""
    loader = yaml.SafeLoader(text)
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            lines: dict[Path, int] = {}
            _walk(node, (), lines)
            data = loader.construct_document(node)
            if data is not None:
                yield Document(data, lines[()], lines)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlError(line, f"not valid YAML: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlError(1, f"not valid YAML: {exc}") from None
    finally:
        loader.dispose()


def _walk(node: yaml.Node, path: Path, lines: dict[Path, int]) -> None:
    # A mapping starts at its first key: after ``---`` the node's own mark is the separator's line.
    first = node.value[0][0] if isinstance(node, yaml.MappingNode) and node.value else node
    lines[path] = first.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = (*path, str(key.value))
            _walk(value, child, lines)
            lines[child] = key.start_mark.line + 1  # a key's own line, even for a nested block
    elif isinstance(node, yaml.SequenceNode):
        for position, item in enumerate(node.value):
            _walk(item, (*path, position), lines)


def line_of(document: Document, loc: Sequence[str | int]) -> int:
    """The line of the deepest known prefix of ``loc`` (a missing key: its parent's line)."""
    path = tuple(loc)
    while path:
        if path in document.lines:
            return document.lines[path]
        path = path[:-1]
    return document.line
