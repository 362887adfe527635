from __future__ import annotations

import base64
from pathlib import Path

import pytest

from mozdef_common.auth import authorization_matches, resolve_token
from mozdef_common.errors import ConfigError

TOKEN = "t0ken-for-tests-0123456789"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    ("header", "ok"),
    [
        (f"Bearer {TOKEN}", True),
        (f"bearer   {TOKEN}  ", True),
        (f"ApiKey {TOKEN}", True),
        (f"ApiKey {b64('beats-1:' + TOKEN)}", True),
        (f"Basic {b64('mozdef:' + TOKEN)}", True),
        (f"Basic {b64('anyone:' + TOKEN)}", True),
        (f"Bearer {TOKEN}x", False),
        (f"ApiKey {b64('beats-1:wrong')}", False),
        (f"ApiKey {b64(TOKEN)}", False),  # no id:key pair
        (f"Basic {b64(TOKEN + ':')}", False),  # the token as user name is not a password
        ("Basic !!!not-base64", False),
        (f"Digest {TOKEN}", False),
        ("", False),
        (None, False),
    ],
)
def test_authorization_forms(header: str | None, ok: bool) -> None:
    assert authorization_matches(header, TOKEN) is ok


def test_a_token_is_created_once_and_kept_private(tmp_path: Path) -> None:
    first = resolve_token(None, data_dir=tmp_path, name="api-token", environment="development")
    again = resolve_token(None, data_dir=tmp_path, name="api-token", environment="development")
    assert first == again
    assert len(first) >= 32
    assert (tmp_path / "secrets" / "api-token").stat().st_mode & 0o777 == 0o600


def test_production_refuses_missing_or_placeholder_tokens(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="must be configured"):
        resolve_token(None, data_dir=tmp_path, name="api-token", environment="production")
    with pytest.raises(ConfigError, match="placeholder"):
        resolve_token("changeme", data_dir=tmp_path, name="api-token", environment="production")
    with pytest.raises(ConfigError, match="placeholder"):
        resolve_token("short", data_dir=tmp_path, name="api-token", environment="production")
    assert resolve_token(TOKEN, data_dir=tmp_path, name="api-token", environment="production") == TOKEN
    assert not (tmp_path / "secrets").exists()
