from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from mozdef_common.accounts import Passwords
from mozdef_common.accounts.passwords import check_policy
from mozdef_common.errors import AccountError


def test_hash_is_argon2id_salted_and_verifies(fast_passwords: Passwords) -> None:
    first = fast_passwords.hash("correct horse battery")
    assert first.startswith("$argon2id$")
    assert "correct horse" not in first
    assert first != fast_passwords.hash("correct horse battery")
    assert fast_passwords.verify(first, "correct horse battery")
    assert not fast_passwords.verify(first, "correct horse batterY")
    assert not fast_passwords.verify("not a hash", "correct horse battery")


def test_default_parameters_are_argon2id() -> None:
    assert Passwords().hasher.type.name == "ID"


def test_rehash_when_parameters_change(fast_passwords: Passwords) -> None:
    old = fast_passwords.hash("correct horse battery")
    stronger = Passwords(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    assert stronger.needs_rehash(old)
    assert stronger.verify(old, "correct horse battery")
    assert not stronger.needs_rehash(stronger.hash("correct horse battery"))
    assert stronger.needs_rehash("garbage")


def test_verify_missing_is_always_false(fast_passwords: Passwords) -> None:
    assert fast_passwords.verify_missing("anything") is False


def test_policy() -> None:
    check_policy("12345678")
    with pytest.raises(AccountError, match="at least 8"):
        check_policy("1234567")
    with pytest.raises(AccountError, match="at most"):
        check_policy("x" * 1025)
