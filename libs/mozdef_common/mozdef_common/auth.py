"""Reading credentials out of an ``Authorization`` header, in every form our clients send.

Shippers built for Elasticsearch send ``Bearer <key>``, ``ApiKey <key>``, ``ApiKey base64(<id>:<key>)``
(Beats and Logstash) or HTTP Basic with the key as password; browsers and integrators send
``Bearer <token>``. :func:`credential_from_header` gives the secret in each case; whether it is valid is
for :mod:`mozdef_common.accounts` to check, against the state store, in constant time.
"""

from __future__ import annotations

import base64
import binascii


def credential_from_header(header: str | None) -> str | None:
    """The secret an ``Authorization`` header carries; None when it carries none.

    ``Bearer <key>`` and ``ApiKey <key>`` give the key; ``ApiKey base64(<id>:<key>)`` (Beats,
    Logstash) gives the part after the colon; ``Basic`` gives the password. Anything else: None.
    """
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    value = value.strip()
    scheme = scheme.lower()
    if not value:
        return None
    if scheme == "bearer":
        return value
    if scheme == "apikey":
        try:
            decoded = base64.b64decode(value, validate=True).decode()
        except (binascii.Error, ValueError):
            return value  # not base64 (an mzd_ key never is, it holds '_'): the key itself
        _, colon, key = decoded.partition(":")
        return key if colon and key else value
    if scheme == "basic":
        try:
            decoded = base64.b64decode(value, validate=True).decode()
        except (binascii.Error, ValueError):
            return None
        _, colon, password = decoded.partition(":")
        return password if colon and password else None
    return None
