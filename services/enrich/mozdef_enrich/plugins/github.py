"""GitHubWebhooks: GitHub webhook deliveries mapped to the event schema.

Deliveries are posted to ``/custom/github`` (the body becomes ``details``) or relayed to ``/events``
(the body's keys land in ``details`` too). The ``X-GitHub-Event`` header does not travel with the body,
so the event is told by its shape (:func:`github_event`): ``push``, ``pull_request``,
``pull_request_review``, ``pull_request_review_comment``, ``issues``, ``issue_comment``, ``create``,
``delete``, ``member``, ``membership``, ``organization``, ``team``, ``team_add``, ``deploy_key``,
``repository``, ``public``, ``release``, ``fork``, ``star``, ``watch``, ``ping``, ``installation``,
``deployment``, ``deployment_status``, ``workflow_run``, ``workflow_job``, ``branch_protection_rule``,
``secret_scanning_alert`` / ``code_scanning_alert`` / ``dependabot_alert``, else ``unknown``. Any body
with a ``sender`` that has a ``login`` and a ``repository``, ``organization``, ``enterprise`` or
``installation`` object, or a ``hook_id``, is taken for a delivery.

It sets, in ``details``:

* ``githubevent`` (the name above), ``action`` (the body's, kept), ``sender`` (the login),
  ``repo`` (``owner/name``), ``repo_private`` (bool), ``org`` (the organization's login);
* by event: ``commit_count``, ``pusher``, ``head_commit_id`` for pushes (``ref`` and ``forced`` are GitHub's);
  ``pr_number``, ``pr_title``, ``pr_state``, ``pr_merged``, ``pr_author``, ``pr_base``, ``pr_head``;
  ``member`` (the login) and ``permission``; ``team`` (the slug) and ``team_permission``;
  ``key_title``, ``key_read_only``; ``issue_number``, ``issue_title``; ``ref_type``; ``release_tag``;
  ``membership_user``, ``membership_role``, ``invitation_login``;

and ``category`` = ``github``, ``source`` = the GitHub event (as MozDef's GitHub plugin did),
``hostname`` = the host of the repository's or organization's web address (``github.com`` or a
GitHub Enterprise host), ``utctimestamp`` from the delivery's own time where it has one (the head
commit's, the pull request's or issue's update, the comment's or key's creation, the release's
publication; others keep the receive time: deliveries are sent as things happen), tags ``github``
and the event name, and a readable summary: ``"<sender> <event>[ <action>] on <repo or org>: <what>"``.

The body's objects stay in ``details``; where a flat field takes an object's key (``sender``,
``member``, ``pusher``, ``team``), the object moves to ``<key>_object``. A body that is not shaped
like a delivery is left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Final
from urllib.parse import urlsplit

from mozdef_common.types import Event
from mozdef_enrich.timestamps import parse_time_iso

CATEGORY: Final = "github"
_ALERT_KINDS: Final = {"secret_type": "secret_scanning_alert", "rule": "code_scanning_alert"}


def _has(details: Mapping[str, Any], *keys: str) -> bool:
    return all(key in details for key in keys)


def _is_object(details: Mapping[str, Any], key: str) -> bool:
    return isinstance(details.get(key), dict)


# (event, test) in order: the first whose test passes names the delivery.
_SHAPES: Final[tuple[tuple[str, Callable[[Mapping[str, Any]], bool]], ...]] = (
    ("ping", lambda d: _has(d, "zen", "hook_id")),
    ("push", lambda d: _has(d, "ref", "before", "after") and isinstance(d.get("commits"), list)),
    ("pull_request_review", lambda d: _is_object(d, "pull_request") and _is_object(d, "review")),
    ("pull_request_review_comment", lambda d: _is_object(d, "pull_request") and _is_object(d, "comment")),
    ("pull_request", lambda d: _is_object(d, "pull_request")),
    ("issue_comment", lambda d: _is_object(d, "issue") and _is_object(d, "comment")),
    ("issues", lambda d: _is_object(d, "issue")),
    ("create", lambda d: _has(d, "ref", "ref_type", "master_branch")),
    ("delete", lambda d: _has(d, "ref", "ref_type")),
    ("membership", lambda d: _is_object(d, "member") and _is_object(d, "team")),
    ("member", lambda d: _is_object(d, "member")),
    ("organization", lambda d: _is_object(d, "organization") and ("membership" in d or "invitation" in d)),
    ("team_add", lambda d: _is_object(d, "team") and "action" not in d),
    ("team", lambda d: _is_object(d, "team")),
    ("deploy_key", lambda d: _is_object(d, "key")),
    ("release", lambda d: _is_object(d, "release")),
    ("fork", lambda d: _is_object(d, "forkee")),
    ("deployment_status", lambda d: _is_object(d, "deployment_status")),
    ("deployment", lambda d: _is_object(d, "deployment")),
    ("workflow_run", lambda d: _is_object(d, "workflow_run")),
    ("workflow_job", lambda d: _is_object(d, "workflow_job")),
    ("branch_protection_rule", lambda d: _is_object(d, "rule")),
    ("alert", lambda d: _is_object(d, "alert")),
    ("star", lambda d: "starred_at" in d),
    ("watch", lambda d: d.get("action") == "started"),
    ("installation", lambda d: _is_object(d, "installation") and "repositories" in d),
    ("organization", lambda d: _is_object(d, "organization") and "repository" not in d and "action" in d),
    ("repository", lambda d: _is_object(d, "repository") and "action" in d),
    ("public", lambda d: _is_object(d, "repository")),
)
# Where each event keeps its own time, in order of preference.
_TIMES: Final = {
    "push": (("head_commit", "timestamp"),),
    "pull_request": (("pull_request", "updated_at"),),
    "pull_request_review": (("review", "submitted_at"),),
    "pull_request_review_comment": (("comment", "updated_at"),),
    "issues": (("issue", "updated_at"),),
    "issue_comment": (("comment", "updated_at"),),
    "deploy_key": (("key", "created_at"),),
    "release": (("release", "published_at"), ("release", "created_at")),
    "workflow_run": (("workflow_run", "updated_at"),),
    "alert": (("alert", "updated_at"), ("alert", "created_at")),
}


class GitHubWebhooks:
    name = "github"
    priority = 10
    registration = ("details.sender.login",)

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        details = event["details"]
        kind = github_event(details)
        if kind is None:
            return event
        received = meta.get("received")
        when = _time(kind, details, received) if isinstance(received, datetime) else None
        found = _common(details)
        found.update(_specific(kind, details))
        for key in ("sender", "member", "pusher", "team"):
            if key in found and isinstance(details.get(key), dict):
                details[key + "_object"] = details.pop(key)
        details.update(found)
        details["githubevent"] = kind
        event["category"] = CATEGORY
        event["source"] = kind
        host = _host(details)
        if host:
            event["hostname"] = host
        if when is not None:
            event["utctimestamp"] = event["timestamp"] = when
        event["summary"] = _summary(kind, details)
        for tag in (CATEGORY, kind):
            if tag not in event["tags"]:
                event["tags"].append(tag)
        return event


def github_event(details: Mapping[str, Any]) -> str | None:
    """The webhook event a body is (``push``, ``member`` …), or ``None`` when it is not a delivery."""
    sender = details.get("sender")
    if not isinstance(sender, dict) or not isinstance(sender.get("login"), str):
        return None
    about = ("repository", "organization", "enterprise", "installation")
    if not any(_is_object(details, key) for key in about) and "hook_id" not in details:
        return None
    for kind, test in _SHAPES:
        if test(details):
            if kind == "alert":
                alert = details["alert"]
                found = next((name for key, name in _ALERT_KINDS.items() if key in alert), None)
                return found or "dependabot_alert"
            return kind
    return "unknown"


def _get(obj: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _put(found: dict[str, Any], key: str, value: Any, kinds: type | tuple[type, ...] = str) -> None:
    if isinstance(value, kinds) and value != "":
        found[key] = value


def _common(details: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    _put(found, "sender", _get(details, "sender", "login"))
    _put(found, "repo", _get(details, "repository", "full_name"))
    _put(found, "repo_private", _get(details, "repository", "private"), bool)
    _put(found, "org", _get(details, "organization", "login"))
    return found


def _specific(kind: str, details: Mapping[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = {}
    if kind == "push":
        commits = details.get("commits")
        found["commit_count"] = len(commits) if isinstance(commits, list) else 0
        _put(found, "pusher", _get(details, "pusher", "name"))
        _put(found, "head_commit_id", _get(details, "head_commit", "id"))
    elif kind.startswith("pull_request"):
        pr = details.get("pull_request")
        _put(found, "pr_number", _get(pr, "number"), int)
        _put(found, "pr_title", _get(pr, "title"))
        _put(found, "pr_state", _get(pr, "state"))
        _put(found, "pr_merged", _get(pr, "merged"), bool)
        _put(found, "pr_author", _get(pr, "user", "login"))
        _put(found, "pr_base", _get(pr, "base", "ref"))
        _put(found, "pr_head", _get(pr, "head", "ref"))
    elif kind in ("issues", "issue_comment"):
        _put(found, "issue_number", _get(details, "issue", "number"), int)
        _put(found, "issue_title", _get(details, "issue", "title"))
    elif kind in ("member", "membership"):
        _put(found, "member", _get(details, "member", "login"))
        _put(found, "permission", _get(details, "changes", "permission", "to"))
    elif kind == "organization":
        _put(found, "membership_user", _get(details, "membership", "user", "login"))
        _put(found, "membership_role", _get(details, "membership", "role"))
        _put(found, "invitation_login", _get(details, "invitation", "login"))
    elif kind == "deploy_key":
        _put(found, "key_title", _get(details, "key", "title"))
        _put(found, "key_read_only", _get(details, "key", "read_only"), bool)
    elif kind == "release":
        _put(found, "release_tag", _get(details, "release", "tag_name"))
    if kind in ("team", "team_add", "membership"):
        _put(found, "team", _get(details, "team", "slug") or _get(details, "team", "name"))
        _put(found, "team_permission", _get(details, "team", "permission"))
    return found


def _host(details: Mapping[str, Any]) -> str | None:
    for path in (("repository", "html_url"), ("organization", "url"), ("sender", "html_url")):
        url = _get(details, *path)
        if isinstance(url, str):
            try:
                host = urlsplit(url).hostname
            except ValueError:
                continue
            if host:
                # The organization's "url" is the API's: api.github.com stands for github.com.
                return host.removeprefix("api.") if host == "api.github.com" else host
    return None


def _time(kind: str, details: Mapping[str, Any], received: datetime) -> str | None:
    for path in _TIMES.get(kind, ()):
        value = _get(details, *path)
        if isinstance(value, str):
            when = parse_time_iso(value, received)
            if when is not None:
                return when
    return None


def _summary(kind: str, details: Mapping[str, Any]) -> str:
    target = details.get("repo") or details.get("org") or "GitHub"
    action = details.get("action")
    head = f"{details.get('sender')} {kind}"
    if isinstance(action, str) and action:
        head += f" {action}"
    head += f" on {target}"
    what = _what(kind, details)
    return f"{head}: {what}" if what else head


def _what(kind: str, details: Mapping[str, Any]) -> str:
    if kind == "push":
        count = details.get("commit_count", 0)
        forced = " (forced)" if details.get("forced") is True else ""
        return f"{count} commit{'s' if count != 1 else ''} to {details.get('ref')}{forced}"
    if kind.startswith("pull_request") and "pr_number" in details:
        merged = " (merged)" if details.get("pr_merged") is True else ""
        return f"#{details['pr_number']} {details.get('pr_title', '')}{merged}".rstrip()
    if kind in ("issues", "issue_comment") and "issue_number" in details:
        return f"#{details['issue_number']} {details.get('issue_title', '')}".rstrip()
    if kind in ("member", "membership") and "member" in details:
        team = f" in team {details['team']}" if "team" in details else ""
        return f"{details['member']}{team}"
    if kind == "organization":
        return str(details.get("membership_user") or details.get("invitation_login") or "")
    if kind in ("team", "team_add") and "team" in details:
        return f"team {details['team']}"
    if kind == "deploy_key" and "key_title" in details:
        mode = "read-only" if details.get("key_read_only") is True else "read-write"
        return f"deploy key {details['key_title']} ({mode})"
    if kind in ("create", "delete"):
        return f"{details.get('ref_type')} {details.get('ref')}"
    if kind == "release" and "release_tag" in details:
        return str(details["release_tag"])
    return ""
