"""The MaxMind-format database reader that stages share (``MOZDEF_GEOIP_DB``).

Enrich's ``geoip`` plugin reads city records into events; the alerter's geo-velocity rules read
coordinates. Both open the file through :class:`MaxMindDatabase`, so a database that cannot be read
fails the same way, with a :class:`~mozdef_common.errors.ConfigError` naming the file, at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import maxminddb

from mozdef_common.errors import ConfigError


class MaxMindDatabase:
    """A MaxMind-format database (GeoLite2/GeoIP2 City or Country, DB-IP, IPinfo …), read-only.

    :meth:`record` is safe to call from one thread at a time per reader; the C reader underneath
    memory-maps the file, so a lookup costs a few microseconds and no I/O after the first pages.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self._reader: Any = maxminddb.open_database(str(path))
        except (OSError, ValueError, maxminddb.InvalidDatabaseError) as exc:
            raise ConfigError(f"cannot open the GeoIP database {path}: {exc}") from None

    @property
    def database_type(self) -> str:
        """What the file says it holds, e.g. ``GeoLite2-City``."""
        return str(self._reader.metadata().database_type)

    def record(self, address: str) -> dict[str, Any] | None:
        """The record of the network holding ``address``; ``None`` when the database has none, or when
        ``address`` is not an address (or an IPv6 one in an IPv4-only database).

        A database that is corrupt where the lookup leads raises ``maxminddb.InvalidDatabaseError``:
        callers that must never fail catch it.
        """
        try:
            found = self._reader.get(address)
        except ValueError:
            return None
        return found if isinstance(found, dict) else None

    def close(self) -> None:
        self._reader.close()
