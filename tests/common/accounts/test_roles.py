from __future__ import annotations

import itertools

import pytest

from mozdef_common.accounts import Action, Role, parse_role, permits
from mozdef_common.errors import AccountError

EXPECTED = {
    ("viewer", "read"): True,
    ("viewer", "write"): False,
    ("viewer", "admin"): False,
    ("viewer", "ingest"): False,
    ("analyst", "read"): True,
    ("analyst", "write"): True,
    ("analyst", "admin"): False,
    ("analyst", "ingest"): False,
    ("admin", "read"): True,
    ("admin", "write"): True,
    ("admin", "admin"): True,
    ("admin", "ingest"): False,
    ("shipper", "read"): False,
    ("shipper", "write"): False,
    ("shipper", "admin"): False,
    ("shipper", "ingest"): True,
}


@pytest.mark.parametrize(("role", "action"), sorted(EXPECTED))
def test_matrix(role: str, action: str) -> None:
    assert permits(role, action) is EXPECTED[(role, action)]
    assert permits(Role(role), Action(action)) is EXPECTED[(role, action)]


def test_the_matrix_covers_every_role_and_action() -> None:
    assert {(r.value, a.value) for r in Role for a in Action} == set(EXPECTED)


def test_ladder() -> None:
    ladder = [Role.VIEWER, Role.ANALYST, Role.ADMIN]
    for lower, higher in itertools.pairwise(ladder):
        assert all(permits(higher, a) for a in Action if permits(lower, a))


def test_unknown_role_or_action_is_refused() -> None:
    assert not permits("root", "read")
    assert not permits("admin", "delete-everything")


def test_parse_role() -> None:
    assert parse_role(" Analyst ") is Role.ANALYST
    with pytest.raises(AccountError, match=r"unknown role 'root'.*viewer, analyst, admin, shipper"):
        parse_role("root")
