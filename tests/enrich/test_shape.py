"""The type-conflict rule inside details (see mozdef_enrich.shape)."""

from __future__ import annotations

import math
from typing import Any

import orjson

from mozdef_enrich.jsontext import json_text
from mozdef_enrich.shape import MAX_DEPTH, merge, shape_details


def test_conforming_details_are_unchanged() -> None:
    details = {
        "a": "x",
        "n": 1,
        "f": 1.5,
        "b": True,
        "z": None,
        "o": {"k": ["v", "w"]},
        "l": [{"a": 1}, {"a": 2}],
    }
    assert shape_details(details) == details


def test_dotted_keys_become_objects() -> None:
    assert shape_details({"src.ip": "10.0.0.1", "src.port": 22}) == {"src": {"ip": "10.0.0.1", "port": 22}}
    assert shape_details({"a..b.": 1}) == {"a": {"b": 1}}
    assert shape_details({"": 1, ".": 2}) == {"_empty": 2}


def test_scalar_meeting_object_moves_to_value_either_order() -> None:
    assert shape_details({"a": "x", "a.b": 1}) == {"a": {"_value": "x", "b": 1}}
    assert shape_details({"a.b": 1, "a": "x"}) == {"a": {"b": 1, "_value": "x"}}
    assert shape_details({"a": [1, 2], "a.b": 1}) == {"a": {"_value": [1, 2], "b": 1}}


def test_two_objects_at_one_path_merge_and_later_scalar_wins() -> None:
    assert shape_details({"a": {"b": 1, "c": 1}, "a.c": 2, "a.d": 3}) == {"a": {"b": 1, "c": 2, "d": 3}}


def test_nested_dotted_keys_are_expanded_too() -> None:
    assert shape_details({"http": {"request.method": "GET"}}) == {"http": {"request": {"method": "GET"}}}


def test_mixed_lists_become_strings() -> None:
    assert shape_details({"l": [1, "a", True, None, {"k": "v"}, [1]]}) == {
        "l": ["1", "a", "true", None, '{"k":"v"}', "[1]"]
    }
    assert shape_details({"l": [1, 2.5]}) == {"l": [1, 2.5]}  # numbers are one kind
    assert shape_details({"l": [[1], [2]]}) == {"l": ["[1]", "[2]"]}


def test_list_of_objects_that_disagree_becomes_strings() -> None:
    disagree = [{"a": 1}, {"a": {"b": 1}}]
    assert shape_details({"l": disagree}) == {"l": ['{"a":1}', '{"a":{"b":1}}']}
    assert shape_details({"l": [{"a": 1}, {"a": "x"}]}) == {"l": ['{"a":1}', '{"a":"x"}']}
    agree = [{"a": 1, "t": ["x"]}, {"a": None, "b": "y", "t": ["z"]}]
    assert shape_details({"l": agree}) == {"l": agree}


def test_too_deep_nesting_is_json_text() -> None:
    deep: dict[str, Any] = {"leaf": 1}
    for _ in range(MAX_DEPTH + 2):
        deep = {"d": deep}
    shaped = shape_details({"top": deep})
    node: Any = shaped["top"]
    for _ in range(MAX_DEPTH - 1):
        node = node["d"]
    assert isinstance(node["d"], str)
    assert orjson.loads(node["d"]) == {"d": {"d": {"leaf": 1}}}


def test_long_dotted_paths_are_joined_at_the_limit() -> None:
    key = ".".join(f"k{i}" for i in range(MAX_DEPTH + 3))
    shaped = shape_details({key: 1})
    node: Any = shaped
    for i in range(MAX_DEPTH - 1):
        node = node[f"k{i}"]
    assert node == {"_".join(f"k{i}" for i in range(MAX_DEPTH - 1, MAX_DEPTH + 3)): 1}


def test_nan_inf_and_huge_ints_become_strings() -> None:
    shaped = shape_details(
        {"n": math.nan, "i": math.inf, "m": -math.inf, "big": 2**70, "neg": -(2**64), "ok": 2**63 - 1}
    )
    assert shaped == {
        "n": "nan",
        "i": "inf",
        "m": "-inf",
        "big": str(2**70),
        "neg": str(-(2**64)),
        "ok": 2**63 - 1,
    }
    orjson.dumps(shaped)


def test_foreign_python_values_from_plugins() -> None:
    foreign: dict[Any, Any] = {"t": (1, 2), "s": {3}, "b": b"x", 5: "int key", "o": object}
    shaped = shape_details(foreign)
    assert shaped["t"] == [1, 2]
    assert shaped["s"] == [3]
    assert shaped["b"] == "x"
    assert shaped["5"] == "int key"
    assert shaped["o"] == str(object)


def test_merge() -> None:
    target: dict[str, Any] = {"a": {"b": 1}, "s": "x"}
    merge(target, "a", {"c": 2})
    merge(target, "a", "scalar")
    merge(target, "s", {"d": 1})
    merge(target, "new", 1)
    assert target == {"a": {"b": 1, "c": 2, "_value": "scalar"}, "s": {"d": 1, "_value": "x"}, "new": 1}


def test_json_text_of_values_orjson_refuses() -> None:
    assert json_text({"big": 2**70}) == '{"big":' + str(2**70) + "}"
    deep: Any = 1
    for _ in range(1000):
        deep = [deep]
    assert json_text(deep) == "[" * 1000 + "1" + "]" * 1000
