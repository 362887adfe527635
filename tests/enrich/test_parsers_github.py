"""GitHubWebhooks through the enrich pipeline: deliveries shaped as GitHub sends them, to /custom/github."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from mozdef_common.types import Event
from mozdef_enrich.plugins.github import GitHubWebhooks, github_event

from .support import RECEIVED, RECEIVED_ISO, run


def user(login: str, user_id: int, kind: str = "User") -> dict[str, Any]:
    return {
        "login": login,
        "id": user_id,
        "node_id": f"MDQ6VXNlcj{user_id}",
        "avatar_url": f"https://avatars.githubusercontent.com/u/{user_id}?v=4",
        "url": f"https://api.github.com/users/{login}",
        "html_url": f"https://github.com/{login}",
        "type": kind,
        "site_admin": False,
    }


REPO: dict[str, Any] = {
    "id": 812345678,
    "node_id": "R_kgDOMGx1Tg",
    "name": "payments-api",
    "full_name": "example-corp/payments-api",
    "private": True,
    "owner": user("example-corp", 90210, "Organization"),
    "html_url": "https://github.com/example-corp/payments-api",
    "description": "Card payments service",
    "fork": False,
    "url": "https://api.github.com/repos/example-corp/payments-api",
    "created_at": "2024-03-02T09:12:44Z",
    "updated_at": "2026-11-20T16:01:13Z",
    "pushed_at": 1795804100,
    "default_branch": "main",
    "visibility": "private",
}
ORG: dict[str, Any] = {
    "login": "example-corp",
    "id": 90210,
    "node_id": "O_kgDOAAFgQg",
    "url": "https://api.github.com/orgs/example-corp",
    "description": "Example Corp engineering",
}
SENDER = user("alice-dev", 5501)
COMMON = {"repository": REPO, "organization": ORG, "sender": SENDER}

PUSH: dict[str, Any] = {
    "ref": "refs/heads/main",
    "before": "9f1c2d3e4b5a69788796a5b4c3d2e1f0a9b8c7d6",
    "after": "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d",
    "created": False,
    "deleted": False,
    "forced": True,
    "base_ref": None,
    "compare": "https://github.com/example-corp/payments-api/compare/9f1c2d3e4b5a...0a1b2c3d4e5f",
    "commits": [
        {
            "id": "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d",
            "tree_id": "f0e1d2c3b4a5968778695a4b3c2d1e0f9a8b7c6d",
            "distinct": True,
            "message": "Rotate the signing key",
            "timestamp": "2026-11-27T19:29:01+01:00",
            "url": "https://github.com/example-corp/payments-api/commit/0a1b2c3d4e5f",
            "author": {"name": "Alice Dev", "email": "alice@example.com", "username": "alice-dev"},
            "committer": {"name": "Alice Dev", "email": "alice@example.com", "username": "alice-dev"},
            "added": [],
            "removed": [],
            "modified": ["config/keys.yml"],
        }
    ],
    "head_commit": {
        "id": "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d",
        "message": "Rotate the signing key",
        "timestamp": "2026-11-27T19:29:01+01:00",
    },
    "pusher": {"name": "alice-dev", "email": "alice@example.com"},
    **COMMON,
}
PULL_REQUEST: dict[str, Any] = {
    "action": "closed",
    "number": 418,
    "pull_request": {
        "url": "https://api.github.com/repos/example-corp/payments-api/pulls/418",
        "id": 2101234567,
        "number": 418,
        "state": "closed",
        "locked": False,
        "title": "Disable branch protection checks for hotfix",
        "user": user("bob-ops", 5502),
        "body": "Emergency fix.",
        "created_at": "2026-11-27T17:02:11Z",
        "updated_at": "2026-11-27T18:20:45Z",
        "closed_at": "2026-11-27T18:20:45Z",
        "merged_at": "2026-11-27T18:20:45Z",
        "merged": True,
        "head": {"label": "example-corp:hotfix", "ref": "hotfix", "sha": "1234abcd"},
        "base": {"label": "example-corp:main", "ref": "main", "sha": "abcd1234"},
    },
    **COMMON,
}
MEMBER: dict[str, Any] = {
    "action": "added",
    "member": user("mallory-x", 7701),
    "changes": {"permission": {"to": "admin"}},
    **COMMON,
}
REPOSITORY: dict[str, Any] = {"action": "privatized", **COMMON}
ORGANIZATION: dict[str, Any] = {
    "action": "member_added",
    "membership": {
        "url": "https://api.github.com/orgs/example-corp/memberships/carol-sre",
        "state": "active",
        "role": "admin",
        "organization_url": "https://api.github.com/orgs/example-corp",
        "user": user("carol-sre", 5503),
    },
    "organization": ORG,
    "sender": SENDER,
}
TEAM: dict[str, Any] = {
    "action": "added_to_repository",
    "team": {
        "name": "Payments Admins",
        "id": 660011,
        "node_id": "T_kwDOAAFgQs4AChIr",
        "slug": "payments-admins",
        "description": "",
        "privacy": "closed",
        "permission": "admin",
        "url": "https://api.github.com/teams/660011",
    },
    **COMMON,
}
DEPLOY_KEY: dict[str, Any] = {
    "action": "created",
    "key": {
        "id": 99001122,
        "key": "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIExampleExampleExampleExampleExample",
        "url": "https://api.github.com/repos/example-corp/payments-api/keys/99001122",
        "title": "ci-deployer",
        "verified": True,
        "created_at": "2026-11-27T18:25:00Z",
        "read_only": False,
    },
    **COMMON,
}
PING: dict[str, Any] = {
    "zen": "Keep it logically awesome.",
    "hook_id": 480011223,
    "hook": {"type": "Organization", "id": 480011223, "active": True, "events": ["*"]},
    "organization": ORG,
    "sender": SENDER,
}


def post(body: dict[str, Any], **kwargs: Any) -> Event:
    kwargs.setdefault("endpoint", "custom")
    kwargs.setdefault("app", "github")
    return run(body, GitHubWebhooks(), **kwargs)


def test_push() -> None:
    event = post(PUSH)
    assert (event["category"], event["source"]) == ("github", "push")
    assert event["hostname"] == "github.com"
    assert event["utctimestamp"] == "2026-11-27T18:29:01.000000+00:00"
    assert event["summary"] == (
        "alice-dev push on example-corp/payments-api: 1 commit to refs/heads/main (forced)"
    )
    details = event["details"]
    assert details["githubevent"] == "push"
    assert details["sender"] == "alice-dev"
    assert details["sender_object"]["id"] == 5501
    assert details["repo"] == "example-corp/payments-api"
    assert details["repo_private"] is True
    assert details["org"] == "example-corp"
    assert details["pusher"] == "alice-dev"
    assert details["pusher_object"]["email"] == "alice@example.com"
    assert details["commit_count"] == 1
    assert details["forced"] is True
    assert details["commits"][0]["modified"] == ["config/keys.yml"]
    assert event["tags"] == ["github", "push"]


def test_merged_pull_request() -> None:
    event = post(PULL_REQUEST)
    assert event["source"] == "pull_request"
    assert event["utctimestamp"] == "2026-11-27T18:20:45.000000+00:00"
    assert event["summary"] == (
        "alice-dev pull_request closed on example-corp/payments-api: "
        "#418 Disable branch protection checks for hotfix (merged)"
    )
    details = event["details"]
    assert (details["pr_number"], details["pr_merged"], details["pr_author"]) == (418, True, "bob-ops")
    assert (details["pr_base"], details["pr_head"]) == ("main", "hotfix")


def test_member_added() -> None:
    event = post(MEMBER)
    assert event["source"] == "member"
    assert event["utctimestamp"] == RECEIVED_ISO  # a member delivery has no time of its own
    assert event["summary"] == "alice-dev member added on example-corp/payments-api: mallory-x"
    assert event["details"]["member"] == "mallory-x"
    assert event["details"]["permission"] == "admin"
    assert event["details"]["member_object"]["id"] == 7701


def test_repository_privatized() -> None:
    event = post(REPOSITORY)
    assert event["source"] == "repository"
    assert event["summary"] == "alice-dev repository privatized on example-corp/payments-api"


def test_organization_member_added() -> None:
    event = post(ORGANIZATION)
    assert event["source"] == "organization"
    assert event["hostname"] == "github.com"
    assert event["summary"] == "alice-dev organization member_added on example-corp: carol-sre"
    assert event["details"]["membership_role"] == "admin"


def test_team_added_to_repository() -> None:
    event = post(TEAM)
    assert event["source"] == "team"
    assert event["details"]["team"] == "payments-admins"
    assert event["details"]["team_permission"] == "admin"
    assert event["details"]["team_object"]["name"] == "Payments Admins"
    assert event["summary"] == (
        "alice-dev team added_to_repository on example-corp/payments-api: team payments-admins"
    )


def test_deploy_key_created() -> None:
    event = post(DEPLOY_KEY)
    assert event["source"] == "deploy_key"
    assert event["utctimestamp"] == "2026-11-27T18:25:00.000000+00:00"
    assert event["summary"] == (
        "alice-dev deploy_key created on example-corp/payments-api: deploy key ci-deployer (read-write)"
    )


def test_ping() -> None:
    event = post(PING)
    assert event["source"] == "ping"
    assert event["summary"] == "alice-dev ping on example-corp"


def test_relayed_to_events() -> None:
    event = post(MEMBER, endpoint="events", app=None)
    assert (event["category"], event["source"]) == ("github", "member")
    assert event["details"]["member"] == "mallory-x"


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (
            {"ref": "v2.4.0", "ref_type": "tag", "master_branch": "main", "pusher_type": "user", **COMMON},
            "create",
        ),
        ({"ref": "old-branch", "ref_type": "branch", "pusher_type": "user", **COMMON}, "delete"),
        ({"action": "opened", "issue": {"number": 7, "title": "Leak"}, **COMMON}, "issues"),
        ({"action": "created", "issue": {"number": 7}, "comment": {"id": 1}, **COMMON}, "issue_comment"),
        ({"action": "published", "release": {"tag_name": "v2.4.0"}, **COMMON}, "release"),
        ({"forkee": {"full_name": "mallory-x/payments-api"}, **COMMON}, "fork"),
        ({"action": "started", **COMMON}, "watch"),
        (
            {"action": "created", "alert": {"number": 3, "secret_type": "aws_access_key_id"}, **COMMON},
            "secret_scanning_alert",
        ),
        ({"action": "edited", "rule": {"name": "main"}, **COMMON}, "branch_protection_rule"),
        (COMMON, "public"),
    ],
)
def test_other_deliveries_are_named_by_shape(body: dict[str, Any], kind: str) -> None:
    assert github_event(body) == kind
    event = post(body)
    assert (event["category"], event["source"]) == ("github", kind)


def test_running_twice_changes_nothing() -> None:
    once = post(PUSH)
    assert (
        GitHubWebhooks().on_event(copy.deepcopy(once), {"received": RECEIVED})["details"] == once["details"]
    )


@pytest.mark.parametrize(
    "body",
    [
        {"sender": "alice-dev", "repository": REPO},
        {"sender": {"login": 5501}, "repository": REPO},
        {"sender": SENDER},
        {"sender": SENDER, "repository": "example-corp/payments-api"},
    ],
)
def test_malformed_deliveries_are_left_alone(body: dict[str, Any]) -> None:
    assert _without_meta(post(body)) == _without_meta(run(body, endpoint="custom", app="github"))


@pytest.mark.parametrize(
    "body",
    [
        {"summary": "build passed", "sender": {"login": "ci-bot"}, "pipeline": {"id": 5}},
        {"summary": "Accepted password for alice from 10.0.0.1 port 4242 ssh2", "processname": "sshd"},
    ],
)
def test_other_sources_are_untouched(body: dict[str, Any]) -> None:
    assert _without_meta(post(body, endpoint="events", app=None)) == _without_meta(run(body))


def _without_meta(event: Event) -> Event:
    return {key: value for key, value in event.items() if key != "mozdef"}
