"""New terms: values and combinations not seen in the history before the window."""

from __future__ import annotations

from datetime import timedelta

from mozdef_alerter.scheduled.evaluate import evaluate
from mozdef_alerter.scheduled.spec import RuleSpec
from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.alerter.scheduled.conftest import at, login, rule, write

NO_OVERLAP = timedelta(0)
HOUR = 3600


def first_seen(*fields: str) -> RuleSpec:
    return RuleSpec.of(
        rule(type="new_terms", query="details.action:failed", fields=list(fields), window="10m", history="1h")
    )


async def test_the_history_boundary(store: TantivyEventStore) -> None:
    # The run ending at 600 s looks at [0 s, 600 s]; its history is [-3600 s, 0 s).
    await write(
        store,
        login(-0.000001, user="justbefore"),  # last instant of the history: known
        login(0, user="justbefore"),
        login(-HOUR, user="historystart"),  # first instant of the history: known
        login(10, user="historystart"),
        login(-HOUR - 0.000001, user="tooold"),  # before the history: forgotten, so new again
        login(20, user="tooold"),
        login(0, user="brandnew"),  # exactly at the window's start: in the window
        login(30, user="brandnew"),
    )
    found = (await evaluate(store, first_seen("details.username"), at(600), NO_OVERLAP)).findings
    assert {f.group["details.username"]: f.count for f in found} == {"tooold": 1, "brandnew": 2}
    brandnew = next(f for f in found if f.group["details.username"] == "brandnew")
    assert brandnew.first_seen == at(0).isoformat()
    assert brandnew.last_seen == at(30).isoformat()


async def test_combinations_of_fields_are_the_term(store: TantivyEventStore) -> None:
    await write(
        store,
        login(-600, "198.51.100.1", user="root"),
        login(-600, "198.51.100.2", user="alice"),
        login(60, "198.51.100.1", user="root"),  # known pair
        login(60, "198.51.100.2", user="root"),  # both values known, the pair is new
        login(60, None, user="bob"),  # no address: no term
    )
    spec = first_seen("details.username", "details.sourceipaddress")
    found = (await evaluate(store, spec, at(600), NO_OVERLAP)).findings
    assert [f.group for f in found] == [
        {"details.username": "root", "details.sourceipaddress": "198.51.100.2"}
    ]
