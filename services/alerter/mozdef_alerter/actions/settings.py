"""Settings of the response actions, read from ``MOZDEF_*`` environment variables.

The alerter builds one :class:`ActionSettings` at start-up and passes it to the
:class:`~mozdef_alerter.actions.runner.ActionRunner`. Secrets are never settings values: the SMTP
password, webhook secrets, chat webhook URLs and PagerDuty routing keys are read from the environment
variables the settings (``smtp_password_env``) or the rules (``*_env`` keys) name, at each attempt.
"""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ActionSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="MOZDEF_", extra="ignore", frozen=True)

    public_url: str | None = Field(
        None,
        description="Where analysts reach the web app (https://mozdef.example.org); alert links in chat, "
        "e-mail and PagerDuty point there. Unset: messages carry no link.",
    )

    actions_max_attempts: int = Field(6, ge=1, le=50, description="Tries of one action before it gives up.")
    actions_backoff_s: float = Field(
        2.0, gt=0, le=3600, description="Wait before the second try; doubles at each further try."
    )
    actions_max_backoff_s: float = Field(300.0, gt=0, le=86400, description="Longest wait between tries.")
    actions_give_up_after_s: float = Field(
        6 * 3600.0, gt=0, le=7 * 86400, description="No try starts later than this after the alert arrived."
    )
    actions_timeout_s: float = Field(15.0, gt=0, le=300, description="Longest one try may take.")
    actions_concurrency: int = Field(16, ge=1, le=1000, description="Tries running at once.")
    actions_poll_s: float = Field(
        1.0, gt=0, le=60, description="How often the runner looks for tries that are due (retries)."
    )

    pagerduty_url: str = Field(
        "https://events.pagerduty.com/v2/enqueue", description="PagerDuty Events API v2 endpoint."
    )

    smtp_host: str = Field("localhost", description="SMTP server for e-mail actions.")
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_user: str | None = Field(None, description="Sign in as this user (AUTH PLAIN) when set.")
    smtp_password_env: str | None = Field(
        None, description="Name of the environment variable holding the SMTP password."
    )
    smtp_from: str = Field("mozdef@localhost", description="The From address of alert e-mails.")
    smtp_starttls: bool = Field(
        False,
        description="Upgrade to TLS (STARTTLS) before anything else; required to sign in to a "
        "server that is not on this machine.",
    )
    smtp_timeout_s: float = Field(10.0, gt=0, le=120)
