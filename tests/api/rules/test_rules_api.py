"""``/api/v1/rules`` over the real app: listing every source, CRUD, validation with lines, switching
built-in rules off, dry runs, roles and the audit trail."""

from __future__ import annotations

import json
from typing import Any

import httpx

from mozdef_alerter.scheduled.runs import RunLog, RunOutcome
from mozdef_alerter.stored_rules import load_stored_rules, overrides
from tests.alerter.builtin import events as ev
from tests.support.api import Api

RULES = "/api/v1/rules"
NEW_RULE: dict[str, Any] = {
    "id": "team-ssh-root",
    "name": "SSH as root from outside",
    "type": "threshold",
    "severity": "warning",
    "query": "tags:sshd AND details.username:root",
    "group_by": ["details.sourceipaddress"],
    "threshold": 3,
    "window": "5m",
}


async def _audit(api: Api, rule_id: str) -> list[dict[str, Any]]:
    _, records = await api.state.collection("audit").find(
        {"target": f"rule/{rule_id}"}, sort=[("created", 1)]
    )
    return records


async def test_the_listing_holds_every_source_with_state_and_load_errors(api: Api) -> None:
    await RunLog(api.state).record(RunOutcome("mozdef.ssh.bruteforce", ev.T0, 0.042, hits=2))
    viewer = await api.client("viewer")
    response = await viewer.get(RULES)
    assert response.status_code == 200
    body = response.json()
    by_id = {rule["id"]: rule for rule in body["rules"]}
    assert body["total"] == len(body["rules"])
    brute = by_id["mozdef.ssh.bruteforce"]
    assert (brute["source"], brute["type"], brute["enabled"], brute["version"]) == (
        "builtin",
        "threshold",
        True,
        0,
    )
    assert brute["runs"]["hits"] == 2
    assert brute["runs"]["duration_ms"] == 42.0
    assert brute["rule"]["threshold"] == 10
    assert brute["rule"]["window"] == "2m"
    assert by_id["mozdef.pipeline.old_events"]["type"] == "python"
    assert by_id["mozdef.watchlist.hit"]["source"] == "builtin"
    local = by_id["local-root-login"]
    assert local["source"] == "file"
    assert local["origin"].endswith("local.yml:2")
    (error,) = body["errors"]
    assert error["origin"].endswith("broken.yml:5")
    assert "threshold" in error["reason"]
    only_files = (await viewer.get(RULES, params={"source": "file"})).json()
    assert [r["id"] for r in only_files["rules"]] == ["local-root-login"]


async def test_create_read_change_delete_an_api_rule(api: Api) -> None:
    admin = await api.client("admin", name="ann")
    created = await admin.post(RULES, json=NEW_RULE)
    assert created.status_code == 201, created.text
    rule = created.json()
    assert (rule["source"], rule["version"], rule["severity"], rule["author"]) == (
        "api",
        1,
        "WARNING",
        "apikey:ann",
    )
    assert (await admin.get(f"{RULES}/team-ssh-root")).json()["rule"]["threshold"] == 3

    changed = await admin.patch(
        f"{RULES}/team-ssh-root", json={"version": 1, "threshold": 5, "window": "10m"}
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["rule"]["threshold"], changed.json()["version"]) == (5, 2)
    stale = await admin.patch(f"{RULES}/team-ssh-root", json={"version": 1, "enabled": False})
    assert stale.status_code == 409
    assert stale.json()["error"]["current_version"] == 2
    off = await admin.patch(f"{RULES}/team-ssh-root", json={"version": 2, "enabled": False})
    assert off.json()["enabled"] is False

    stored, errors = await load_stored_rules(api.state)
    assert errors == []
    assert [getattr(r, "threshold", None) for r in stored if r.id == "team-ssh-root"] == [5]

    assert (await admin.delete(f"{RULES}/team-ssh-root")).status_code == 204
    assert (await admin.get(f"{RULES}/team-ssh-root")).status_code == 404
    actions = [(r["action"], r["actor"]) for r in await _audit(api, "team-ssh-root")]
    assert actions == [
        ("rule.create", "apikey:ann"),
        ("rule.update", "apikey:ann"),
        ("rule.disable", "apikey:ann"),
        ("rule.delete", "apikey:ann"),
    ]


async def test_yaml_rules_keep_their_text_and_can_be_replaced(api: Api) -> None:
    admin = await api.client("admin")
    text = "# the platform team's\nid: team-root\nname: Root\ntype: match\nquery: 'details.username:root'\n"
    created = await admin.post(RULES, json={"yaml": text})
    assert created.status_code == 201, created.text
    assert created.json()["yaml"] == text
    replaced = await admin.patch(
        f"{RULES}/team-root", json={"version": 1, "yaml": text.replace("Root", "Root!")}
    )
    assert replaced.json()["name"] == "Root!"
    edited = await admin.patch(f"{RULES}/team-root", json={"version": 2, "severity": "ERROR"})
    assert edited.json()["yaml"] is None  # field edits drop the text, which no longer says the same
    renamed = await admin.patch(
        f"{RULES}/team-root", json={"version": 3, "yaml": text.replace("team-root", "x")}
    )
    assert renamed.status_code == 422
    assert renamed.json()["error"]["field"] == "id"


