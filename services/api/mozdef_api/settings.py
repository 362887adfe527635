"""Settings of the api service."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, model_validator

from mozdef_common.accounts import Role
from mozdef_common.settings import CommonSettings


class ApiSettings(CommonSettings):
    api_port: int = Field(8000, ge=0, le=65535, description="Port of the REST API and web UI.")
    search_max_size: int = Field(10_000, ge=1, le=100_000, description="Most hits one search returns.")
    session_ttl_s: int = Field(
        3600, ge=60, le=7 * 86400, description="How long a sign-in token lives; clients refresh before then."
    )
    auth_cache_s: float = Field(
        5.0,
        ge=0,
        le=300,
        description="How long a replica trusts a verified token or key before asking the state store again: "
        "a revocation made on another replica takes effect within this time.",
    )
    ws_buffer_size: int = Field(
        10_000, ge=100, le=1_000_000, description="Recent changes each replica keeps for clients that resume."
    )
    ws_client_queue: int = Field(
        1_000,
        ge=500,  # one read of the updates topic (up to 500 changes) is queued to each client at once
        le=100_000,
        description="Frames queued for one WebSocket client before it is disconnected as too slow.",
    )
    rules_dir: Path | None = Field(
        None, description="The alerter's rules folder, listed by /api/v1/rules (unset: <data dir>/rules)."
    )
    web_dir: Path | None = Field(
        None, description="The built web app to serve at / (unset: the checkout's web/dist, if built)."
    )
    cors_origins: list[str] = Field(
        default_factory=list,
        description="Browser origins allowed to call the API from other sites; empty (the default): none.",
    )

    # -- OpenID Connect sign-in: on when issuer, client id and client secret are all set.
    oidc_issuer: str | None = Field(None, description="The provider's issuer URL (discovery is read there).")
    oidc_client_id: str | None = Field(None, description="This application's client id at the provider.")
    oidc_client_secret: SecretStr | None = Field(None, description="Its client secret; never logged.")
    oidc_redirect_url: str | None = Field(
        None,
        description="The callback URL as the provider must call it (…/api/v1/auth/oidc/callback); "
        "unset: derived from the request, which needs correct forwarded headers behind a proxy.",
    )
    oidc_scopes: str = Field("openid profile email", description="Scopes asked for (space separated).")
    oidc_name_claims: list[str] = Field(
        default_factory=lambda: ["preferred_username", "email"],
        description="ID token claims tried in order for the user name.",
    )
    oidc_groups_claim: str = Field("groups", description="ID token claim listing the user's groups.")
    oidc_role_map: dict[str, Role] = Field(
        default_factory=dict,
        description='Group to role, e.g. {"secops-admins": "admin", "secops": "analyst"}; the highest wins.',
    )
    oidc_default_role: Role = Field(Role.VIEWER, description="Role of a user in no mapped group.")
    oidc_require_group: bool = Field(False, description="Refuse users in no mapped group.")
    oidc_button_label: str = Field("Sign in with SSO", max_length=60, description="Sign-in button label.")
    oidc_flow_ttl_s: int = Field(600, ge=60, le=3600, description="How long a started sign-in may take.")

    @property
    def oidc_enabled(self) -> bool:
        return bool(self.oidc_issuer and self.oidc_client_id and self.oidc_client_secret)

    @model_validator(mode="after")
    def _oidc_complete(self) -> ApiSettings:
        given = [self.oidc_issuer, self.oidc_client_id, self.oidc_client_secret]
        if any(given) and not all(given):
            raise ValueError(
                "OpenID Connect needs MOZDEF_OIDC_ISSUER, _CLIENT_ID and _CLIENT_SECRET, together"
            )
        if self.oidc_default_role is Role.SHIPPER or Role.SHIPPER in self.oidc_role_map.values():
            raise ValueError("OpenID Connect users may not get the shipper role: use an API key")
        if (
            self.oidc_issuer
            and self.environment == "production"
            and not self.oidc_issuer.startswith("https://")
        ):
            raise ValueError("MOZDEF_OIDC_ISSUER must be an https:// URL in production")
        return self


def checkout_web_dist() -> Path | None:
    """The web app built in this checkout (``make install`` builds it), if it is there."""
    built = Path(__file__).resolve().parents[3] / "web" / "dist"
    return built if (built / "index.html").is_file() else None
