"""Receivers the action tests start on loopback ports: a tiny HTTP server and a tiny SMTP server.

Both are written on asyncio streams, answer what the test scripts (a status per request, so "fail
twice then succeed" is a list), and keep everything they received for the test to check.
"""

from __future__ import annotations

import asyncio
import base64
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message


@dataclass
class HttpRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    at: float


@dataclass
class HttpReceiver:
    """Answers the statuses of ``script`` in turn, then ``default``; keeps each request."""

    script: list[int] = field(default_factory=list)
    default: int = 200
    requests: list[HttpRequest] = field(default_factory=list)
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, v in (ln.split(":", 1) for ln in lines[1:] if ln)}
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            self.requests.append(HttpRequest(method, path, headers, body, time.monotonic()))
            status = self.script.pop(0) if self.script else self.default
            writer.write(f"HTTP/1.1 {status} X\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok".encode())
            await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@asynccontextmanager
async def http_receiver(
    script: list[int] | None = None, default: int = 200, port: int = 0
) -> AsyncIterator[HttpReceiver]:
    """A receiver on ``port`` (0: a free one), serving until the block ends."""
    receiver = HttpReceiver(list(script or []), default)
    server = await asyncio.start_server(receiver.handle, "127.0.0.1", port)
    receiver.port = server.sockets[0].getsockname()[1]
    async with server:
        yield receiver


@dataclass
class Mail:
    sender: str
    recipients: list[str]
    data: bytes
    auth: tuple[str, str] | None

    @property
    def message(self) -> Message:
        return message_from_bytes(self.data)


@dataclass
class SmtpReceiver:
    """An SMTP server for one test: EHLO, AUTH PLAIN, MAIL, RCPT, DATA (with ``data_script`` replies
    in turn, then 250), RSET, QUIT."""

    data_script: list[int] = field(default_factory=list)
    mails: list[Mail] = field(default_factory=list)
    port: int = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        async def say(line: str) -> None:
            writer.write(line.encode() + b"\r\n")
            await writer.drain()

        sender, recipients, auth = "", [], None
        try:
            await say("220 test ESMTP")
            while line := (await reader.readline()).decode().rstrip("\r\n"):
                verb = line.split(" ", 1)[0].upper()
                if verb == "EHLO":
                    await say("250-test\r\n250-AUTH PLAIN\r\n250 8BITMIME")
                elif verb == "AUTH":
                    _, user, password = base64.b64decode(line.split()[2]).decode().split("\0")
                    auth = (user, password)
                    await say("235 ok")
                elif verb == "MAIL":
                    sender = line.split(":", 1)[1].strip("<> ")
                    await say("250 ok")
                elif verb == "RCPT":
                    recipients.append(line.split(":", 1)[1].strip("<> "))
                    await say("250 ok")
                elif verb == "DATA":
                    await say("354 go on")
                    chunks = []
                    while (chunk := await reader.readline()) != b".\r\n":
                        chunks.append(chunk[1:] if chunk.startswith(b"..") else chunk)
                    status = self.data_script.pop(0) if self.data_script else 250
                    if status == 250:
                        self.mails.append(Mail(sender, recipients, b"".join(chunks), auth))
                    await say(f"{status} {'queued' if status == 250 else 'try later'}")
                elif verb == "QUIT":
                    await say("221 bye")
                    break
                else:
                    await say("502 not here")
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


@asynccontextmanager
async def smtp_receiver(data_script: list[int] | None = None) -> AsyncIterator[SmtpReceiver]:
    receiver = SmtpReceiver(list(data_script or []))
    server = await asyncio.start_server(receiver.handle, "127.0.0.1", 0)
    receiver.port = server.sockets[0].getsockname()[1]
    async with server:
        yield receiver
