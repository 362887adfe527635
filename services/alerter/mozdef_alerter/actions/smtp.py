"""A small SMTP client on asyncio streams: EHLO, optional STARTTLS, optional AUTH PLAIN, one message.

Only what alert e-mail needs (RFC 5321 with the STARTTLS and AUTH extensions). Credentials are sent
only over TLS, or to a server on this machine (a local relay), never in clear text over a network.
Replies are classified for the action runner: 4xx and transport failures are worth retrying, 5xx are
not (the server refuses this message, and will again).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import ipaddress
import ssl
from collections.abc import Sequence
from dataclasses import dataclass

from mozdef_alerter.actions.base import ActionFailed


@dataclass(frozen=True, slots=True)
class SmtpServer:
    host: str
    port: int
    starttls: bool = False
    user: str | None = None
    password: str | None = None
    timeout_s: float = 10.0
    tls: ssl.SSLContext | None = None  # None: the system's trust store


class _Session:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def reply(self) -> tuple[int, list[str]]:
        lines: list[str] = []
        while True:
            raw = await self.reader.readline()
            if not raw:
                raise ActionFailed("the SMTP server closed the connection")
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            if len(line) < 3 or not line[:3].isdigit():
                raise ActionFailed(f"the SMTP server answered something that is not SMTP: {line[:80]!r}")
            lines.append(line[4:])
            if line[3:4] != "-":
                return int(line[:3]), lines

    async def command(self, line: str, expect: tuple[int, ...], what: str | None = None) -> int:
        self.writer.write(line.encode() + b"\r\n")
        await self.writer.drain()
        code, text = await self.reply()
        if code not in expect:
            # ``what`` stands for the command in errors when the line itself holds a secret (AUTH).
            said = what or line.split(" ", 1)[0]
            raise ActionFailed(
                f"SMTP {said} refused: {code} {' '.join(text)[:200]}",
                retryable=400 <= code < 500,
                status=str(code),
            )
        return code


def _local(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def dot_stuffed(message: bytes) -> bytes:
    """The message as DATA carries it: CRLF line ends, leading dots doubled, the final '.' line."""
    lines = message.replace(b"\r\n", b"\n").split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    return b"".join((b"." + line if line.startswith(b".") else line) + b"\r\n" for line in lines) + b".\r\n"


async def send_mail(server: SmtpServer, sender: str, recipients: Sequence[str], message: bytes) -> str:
    """Deliver ``message`` to ``recipients``; the server's final reply code (``"250"``)."""
    if server.user and not (server.starttls or _local(server.host)):
        raise ActionFailed(
            "refusing to send SMTP credentials without TLS: set MOZDEF_SMTP_STARTTLS", retryable=False
        )
    try:
        async with asyncio.timeout(server.timeout_s):
            return await _deliver(server, sender, recipients, message)
    except TimeoutError:
        raise ActionFailed(f"SMTP server {server.host}:{server.port} timed out") from None
    except (OSError, ssl.SSLError) as exc:
        raise ActionFailed(f"SMTP server {server.host}:{server.port}: {type(exc).__name__}") from None


async def _deliver(server: SmtpServer, sender: str, recipients: Sequence[str], message: bytes) -> str:
    reader, writer = await asyncio.open_connection(server.host, server.port)
    session = _Session(reader, writer)
    try:
        code, _ = await session.reply()
        if code != 220:
            raise ActionFailed(f"SMTP greeting {code}", retryable=400 <= code < 500, status=str(code))
        await session.command("EHLO mozdef", (250,))
        if server.starttls:
            await session.command("STARTTLS", (220,))
            await writer.start_tls(server.tls or ssl.create_default_context(), server_hostname=server.host)
            await session.command("EHLO mozdef", (250,))
        if server.user:
            token = base64.b64encode(f"\0{server.user}\0{server.password or ''}".encode()).decode()
            await session.command(f"AUTH PLAIN {token}", (235,), what="AUTH")
        await session.command(f"MAIL FROM:<{sender}>", (250,))
        for rcpt in recipients:
            await session.command(f"RCPT TO:<{rcpt}>", (250, 251))
        await session.command("DATA", (354,))
        writer.write(dot_stuffed(message))
        await writer.drain()
        code, text = await session.reply()
        if code != 250:
            raise ActionFailed(
                f"SMTP message refused: {code} {' '.join(text)[:200]}",
                retryable=400 <= code < 500,
                status=str(code),
            )
        with contextlib.suppress(ActionFailed):  # delivered: a rude goodbye changes nothing
            await session.command("QUIT", (221,))
        return str(code)
    finally:
        writer.close()
        with contextlib.suppress(OSError, ssl.SSLError):
            await writer.wait_closed()
