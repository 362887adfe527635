"""Shared-secret authentication for the HTTP services, until accounts and API keys arrive.

Secure by default: when no token is configured, a random one is created once in
``<data dir>/secrets/<name>`` (mode 0600) and required from then on; in production a token must be
configured and may not be a placeholder. Tokens are compared in constant time and never logged.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import os
import secrets
from pathlib import Path

from mozdef_common.errors import ConfigError

PLACEHOLDERS = frozenset({"changeme", "change-me", "secret", "password", "token", "mozdef", "admin"})
MIN_LENGTH = 16


def resolve_token(configured: str | None, *, data_dir: Path, name: str, environment: str) -> str:
    """The token a service requires: the configured one, or one kept in the data dir (development)."""
    if configured:
        if configured.lower() in PLACEHOLDERS or (
            environment == "production" and len(configured) < MIN_LENGTH
        ):
            raise ConfigError(f"the {name} is a placeholder or shorter than {MIN_LENGTH} characters")
        return configured
    if environment == "production":
        raise ConfigError(f"the {name} must be configured in production")
    return _token_file(data_dir / "secrets" / name)


def _token_file(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        token = path.read_text().strip()
        if not token:
            raise ConfigError(f"{path} is empty: remove it to get a new token") from None
        return token
    token = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
    return token


def authorization_matches(header: str | None, token: str) -> bool:
    """Whether an ``Authorization`` header carries ``token``.

    Accepted: ``Bearer <token>``, ``ApiKey <token>``, ``ApiKey base64(<id>:<token>)`` (how Beats and
    Logstash encode keys) and ``Basic`` with the token as password: the forms Elasticsearch shippers send.
    """
    if not header:
        return False
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    scheme = scheme.lower()
    if scheme == "bearer":
        return hmac.compare_digest(value.encode(), token.encode())
    if scheme == "apikey":
        if hmac.compare_digest(value.encode(), token.encode()):
            return True
        try:
            key = base64.b64decode(value, validate=True).partition(b":")[2]
        except (binascii.Error, ValueError):
            return False
        return bool(key) and hmac.compare_digest(key, token.encode())
    if scheme == "basic":
        try:
            decoded = base64.b64decode(value, validate=True).decode()
        except (binascii.Error, UnicodeDecodeError):
            return False
        _, _, password = decoded.partition(":")
        return hmac.compare_digest(password.encode(), token.encode())
    return False


def credential_from_header(header: str | None) -> str | None:
    """The secret an ``Authorization`` header carries, in any form :func:`authorization_matches` takes.

    ``Bearer <key>`` and ``ApiKey <key>`` give the key; ``ApiKey base64(<id>:<key>)`` (Beats,
    Logstash) gives the part after the colon; ``Basic`` gives the password. Anything else: None.
    Whether the secret is valid is for the caller to check (in constant time).
    """
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    scheme = scheme.lower()
    if not value:
        return None
    if scheme == "bearer":
        return value
    if scheme == "apikey":
        try:
            decoded = base64.b64decode(value, validate=True).decode()
        except (binascii.Error, ValueError):
            return value  # not base64 (an mzd_ key never is, it holds '_'): the key itself
        _, colon, key = decoded.partition(":")
        return key if colon and key else value
    if scheme == "basic":
        try:
            decoded = base64.b64decode(value, validate=True).decode()
        except (binascii.Error, ValueError):
            return None
        _, colon, password = decoded.partition(":")
        return password if colon and password else None
    return None
