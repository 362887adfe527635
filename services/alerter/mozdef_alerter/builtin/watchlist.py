"""``mozdef.watchlist.hit``: events naming a value on the watchlist, a match rule fed by the list.

The watchlist (state store collection ``watchlist``, written through ``/api/v1/watchlist`` and by
response actions) is turned into one match rule whenever the alerter loads the stored rules
(:func:`mozdef_alerter.stored_rules.load_stored_rules`). A match rule rather than a Python rule: the
stream evaluator then matches watchlist values in the same compiled rule set as every other query
(one pass per event, term lookups rather than a Python call per event), and the rule's query, shown by
the API, says exactly what is watched. The cost is freshness: an entry added or expired takes effect
at the next reload of the stored rules.

What each entry type is looked for in (the enrich stage writes these names; addresses canonical):

* ``ip`` and ``cidr``: ``details.sourceipaddress``, ``details.destinationipaddress``;
* ``user``: ``details.username``, ``details.user``, ``details.targetusername``;
* ``domain``: ``details.host``, ``details.hostname``, ``details.query`` (DNS), ``details.domain``,
  the domain itself and any name under it;
* ``hash``: ``details.hash``, ``details.md5``, ``details.sha1``, ``details.sha256``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any, Final

from mozdef_common.lists.entries import active
from mozdef_common.query.ast import Bool, MatchAll, Node
from mozdef_common.query.build import subnet, term, wildcard
from mozdef_common.rules import MatchRule, query_from_node
from mozdef_common.state import StateStore

RULE_ID: Final = "mozdef.watchlist.hit"
COLLECTION: Final = "watchlist"
ORIGIN: Final = "builtin/watchlist (state store collection watchlist)"
#: More entries than any watchlist analysts keep by hand; past it, a blocklist feed is the tool.
MAX_ENTRIES: Final = 100_000
ADDRESS_FIELDS: Final = ("details.sourceipaddress", "details.destinationipaddress")
FIELDS: Final[Mapping[str, tuple[str, ...]]] = {
    "ip": ADDRESS_FIELDS,
    "cidr": ADDRESS_FIELDS,
    "user": ("details.username", "details.user", "details.targetusername"),
    "domain": ("details.host", "details.hostname", "details.query", "details.domain"),
    "hash": ("details.hash", "details.md5", "details.sha1", "details.sha256"),
}
#: What an empty watchlist matches: nothing (the rule stays listed, so it can be switched off).
NOTHING: Final[Node] = Bool(must_not=(MatchAll(),))


def _escape(value: str) -> str:
    return "".join(f"\\{c}" if c in "*?\\" else c for c in value)


def clauses(kind: str, value: str) -> list[Node]:
    """The query clauses finding ``value`` of type ``kind``; none for a type this rule does not know."""
    fields = FIELDS.get(kind, ())
    if kind == "cidr":
        return [subnet(f, value) for f in fields]
    if kind == "domain":
        return [n for f in fields for n in (term(f, value), wildcard(f, f"*.{_escape(value)}"))]
    return [term(f, value) for f in fields]


def watchlist_rule(entries: Iterable[Mapping[str, Any]]) -> MatchRule:
    """The match rule for these watchlist entries (``type`` and canonical ``value`` each)."""
    nodes = [n for e in entries for n in clauses(str(e.get("type")), str(e.get("value")))]
    node = Bool(should=tuple(nodes)) if nodes else NOTHING
    rule = MatchRule(
        id=RULE_ID,
        name="Watchlist hit",
        description=(
            "An event names an address, network, user, domain or hash on the watchlist "
            "(/api/v1/watchlist). Rebuilt from the list at every reload of the stored rules."
        ),
        severity="WARNING",
        category="watchlist",
        tags=["watchlist"],
        summary="Watchlist hit on {hostname}: {summary}",
        query=query_from_node(node),
        dedup={"key": ["details.sourceipaddress", "details.username", "hostname"], "window": "1h"},
    )
    rule.located(ORIGIN)
    return rule


async def load_watchlist_rule(state: StateStore, now: datetime | None = None) -> MatchRule:
    """The rule for the watchlist's entries that have not expired at ``now``."""
    _, docs = await state.collection(COLLECTION).find(
        active(now or datetime.now(UTC)), limit=MAX_ENTRIES, sort=[("created", 1)]
    )
    return watchlist_rule(docs)
