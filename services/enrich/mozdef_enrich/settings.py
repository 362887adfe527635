"""Settings of the enrich stage: the common ones plus where plugins live and how built-ins behave.

Enrich-specific variables carry the ``MOZDEF_ENRICH_`` prefix (``MOZDEF_ENRICH_PLUGINS_DIR`` …) while the
fields keep short names, so code builds ``EnrichSettings(plugins_dir=...)``.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from mozdef_common.settings import CommonSettings


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
