"""The pack as a whole: every rule loads, ids and families as documented, templates that render."""

from __future__ import annotations

from mozdef_alerter.builtin import PREFIX, RULES_DIR, builtin_python, load_builtin
from mozdef_alerter.builtin.watchlist import watchlist_rule
from mozdef_common.rules import load_rules_dir
from mozdef_common.rules.models import SCHEDULED_TYPES

#: Every detection the issue names, by rule id: the pack must keep covering each.
EXPECTED = {
    "mozdef.ssh.bruteforce": "threshold",
    "mozdef.ssh.sensitive_host_access": "match",
    "mozdef.http.auth_bruteforce": "threshold",
    "mozdef.proxy.drop_executable": "match",
    "mozdef.proxy.drop_nonstandard_port": "match",
    "mozdef.proxy.exfil_domain": "match",
    "mozdef.cloud.aws_cloudtrail_disabled": "match",
    "mozdef.cloud.gcp_logging_disabled": "match",
    "mozdef.cloud.azure_logging_disabled": "match",
    "mozdef.ldap.lockout": "match",
    "mozdef.ldap.bruteforce": "threshold",
    "mozdef.vpn.failures": "threshold",
    "mozdef.mfa.failures": "threshold",
    "mozdef.host.promiscuous_mode": "match",
    "mozdef.network.port_scan": "threshold",
    "mozdef.network.address_scan": "threshold",
    "mozdef.deadman.source": "absence",
    "mozdef.intel.multiple_hits": "threshold",
    "mozdef.pipeline.deadman": "absence",
}
#: Rules that watch the whole pipeline rather than one source, so they alert globally.
GLOBAL = frozenset({"mozdef.pipeline.deadman"})


def test_every_yaml_rule_loads_without_error() -> None:
    rules, errors = load_builtin()
    assert errors == []
    assert {rule.id: rule.type for rule in rules} == EXPECTED


def test_the_pack_loads_as_a_rules_folder_too() -> None:
    # Copied into MOZDEF_RULES_DIR, the files must load the same way (what an operator who forks them does).
    rules, errors = load_rules_dir(RULES_DIR, sigma=lambda: None)
    assert errors == []
    assert len(rules) == len(EXPECTED)


def test_ids_are_prefixed_and_origins_name_the_file_and_line() -> None:
    rules, _ = load_builtin()
    for rule in rules:
        assert rule.id.startswith(PREFIX)
        file, _, line = rule.origin.rpartition(":")
        assert file.startswith("builtin/")
        assert file.endswith(".yml")
        assert int(line) >= 1


def test_every_rule_says_what_it_is() -> None:
    rules, _ = load_builtin()
    for rule in rules:
        assert rule.enabled
        assert rule.description.strip()
        assert rule.summary != "{rule}"
        assert rule.category != "alert"
        assert rule.tags
        if rule.type in SCHEDULED_TYPES and rule.id not in GLOBAL:
            assert rule.group_fields(), rule.id  # scheduled pack rules alert per group, never globally


def test_python_rules_register_and_the_watchlist_rule_builds() -> None:
    python = builtin_python()
    assert [r.rule.id for r in python] == ["mozdef.pipeline.old_events"]
    assert python[0].has_on_event
    assert watchlist_rule([]).id == "mozdef.watchlist.hit"
