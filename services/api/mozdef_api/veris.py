"""VERIS, the incident vocabulary cases are tagged with: the enumerations, path checks and counts.

The enumerations ship as ``data/veris.json``: a tree of objects whose leaves are lists of values
(``actor`` → ``external`` → ``variety`` → ``["Activist", …]``). A VERIS *path* names one node of that
tree, its parts joined by ``.``: ``action.hacking.variety.Brute force``, or a coarser node such as
``action.hacking`` when the variety is not known yet. Paths are matched ignoring case and stored in
the tree's own spelling.

``GET /api/v1/veris`` serves the tree; ``GET /api/v1/veris/stats`` how many incidents carry each tag,
each top-level category (``action``…) and each group (``action.hacking``…).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib.resources import files
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from mozdef_api.auth import Principal, requires
from mozdef_common.accounts import Action

Reader = Annotated[Principal, Depends(requires(Action.READ))]
router = APIRouter(prefix="/api/v1/veris", tags=["veris"])
SEPARATOR = "."
INCIDENTS = "incidents"  # the collection the stats count
#: The field of a case holding :func:`prefixes` of its ``veris`` tags, kept by the cases service.
INDEX_FIELD = "veris_index"


@cache
def tree() -> Mapping[str, Any]:
    """The VERIS enumerations as shipped with the package."""
    loaded: dict[str, Any] = json.loads(files("mozdef_api").joinpath("data/veris.json").read_text("utf-8"))
    return loaded


@cache
def _paths() -> dict[str, str]:
    """Every node's path, lower-cased, mapped to its canonical spelling."""
    found: dict[str, str] = {}

    def walk(node: Any, prefix: str) -> None:
        children = node.items() if isinstance(node, dict) else ((value, None) for value in node)
        for name, child in children:
            path = f"{prefix}{name}"
            found[path.lower()] = path
            if child is not None:
                walk(child, path + SEPARATOR)

    walk(tree(), "")
    return found


def canonical(path: str) -> str:
    """``path`` as the tree spells it; ValueError naming the first part that is not in the tree."""
    text = path.strip()
    exact = _paths().get(text.lower())
    if exact is not None:
        return exact
    parts = text.split(SEPARATOR)
    for depth in range(1, len(parts) + 1):
        if SEPARATOR.join(parts[:depth]).lower() not in _paths():
            known = SEPARATOR.join(parts[: depth - 1])
            raise ValueError(
                f"not a VERIS path: {parts[depth - 1]!r} is not under {known or 'the top level'!r} "
                "(GET /api/v1/veris lists the enumerations)"
            )
    raise ValueError(f"not a VERIS path: {path!r}")  # pragma: no cover - every prefix existed


def prefixes(paths: Iterable[str]) -> list[str]:
    """Every path and all its ancestors, once each, sorted: what a filter on a coarser path matches."""
    found: set[str] = set()
    for path in paths:
        parts = path.split(SEPARATOR)
        found.update(SEPARATOR.join(parts[:depth]) for depth in range(1, len(parts) + 1))
    return sorted(found)


class VerisStats(BaseModel):
    """How many incidents carry each VERIS tag and each coarser node (an incident counts once per key)."""

    tags: dict[str, int]
    categories: dict[str, int]
    groups: dict[str, int]


def split_counts(by_prefix: Mapping[str, int]) -> tuple[dict[str, int], dict[str, int]]:
    """``(categories, groups)``: the one-part (``action``) and two-part (``action.hacking``) counts."""
    categories = {k: n for k, n in by_prefix.items() if k.count(SEPARATOR) == 0}
    groups = {k: n for k, n in by_prefix.items() if k.count(SEPARATOR) == 1}
    return categories, groups


@router.get("", summary="The VERIS enumerations incidents are tagged with")
async def read_tree(_: Reader) -> Mapping[str, Any]:
    return tree()


@router.get("/stats", response_model=VerisStats, summary="How many incidents carry each VERIS tag")
async def stats(request: Request, _: Reader) -> VerisStats:
    incidents = request.app.state.state.collection(INCIDENTS)
    tags = await incidents.count_by("veris")
    categories, groups = split_counts(await incidents.count_by(INDEX_FIELD))
    return VerisStats(tags=tags, categories=categories, groups=groups)
