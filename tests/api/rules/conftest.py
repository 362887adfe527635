"""The api over real stores with a rules folder (one good file, one broken) and failed SSH logins
from the last few minutes, for dry runs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from mozdef_api.settings import ApiSettings
from mozdef_common.event import utc_iso
from mozdef_common.store import open_event_store
from tests.alerter.builtin import events as ev
from tests.support.api import Api, running_api

FILE_RULE = """\
# A local rule, as an operator writes one.
id: local-root-login
name: Root login
type: match
severity: NOTICE
query: 'tags:sshd AND details.action:accepted AND details.username:root'
"""
BROKEN_RULE = """\
id: local-broken
name: Broken
type: threshold
query: 'tags:sshd'
threshold: ten
window: 2m
"""


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    settings = ApiSettings(data_dir=tmp_path)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "local.yml").write_text(FILE_RULE)
    (rules / "broken.yml").write_text(BROKEN_RULE)
    now = datetime.now(UTC)
    failures = []
    for i in range(25):  # one source failing every second: at least 13 in any 2-minute window cut
        event = ev.sshd(0)
        event["utctimestamp"] = event["timestamp"] = event["receivedtimestamp"] = utc_iso(
            now - timedelta(minutes=10) + timedelta(seconds=i)
        )
        failures.append(event)
    writer = open_event_store(settings, writer=True)
    await writer.write("events", failures)
    await writer.close()
    async with running_api(settings) as running:
        yield running
