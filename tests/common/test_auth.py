"""credential_from_header: the secret in every Authorization form our clients and shippers send."""

from __future__ import annotations

import base64

import pytest

from mozdef_common.auth import credential_from_header

KEY = "mzd_0123456789abcdef_s3cr3t-with_underscores"


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    ("header", "credential"),
    [
        (f"Bearer {KEY}", KEY),
        (f"bearer   {KEY}  ", KEY),
        (f"ApiKey {KEY}", KEY),
        (f"ApiKey {b64('0123456789abcdef:' + KEY)}", KEY),  # Beats, Logstash
        (f"Basic {b64('elastic:' + KEY)}", KEY),
        (f"Basic {b64('anyone:' + KEY)}", KEY),
        (f"Basic {b64('user:pass:with:colons')}", "pass:with:colons"),
        (f"ApiKey {b64('no-colon')}", b64("no-colon")),  # not id:key: taken as the key itself
        (f"Basic {b64(KEY + ':')}", None),  # the key as user name is not a password
        (f"Basic {b64(KEY)}", None),
        ("Basic !!!not-base64", None),
        (f"Digest {KEY}", None),
        ("Bearer", None),
        ("Bearer    ", None),
        ("", None),
        (None, None),
    ],
)
def test_credential_forms(header: str | None, credential: str | None) -> None:
    assert credential_from_header(header) == credential
