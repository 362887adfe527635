"""Filters, orders and counts on every backend: the query language of :mod:`mozdef_common.state.base`."""

from __future__ import annotations

from typing import Any

import pytest

from mozdef_common.state import Collection, StateStore

ALERTS: list[dict[str, Any]] = [
    {"n": 0, "status": "open", "severity": 3, "tags": ["ssh", "brute"], "summary": "SSH brute force"},
    {"n": 1, "status": "closed", "severity": 5, "tags": ["web"], "dates": {"closed": "2024-05-02T10:00:00Z"}},
    {"n": 2, "status": "open", "severity": 1.5, "tags": [], "summary": "Odd DNS from bastion"},
    {
        "n": 3,
        "status": "closed",
        "severity": "high",
        "tags": "ssh",
        "dates": {"closed": "2024-05-01T09:00:00Z"},
    },
    {"n": 4, "flag": True, "tags": ["ssh", 1, True, None], "summary": None},
    {"n": 5, "flag": 1, "status": ["open"], "dates": {"opened": "2024-04-30T00:00:00Z"}},
]


async def _alerts(state: StateStore) -> Collection:
    alerts = state.collection("alerts")
    for alert in ALERTS:
        await alerts.insert(alert)
    return alerts


async def _ns(alerts: Collection, where: dict[str, Any]) -> set[int]:
    total, page = await alerts.find(where, limit=1000)
    assert total == len(page) == await alerts.count(where)
    return {d["n"] for d in page}


async def test_plain_values_are_exact_json_equality(state: StateStore) -> None:
    alerts = await _alerts(state)
    assert await _ns(alerts, {"status": "open"}) == {0, 2}  # not 5, whose status is ["open"]
    assert await _ns(alerts, {"status": ["open"]}) == {5}
    assert await _ns(alerts, {"tags": "ssh"}) == {3}  # an element is not the value
    assert await _ns(alerts, {"tags": ["ssh", "brute"]}) == {0}
    assert await _ns(alerts, {"tags": ["brute", "ssh"]}) == set()  # arrays are equal in order
    assert await _ns(alerts, {"tags": []}) == {2}
    assert await _ns(alerts, {"flag": True}) == {4}  # true is not 1 ...
    assert await _ns(alerts, {"flag": 1}) == {5}
    assert await _ns(alerts, {"severity": 5.0}) == {1}  # ... but 5.0 is 5
    assert await _ns(alerts, {"severity": "5"}) == set()
    assert await _ns(alerts, {"summary": None}) == {1, 3, 4, 5}  # null and missing alike
    assert await _ns(alerts, {"dates": {"$eq": {"closed": "2024-05-02T10:00:00Z"}}}) == {1}
    assert await _ns(alerts, {"status": "open", "severity": 3}) == {0}


async def test_dotted_paths_reach_into_objects(state: StateStore) -> None:
    alerts = await _alerts(state)
    assert await _ns(alerts, {"dates.closed": "2024-05-01T09:00:00Z"}) == {3}
    assert await _ns(alerts, {"dates.closed": {"$exists": True}}) == {1, 3}
    assert await _ns(alerts, {"dates.closed": {"$gte": "2024-05-01T09:00:00Z"}}) == {1, 3}
    assert await _ns(alerts, {"dates.closed": {"$lt": "2024-05-02"}}) == {3}  # ISO times compare as text
    assert await _ns(alerts, {"dates.opened.x": {"$exists": True}}) == set()
    assert await _ns(alerts, {"summary.x": {"$exists": False}}) == set(range(6))


