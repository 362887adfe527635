"""The pure stage: decoding, dead-letter reasons, the custom endpoint, and how plugins are run."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
import pytest

from mozdef_common.types import Event
from mozdef_enrich.pipeline import Dropped, Normalized, Pipeline, Rejected
from mozdef_enrich.plugins.base import Drop

from .support import RECEIVED_ISO, envelope, registered, run


class Tagger:
    """Adds its name to the tags; records the order plugins ran in."""

    keeps_schema = True

    def __init__(self, name: str, priority: int, registration: tuple[str, ...] = ("*",)) -> None:
        self.name = name
        self.priority = priority
        self.registration = registration

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        event["tags"].append(self.name)
        return event


class Exploding:
    name = "exploding"
    priority = 50
    registration = ("*",)

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        event["summary"] = "half-changed"  # must not survive the failure
        event["details"]["nested"] = {"changed": True}
        raise ValueError("boom")


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        (b"{not json", "invalid_json"),
        (b"", "invalid_json"),
        (b"\xff\xfe{}", "invalid_json"),
        (b"[1, 2]", "not_an_object"),
        (b'"text"', "not_an_object"),
        (b"null", "not_an_object"),
        (b"[" * 2000 + b"]" * 2000, "invalid_json"),  # beyond orjson's depth limit
    ],
)
def test_what_cannot_be_normalized_is_rejected_with_a_reason(raw: bytes, kind: str) -> None:
    outcome = Pipeline().process(raw, envelope())
    assert isinstance(outcome, Rejected)
    assert outcome.kind == kind
    assert outcome.reason.startswith(kind)


def test_deep_but_decodable_events_are_kept() -> None:
    raw = b'{"a":' * 1000 + b"1" + b"}" * 1000
    outcome = Pipeline().process(raw, envelope())
    assert isinstance(outcome, Normalized)
    assert isinstance(outcome.event["details"]["a"]["a"]["a"], dict)


def test_the_value_is_the_event_as_json() -> None:
    outcome = Pipeline().process(b'{"message": "hi"}', envelope())
    assert isinstance(outcome, Normalized)
    assert orjson.loads(outcome.value) == outcome.event
    assert outcome.event["summary"] == "hi"


def test_custom_endpoint_keeps_the_body_as_details() -> None:
    body = {
        "message": "push to main",
        "repo": {"name": "mozdef"},
        "timestamp": "2026-11-27T18:00:00Z",
        "type": "push",
    }
    event = run(body, endpoint="custom", app="github")
    assert event["category"] == "github"
    assert event["source"] == "custom"
    assert event["summary"] == "push to main"
    assert event["tags"] == ["github"]
    assert event["details"] == body  # no key mapping: 'type' and 'message' stay where they were
    assert event["utctimestamp"] == "2026-11-27T18:00:00.000000+00:00"
    assert event["receivedtimestamp"] == RECEIVED_ISO
    assert event["hostname"] == "UNKNOWN"
    assert event["mozdef"] == {"endpoint": "custom", "received": RECEIVED_ISO, "plugins": [], "app": "github"}


def test_custom_endpoint_still_follows_the_type_rule() -> None:
    event = run({"a": "x", "a.b": 1, "summary": {"not": "text"}}, endpoint="custom", app="app1")
    assert event["summary"] == ""
    assert event["details"] == {"a": {"_value": "x", "b": 1}, "summary": {"not": "text"}}
    assert event["utctimestamp"] == RECEIVED_ISO


def test_plugins_run_in_priority_order_and_are_listed() -> None:
    event = run({}, Tagger("late", 90), Tagger("early", 10), Tagger("middle", 50))
    assert event["tags"] == ["early", "middle", "late"]
    assert event["mozdef"]["plugins"] == ["early", "middle", "late"]


def test_only_triggered_plugins_run() -> None:
    plugins = (
        Tagger("by-key", 1, ("details.user",)),
        Tagger("by-value", 2, ("processname=sshd",)),
        Tagger("by-text", 3, ("summary~password",)),
        Tagger("never", 4, ()),
    )
    assert run({"message": "Failed PASSWORD"}, *plugins)["tags"] == ["by-text"]
    assert run({"details": {"user": "x"}, "program": "SSHD"}, *plugins)["tags"] == ["by-key", "by-value"]


def test_a_later_plugin_sees_an_earlier_one_changes() -> None:
    class SetsUser:
        name, priority, registration, keeps_schema = "sets-user", 1, ("*",), True

        def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
            event["details"]["user"] = "bob"
            return event

    event = run({}, SetsUser(), Tagger("needs-user", 2, ("details.user",)))
    assert event["tags"] == ["needs-user"]


def test_a_failing_plugin_leaves_the_event_as_it_was_and_marks_it() -> None:
    outcome = Pipeline(registered(Tagger("before", 10), Exploding(), Tagger("after", 90))).process(
        b'{"message": "m"}', envelope()
    )
    assert isinstance(outcome, Normalized)
    event = outcome.event
    assert event["summary"] == "m"
    assert "nested" not in event["details"]
    assert event["tags"] == ["before", "after"]
    assert event["mozdef"]["plugins"] == ["before", "after"]
    assert event["mozdef"]["errors"] == [{"plugin": "exploding", "error": "ValueError: boom"}]
    assert outcome.failed == ("exploding",)


def test_a_failing_plugin_on_the_custom_endpoint_leaves_the_event_as_it_was() -> None:
    body = {"message": "m", "repo": {"name": "mozdef"}, "a.b": 1}
    alone = run(body, Tagger("before", 10), endpoint="custom", app="github")
    failed = run(body, Tagger("before", 10), Exploding(), endpoint="custom", app="github")
    assert failed["mozdef"].pop("errors") == [{"plugin": "exploding", "error": "ValueError: boom"}]
    assert failed == alone


def test_a_plugin_returning_something_else_counts_as_failed() -> None:
    class ReturnsText:
        name, priority, registration = "text", 1, ("*",)

        def on_event(self, event: Event, meta: Mapping[str, Any]) -> Any:
            return "oops"

    outcome = Pipeline(registered(ReturnsText())).process(b"{}", envelope())
    assert isinstance(outcome, Normalized)
    assert outcome.failed == ("text",)
    assert outcome.event["mozdef"]["errors"][0]["error"] == "returned str, not an event"


def test_drop_by_raising_or_returning_none() -> None:
    class DropsNoise:
        name, priority, registration = "noise", 1, ("summary~healthcheck",)

        def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event | None:
            if event["summary"].startswith("GET"):
                raise Drop("load-balancer health check")
            return None

    pipeline = Pipeline(registered(DropsNoise()))
    assert pipeline.process(b'{"message": "GET /healthcheck"}', envelope()) == Dropped(
        "noise", "load-balancer health check"
    )
    assert pipeline.process(b'{"message": "healthcheck"}', envelope()) == Dropped("noise", "noise")
    assert isinstance(pipeline.process(b'{"message": "real"}', envelope()), Normalized)


def test_plugins_get_meta() -> None:
    seen: list[Mapping[str, Any]] = []

    class Looks:
        name, priority, registration = "looks", 1, ("*",)

        def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
            seen.append(meta)
            return event

    run({}, Looks(), endpoint="bulk", index="logs")
    assert seen[0]["endpoint"] == "bulk"
    assert seen[0]["index"] == "logs"
    assert seen[0]["id"] == "e1"
    assert seen[0]["size"] == 2


def test_what_a_plugin_leaves_is_conformed_unless_it_keeps_the_schema() -> None:
    class Sloppy:
        name, priority, registration = "sloppy", 1, ("*",)

        def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
            event["hostname"] = {"name": "h"}
            event["details"]["a.b"] = float("nan")
            event["geo"] = "top-level key outside the schema"
            return event

    event = run({}, Sloppy())
    assert event["hostname"] == "UNKNOWN"
    assert event["details"] == {
        "hostname": {"name": "h"},
        "a": {"b": "nan"},
        "geo": "top-level key outside the schema",
    }


def test_a_bug_in_normalization_dead_letters_one_event(monkeypatch: pytest.MonkeyPatch) -> None:
    import mozdef_enrich.pipeline as pipeline_module

    def broken(body: Any, env: Any) -> Any:
        raise KeyError("bug")

    monkeypatch.setattr(pipeline_module, "normalize", broken)
    outcome = Pipeline().process(b"{}", envelope())
    assert isinstance(outcome, Rejected)
    assert outcome.kind == "normalize_failed"
