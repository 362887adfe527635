"""Settings of the enrich stage: the common ones plus where plugins live and how built-ins behave.

Enrich-specific variables carry the ``MOZDEF_ENRICH_`` prefix (``MOZDEF_ENRICH_PLUGINS_DIR`` …) while the
fields keep short names, so code builds ``EnrichSettings(plugins_dir=...)``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from mozdef_common.settings import CommonSettings

IntelList = Literal["watchlist", "blocklist"]


class EnrichSettings(CommonSettings):
    """What the enrich stage needs on top of :class:`CommonSettings`."""

    model_config = SettingsConfigDict(populate_by_name=True)

    plugins_dir: Path | None = Field(
        None,
        validation_alias="MOZDEF_ENRICH_PLUGINS_DIR",
        description="Folder of extra plugins: every *.py file in it is imported at start-up.",
    )
    disabled_plugins: list[str] = Field(
        default_factory=list,
        validation_alias="MOZDEF_ENRICH_DISABLED_PLUGINS",
        description="Names of plugins not to run (built-in or not), e.g. '[\"lowercase_keys\"]'.",
    )
    max_string_length: int = Field(
        65_536,
        ge=64,
        validation_alias="MOZDEF_ENRICH_MAX_STRING_LENGTH",
        description="Truncate plugin: strings longer than this many characters are cut.",
    )
    lowercase_key_sources: list[str] = Field(
        default_factory=list,
        validation_alias="MOZDEF_ENRICH_LOWERCASE_KEY_SOURCES",
        description="LowercaseKeys plugin: events whose source or processname is one of these "
        "(case-insensitive) get every details key lower-cased.",
    )

    # -- Intel plugin (mozdef_enrich.plugins.intel): watchlist, blocklist and indicator feeds.
    intel_dir: Path | None = Field(
        None,
        validation_alias="MOZDEF_INTEL_DIR",
        description="Intel plugin: folder of indicator feeds (plain text, or .csv with an 'indicator' or "
        "'value' column); a file is read again when its size or modification time changes.",
    )
    intel_lists: list[IntelList] = Field(
        default_factory=lambda: list[IntelList](("watchlist", "blocklist")),
        validation_alias="MOZDEF_INTEL_LISTS",
        description="Intel plugin: state store lists whose unexpired entries tag events ('[]': none, and "
        "the plugin never opens the state store).",
    )
    intel_reload_s: float = Field(
        5.0,
        ge=0.2,
        le=3600,
        validation_alias="MOZDEF_INTEL_RELOAD_S",
        description="Intel plugin: seconds between two reads of the lists and two checks of the feed files "
        "(in the background, never per event).",
    )

    # -- GeoIP plugin (mozdef_enrich.plugins.geoip): country offline, city from a MaxMind-format file.
    geoip_db: Path | None = Field(
        None,
        validation_alias="MOZDEF_GEOIP_DB",
        description="GeoIP plugin: a MaxMind-format city database (GeoLite2-City …) for city and "
        "coordinates; without it, countries only. The alerter reads the same variable.",
    )
    geoip_cache_size: int = Field(
        65_536,
        ge=0,
        validation_alias="MOZDEF_ENRICH_GEOIP_CACHE_SIZE",
        description="GeoIP plugin: how many addresses' answers are remembered (0: none).",
    )
