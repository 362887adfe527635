"""Index names, aliases and the index template of the OpenSearch store: the field semantics of
:mod:`mozdef_common.query.fields`, made physical.

Names (``<p>`` is ``MOZDEF_OPENSEARCH_INDEX_PREFIX``, empty by default):

* daily indices ``<p><family>-YYYYMMDD`` (families ``events``, ``deadletter``, ``alerts``), chosen by
  each event's ``utctimestamp`` UTC day, so a replayed event lands on the index it was first written to;
* alias ``<p><family>`` on every index of the family (set by the template when the index is created):
  what people and tools outside MozDef read (``events``, ``alerts``, as in MozDef);
* alias ``<p>events-previous`` on yesterday's events index, moved by the store when it sees a new UTC
  day (MozDef's rotation job did the same);
* one composable index template per family, ``<p>mozdef-<family>``, put on every start (idempotent).

Mapping (``dynamic: true`` with the templates below, so unknown keys are typed predictably):

* keywords (``id``, ``category`` … ``tags``): ``keyword``, ``ignore_above`` 8191 characters (a longer
  value is kept in ``_source`` but not indexed: Lucene refuses terms over 32766 bytes);
* ``summary``: ``text`` with the ``mozdef_text`` analyzer (lower-cased, split on anything not a letter
  or digit, tokens of 40 characters or more dropped: the embedded store's tokenizer) and a
  ``summary.keyword`` sub-field;
* ``utctimestamp``, ``receivedtimestamp``, ``timestamp``: ``date_nanos``, because queries promise
  microsecond precision and ``date`` keeps milliseconds;
* ``details.*``: every leaf, whatever its JSON type, is the ``keyword`` of its JSON text with two
  sub-fields, ``<leaf>.num`` (``double``) and ``<leaf>.date`` (``date_nanos``), both
  ``ignore_malformed``; address keys (:func:`~mozdef_common.query.fields.is_address_key`: direct keys
  of details) also get ``<leaf>.ip`` (``ip``) for CIDR queries. One mapping for every type means a
  key holding 22 in one event and "22" or "x" in the next never conflicts (no date or number
  detection: the JSON type alone picks the template). This is exactly the mapping
  :mod:`mozdef_common.query.opensearch_compile` states it compiles for;
* ``index.mapping.ignore_malformed`` (for fields outside details): a value that does not fit its
  field's type is left unindexed instead of rejecting the event. What still rejects (an object where
  a scalar was mapped or the reverse, more than :data:`TOTAL_FIELDS_LIMIT` fields in a day) comes back
  per item with OpenSearch's reason and is dead-lettered.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, Final

from mozdef_common.errors import StoreError
from mozdef_common.query.fields import DATE_FIELDS, KEYWORD_FIELDS
from mozdef_common.query.opensearch_compile import ADDRESS_KEY_REGEX, DATE, IP, NUM

FAMILIES: Final = ("events", "deadletter", "alerts")
PREVIOUS_ALIAS: Final = "events-previous"
TEXT_ANALYZER: Final = "mozdef_text"
#: Characters; 8191 * 4 UTF-8 bytes stays under Lucene's 32766-byte term limit.
KEYWORD_IGNORE_ABOVE: Final = 8191
TIME_FORMAT: Final = "strict_date_optional_time_nanos||epoch_millis"
TOTAL_FIELDS_LIMIT: Final = 5000
TEMPLATE_PRIORITY: Final = 200
_FAMILY: Final = re.compile(r"[a-z0-9_]+")


def check_family(family: str) -> None:
    if not _FAMILY.fullmatch(family):
        raise StoreError(f"invalid index family {family!r}: lower-case letters, digits and '_'")


def index_name(prefix: str, family: str, day: date) -> str:
    return f"{prefix}{family}-{day:%Y%m%d}"


def family_pattern(prefix: str, family: str) -> str:
    """Every daily index of a family (``-`` then 8 digits follow, so ``events-previous`` is no index)."""
    return f"{prefix}{family}-*"


def template_name(prefix: str, family: str) -> str:
    return f"{prefix}mozdef-{family}"


def _keyword() -> dict[str, Any]:
    return {"type": "keyword", "ignore_above": KEYWORD_IGNORE_ABOVE}


def details_leaf(*, address: bool) -> dict[str, Any]:
    """What every leaf under details is, whatever its JSON type: the keyword of its JSON text, and the
    same value as a number and as a date where it reads as one (``ignore_malformed`` elsewhere)."""
    fields: dict[str, Any] = {
        NUM: {"type": "double", "ignore_malformed": True},
        DATE: {"type": "date_nanos", "format": "strict_date_optional_time_nanos", "ignore_malformed": True},
    }
    if address:
        fields[IP] = {"type": "ip", "ignore_malformed": True}
    return {**_keyword(), "fields": fields}


def dynamic_templates() -> list[dict[str, Any]]:
    templates: list[dict[str, Any]] = []
    for json_type in ("string", "long", "double", "boolean"):
        templates.append(
            {
                f"details_address_{json_type}": {
                    "path_match": "details.*",
                    "path_unmatch": "details.*.*",
                    "match_mapping_type": json_type,
                    "match_pattern": "regex",
                    "match": ADDRESS_KEY_REGEX,
                    "mapping": details_leaf(address=True),
                }
            }
        )
        templates.append(
            {
                f"details_{json_type}": {
                    "path_match": "details.*",
                    "match_mapping_type": json_type,
                    "mapping": details_leaf(address=False),
                }
            }
        )
    # Outside details (mozdef metadata, alert fields): strings are keywords, numbers and booleans
    # keep OpenSearch's defaults.
    templates.append({"strings": {"match_mapping_type": "string", "mapping": _keyword()}})
    return templates


def mappings() -> dict[str, Any]:
    """The mappings every family shares."""
    properties: dict[str, Any] = {name: _keyword() for name in KEYWORD_FIELDS}
    properties.update({name: {"type": "date_nanos", "format": TIME_FORMAT} for name in DATE_FIELDS})
    properties["summary"] = {
        "type": "text",
        "analyzer": TEXT_ANALYZER,
        "fields": {"keyword": _keyword()},
    }
    properties["details"] = {"type": "object", "dynamic": True}
    properties["mozdef"] = {"type": "object", "dynamic": True}
    return {
        "dynamic": True,
        "date_detection": False,
        "numeric_detection": False,
        "dynamic_templates": dynamic_templates(),
        "properties": properties,
    }


def index_settings(shards: int, replicas: int) -> dict[str, Any]:
    return {
        "number_of_shards": shards,
        "number_of_replicas": replicas,
        "mapping": {
            "ignore_malformed": True,
            "total_fields": {"limit": TOTAL_FIELDS_LIMIT},
        },
        "analysis": {
            "tokenizer": {
                "mozdef_words": {"type": "pattern", "pattern": r"[^\p{IsAlphabetic}\p{N}]+"},
            },
            "filter": {
                # tantivy's remove_long(40) drops tokens of 40 bytes or more; this counts characters,
                # the same for ASCII text.
                "mozdef_max_len": {"type": "length", "max": 39},
            },
            "analyzer": {
                TEXT_ANALYZER: {
                    "type": "custom",
                    "tokenizer": "mozdef_words",
                    "filter": ["lowercase", "mozdef_max_len"],
                }
            },
        },
    }


def index_template(prefix: str, family: str, *, shards: int, replicas: int) -> dict[str, Any]:
    """The body of ``PUT _index_template/<template_name>`` for one family."""
    check_family(family)
    return {
        "index_patterns": [family_pattern(prefix, family)],
        "priority": TEMPLATE_PRIORITY,
        "template": {
            "settings": {"index": index_settings(shards, replicas)},
            "mappings": mappings(),
            "aliases": {f"{prefix}{family}": {}},
        },
        "_meta": {"managed_by": "mozdef", "family": family},
    }


def previous_alias_actions(prefix: str, yesterday: date, current: list[str]) -> dict[str, Any] | None:
    """``POST _aliases`` body moving ``events-previous`` from the ``current`` indices holding it to
    yesterday's index in one atomic step; ``None`` when it is already there.

    The removals name each index (read first with ``GET _alias``): ``must_exist: false`` would be
    simpler but OpenSearch before 2.12 refuses that key.
    """
    alias = f"{prefix}{PREVIOUS_ALIAS}"
    target = index_name(prefix, "events", yesterday)
    if current == [target]:
        return None
    actions: list[dict[str, Any]] = [
        {"remove": {"index": name, "alias": alias}} for name in sorted(current) if name != target
    ]
    actions.append({"add": {"index": target, "alias": alias}})
    return {"actions": actions}
