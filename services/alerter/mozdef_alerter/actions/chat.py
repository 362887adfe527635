"""``slack`` and ``mattermost``: a readable message through an incoming webhook.

Spec: ``url_env`` (required: the environment variable holding the webhook URL, which is a secret),
``channel`` and ``username`` (optional overrides, where the webhook allows them). The message says
the severity, the summary, the key facts and links to the alert in the web app
(``MOZDEF_PUBLIC_URL/#/alerts/<id>``).
"""

from __future__ import annotations

from typing import Any

import orjson

from mozdef_alerter.actions.base import ActionContext, Alert, Outcome, Spec
from mozdef_alerter.actions.deliver import facts, headline, post


def slack_text(alert: Alert, link: str | None) -> str:
    # Slack's mrkdwn: *bold*, <url|label>.
    lines = [f"*{headline(alert)}*"]
    lines += [f"{key}: {value}" for key, value in facts(alert)]
    if link:
        lines.append(f"<{link}|Open the alert in MozDef>")
    return "\n".join(lines)


def mattermost_text(alert: Alert, link: str | None) -> str:
    # Mattermost speaks Markdown: **bold**, [label](url).
    lines = [f"**{headline(alert)}**"]
    lines += [f"{key}: {value}" for key, value in facts(alert)]
    if link:
        lines.append(f"[Open the alert in MozDef]({link})")
    return "\n".join(lines)


class _Chat:
    name = ""

    def check(self, spec: Spec) -> None:
        if not isinstance(spec.get("url_env"), str) or not spec["url_env"]:
            raise ValueError("url_env: the environment variable holding the incoming-webhook URL")
        for key in ("channel", "username"):
            if key in spec and not isinstance(spec[key], str):
                raise ValueError(f"{key}: a string")

    def text(self, alert: Alert, link: str | None) -> str:
        raise NotImplementedError

    async def run(self, alert: Alert, spec: Spec, ctx: ActionContext) -> Outcome:
        url = ctx.secret(spec["url_env"])
        payload: dict[str, Any] = {"text": self.text(alert, ctx.alert_url(alert))}
        payload["username"] = spec.get("username", "MozDef")
        if spec.get("channel"):
            payload["channel"] = spec["channel"]
        return await post(ctx.http, url, orjson.dumps(payload), {}, url_is_secret=True)


class Slack(_Chat):
    name = "slack"

    def text(self, alert: Alert, link: str | None) -> str:
        return slack_text(alert, link)


class Mattermost(_Chat):
    name = "mattermost"

    def text(self, alert: Alert, link: str | None) -> str:
        return mattermost_text(alert, link)
