"""Rules kept in the state store: those managed through the API, and on/off overrides of the others.

The ``rules`` collection holds one document per rule id, of one of two kinds:

* ``{"id": <rule id>, "kind": "rule", "rule": {<the rule in the rule-file shape>}, "yaml": <text or
  null>, "author": <who created it>}``: an API-managed rule. ``rule`` is what the author gave (keys as
  in docs/rules.md, durations and queries as text); ``yaml``, when the rule was sent as YAML, is that
  text, kept so comments survive a round trip (dropped once the rule is edited field by field);
* ``{"id": <rule id>, "kind": "override", "enabled": <bool>}``: a built-in or file rule switched on or
  off through the API. Its own file says nothing about it: the override wins.

The alerter's reload calls :func:`load_stored_rules` and :func:`overrides` beside its file loading and
merges: stored rules join the others (a stored rule whose id a file or the built-in pack already uses
is the loser, as with two files), and every rule whose id has an override gets that ``enabled``.
:func:`load_stored_rules` also returns the built-in watchlist rule, which is fed by the state store's
``watchlist`` collection (:mod:`mozdef_alerter.builtin.watchlist`): reloading the stored rules is what
brings watchlist changes into the stream, so the reload should run every few seconds, not only when
the rules folder changes: :func:`fingerprint` changes whenever either collection does (an entry
expiring included) and is cheap enough to poll.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final, Literal

from mozdef_alerter.builtin.watchlist import COLLECTION as WATCHLIST
from mozdef_alerter.builtin.watchlist import load_watchlist_rule
from mozdef_common.lists.entries import active
from mozdef_common.rules import Rule, RuleError, build_rule
from mozdef_common.state import Document, StateStore

COLLECTION: Final = "rules"
RULE: Final = "rule"
OVERRIDE: Final = "override"
#: Documents read per page; the collection holds rules, not events, so a few pages at most.
_PAGE: Final = 500
Kind = Literal["rule", "override"]
log = logging.getLogger(__name__)


def origin_of(rule_id: str) -> str:
    """What an API-managed rule's ``origin`` says (errors and the API's listing show it)."""
    return f"api:{rule_id}"


def build_stored(document: Mapping[str, Any]) -> Rule:
    """The rule of a ``kind: rule`` document; :class:`RuleError` names it when it no longer validates
    (a model that became stricter since it was stored)."""
    data = document.get(RULE)
    rule_id = str(document.get("id"))
    return build_rule(data, lambda loc: origin_of(rule_id) + (f" ({_path(loc)})" if loc else ""))


async def documents(state: StateStore, kind: Kind) -> list[Document]:
    """Every document of ``kind`` in the collection, by id."""
    collection = state.collection(COLLECTION)
    out: list[Document] = []
    while True:
        total, page = await collection.find({"kind": kind}, limit=_PAGE, offset=len(out), sort=[("id", 1)])
        out += page
        if not page or len(out) >= total:
            return out


async def load_stored_rules(state: StateStore) -> tuple[list[Rule], list[RuleError]]:
    """Every API-managed rule and the built-in watchlist rule; an error for each stored rule that
    does not validate."""
    rules, errors = await load_api_rules(state)
    return [await load_watchlist_rule(state), *rules], errors


async def load_api_rules(state: StateStore) -> tuple[list[Rule], list[RuleError]]:
    """Every API-managed rule, and an error for each that does not validate."""
    rules: list[Rule] = []
    errors: list[RuleError] = []
    for document in await documents(state, RULE):
        try:
            rules.append(build_stored(document))
        except RuleError as exc:
            log.error("stored rule not loaded: %s", exc)
            errors.append(exc)
    return rules, errors


async def overrides(state: StateStore) -> dict[str, bool]:
    """``{rule id: enabled}`` for every built-in or file rule switched on or off through the API."""
    return {
        str(doc["id"]): bool(doc.get("enabled"))
        for doc in await documents(state, OVERRIDE)
        if isinstance(doc.get("enabled"), bool)
    }


async def fingerprint(state: StateStore, now: datetime | None = None) -> tuple[Any, ...]:
    """Changes whenever a stored rule, an override or the watchlist (an entry expiring too) changes:
    four small queries, for the alerter to poll before deciding to reload."""
    rules_total, rules_newest = await state.collection(COLLECTION).find(limit=1)
    watchlist = state.collection(WATCHLIST)
    watched_total, watched_newest = await watchlist.find(limit=1)
    active_now = await watchlist.count(active(now or datetime.now(UTC)))
    return (
        rules_total,
        rules_newest[0].get("updated") if rules_newest else None,
        watched_total,
        watched_newest[0].get("updated") if watched_newest else None,
        active_now,
    )


def _path(loc: tuple[str | int, ...]) -> str:
    return ".".join(str(part) for part in loc)