async def test_each_operator(state: StateStore) -> None:
    alerts = await _alerts(state)
    assert await _ns(alerts, {"status": {"$ne": "open"}}) == {1, 3, 4, 5}  # missing is "not open"
    assert await _ns(alerts, {"summary": {"$ne": None}}) == {0, 2}
    assert await _ns(alerts, {"status": {"$in": ["closed", ["open"]]}}) == {1, 3, 5}
    assert await _ns(alerts, {"severity": {"$in": [3, "high", None]}}) == {0, 3, 4, 5}
    assert await _ns(alerts, {"severity": {"$in": []}}) == set()
    assert await _ns(alerts, {"tags": {"$in": ["ssh"]}}) == {3}
    assert await _ns(alerts, {"severity": {"$gt": 1.5}}) == {0, 1}  # numbers only: "high" is a string
    assert await _ns(alerts, {"severity": {"$gte": 1.5, "$lt": 5}}) == {0, 2}
    assert await _ns(alerts, {"severity": {"$lte": 3}}) == {0, 2}
    assert await _ns(alerts, {"severity": {"$gt": "a"}}) == {3}  # strings only
    assert await _ns(alerts, {"flag": {"$gte": 0}}) == {5}  # true is not a number
    assert await _ns(alerts, {"n": {"$gt": 3}}) == {4, 5}
    assert await _ns(alerts, {"summary": {"$exists": True}}) == {0, 2, 4}  # a null field exists
    assert await _ns(alerts, {"summary": {"$exists": False}}) == {1, 3, 5}
    assert await _ns(alerts, {"tags": {"$contains": "ssh"}}) == {0, 4}  # not 3: a string is no array
    assert await _ns(alerts, {"tags": {"$contains": 1}}) == {4}
    assert await _ns(alerts, {"tags": {"$contains": True}}) == {4}
    assert await _ns(alerts, {"tags": {"$contains": None}}) == {4}
    assert await _ns(alerts, {"tags": {"$contains": "SSH"}}) == set()
    assert await _ns(alerts, {"summary": {"$icontains": "brute"}}) == {0}
    assert await _ns(alerts, {"summary": {"$icontains": "DNS FROM"}}) == {2}
    assert await _ns(alerts, {"summary": {"$icontains": ""}}) == {0, 2}  # every string, nothing else
    assert await _ns(alerts, {"tags": {"$icontains": "ss"}}) == {3}
    assert await _ns(alerts, {"summary": {"$icontains": ".*"}}) == set()  # a needle, not a pattern


async def test_or_takes_any_branch_and_combines_with_the_rest(state: StateStore) -> None:
    alerts = await _alerts(state)
    text = "ssh"
    search = {"$or": [{"summary": {"$icontains": text}}, {"tags": {"$contains": text}}]}
    assert await _ns(alerts, search) == {0, 4}
    assert await _ns(alerts, {**search, "flag": True}) == {4}
    nested = {"$or": [{"n": 1}, {"$or": [{"n": 2}, {"n": 3, "status": "open"}]}]}
    assert await _ns(alerts, nested) == {1, 2}


async def test_sort_directions_nulls_and_ties(state: StateStore) -> None:
    alerts = await _alerts(state)

    async def order(sort: list[tuple[str, int]], where: dict[str, Any] | None = None) -> list[int]:
        return [d["n"] for d in (await alerts.find(where, sort=sort))[1]]

    assert await order([("n", 1)]) == [0, 1, 2, 3, 4, 5]
    assert await order([("n", -1)]) == [5, 4, 3, 2, 1, 0]
    closed = await order([("dates.closed", 1), ("n", 1)])
    assert closed == [0, 2, 4, 5, 3, 1]  # missing first ascending ...
    assert await order([("dates.closed", -1), ("n", 1)]) == [1, 3, 0, 2, 4, 5]  # ... last descending
    # Numbers before strings; missing and null sort as one.
    assert await order([("severity", 1), ("n", -1)], {"n": {"$lt": 5}}) == [4, 2, 0, 1, 3]
    assert await order([("summary", 1), ("n", 1)]) == [1, 3, 4, 5, 2, 0]
    # Ties broken by id: the pages of a sort on a shared value walk every document once.
    by_status = await order([("status", 1)], {"status": {"$in": ["open", "closed"]}})
    pages = [
        d["n"]
        for offset in range(0, 4, 1)
        for d in (
            await alerts.find(
                {"status": {"$in": ["open", "closed"]}}, sort=[("status", 1)], limit=1, offset=offset
            )
        )[1]
    ]
    assert pages == by_status
    assert sorted(by_status[:2]) == [1, 3]
    assert await order([("id", -1)]) == [
        d["n"] for d in sorted((await alerts.find())[1], key=lambda d: d["id"], reverse=True)
    ]


