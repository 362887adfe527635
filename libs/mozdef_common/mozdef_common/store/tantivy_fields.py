"""The field catalog of the embedded store: top-level fields, and every details path seen.

Paths come from the ``_paths`` terms of every day index (``terms_with_prefix``, bounded by
:data:`MAX_PATHS`, the most frequent first). Their type, one of keyword, number, date, boolean,
object:

* object: another path continues it (``details.user`` when ``details.user.name`` exists);
* otherwise the JSON types of the newest :data:`SAMPLE` events that hold it (a date is an
  ISO-8601-looking string, as the range column indexes it); a path holding several types is
  typed by the one most events hold;
* a path not in the sample: number if the range column has it, else keyword.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any, Final

import orjson
import tantivy

from mozdef_common.query.fields import DATE_FIELDS, DETAILS, DETAILS_RANGE, KEYWORD_FIELDS, PATHS, TEXT_FIELDS
from mozdef_common.store.common import count_leaf_kinds
from mozdef_common.store.tantivy_schema import SOURCE

MAX_PATHS: Final = 5_000
SAMPLE: Final = 2_000
#: Unsampled paths probed in the range column; beyond, keyword is assumed.
MAX_PROBES: Final = 500


def top_level() -> list[tuple[str, str]]:
    return sorted(
        [(f, "keyword") for f in KEYWORD_FIELDS]
        + [(f, "text") for f in TEXT_FIELDS]
        + [(f, "date") for f in DATE_FIELDS]
        + [(DETAILS, "object")]
    )


def catalog(searchers: Sequence[Any]) -> list[tuple[str, str]]:
    """Top-level fields and details paths with their types, sorted by name; ``searchers`` newest first."""
    counts: Counter[str] = Counter()
    for searcher in searchers:
        counts.update(dict(searcher.terms_with_prefix(PATHS, f"{DETAILS}.", limit=MAX_PATHS)))
    paths = sorted(p for p, _ in counts.most_common(MAX_PATHS))
    sampled = _sample_types(searchers)
    typed: list[tuple[str, str]] = []
    probes = 0
    for i, path in enumerate(paths):
        if i + 1 < len(paths) and paths[i + 1].startswith(path + "."):
            typed.append((path, "object"))
        elif path in sampled:
            typed.append((path, sampled[path].most_common(1)[0][0]))
        else:
            probes += 1
            has_number = probes <= MAX_PROBES and _in_range_column(searchers, path)
            typed.append((path, "number" if has_number else "keyword"))
    return top_level() + typed


def _sample_types(searchers: Sequence[Any]) -> dict[str, Counter[str]]:
    found: dict[str, Counter[str]] = {}
    left = SAMPLE
    for searcher in searchers:
        if left <= 0:
            break
        result = searcher.search(tantivy.Query.all_query(), left, order_by_field="utctimestamp")
        left -= len(result.hits)
        for _, address in result.hits:
            details = orjson.loads(searcher.doc(address)[SOURCE][0]).get(DETAILS)
            if isinstance(details, dict):
                count_leaf_kinds(DETAILS, details, found)
    return found


def _in_range_column(searchers: Sequence[Any], path: str) -> bool:
    query = tantivy.Query.exists_query(f"{DETAILS_RANGE}.{path[len(DETAILS) + 1 :]}", False)
    return any(s.search(query, 1).count for s in searchers)
