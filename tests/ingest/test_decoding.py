"""Media types, content encodings and size caps, before any JSON parsing."""

from __future__ import annotations

import gzip
import zlib

import pytest

from mozdef_ingest.decoding import body_mode, decode, read_capped
from mozdef_ingest.errors import BodyError


@pytest.mark.parametrize(
    ("content_type", "mode"),
    [
        (None, "json"),
        ("application/json", "json"),
        ("Application/JSON; charset=UTF-8", "json"),
        ("text/plain", "json"),
        ("application/vnd.elasticsearch+json; compatible-with=8", "json"),
        ("application/x-ndjson", "ndjson"),
        ("application/ndjson", "ndjson"),
        ("application/jsonlines", "ndjson"),
        ('application/x-ndjson; charset="utf-8"', "ndjson"),
    ],
)
def test_accepted_media_types(content_type: str | None, mode: str) -> None:
    assert body_mode(content_type) == mode


@pytest.mark.parametrize(
    "content_type",
    [
        "application/x-www-form-urlencoded",
        "text/html",
        "multipart/form-data; boundary=x",
        "application/json; charset=latin-1",
    ],
)
def test_other_media_types_are_415(content_type: str) -> None:
    with pytest.raises(BodyError) as caught:
        body_mode(content_type)
    assert caught.value.status == 415
    assert caught.value.kind == "unsupported_media_type"


def test_gzip_and_deflate_are_decoded() -> None:
    body = b'{"a": 1}'
    assert decode(gzip.compress(body), "gzip", 100) == body
    assert decode(gzip.compress(body), "x-gzip", 100) == body
    assert decode(zlib.compress(body), "deflate", 100) == body
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert decode(raw.compress(body) + raw.flush(), "deflate", 100) == body
    assert decode(body, "identity", 100) == body
    assert decode(body, None, 100) == body


def test_multi_member_gzip_and_stacked_encodings() -> None:
    assert decode(gzip.compress(b"ab") + gzip.compress(b"cd"), "gzip", 100) == b"abcd"
    assert decode(gzip.compress(zlib.compress(b"xyz")), "deflate, gzip", 100) == b"xyz"


def test_gzip_bomb_stops_at_the_limit() -> None:
    bomb = gzip.compress(b"\0" * 50_000_000)
    assert len(bomb) < 100_000
    with pytest.raises(BodyError) as caught:
        decode(bomb, "gzip", 1_000_000)
    assert caught.value.status == 413


@pytest.mark.parametrize(
    "body", [b"not gzip at all", gzip.compress(b'{"a": 1}' * 100)[:-20], b"", gzip.compress(b"{}") + b"junk"]
)
def test_bad_gzip_is_400(body: bytes) -> None:
    with pytest.raises(BodyError) as caught:
        decode(body, "gzip", 10_000)
    assert (caught.value.status, caught.value.kind) == (400, "bad_encoding")


def test_unknown_encoding_is_415() -> None:
    with pytest.raises(BodyError) as caught:
        decode(b"x", "br", 100)
    assert (caught.value.status, caught.value.kind) == (415, "unsupported_encoding")


async def _chunks(*parts: bytes):  # type: ignore[no-untyped-def]
    for part in parts:
        yield part


async def test_read_capped() -> None:
    assert await read_capped(_chunks(b"ab", b"cd"), "4", 4) == b"abcd"
    with pytest.raises(BodyError) as declared:
        await read_capped(_chunks(b"ab"), "5000", 4)
    assert declared.value.status == 413
    with pytest.raises(BodyError) as streamed:  # chunked, or a Content-Length that lies
        await read_capped(_chunks(b"abc", b"de"), None, 4)
    assert streamed.value.status == 413
    with pytest.raises(BodyError) as bad:
        await read_capped(_chunks(b""), "lots", 4)
    assert bad.value.status == 400
