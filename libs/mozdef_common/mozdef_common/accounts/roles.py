"""Roles and what each may do, kept as data.

========  ====  =====  =====  ======
role      read  write  admin  ingest
========  ====  =====  =====  ======
viewer    yes   no     no     no
analyst   yes   yes    no     no
admin     yes   yes    yes    no
shipper   no    no     no     yes
========  ====  =====  =====  ======

``viewer < analyst < admin`` is a ladder: each has everything the one below has. ``shipper`` stands
apart: it may only send events, so a key taken from a log shipper reads and changes nothing. An admin
who wants to ingest makes a shipper key.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from mozdef_common.errors import AccountError


class Role(StrEnum):
    VIEWER = "viewer"
    ANALYST = "analyst"
    ADMIN = "admin"
    SHIPPER = "shipper"


class Action(StrEnum):
    READ = "read"  # search events, see alerts, incidents, dashboards
    WRITE = "write"  # change alerts, incidents, saved searches
    ADMIN = "admin"  # users, API keys, rules, settings
    INGEST = "ingest"  # send events


PERMISSIONS: Mapping[Role, frozenset[Action]] = {
    Role.VIEWER: frozenset({Action.READ}),
    Role.ANALYST: frozenset({Action.READ, Action.WRITE}),
    Role.ADMIN: frozenset({Action.READ, Action.WRITE, Action.ADMIN}),
    Role.SHIPPER: frozenset({Action.INGEST}),
}


def permits(role: Role | str, action: Action | str) -> bool:
    """Whether ``role`` may do ``action``; unknown roles and actions are refused, never guessed."""
    try:
        return Action(action) in PERMISSIONS[Role(role)]
    except ValueError:
        return False


def parse_role(text: str) -> Role:
    """The role ``text`` names; AccountError listing the roles when it names none."""
    try:
        return Role(text.strip().lower())
    except ValueError:
        names = ", ".join(role.value for role in Role)
        raise AccountError(f"unknown role {text!r}: use one of {names}") from None
