"""The api's pure helpers: cursors and field projection."""

from __future__ import annotations

import pytest

from mozdef_api.cursor import decode_cursor, encode_cursor
from mozdef_api.projection import project
from mozdef_common.errors import QueryError


@pytest.mark.parametrize("values", [(1795807431000000, "id-1"), ("a", 1.5), ()])
def test_cursor_round_trip(values: tuple[object, ...]) -> None:
    assert decode_cursor(encode_cursor(values)) == values


@pytest.mark.parametrize("cursor", ["%%%", "bm90IGpzb24", "eyJhIjogMX0", "x" * 5000])
def test_foreign_cursors_are_refused(cursor: str) -> None:
    with pytest.raises(QueryError, match="cursor"):
        decode_cursor(cursor)


def test_project_keeps_paths_objects_and_id() -> None:
    source = {"id": "e1", "hostname": "h", "details": {"a": {"b": 1, "c": 2}, "d": [1, 2]}, "tags": []}
    assert project(source, ["details.a.b", "details.d", "tags", "nope", "details.x.y"]) == {
        "id": "e1",
        "details": {"a": {"b": 1}, "d": [1, 2]},
        "tags": [],
    }
    assert project(source, ["details.a"]) == {"id": "e1", "details": {"a": {"b": 1, "c": 2}}}
