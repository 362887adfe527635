"""The live-updates wire protocol: frames the server sends, and the client frames it accepts.

Pure functions over JSON text; docs/api.md ("Live updates (WebSocket)") is the user-facing description.
Server frames are built once per change or presence update and shared by every client.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import orjson

from mozdef_api.changes import ENTITIES

#: Largest client frame accepted; client frames are small commands.
MAX_CLIENT_FRAME = 16 * 1024
PRESENCE_STATES = ("viewing", "editing", "left")
_TARGET = re.compile(rf"^(?:{'|'.join(sorted(ENTITIES))})/[^\s/]{{1,200}}$")

PONG = '{"type":"pong"}'


class FrameError(ValueError):
    """A client frame the server cannot use; ``str(error)`` says why, and goes back to the client."""


@dataclass(frozen=True, slots=True)
class Auth:
    token: str
    after: int | None = None


@dataclass(frozen=True, slots=True)
class Resume:
    after: int


@dataclass(frozen=True, slots=True)
class Presence:
    target: str
    state: str


@dataclass(frozen=True, slots=True)
class Ping:
    pass


ClientFrame = Auth | Resume | Presence | Ping


def _dumps(frame: dict[str, Any]) -> str:
    return orjson.dumps(frame).decode()


def hello_frame(user: str, role: str, seq: int) -> str:
    return _dumps({"type": "hello", "user": user, "role": role, "seq": seq})


def change_frame(seq: int, change: dict[str, Any]) -> str:
    """``change`` as published on the bus (its ``type`` included), numbered ``seq``."""
    return _dumps({**change, "type": "change", "seq": seq})


def presence_frame(target: str, users: list[dict[str, str]]) -> str:
    return _dumps({"type": "presence", "target": target, "users": users})


def resync_frame(seq: int) -> str:
    return _dumps({"type": "resync", "seq": seq})


def error_frame(reason: str) -> str:
    return _dumps({"type": "error", "reason": reason})


def parse_client_frame(text: str) -> ClientFrame:
    """The command in one client text frame; :class:`FrameError` naming what is wrong otherwise."""
    if len(text) > MAX_CLIENT_FRAME:
        raise FrameError(f"frame too large: {len(text)} characters, at most {MAX_CLIENT_FRAME}")
    try:
        frame = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise FrameError(f"not JSON: {exc}") from None
    if not isinstance(frame, dict):
        raise FrameError("a frame is a JSON object with a 'type'")
    kind = frame.get("type")
    if kind == "ping":
        return Ping()
    if kind == "auth":
        token = frame.get("token")
        if not isinstance(token, str) or not token:
            raise FrameError("'auth' needs a non-empty string 'token'")
        after = frame.get("after")
        return Auth(token, None if after is None else _seq(after, "auth"))
    if kind == "resume":
        if "after" not in frame:
            raise FrameError("'resume' needs 'after', the last seq the client has")
        return Resume(_seq(frame["after"], "resume"))
    if kind == "presence":
        target, state = frame.get("target"), frame.get("state")
        if not isinstance(target, str) or not _TARGET.match(target):
            raise FrameError(
                "'presence' needs a 'target' like 'incident/<id>' (alert, incident or investigation)"
            )
        if state not in PRESENCE_STATES:
            raise FrameError(f"'presence' needs a 'state', one of {', '.join(PRESENCE_STATES)}")
        return Presence(target, state)
    if kind is None:
        raise FrameError("a frame is a JSON object with a 'type'")
    raise FrameError(f"unknown frame type {kind!r}: use auth, resume, presence or ping")


def _seq(value: object, kind: str) -> int:
    # bool is an int in Python, not a seq.
    if isinstance(value, bool) or not isinstance(value, int) or value < -1:
        raise FrameError(f"'{kind}' needs 'after' as an integer seq (-1 for none)")
    return value
