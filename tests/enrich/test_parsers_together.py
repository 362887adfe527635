"""The six source parsers registered together: each event is mapped by its own parser only."""

from __future__ import annotations

from typing import Any

import pytest

from mozdef_enrich.plugins.auditd import Auditd
from mozdef_enrich.plugins.cloudtrail import CloudTrail
from mozdef_enrich.plugins.github import GitHubWebhooks
from mozdef_enrich.plugins.ipfixup import IPFixup
from mozdef_enrich.plugins.squid import SquidAccess
from mozdef_enrich.plugins.sshd import SshdParser
from mozdef_enrich.plugins.suricata import SuricataEve
from mozdef_enrich.plugins.zeek import ZeekLogs

from . import test_parsers_auditd as auditd
from . import test_parsers_cloudtrail as cloudtrail
from . import test_parsers_github as github
from . import test_parsers_squid as squid
from . import test_parsers_suricata as suricata
from . import test_parsers_zeek as zeek
from .support import run

PARSERS = (ZeekLogs(), SuricataEve(), CloudTrail(), Auditd(), SquidAccess(), GitHubWebhooks())
SAMPLES: list[tuple[dict[str, Any], dict[str, Any], str, str]] = [
    (zeek.CONN, {}, "zeek", "zeek"),
    (zeek.HTTP, {}, "zeek", "zeek"),
    (suricata.ALERT, {}, "suricata", "suricata"),
    (suricata.DNS, {}, "suricata", "suricata"),
    (cloudtrail.IAM_USER_CALL, {}, "cloudtrail", "cloudtrail"),
    ({"summary": auditd.USER_LOGIN_FAILED}, {}, "auditd", "auditd"),
    ({"summary": squid.DENIED_CONNECT}, {}, "squid", "proxy"),
    (github.PUSH, {"endpoint": "custom", "app": "github"}, "github", "github"),
]


@pytest.mark.parametrize(("body", "kwargs", "plugin", "category"), SAMPLES)
def test_only_the_matching_parser_maps_an_event(
    body: dict[str, Any], kwargs: dict[str, Any], plugin: str, category: str
) -> None:
    event = run(body, *PARSERS, SshdParser(), IPFixup(), **kwargs)
    assert event["category"] == category
    assert "errors" not in event["mozdef"]
    # Others may be triggered (auditd's "uid" field wakes zeek) but leave the event as it was.
    own = next(parser for parser in PARSERS if parser.name == plugin)
    alone = run(body, own, SshdParser(), IPFixup(), **kwargs)
    assert {**event, "mozdef": None} == {**alone, "mozdef": None}
