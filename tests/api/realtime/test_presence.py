"""The presence board alone: one entry per connection, strongest state per user, expiry."""

from __future__ import annotations

from mozdef_api.realtime.presence import PresenceBoard


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_one_user_shows_once_with_the_strongest_state() -> None:
    board = PresenceBoard(ttl_s=60)
    assert board.apply("r/1", "alice", "incident/1", "viewing")
    assert not board.apply("r/1", "alice", "incident/1", "viewing")  # a refresh changes nothing shown
    assert board.apply("r/2", "alice", "incident/1", "editing")
    assert board.apply("r/3", "bob", "incident/1", "viewing")
    assert board.users("incident/1") == [
        {"name": "alice", "state": "editing"},
        {"name": "bob", "state": "viewing"},
    ]
    assert board.apply("r/2", "alice", "incident/1", "left")
    assert board.users("incident/1")[0] == {"name": "alice", "state": "viewing"}
    assert not board.apply("r/9", "carol", "incident/1", "left")  # never there


def test_entries_expire_unless_refreshed() -> None:
    clock = Clock()
    board = PresenceBoard(ttl_s=60, clock=clock)
    board.apply("r/1", "alice", "incident/1", "viewing")
    board.apply("r/2", "bob", "incident/1", "viewing")
    clock.now = 40
    board.apply("r/2", "bob", "incident/1", "viewing")  # bob's client re-sent at 20 s intervals
    assert board.expire() == []
    clock.now = 61
    assert board.expire() == ["incident/1"]
    assert board.users("incident/1") == [{"name": "bob", "state": "viewing"}]
    clock.now = 101
    assert board.expire() == ["incident/1"]
    assert board.targets() == []
