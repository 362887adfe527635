"""``email``: the alert by e-mail, through the SMTP server of ``MOZDEF_SMTP_*``.

Spec: ``to`` (required: an address or a list of them), ``subject`` (optional; default: the severity
and summary). The message carries ``X-MozDef-Alert: <id>`` and ``Auto-Submitted: auto-generated``
so that mail rules can sort it and auto-responders stay quiet.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid

from mozdef_alerter.actions.base import ActionContext, Alert, Outcome, Spec
from mozdef_alerter.actions.deliver import facts, headline
from mozdef_alerter.actions.smtp import SmtpServer, send_mail

_ADDRESS = re.compile(r"^[^\s<>@,;:\"]+@[^\s<>@,;:\"]+$")


def _recipients(spec: Spec) -> list[str]:
    to = spec.get("to")
    return [to] if isinstance(to, str) else list(to) if isinstance(to, list) else []


def _one_line(text: str) -> str:
    # Header values must not break lines: an alert summary is data, not headers.
    return " ".join(text.split())[:900]


def message(alert: Alert, sender: str, recipients: list[str], subject: str | None, link: str | None) -> bytes:
    msg = EmailMessage(policy=SMTP)
    msg["From"] = sender
    msg["To"] = ", ".join(recipients)
    msg["Subject"] = _one_line(subject or f"MozDef {headline(alert)}")
    msg["Date"] = format_datetime(datetime.now(UTC))
    msg["Message-ID"] = make_msgid(domain="mozdef")
    msg["X-MozDef-Alert"] = _one_line(str(alert.get("id", "")))
    msg["Auto-Submitted"] = "auto-generated"
    lines = [headline(alert), ""]
    lines += [f"{key}: {value}" for key, value in facts(alert)]
    if link:
        lines += ["", f"Open the alert in MozDef: {link}"]
    msg.set_content("\n".join(lines) + "\n")
    return msg.as_bytes()


class Email:
    name = "email"

    def check(self, spec: Spec) -> None:
        recipients = _recipients(spec)
        if not recipients or not all(isinstance(r, str) and _ADDRESS.match(r) for r in recipients):
            raise ValueError("to: an e-mail address or a list of them")
        if "subject" in spec and not isinstance(spec["subject"], str):
            raise ValueError("subject: a string")

    async def run(self, alert: Alert, spec: Spec, ctx: ActionContext) -> Outcome:
        settings = ctx.settings
        password = ctx.secret(settings.smtp_password_env) if settings.smtp_password_env else None
        server = SmtpServer(
            host=settings.smtp_host,
            port=settings.smtp_port,
            starttls=settings.smtp_starttls,
            user=settings.smtp_user,
            password=password,
            timeout_s=settings.smtp_timeout_s,
        )
        recipients = _recipients(spec)
        body = message(alert, settings.smtp_from, recipients, spec.get("subject"), ctx.alert_url(alert))
        status = await send_mail(server, settings.smtp_from, recipients, body)
        return Outcome(status=status, detail=f"sent to {len(recipients)} recipient(s)")
