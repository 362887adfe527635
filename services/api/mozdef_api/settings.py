"""Settings of the api service."""

from __future__ import annotations

from pydantic import Field, SecretStr

from mozdef_common.settings import CommonSettings


class ApiSettings(CommonSettings):
    api_port: int = Field(8000, ge=0, le=65535, description="Port of the REST API and web UI.")
    api_token: SecretStr | None = Field(
        None,
        description="Bearer token the API requires; unset (development): <data dir>/secrets/api-token.",
    )
    search_max_size: int = Field(10_000, ge=1, le=100_000, description="Most hits one search returns.")
