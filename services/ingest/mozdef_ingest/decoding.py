"""From HTTP bytes to a JSON body: media type, content encoding, and size limits, before any parsing.

Accepted media types (parameters other than ``charset`` are ignored; the charset must be UTF-8):

* JSON, auto-detected as one object, an array of objects, or NDJSON (many shippers label NDJSON
  ``application/json``): ``application/json``, ``text/json``, ``text/plain``, and no Content-Type.
* NDJSON, one object per line: ``application/x-ndjson``, ``application/ndjson``,
  ``application/jsonlines``, ``application/x-jsonlines``, ``application/jsonl``.
* Elasticsearch clients' versioned types, ``application/vnd.elasticsearch+json`` and ``+x-ndjson``.

Anything else is 415. Content-Encoding ``gzip``/``x-gzip`` and ``deflate`` (zlib or raw) are
decoded with a cap, so a small compressed bomb cannot inflate past the body limit; other
encodings are 415.
"""

from __future__ import annotations

import zlib
from collections.abc import AsyncIterator
from typing import Literal

from mozdef_ingest.errors import BodyError

Mode = Literal["json", "ndjson"]

_JSON = frozenset({"", "application/json", "text/json", "text/plain", "application/vnd.elasticsearch+json"})
_NDJSON = frozenset(
    {
        "application/x-ndjson",
        "application/ndjson",
        "application/jsonlines",
        "application/x-jsonlines",
        "application/jsonl",
        "application/vnd.elasticsearch+x-ndjson",
    }
)
_UTF8 = frozenset({"utf-8", "utf8", "us-ascii", "ascii"})


def body_mode(content_type: str | None) -> Mode:
    """How to split a body of this Content-Type; :class:`BodyError` 415 when it is not JSON."""
    media, *params = (content_type or "").split(";")
    media = media.strip().lower()
    for param in params:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset" and value.strip().strip('"').lower() not in _UTF8:
            raise BodyError(415, "unsupported_media_type", f"charset {value.strip()!r}: send UTF-8")
    if media in _JSON:
        return "json"
    if media in _NDJSON:
        return "ndjson"
    raise BodyError(
        415,
        "unsupported_media_type",
        f"Content-Type {media!r} is not accepted: send application/json or application/x-ndjson",
    )


def too_large(limit: int) -> BodyError:
    return BodyError(413, "body_too_large", f"the body is larger than {limit} bytes")


async def read_capped(chunks: AsyncIterator[bytes], content_length: str | None, limit: int) -> bytes:
    """The whole body, refusing (413) as soon as it is known to exceed ``limit`` bytes."""
    if content_length is not None:
        try:
            declared = int(content_length)
        except ValueError:
            raise BodyError(400, "bad_request", "Content-Length is not a number") from None
        if declared > limit:
            raise too_large(limit)
    parts: list[bytes] = []
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > limit:  # chunked or lying Content-Length: stop reading here
            raise too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


def decode(body: bytes, content_encoding: str | None, limit: int) -> bytes:
    """``body`` with its Content-Encoding(s) undone, at most ``limit`` bytes of output."""
    if not content_encoding:
        return body
    # Encodings are listed in the order they were applied: undo them last to first.
    for coding in reversed([c.strip().lower() for c in content_encoding.split(",")]):
        if coding in ("", "identity"):
            continue
        if coding in ("gzip", "x-gzip"):
            body = _inflate(body, 16 + zlib.MAX_WBITS, limit, "gzip")
        elif coding == "deflate":
            # RFC 9110 says zlib-wrapped; some clients send raw deflate: accept both.
            zlib_header = len(body) >= 2 and body[0] & 0x0F == 8 and (body[0] << 8 | body[1]) % 31 == 0
            raw = not zlib_header
            body = _inflate(body, -zlib.MAX_WBITS if raw else zlib.MAX_WBITS, limit, "deflate")
        else:
            raise BodyError(
                415, "unsupported_encoding", f"Content-Encoding {coding!r} is not accepted: use gzip"
            )
    return body


def _inflate(data: bytes, wbits: int, limit: int, name: str) -> bytes:
    out: list[bytes] = []
    size = 0
    try:
        while True:  # a gzip body may hold several members, one after the other
            inflater = zlib.decompressobj(wbits)
            chunk = inflater.decompress(data, limit + 1 - size)
            size += len(chunk)
            if size > limit or inflater.unconsumed_tail:
                raise too_large(limit)
            out.append(chunk)
            if not inflater.eof:
                raise BodyError(400, "bad_encoding", f"the {name} body is truncated")
            data = inflater.unused_data
            if not data.strip(b"\x00"):  # padding after the last member is tolerated, like gzip(1)
                break
    except zlib.error as exc:
        raise BodyError(400, "bad_encoding", f"the body is not valid {name}: {exc}") from None
    return b"".join(out)
