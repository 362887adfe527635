"""The tantivy store on a tmp dir, a varied event corpus, and a query helper for store tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from mozdef_common.query.parser import parse_query
from mozdef_common.store.base import SearchRequest
from mozdef_common.store.tantivy_store import TantivyEventStore
from mozdef_common.types import Event
from tests.support.events import make_event


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[TantivyEventStore]:
    """A writing store in ``tmp_path/events``, closed after the test."""
    s = TantivyEventStore(tmp_path / "events", writer=True)
    yield s
    await s.close()


async def ids(store: TantivyEventStore, query: str) -> list[str]:
    """Ids matching a query string, sorted (order-independent comparisons)."""
    result = await store.search(SearchRequest(parse_query(query), size=10_000))
    assert result.total == len(result.hits)
    return sorted(hit.id for hit in result.hits)


def corpus() -> list[Event]:
    """Events of varied shapes, with ids that say what they are."""
    return [
        make_event(
            id="ssh-fail",
            category="authentication",
            source="syslog",
            hostname="bastion1.example.com",
            processname="sshd",
            severity="WARNING",
            summary="Failed password for invalid user admin from 1.2.3.4 port 22 ssh2",
            tags=["sshd", "auth"],
            details={"sourceipaddress": "1.2.3.4", "port": 22, "user": "admin", "success": False},
        ),
        make_event(
            id="ssh-ok",
            category="authentication",
            source="syslog",
            hostname="bastion2.example.com",
            processname="sshd",
            summary="Accepted publickey for alice from 10.0.0.5 port 50022 ssh2",
            tags=["sshd"],
            details={
                "sourceipaddress": "10.0.0.5",
                "port": "50022",
                "user": {"name": "alice"},
                "success": True,
            },
        ),
        make_event(
            id="fw",
            category="firewall",
            source="Firewall",
            hostname="fw1",
            summary="DROP tcp 10.0.0.9:443 -> 8.8.8.8:53",
            details={"action": "drop", "bytes": 1500.5, "a.b": "dotted", "nested": {"deep": {"k": "v"}}},
        ),
        make_event(
            id="proxy",
            category="proxy",
            hostname="Proxy1",
            summary="GET https://example.com/index.html 200",
            details={"url": "https://example.com/index.html", "status": 200, "when": "2026-11-27T09:00:00Z"},
        ),
    ]
