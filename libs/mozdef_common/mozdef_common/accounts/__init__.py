"""Accounts: roles (:mod:`.roles`), local users with argon2id passwords (:mod:`.users`) and API keys
(:mod:`.apikeys`), sign-in sessions (:mod:`.sessions`), all kept in the state store; :mod:`.cache`
remembers verified credentials for a few seconds."""

from __future__ import annotations

from mozdef_common.accounts.apikeys import ApiKey, ApiKeys
from mozdef_common.accounts.cache import CachedKeys, CredentialCache
from mozdef_common.accounts.passwords import Passwords
from mozdef_common.accounts.roles import PERMISSIONS, Action, Role, parse_role, permits
from mozdef_common.accounts.sessions import Session, Sessions
from mozdef_common.accounts.users import User, Users

__all__ = [
    "PERMISSIONS",
    "Action",
    "ApiKey",
    "ApiKeys",
    "CachedKeys",
    "CredentialCache",
    "Passwords",
    "Role",
    "Session",
    "Sessions",
    "User",
    "Users",
    "parse_role",
    "permits",
]
