"""Golden files: the exact JSON the store sends, reviewed as data. ``MOZDEF_UPDATE_GOLDEN=1`` rewrites
them (then read the diff before committing)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import orjson

GOLDEN = Path(__file__).parent / "golden"


def assert_golden(name: str, actual: Any) -> None:
    path = GOLDEN / f"{name}.json"
    text = orjson.dumps(actual, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS).decode() + "\n"
    if os.environ.get("MOZDEF_UPDATE_GOLDEN") == "1":
        path.write_text(text)
    assert path.exists(), f"no golden file {path.name}: run with MOZDEF_UPDATE_GOLDEN=1 and review it"
    assert orjson.loads(path.read_text()) == orjson.loads(text), f"{path.name} differs"
