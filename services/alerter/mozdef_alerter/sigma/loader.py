"""Sigma files to :class:`~mozdef_alerter.sigma.model.SigmaRule` objects.

pySigma parses each YAML document; plain rules are compiled by :class:`.backend.MozdefBackend`, then
correlation rules are built from the trees of the rules they reference, found in the same file or
anywhere in the same collection (:func:`load_sigma_collection`). A rule referenced by a correlation
is not a rule of its own unless the correlation says ``generate: true``. Every failure is a
:class:`.errors.SigmaLoadError` naming the file, the line, the rule and the reason; one bad rule
never stops the others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from sigma.collection import SigmaCollection
from sigma.correlations import SigmaCorrelationRule
from sigma.exceptions import SigmaError, SigmaRuleLocation
from sigma.rule import SigmaRule as PySigmaRule
from sigma.rule.base import SigmaRuleBase

from mozdef_alerter.sigma.backend import MozdefBackend
from mozdef_alerter.sigma.correlation import correlation_rule
from mozdef_alerter.sigma.errors import SigmaLoadError
from mozdef_alerter.sigma.model import LEVELS, SigmaRule
from mozdef_common.query.ast import Node

_DETECTION = re.compile(r"^detection\s*:", re.MULTILINE)
_LOGSOURCE = re.compile(r"^logsource\s*:", re.MULTILINE)
_CORRELATION = re.compile(r"^correlation\s*:", re.MULTILINE)


def is_sigma(text: str) -> bool:
    """Whether ``text`` is Sigma: a top-level ``detection`` with ``logsource``, or a ``correlation``."""
    return bool((_DETECTION.search(text) and _LOGSOURCE.search(text)) or _CORRELATION.search(text))


def load_sigma(text: str, path: str, *, errors: list[SigmaLoadError] | None = None) -> list[SigmaRule]:
    """The rules of one Sigma file.

    With ``errors`` given, rules that fail are appended to it and the others returned; without it,
    the first failure raises :class:`SigmaLoadError`.
    """
    return load_sigma_collection([(text, path)], errors=errors)


def load_sigma_collection(
    sources: Iterable[tuple[str, str]], *, errors: list[SigmaLoadError] | None = None
) -> list[SigmaRule]:
    """The rules of several Sigma files (``(text, path)`` pairs) whose correlations may refer across them."""
    problems: list[SigmaLoadError] = []
    parsed: list[_Parsed] = []
    for text, path in sources:
        parsed += _parse(text, path, problems)
    rules = _compile(parsed, problems)
    if errors is None:
        if problems:
            raise problems[0]
    else:
        errors += problems
    return rules


@dataclass
class _Parsed:
    rule: PySigmaRule | SigmaCorrelationRule
    path: str
    line: int
    name: str = field(init=False)

    def __post_init__(self) -> None:
        self.name = str(self.rule.id) if self.rule.id else str(self.rule.title or self.rule.name or "")

    def error(self, reason: str) -> SigmaLoadError:
        title = f" ({self.rule.title})" if self.rule.title and self.rule.id else ""
        return SigmaLoadError(self.path, reason + title, rule=self.name or None, line=self.line)


def _parse(text: str, path: str, problems: list[SigmaLoadError]) -> list[_Parsed]:
    try:
        documents, lines = _documents(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        problems.append(SigmaLoadError(path, f"not valid YAML: {exc}", line=line))
        return []
    try:
        collection = SigmaCollection.from_dicts(
            documents, collect_errors=True, source=SigmaRuleLocation(Path(path)), resolve_references=False
        )
    except (SigmaError, ValueError, TypeError, KeyError, AttributeError) as exc:
        problems.append(SigmaLoadError(path, f"not a Sigma file: {exc}"))
        return []
    found: list[_Parsed] = []
    for rule in collection.rules:
        item = _Parsed(rule, path, lines.get(_key(rule), 1))
        if rule.errors:
            problems.append(item.error("; ".join(str(error) for error in rule.errors)))
        else:
            found.append(item)
    if collection.errors and not collection.rules:
        problems.append(SigmaLoadError(path, "; ".join(str(error) for error in collection.errors)))
    return found


def _documents(text: str) -> tuple[list[Any], dict[str, int]]:
    """The YAML documents of ``text`` and the line each rule (by id or title) starts on."""
    loader = yaml.SafeLoader(text)
    documents: list[Any] = []
    lines: dict[str, int] = {}
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:  # pragma: no cover - check_node said there is one
                break
            document = loader.construct_document(node)
            documents.append(document)
            if isinstance(document, dict):
                key = str(document.get("id") or document.get("title") or "")
                lines.setdefault(key, node.start_mark.line + 1)
    finally:
        loader.dispose()
    return documents, lines


def _key(rule: SigmaRuleBase) -> str:
    return str(rule.id or rule.title or "")


def _compile(parsed: list[_Parsed], problems: list[SigmaLoadError]) -> list[SigmaRule]:
    backend = MozdefBackend()
    backend.init_processing_pipeline()
    collection = SigmaCollection([item.rule for item in parsed], resolve_references=False)
    trees: dict[int, Node] = {}
    out: list[SigmaRule] = []
    hidden: set[int] = set()
    correlations = [item for item in parsed if isinstance(item.rule, SigmaCorrelationRule)]
    for item in correlations:
        assert isinstance(item.rule, SigmaCorrelationRule)
        try:
            item.rule.resolve_rule_references(collection)
        except SigmaError as exc:
            problems.append(item.error(f"unresolved reference: {exc}"))
            continue
        if not item.rule.generate:
            hidden.update(id(reference.rule) for reference in item.rule.rules or [])
    for item in parsed:
        if not isinstance(item.rule, PySigmaRule):
            continue
        try:
            trees[id(item.rule)] = backend.compile_rule(item.rule)
        except (SigmaError, ValueError) as exc:
            problems.append(item.error(_reason(exc)))
            continue
        if id(item.rule) not in hidden:
            out.append(
                SigmaRule(**_common(item), type="match", query=trees[id(item.rule)])  # type: ignore[arg-type]
            )
    for item in correlations:
        assert isinstance(item.rule, SigmaCorrelationRule)
        if not all(hasattr(reference, "rule") for reference in item.rule.rules or []):
            continue  # its references did not resolve: reported above
        try:
            backend.last_processing_pipeline.apply(item.rule)  # maps group-by and the counted field
            out.append(correlation_rule(item.rule, trees, _common(item)))
        except (SigmaError, ValueError) as exc:
            problems.append(item.error(_reason(exc)))
    return out


def _reason(exc: Exception) -> str:
    text = str(exc)
    # pySigma appends " (while converting rule <path>)" and locations we already name.
    return re.sub(r"\s*\(while [a-z ]+ rule [^)]*\)$", "", text) or type(exc).__name__


def _category(rule: PySigmaRule | SigmaCorrelationRule) -> str:
    """The alert category: the log source's most specific part (a correlation: its first rule's)."""
    if isinstance(rule, PySigmaRule):
        source = rule.logsource
        return source.category or source.service or source.product or "sigma"
    for reference in rule.rules or []:
        referenced = getattr(reference, "rule", None)
        if isinstance(referenced, PySigmaRule | SigmaCorrelationRule):
            return _category(referenced)
    return "sigma"


def _common(item: _Parsed) -> dict[str, object]:
    rule = item.rule
    return {
        "id": item.name or "sigma-rule",
        "name": str(rule.title or item.name),
        "description": str(rule.description or ""),
        "severity": LEVELS.get(str(rule.level).lower(), "WARNING") if rule.level else "WARNING",
        "tags": [str(tag) for tag in rule.tags],
        "category": _category(rule),
        "source": item.path,
        "line": item.line,
    }
