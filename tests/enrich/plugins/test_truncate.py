from __future__ import annotations

from mozdef_enrich.plugins.truncate import DEFAULT_MAX, Truncate
from mozdef_enrich.settings import EnrichSettings

from ..support import run


def test_long_strings_are_cut_and_listed() -> None:
    body = {
        "message": "A" * 200,
        "details": {"blob": "B" * 150, "short": "ok", "nested": {"list": ["C" * 101, "fine", "D" * 300]}},
        "tags": ["T" * 500],
    }
    event = run(body, Truncate(EnrichSettings(max_string_length=100)))
    assert event["summary"] == "A" * 100
    assert event["details"]["blob"] == "B" * 100
    assert event["details"]["short"] == "ok"
    assert event["details"]["nested"]["list"] == ["C" * 100, "fine", "D" * 100]
    assert event["tags"] == ["T" * 100]
    assert event["mozdef"]["truncated"] == ["summary", "tags", "details.blob", "details.nested.list"]


def test_short_events_are_not_walked() -> None:
    event = run({"message": "x" * 90}, Truncate(EnrichSettings(max_string_length=100)))
    assert "truncated" not in event["mozdef"]
    assert event["mozdef"]["plugins"] == ["truncate"]


def test_multibyte_text_is_cut_by_characters() -> None:
    event = run({"message": "é" * 150}, Truncate(EnrichSettings(max_string_length=100)))
    assert event["summary"] == "é" * 100


def test_default_limit() -> None:
    assert Truncate().max_length == DEFAULT_MAX == EnrichSettings().max_string_length
    event = run({"message": "x" * (DEFAULT_MAX + 10)}, Truncate())
    assert len(event["summary"]) == DEFAULT_MAX