async def test_validation_errors_name_the_field_and_line(api: Api) -> None:
    admin = await api.client("admin")
    text = "id: team-bad\nname: Bad\ntype: threshold\nquery: 'tags:sshd'\nthreshold: ten\nwindow: 2m\n"
    response = await admin.post(RULES, json={"yaml": text})
    assert response.status_code == 422
    error = response.json()["error"]
    assert (error["type"], error["field"], error["line"]) == ("rule_invalid", "threshold", 5)
    assert "line 5" in error["reason"]

    body = json.dumps({**NEW_RULE, "window": "soon"}, indent=2)  # pretty-printed JSON has lines too
    response = await admin.post(RULES, content=body, headers={"content-type": "application/json"})
    error = response.json()["error"]
    assert response.status_code == 422
    assert (error["field"], error["line"]) == ("window", 11)

    unknown = await admin.post(RULES, json={**NEW_RULE, "threshhold": 3})
    assert unknown.status_code == 422
    assert unknown.json()["error"]["field"] == "threshhold"
    bad_query = await admin.post(RULES, json={**NEW_RULE, "query": "details.x:(a OR"})
    assert bad_query.status_code == 422
    assert bad_query.json()["error"]["field"] == "query"
    no_type = await admin.post(RULES, json={"yaml": "id: x\nname: X\n"})
    assert no_type.json()["error"]["field"] == "type"

    broken = await admin.post(RULES, json={"yaml": "id: x\nname: [unclosed\n"})
    assert broken.status_code == 400
    assert broken.json()["error"]["type"] == "rule_syntax_error"
    assert broken.json()["error"]["line"] == 3
    two = await admin.post(RULES, json={"yaml": "id: a\n---\nid: b\n"})
    assert two.status_code == 422
    assert two.json()["error"]["line"] == 3


async def test_ids_are_unique_across_every_source(api: Api) -> None:
    admin = await api.client("admin")
    for taken in ("mozdef.ssh.bruteforce", "local-root-login"):
        response = await admin.post(RULES, json={**NEW_RULE, "id": taken})
        assert response.status_code == 409, taken
    assert (await admin.post(RULES, json=NEW_RULE)).status_code == 201
    assert (await admin.post(RULES, json=NEW_RULE)).status_code == 409


async def test_builtin_and_file_rules_are_only_switched_on_and_off(api: Api) -> None:
    admin = await api.client("admin", name="ann")
    url = f"{RULES}/mozdef.ssh.bruteforce"
    off = await admin.patch(url, json={"version": 0, "enabled": False})
    assert off.status_code == 200, off.text
    assert (off.json()["enabled"], off.json()["overridden"], off.json()["version"]) == (False, True, 1)
    assert await overrides(api.state) == {"mozdef.ssh.bruteforce": False}
    assert (await admin.patch(url, json={"version": 0, "enabled": True})).status_code == 409
    on = await admin.patch(url, json={"version": 1, "enabled": True})
    assert on.json()["enabled"] is True
    assert await overrides(api.state) == {"mozdef.ssh.bruteforce": True}

    edit = await admin.patch(url, json={"version": 2, "threshold": 3})
    assert edit.status_code == 422
    assert edit.json()["error"]["field"] == "threshold"
    assert "builtin" in edit.json()["error"]["reason"]
    file_off = await admin.patch(f"{RULES}/local-root-login", json={"version": 0, "enabled": False})
    assert file_off.json()["enabled"] is False
    assert file_off.json()["source"] == "file"
    assert (await admin.delete(url)).status_code == 400
    assert [r["action"] for r in await _audit(api, "mozdef.ssh.bruteforce")] == [
        "rule.disable",
        "rule.enable",
    ]


async def test_patch_needs_a_version_and_something_to_change(api: Api) -> None:
    admin = await api.client("admin")
    url = f"{RULES}/mozdef.ssh.bruteforce"
    assert (await admin.patch(url, json={"enabled": False})).json()["error"]["field"] == "version"
    assert (await admin.patch(url, json={"version": 0})).status_code == 422
    assert (await admin.patch(f"{RULES}/nope", json={"version": 0, "enabled": False})).status_code == 404


async def test_dry_run_reports_what_a_rule_would_alert(api: Api) -> None:
    viewer = await api.client("viewer")
    response = await viewer.post(f"{RULES}/mozdef.ssh.bruteforce/dry-run", json={"hours": 1})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] == 1
    (alert,) = body["alerts"]
    assert alert["rule_id"] == "mozdef.ssh.bruteforce"
    assert alert["event_count"] >= 10
    assert alert["group"] == {"details.sourceipaddress": "203.0.113.7"}
    assert "failed SSH logins from 203.0.113.7" in alert["summary"]
    quiet = await viewer.post(f"{RULES}/mozdef.http.auth_bruteforce/dry-run", json={"hours": 1})
    assert quiet.json()["total"] == 0
    too_long = await viewer.post(f"{RULES}/mozdef.ssh.bruteforce/dry-run", json={"hours": 100})
    assert too_long.status_code == 400
    assert (await viewer.post(f"{RULES}/mozdef.ssh.bruteforce/dry-run", json={"hours": 0})).status_code == 422


async def test_roles(api: Api) -> None:
    anonymous = await api.client(None)
    assert (await anonymous.get(RULES)).status_code == 401
    assert (await anonymous.post(RULES, json=NEW_RULE)).status_code == 401
    for role in ("viewer", "analyst"):
        client: httpx.AsyncClient = await api.client(role)
        assert (await client.get(f"{RULES}/mozdef.ssh.bruteforce")).status_code == 200
        assert (await client.post(RULES, json=NEW_RULE)).status_code == 403
        patch = await client.patch(f"{RULES}/mozdef.ssh.bruteforce", json={"version": 0, "enabled": False})
        assert patch.status_code == 403
        assert (await client.delete(f"{RULES}/mozdef.ssh.bruteforce")).status_code == 403
    assert await overrides(api.state) == {}
    assert await _audit(api, "mozdef.ssh.bruteforce") == []
