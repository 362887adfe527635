"""``python -m mozdef_api.openapi [FILE]``: the API's OpenAPI document, for clients generated from it.

The spec depends only on the routes, so the app is built over stores that are never opened.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path
from typing import Any

import orjson

from mozdef_api.app import create_app
from mozdef_api.settings import ApiSettings
from mozdef_common.state import open_state_store
from mozdef_common.store import open_event_store


def spec() -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="mozdef-openapi-") as scratch:
        settings = ApiSettings(data_dir=Path(scratch))
        app = create_app(settings, open_event_store(settings), open_state_store(settings))
        return app.openapi()


def main(argv: list[str]) -> None:
    document = orjson.dumps(spec(), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
    if len(argv) > 1:
        Path(argv[1]).write_bytes(document + b"\n")
    else:
        sys.stdout.buffer.write(document + b"\n")


if __name__ == "__main__":
    main(sys.argv)
