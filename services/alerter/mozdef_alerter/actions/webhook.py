"""``webhook``: POST the alert as JSON, signed with HMAC-SHA256 so the receiver can trust it.

Spec: ``url`` (required), ``secret_env`` (optional: the environment variable holding the shared
secret). With a secret, ``X-MozDef-Signature: sha256=<hex>`` is the HMAC-SHA256 of the exact body
bytes; receivers recompute it over the raw body before parsing. ``X-MozDef-Alert`` carries the
alert id, so a receiver can ignore a retry it already took.
"""

from __future__ import annotations

import hashlib
import hmac

import orjson

from mozdef_alerter.actions.base import ActionContext, Alert, Outcome, Spec
from mozdef_alerter.actions.deliver import post


def signature(secret: str, body: bytes) -> str:
    """The ``X-MozDef-Signature`` header value for ``body``."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class Webhook:
    name = "webhook"

    def check(self, spec: Spec) -> None:
        url = spec.get("url")
        if not isinstance(url, str) or not url.startswith(("http://", "https://")):
            raise ValueError("url: an http:// or https:// URL")
        if "secret_env" in spec and not isinstance(spec["secret_env"], str):
            raise ValueError("secret_env: the name of an environment variable")

    async def run(self, alert: Alert, spec: Spec, ctx: ActionContext) -> Outcome:
        body = orjson.dumps(dict(alert))
        headers = {"x-mozdef-alert": str(alert.get("id", ""))}
        if spec.get("secret_env"):
            headers["x-mozdef-signature"] = signature(ctx.secret(spec["secret_env"]), body)
        return await post(ctx.http, str(spec["url"]), body, headers)