async def test_count_and_count_by(state: StateStore) -> None:
    alerts = await _alerts(state)
    assert await alerts.count() == 6
    assert await alerts.count({"status": "open"}) == 2
    assert await alerts.count_by("status") == {"open": 3, "closed": 2}  # ["open"] counts its element
    assert await alerts.count_by("tags") == {"ssh": 3, "brute": 1, "web": 1, "1": 1, "true": 1}
    assert await alerts.count_by("tags", {"n": {"$lt": 3}}) == {"ssh": 1, "brute": 1, "web": 1}
    assert await alerts.count_by("severity") == {"3": 1, "5": 1, "1.5": 1, "high": 1}
    assert await alerts.count_by("flag") == {"true": 1, "1": 1}
    assert await alerts.count_by("summary") == {"SSH brute force": 1, "Odd DNS from bastion": 1}
    assert await alerts.count_by("dates") == {
        '{"closed":"2024-05-02T10:00:00Z"}': 1,
        '{"closed":"2024-05-01T09:00:00Z"}': 1,
        '{"opened":"2024-04-30T00:00:00Z"}': 1,
    }
    assert await alerts.count_by("dates.closed", {"status": "closed"}) == {
        "2024-05-02T10:00:00Z": 1,
        "2024-05-01T09:00:00Z": 1,
    }
    assert await alerts.count_by("nothing") == {}
    assert await state.collection("empty").count_by("status") == {}
    assert await state.collection("empty").count() == 0


async def test_ensure_index_is_idempotent_and_changes_no_answer(state: StateStore) -> None:
    alerts = await _alerts(state)
    before = await alerts.find({"status": "open"}, sort=[("dates.closed", -1)])
    for _ in range(2):
        await alerts.ensure_index("status")
        await alerts.ensure_index("status", "dates.closed")
        await alerts.ensure_index("id")
        await state.collection("other").ensure_index("status")
    assert await alerts.find({"status": "open"}, sort=[("dates.closed", -1)]) == before
    assert await alerts.count_by("status") == {"open": 3, "closed": 2}


async def test_bad_paths_operators_and_values_are_named(state: StateStore) -> None:
    alerts = await _alerts(state)
    cases: list[tuple[dict[str, Any], str]] = [
        ({"status": {"$regex": "x"}}, r"\$regex"),
        ({"status": {"$in": "open"}}, r"\$in"),
        ({"status": {"$gt": True}}, r"\$gt"),
        ({"status": {"$gt": None}}, r"\$gt"),
        ({"status": {"$exists": 1}}, r"\$exists"),
        ({"tags": {"$contains": ["x"]}}, r"\$contains"),
        ({"summary": {"$icontains": 3}}, r"\$icontains"),
        ({"status": {}}, "status"),
        ({"details": {"ip": "10.0.0.1"}}, "'ip'"),
        ({"$or": []}, r"\$or"),
        ({"$and": [{"n": 1}]}, r"\$and"),
        ({"$or": [{"bad key": 1}]}, "bad key"),
        ({"n": float("nan")}, "n"),
        ({"n": 2**70}, "n"),
        ({"n": object()}, "n"),
    ]
    for where, name in cases:
        with pytest.raises(ValueError, match=name):
            await alerts.find(where)
        with pytest.raises(ValueError, match=name):
            await alerts.count(where)
    for sort in ([("a b", 1)], [("n", 0)], [("n", True)], ["n"]):
        with pytest.raises(ValueError, match="sort"):
            await alerts.find(sort=sort)  # type: ignore[arg-type]
    for path in ("a..b", "$x", "_id"):
        with pytest.raises(ValueError, match="count by"):
            await alerts.count_by(path)
        with pytest.raises(ValueError, match="index"):
            await alerts.ensure_index(path)
    with pytest.raises(ValueError, match="index"):
        await alerts.ensure_index()
    with pytest.raises(ValueError, match="twice"):
        await alerts.ensure_index("n", "n")


async def test_pages_past_any_end_are_empty_not_errors(state: StateStore) -> None:
    things = state.collection("things")
    await things.insert({"n": 1})
    assert await things.find(limit=2**70, offset=2**70) == (1, [])
    assert (await things.find(limit=2**70))[1][0]["n"] == 1
