"""The query cases: a Lucene query, and the hits it must return, stated as a predicate over one event.

Each predicate is written for its case alone and says what the query means by docs/search.md (the
keyword is compared exactly, the summary by its words, details by each leaf's JSON type), so a
reader can check a case without knowing how any store works. The expected ids are the ids of the
fixed event set (:mod:`tests.conformance.events`) the predicate accepts; a case whose expected set
is empty says so with ``empty=True`` (the suite checks that every other one selects something, and
not everything unless ``everything=True``, so no predicate is vacuous by mistake).

Relative dates: the stores take ``now`` from the clock, so a ``now-…`` case states its predicate as
a function of ``now`` and the runner accepts the answer for the clock just before or just after the
search.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from mozdef_common.types import Event
from tests.conformance.semantics import has_phrase, words

Predicate = Callable[[Event], bool]


@dataclass(frozen=True, slots=True)
class QueryCase:
    id: str
    q: str
    expect: Predicate | None = None
    #: For ``now``-relative queries: the predicate given the clock.
    expect_at: Callable[[datetime, Event], bool] | None = None
    start: str | None = None
    end: str | None = None
    family: str = "events"
    empty: bool = False
    everything: bool = False
    #: A feature the case needs ("cidr"): skipped, with that reason, until it exists.
    needs: str | None = None
    #: A known store bug: the case stays, marked xfail(strict=True) with this reason.
    xfail: str | None = None


CASES: list[QueryCase] = []


def case(
    slug: str,
    q: str,
    expect: Predicate | None = None,
    *,
    expect_at: Callable[[datetime, Event], bool] | None = None,
    start: str | None = None,
    end: str | None = None,
    family: str = "events",
    empty: bool = False,
    everything: bool = False,
    needs: str | None = None,
    xfail: str | None = None,
) -> None:
    CASES.append(
        QueryCase(
            f"q{len(CASES) + 1:03d}-{slug}",
            q,
            expect,
            expect_at,
            start,
            end,
            family,
            empty,
            everything,
            needs,
            xfail,
        )
    )


def nothing(e: Event) -> bool:
    return False


def anything(e: Event) -> bool:
    return True


def default_field(e: Event, value: str) -> bool:
    """A value with no field: summary analyzed, or one of the default keywords exactly."""
    keywords = [e["hostname"], e["category"], e["source"], e["processname"], *e["tags"]]
    return value in keywords or (has_phrase(e, value) and bool(words(value)))
