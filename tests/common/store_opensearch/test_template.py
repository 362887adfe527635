"""The index template, names and the events-previous move."""

from __future__ import annotations

from datetime import date

import pytest

from mozdef_common.errors import StoreError
from mozdef_common.query.fields import DATE_FIELDS, KEYWORD_FIELDS
from mozdef_common.store.opensearch_template import (
    family_pattern,
    index_name,
    index_template,
    previous_alias_actions,
    template_name,
)
from tests.common.store_opensearch.golden import assert_golden


def test_the_events_template_is_the_golden_one() -> None:
    assert_golden("template_events", index_template("", "events", shards=1, replicas=1))


def test_a_prefix_names_everything() -> None:
    template = index_template("prod-", "deadletter", shards=3, replicas=2)
    assert template["index_patterns"] == ["prod-deadletter-*"]
    assert template["template"]["aliases"] == {"prod-deadletter": {}}
    assert template["template"]["settings"]["index"]["number_of_shards"] == 3
    assert template["template"]["settings"]["index"]["number_of_replicas"] == 2
    assert template_name("prod-", "alerts") == "prod-mozdef-alerts"
    assert index_name("prod-", "events", date(2026, 1, 2)) == "prod-events-20260102"
    assert family_pattern("prod-", "events") == "prod-events-*"


def test_every_schema_field_has_its_kind() -> None:
    properties = index_template("", "events", shards=1, replicas=0)["template"]["mappings"]["properties"]
    assert {properties[f]["type"] for f in KEYWORD_FIELDS} == {"keyword"}
    assert {properties[f]["type"] for f in DATE_FIELDS} == {"date_nanos"}
    assert properties["summary"]["analyzer"] == "mozdef_text"
    assert properties["summary"]["fields"]["keyword"]["type"] == "keyword"


def test_details_templates_come_in_address_then_plain_pairs() -> None:
    templates = index_template("", "events", shards=1, replicas=0)["template"]["mappings"][
        "dynamic_templates"
    ]
    names = [next(iter(t)) for t in templates]
    assert names == [
        "details_address_string",
        "details_string",
        "details_address_long",
        "details_long",
        "details_address_double",
        "details_double",
        "details_address_boolean",
        "details_boolean",
        "strings",
    ]
    address = templates[0]["details_address_string"]["mapping"]
    assert address["fields"]["ip"] == {"type": "ip", "ignore_malformed": True}
    assert set(templates[1]["details_string"]["mapping"]["fields"]) == {"num", "date"}


def test_bad_family_names_are_refused() -> None:
    with pytest.raises(StoreError, match="invalid index family"):
        index_template("", "Events*", shards=1, replicas=0)


def test_events_previous_moves_in_one_atomic_request() -> None:
    yesterday = date(2026, 11, 26)
    assert previous_alias_actions("", yesterday, []) == {
        "actions": [{"add": {"index": "events-20261126", "alias": "events-previous"}}]
    }
    assert previous_alias_actions("p-", yesterday, ["p-events-20261125", "p-events-20261126"]) == {
        "actions": [
            {"remove": {"index": "p-events-20261125", "alias": "p-events-previous"}},
            {"add": {"index": "p-events-20261126", "alias": "p-events-previous"}},
        ]
    }
    assert previous_alias_actions("", yesterday, ["events-20261126"]) is None
