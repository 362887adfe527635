"""Loading rules from files: YAML rule files (one rule or several per file) and Sigma files.

:func:`load_rules_dir` reads every ``*.yml`` and ``*.yaml`` below a folder, in path order. A file
whose content is Sigma (the Sigma loader's ``is_sigma``) goes to the Sigma loader, and its rules are
converted to models (:mod:`.sigma_convert`); any other file holds rule documents separated by
``---``. One bad rule never stops the others: every problem becomes a :class:`RuleError` naming the
file and line, logged, and returned beside the rules that loaded. A rule id seen twice keeps the
first and reports the second.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from mozdef_common.rules.build import build_rule
from mozdef_common.rules.errors import RuleError
from mozdef_common.rules.models import Rule
from mozdef_common.rules.sigma_convert import convert_sigma
from mozdef_common.rules.yaml_docs import Document, YamlError, line_of, read_documents

log = logging.getLogger(__name__)
SUFFIXES = (".yml", ".yaml")


class SigmaLoader(Protocol):
    """What the loader needs of the Sigma package: recognise a Sigma file, and load its rules."""

    def is_sigma(self, text: str) -> bool: ...

    def load_sigma(self, text: str, path: str) -> Sequence[Any]: ...


def load_rules_text(
    text: str, origin: str, *, sigma: SigmaLoader | None = None
) -> tuple[list[Rule], list[RuleError]]:
    """The rules in one file's ``text``; ``origin`` names the file in errors."""
    if sigma is not None and _is_sigma(sigma, text, origin):
        return _load_sigma(sigma, text, origin)
    rules: list[Rule] = []
    errors: list[RuleError] = []
    try:
        for document in read_documents(text):
            try:
                rules.append(build_rule(document.data, _locator(origin, document)))
            except RuleError as exc:
                errors.append(exc)
    except YamlError as exc:
        errors.append(RuleError(f"{origin}:{exc.line}", str(exc)))
    return rules, errors


def load_rules_dir(
    folder: Path, *, sigma: SigmaLoader | Callable[[], SigmaLoader | None] | None = None
) -> tuple[list[Rule], list[RuleError]]:
    """Every rule below ``folder`` and every error; a missing folder holds no rules.

    ``sigma`` is the Sigma loader to use, or a callable returning it; by default the alerter's
    (:func:`default_sigma`). Without one, Sigma files are read as plain rule files and fail there.
    """
    loader = (sigma or default_sigma)() if sigma is None or callable(sigma) else sigma
    return load_rule_files(rule_files(folder), sigma=loader)


def load_rule_files(
    paths: Iterable[Path], *, sigma: SigmaLoader | None = None
) -> tuple[list[Rule], list[RuleError]]:
    rules: list[Rule] = []
    errors: list[RuleError] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            errors.append(RuleError(f"{path}:1", f"cannot read the file: {exc}"))
            continue
        found, problems = load_rules_text(text, str(path), sigma=sigma)
        rules += found
        errors += problems
    rules, duplicates = unique_rules(rules)
    errors += duplicates
    for error in errors:
        log.error("rule not loaded: %s", error)
    return rules, errors


def rule_files(folder: Path) -> list[Path]:
    """The rule files below ``folder``, in path order (hidden files and folders left out)."""
    if not folder.is_dir():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.suffix in SUFFIXES
        and path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
    )


def unique_rules(rules: Iterable[Rule]) -> tuple[list[Rule], list[RuleError]]:
    """The first rule of each id; later ones are errors naming where the first came from."""
    seen: dict[str, Rule] = {}
    errors: list[RuleError] = []
    for rule in rules:
        first = seen.get(rule.id)
        if first is None:
            seen[rule.id] = rule
        else:
            errors.append(RuleError(rule.origin, f"id already used by {first.origin}", rule_id=rule.id))
    return list(seen.values()), errors


def _locator(origin: str, document: Document) -> Callable[[tuple[str | int, ...]], str]:
    return lambda loc: f"{origin}:{line_of(document, loc)}"


def _is_sigma(sigma: SigmaLoader, text: str, origin: str) -> bool:
    try:
        return sigma.is_sigma(text)
    except Exception as exc:  # a broken Sigma package must not hide the plain rule files
        log.warning("is_sigma failed on %s: %r", origin, exc)
        return False


def _load_sigma(sigma: SigmaLoader, text: str, origin: str) -> tuple[list[Rule], list[RuleError]]:
    rules: list[Rule] = []
    errors: list[RuleError] = []
    try:
        loaded = sigma.load_sigma(text, origin)
    except Exception as exc:  # whatever pySigma raises names this file, and the others go on
        line = getattr(exc, "line", None)
        return [], [RuleError(f"{origin}:{line or 1}", f"Sigma rule not loaded: {exc}")]
    for item in loaded:
        try:
            rules.append(convert_sigma(item, f"{origin}:{getattr(item, 'line', 1) or 1}"))
        except (ValueError, TypeError) as exc:
            errors.append(
                RuleError(f"{origin}:1", f"Sigma rule not converted: {exc}", rule_id=_sigma_id(item))
            )
    return rules, errors


def _sigma_id(item: Any) -> str | None:
    value = getattr(item, "id", None)
    return str(value) if value else None


def default_sigma() -> SigmaLoader | None:
    """The alerter's Sigma package when it is installed (imported lazily: the API may not need it)."""
    try:
        from mozdef_alerter import sigma  # type: ignore[attr-defined, import-not-found, unused-ignore]
    except ImportError:
        return None
    if not (hasattr(sigma, "is_sigma") and hasattr(sigma, "load_sigma")):
        return None
    loader: Any = sigma
    return loader  # type: ignore[no-any-return]
