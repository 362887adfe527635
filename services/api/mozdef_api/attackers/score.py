"""The attacker score: severity-weighted alerts, each halving in weight every :data:`HALF_LIFE_DAYS`.

``score(now) = Σ weight(severity of alert i) * 2 ** (-(now - t_i) / half_life)``, over the profile's
alerts, ``t_i`` being the alert's ``utctimestamp``. Each alert counts once (a re-published alert adds
nothing to the score; its events add to ``event_count``).

The store keeps the score as its ``rank``: ``log2(Σ weight_i * 2 ** (t_i / half_life))``, which does not
change with time (``score(now) = 2 ** (rank - now / half_life)``). So the list sorts by rank and the
``min_score`` filter becomes ``rank >= log2(min_score) + now / half_life``: the decay is computed at read
time without rewriting any profile, and adding alerts is order-free (a replay or a merge in any order
gives the same rank). Sums are taken in log space because ``2 ** (t / half_life)`` overflows a float.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Final

HALF_LIFE_DAYS: Final = 7.0
_HALF_LIFE_S: Final = HALF_LIFE_DAYS * 86400.0
#: The weight of one alert by its severity (MozDef's scale); unknown severities weigh as INFO.
WEIGHTS: Final[dict[str, float]] = {
    "DEBUG": 0.5,
    "INFO": 1.0,
    "NOTICE": 2.0,
    "WARNING": 3.0,
    "ERROR": 5.0,
    "CRITICAL": 8.0,
    "ALERT": 10.0,
    "EMERGENCY": 13.0,
}


def weight(severity: object) -> float:
    return WEIGHTS.get(str(severity or "").upper(), WEIGHTS["INFO"])


def _units(at: datetime) -> float:
    return at.timestamp() / _HALF_LIFE_S


def alert_rank(severity: object, at: datetime) -> float:
    """The rank of one alert alone."""
    return math.log2(weight(severity)) + _units(at)


def add(rank: float | None, other: float | None) -> float | None:
    """The rank of two sums together (None: nothing yet)."""
    if rank is None:
        return other
    if other is None:
        return rank
    high, low = max(rank, other), min(rank, other)
    return high + math.log2(1.0 + 2.0 ** (low - high))


def subtract(rank: float | None, other: float) -> float | None:
    """The rank without ``other`` in it (for an alert two merged profiles both counted)."""
    if rank is None or other >= rank:
        return None
    return rank + math.log2(1.0 - 2.0 ** (other - rank))


def score(rank: float | None, now: datetime) -> float:
    """The score at ``now``, rounded to what a person compares."""
    if rank is None:
        return 0.0
    exponent = rank - _units(now)
    return 0.0 if exponent < -60 else round(2.0**exponent, 4)


def threshold(min_score: float, now: datetime) -> float:
    """The least rank whose score at ``now`` is at least ``min_score`` (> 0)."""
    return math.log2(min_score) + _units(now)
