"""Password hashing: argon2id through argon2-cffi, never a plain or fast hash.

Hashing is deliberately slow (tens of milliseconds, 64 MiB by default), so the async callers run it in
a worker thread. :meth:`Passwords.verify_missing` spends the same time as a real check, so whether a
user exists cannot be told from how long a sign-in takes.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from mozdef_common.errors import AccountError

MIN_LENGTH = 8
MAX_LENGTH = 1024  # argon2 takes any length; this only bounds the work one request can cause


def check_policy(password: str) -> None:
    """AccountError when ``password`` is too short or too long to accept."""
    if len(password) < MIN_LENGTH:
        raise AccountError(f"the password must have at least {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise AccountError(f"the password may have at most {MAX_LENGTH} characters")


class Passwords:
    """Hashes and checks passwords with one argon2id parameter set (argon2-cffi's defaults)."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or PasswordHasher()
        self._dummy: str | None = None

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, stored: str, password: str) -> bool:
        """Whether ``password`` matches ``stored`` (argon2 compares in constant time)."""
        try:
            return self.hasher.verify(stored, password)
        except (VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, stored: str) -> bool:
        """Whether ``stored`` was made with other parameters than the current ones."""
        try:
            return self.hasher.check_needs_rehash(stored)
        except InvalidHashError:
            return True

    def verify_missing(self, password: str) -> bool:
        """The work of a real check against a hash no password matches; always False."""
        if self._dummy is None:
            self._dummy = self.hasher.hash("no user has this password: it only spends time")
        self.verify(self._dummy, password + "\0")
        return False
