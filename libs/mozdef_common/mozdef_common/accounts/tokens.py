"""The shape shared by every bearer secret we issue: ``<prefix><id>_<secret>``.

``id`` is 16 hex digits naming the stored record; ``secret`` is 32 random bytes (URL-safe base64,
which may itself contain ``_``). Only the SHA-256 of the secret is stored: a secret that random
cannot be guessed from its hash, so a slow password hash would only cost time on every request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

_DUMMY_DIGEST = hashlib.sha256(b"no record has this secret").hexdigest()


def new_secret(prefix: str) -> tuple[str, str, str]:
    """``(id, plaintext, digest)`` of a new secret; only the digest may be stored."""
    record_id, secret = secrets.token_hex(8), secrets.token_urlsafe(32)
    return record_id, f"{prefix}{record_id}_{secret}", digest(secret)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def split_secret(presented: str, prefix: str) -> tuple[str, str] | None:
    """``(id, secret)`` of ``presented`` in the ``<prefix><id>_<secret>`` form; None for anything else."""
    if not presented.startswith(prefix):
        return None
    record_id, sep, secret = presented[len(prefix) :].partition("_")
    if not sep or not secret or len(record_id) != 16 or not all(c in "0123456789abcdef" for c in record_id):
        return None
    return record_id, secret


def secret_matches(stored_digest: str | None, secret: str) -> bool:
    """Whether ``secret`` hashes to ``stored_digest``, in constant time (a missing record costs the same)."""
    stored = stored_digest or _DUMMY_DIGEST
    return hmac.compare_digest(stored.encode(), digest(secret).encode()) and stored_digest is not None
