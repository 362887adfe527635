"""Each built-in action against a receiver started by the test, on loopback."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import httpx
import orjson
import pytest

from mozdef_alerter.actions import ActionFailed
from mozdef_alerter.actions.block import BlockDomain, BlockIp
from mozdef_alerter.actions.chat import Mattermost, Slack
from mozdef_alerter.actions.mail import Email
from mozdef_alerter.actions.pagerduty import PagerDuty
from mozdef_alerter.actions.webhook import Webhook
from mozdef_common.lists.store import list_collection
from mozdef_common.state import StateStore
from tests.alerter.actions.conftest import PUBLIC, context, make_alert
from tests.alerter.actions.receivers import http_receiver, smtp_receiver

SECRET = "s3cret-shared-with-the-receiver"


async def test_webhook_posts_the_alert_signed_over_the_exact_body(
    state: StateStore, http: httpx.AsyncClient
) -> None:
    alert = make_alert()
    async with http_receiver() as receiver:
        ctx = context(state, http, {"HOOK_SECRET": SECRET})
        outcome = await Webhook().run(alert, {"url": receiver.url, "secret_env": "HOOK_SECRET"}, ctx)
    assert outcome.status == "200"
    (request,) = receiver.requests
    assert request.method == "POST"
    expected = "sha256=" + hmac.new(SECRET.encode(), request.body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(request.headers["x-mozdef-signature"], expected)
    assert request.headers["content-type"] == "application/json"
    assert request.headers["x-mozdef-alert"] == alert["id"]
    assert orjson.loads(request.body) == alert


async def test_webhook_answers_classify_retries(state: StateStore, http: httpx.AsyncClient) -> None:
    ctx = context(state, http, {})
    async with http_receiver([503, 400]) as receiver:
        with pytest.raises(ActionFailed) as unavailable:
            await Webhook().run(make_alert(), {"url": receiver.url}, ctx)
        with pytest.raises(ActionFailed) as refused:
            await Webhook().run(make_alert(), {"url": receiver.url}, ctx)
    assert (unavailable.value.retryable, unavailable.value.status) == (True, "503")
    assert (refused.value.retryable, refused.value.status) == (False, "400")
    assert "x-mozdef-signature" not in receiver.requests[0].headers  # no secret_env: unsigned


async def test_a_missing_secret_names_the_variable_only(state: StateStore, http: httpx.AsyncClient) -> None:
    with pytest.raises(ActionFailed, match="HOOK_SECRET is not set"):
        await Webhook().run(
            make_alert(),
            {"url": "http://127.0.0.1:9/", "secret_env": "HOOK_SECRET"},
            context(state, http, {}),
        )


@pytest.mark.parametrize(
    ("plugin", "bold", "link"),
    [
        (Slack(), "*[WARNING] ", f"<{PUBLIC}/#/alerts/{{id}}|Open the alert in MozDef>"),
        (Mattermost(), "**[WARNING] ", f"[Open the alert in MozDef]({PUBLIC}/#/alerts/{{id}})"),
    ],
)
async def test_chat_messages_are_readable_and_link_to_the_alert(
    state: StateStore, http: httpx.AsyncClient, plugin: Slack | Mattermost, bold: str, link: str
) -> None:
    alert = make_alert(severity="WARNING")
    async with http_receiver() as receiver:
        ctx = context(state, http, {"CHAT_URL": receiver.url})
        await plugin.run(alert, {"url_env": "CHAT_URL", "channel": "#secops"}, ctx)
    payload = orjson.loads(receiver.requests[0].body)
    assert set(payload) == {"text", "username", "channel"}
    assert payload["channel"] == "#secops"
    text = payload["text"]
    assert text.startswith(bold + alert["summary"])
    assert "Rule: SSH brute force" in text
    assert f"details.sourceipaddress: {alert['group']['details.sourceipaddress']}" in text
    assert link.format(id=alert["id"]) in text


async def test_chat_errors_never_show_the_webhook_url(state: StateStore, http: httpx.AsyncClient) -> None:
    async with http_receiver([500]) as receiver:
        with pytest.raises(ActionFailed) as failed:
            await Slack().run(
                make_alert(), {"url_env": "CHAT_URL"}, context(state, http, {"CHAT_URL": receiver.url})
            )
    assert receiver.url not in str(failed.value)
    assert str(receiver.port) not in str(failed.value)


async def test_pagerduty_sends_an_events_v2_trigger(state: StateStore, http: httpx.AsyncClient) -> None:
    alert = make_alert(severity="CRITICAL")
    async with http_receiver([202]) as receiver:
        ctx = context(state, http, {"PD_KEY": "R0UT1NGKEY"})
        outcome = await PagerDuty().run(alert, {"routing_key_env": "PD_KEY", "url": receiver.url}, ctx)
    assert outcome.status == "202"
    event = orjson.loads(receiver.requests[0].body)
    assert event["routing_key"] == "R0UT1NGKEY"
    assert event["event_action"] == "trigger"
    assert event["dedup_key"] == alert["dedup_key"]
    payload = event["payload"]
    assert payload["summary"] == alert["summary"]
    assert payload["severity"] == "critical"
    assert payload["source"] == "mozdef"
    assert payload["timestamp"] == alert["utctimestamp"]
    assert payload["component"] == "ssh-bruteforce"
    assert payload["custom_details"]["alert_id"] == alert["id"]
    assert event["links"] == [
        {"href": f"{PUBLIC}/#/alerts/{alert['id']}", "text": "Open the alert in MozDef"}
    ]


async def test_pagerduty_maps_every_severity() -> None:
    from mozdef_alerter.actions.pagerduty import trigger

    seen = {
        s: trigger(make_alert(severity=s), "k", None)["payload"]["severity"]
        for s in ("INFO", "NOTICE", "ERROR")
    }
    assert seen == {"INFO": "info", "NOTICE": "info", "ERROR": "error"}
    assert trigger(make_alert(dedup_key=None), "k", None)["dedup_key"].startswith("alert-")


async def test_email_is_delivered_over_smtp_with_its_headers(
    state: StateStore, http: httpx.AsyncClient
) -> None:
    alert = make_alert(summary="Promiscuous mode on\r\nBcc: evil@example.org")
    async with smtp_receiver() as receiver:
        ctx = context(
            state,
            http,
            {"SMTP_PW": "pa55"},
            smtp_host="127.0.0.1",
            smtp_port=receiver.port,
            smtp_user="mozdef",
            smtp_password_env="SMTP_PW",
            smtp_from="alerts@example.org",
        )
        spec = {"to": ["soc@example.org", "oncall@example.org"]}
        outcome = await Email().run(alert, spec, ctx)
    assert outcome.status == "250"
    (mail,) = receiver.mails
    assert mail.auth == ("mozdef", "pa55")
    assert mail.sender == "alerts@example.org"
    assert mail.recipients == ["soc@example.org", "oncall@example.org"]
    message = mail.message
    assert message["From"] == "alerts@example.org"
    assert message["To"] == "soc@example.org, oncall@example.org"
    assert message["Subject"] == "MozDef [WARNING] Promiscuous mode on Bcc: evil@example.org"
    assert message["Bcc"] is None  # a summary cannot add headers
    assert message["X-MozDef-Alert"] == alert["id"]
    assert message["Auto-Submitted"] == "auto-generated"
    assert message["Message-ID"]
    assert message["Date"]
    body = message.get_payload(decode=True)
    assert isinstance(body, bytes)
    assert f"{PUBLIC}/#/alerts/{alert['id']}".encode() in body


async def test_email_temporary_refusal_is_retryable_and_credentials_need_tls(
    state: StateStore, http: httpx.AsyncClient
) -> None:
    async with smtp_receiver([451]) as receiver:
        ctx = context(state, http, {}, smtp_host="127.0.0.1", smtp_port=receiver.port)
        with pytest.raises(ActionFailed) as later:
            await Email().run(make_alert(), {"to": "soc@example.org"}, ctx)
    assert (later.value.retryable, later.value.status) == (True, "451")
    remote = context(state, http, {}, smtp_host="mail.example.org", smtp_user="u")
    with pytest.raises(ActionFailed, match="without TLS") as refused:
        await Email().run(make_alert(), {"to": "soc@example.org"}, remote)
    assert not refused.value.retryable


async def test_block_ip_and_domain_write_the_blocklist_with_an_expiry(
    state: StateStore, http: httpx.AsyncClient
) -> None:
    ctx = context(state, http, {})
    alert = make_alert(group={"details.sourceipaddress": "203.0.113.7"})
    await BlockIp().run(alert, {"field": "details.sourceipaddress", "expires": "1h"}, ctx)
    # Blocking again for less never shortens the block.
    await BlockIp().run(alert, {"field": "details.sourceipaddress", "expires": "5m"}, ctx)
    domain_alert = make_alert(group={}, events=[{"id": "e", "details": {"hostname": "Evil.Example.ORG."}}])
    await BlockDomain().run(domain_alert, {"field": "details.hostname", "reason": "exfil"}, ctx)

    _, entries = await list_collection(state, "blocklist").find(limit=10, sort=[("type", 1)])
    assert [(e["type"], e["value"]) for e in entries] == [
        ("domain", "evil.example.org"),
        ("ip", "203.0.113.7"),
    ]
    domain, ip = entries
    now = datetime.now(UTC)
    ip_expires = datetime.fromisoformat(ip["expires"])
    assert now + timedelta(minutes=55) < ip_expires <= now + timedelta(hours=1)
    assert ip["source"] == "alert:ssh-bruteforce"
    assert ip["actor"] == "alerter"
    assert ip["reason"] == alert["summary"]
    assert domain["reason"] == "exfil"
    assert datetime.fromisoformat(domain["expires"]) > now + timedelta(hours=23)  # the 24h default


async def test_block_without_a_value_fails_for_good(state: StateStore, http: httpx.AsyncClient) -> None:
    ctx = context(state, http, {})
    with pytest.raises(ActionFailed, match=r"no value at details\.nothing") as missing:
        await BlockIp().run(make_alert(), {"field": "details.nothing"}, ctx)
    assert not missing.value.retryable
    with pytest.raises(ActionFailed, match="not an IPv4 or IPv6") as bad:
        await BlockIp().run(make_alert(group={"host": "web1"}), {"field": "host"}, ctx)
    assert not bad.value.retryable


@pytest.mark.parametrize(
    ("plugin", "spec", "message"),
    [
        (Webhook(), {"url": "ftp://x"}, "url"),
        (Slack(), {}, "url_env"),
        (PagerDuty(), {"routing_key_env": "K", "url": 3}, "url"),
        (Email(), {"to": "not an address"}, "to"),
        (BlockIp(), {"field": "x", "expires": "soon"}, "expires"),
        (BlockDomain(), {}, "field"),
    ],
)
def test_bad_settings_are_refused_by_check(plugin: object, spec: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        plugin.check(spec)  # type: ignore[attr-defined]
