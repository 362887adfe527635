"""``/api/v1/rules``: list, read, create, change, switch on or off, delete and dry-run detection rules.

Viewers read; changes need the admin role and are audited (``rule.create``, ``rule.update``,
``rule.enable``, ``rule.disable``, ``rule.delete``). API-managed rules and the overrides of built-in and
file rules live in the state store's ``rules`` collection (:mod:`mozdef_alerter.stored_rules`), which
the alerter merges at its next reload. Built-in and file rules are only switched on or off here: their
text belongs to the pack and the rules folder.

Changes carry the ``version`` the client read (0 for a rule the API has stored nothing about yet); a
stale one answers 409 with the current version.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, HTTPException, Query, Request, Response, status
from fastapi.responses import JSONResponse

from mozdef_alerter import stored_rules
from mozdef_alerter.scheduled.dry_run import dry_run
from mozdef_alerter.scheduled.runs import COLLECTION as RUNS
from mozdef_api.audit import source_of
from mozdef_api.auth import Principal, requires
from mozdef_api.rules.catalog import Catalog, Entry, gather
from mozdef_api.rules.models import DryRunBody, DryRunResult, LoadError, RuleList, RuleView
from mozdef_api.rules.validate import Problem, RuleInvalid, Submitted, read_body, read_yaml, validate
from mozdef_common.accounts import Action
from mozdef_common.errors import ConflictError, NotFoundError
from mozdef_common.state import Collection, Document

router = APIRouter(prefix="/api/v1/rules", tags=["rules"], dependencies=[Depends(requires(Action.READ))])
Admin = Annotated[Principal, Depends(requires(Action.ADMIN))]
_INVALID: dict[int | str, dict[str, Any]] = {
    400: {"description": "The rule is not readable YAML or JSON (the line is named)."},
    422: {"description": "The rule does not validate: every problem with its field and line."},
}
_RULE_BODY = Body(
    description='A rule in the rule-file shape of docs/rules.md, or {"yaml": "<the rule as YAML>"}.',
    examples=[
        {
            "id": "ssh-root-login",
            "name": "SSH login as root",
            "type": "match",
            "query": "tags:sshd AND details.action:accepted AND details.username:root",
        },
        {"yaml": "id: ssh-root-login\nname: SSH login as root\ntype: match\nquery: 'details.username:root'"},
    ],
)
_PAGE = 500


def _rules(request: Request) -> Collection:
    collection: Collection = request.app.state.state.collection(stored_rules.COLLECTION)
    return collection


async def _catalog(request: Request) -> Catalog:
    return await gather(request.app.state.settings, request.app.state.state)


async def _entry(request: Request, rule_id: str) -> tuple[Catalog, Entry]:
    catalog = await _catalog(request)
    entry = catalog.entries.get(rule_id)
    if entry is None:
        raise NotFoundError(f"no rule with id {rule_id!r}")
    return catalog, entry


async def _runs(request: Request, rule_id: str | None = None) -> dict[str, Document]:
    collection: Collection = request.app.state.state.collection(RUNS)
    if rule_id is not None:
        try:
            return {rule_id: await collection.get(rule_id)}
        except NotFoundError:
            return {}
    out: dict[str, Document] = {}
    while True:
        total, page = await collection.find(limit=_PAGE, offset=len(out), sort=[("id", 1)])
        out.update((str(d["id"]), d) for d in page)
        if not page or len(out) >= total:
            return out


@router.get("", response_model=RuleList, summary="Every rule, with its source, state and last runs")
async def list_rules(
    request: Request,
    source: Annotated[str | None, Query(pattern="^(builtin|file|api)$")] = None,
    type: Annotated[str | None, Query(max_length=32, description="match, threshold, … or sigma.")] = None,
    enabled: bool | None = None,
) -> RuleList:
    catalog = await _catalog(request)
    runs = await _runs(request)
    views = [
        RuleView.of(entry, runs.get(rule_id))
        for rule_id, entry in sorted(catalog.entries.items())
        if (source is None or entry.source == source)
        and (type is None or entry.rule.rule_type == type)
        and (enabled is None or entry.enabled == enabled)
    ]
    return RuleList(total=len(views), rules=views, errors=[LoadError.of(e) for e in catalog.errors])


@router.get("/{rule_id}", response_model=RuleView, summary="One rule")
async def read(request: Request, rule_id: str) -> RuleView:
    _, entry = await _entry(request, rule_id)
    return RuleView.of(entry, (await _runs(request, rule_id)).get(rule_id))


@router.post(
    "",
    response_model=RuleView,
    status_code=status.HTTP_201_CREATED,
    summary="Create a rule (JSON in the rule-file shape, or YAML)",
    responses={**_INVALID, 409: {"description": "A rule with that id exists (built-in, file or API)."}},
)
async def create(
    request: Request, body: Annotated[dict[str, Any], _RULE_BODY], principal: Admin
) -> RuleView | JSONResponse:
    try:
        submitted = read_body(body, await request.body())
        rule = validate(submitted)
    except RuleInvalid as exc:
        return JSONResponse(exc.as_json(), status_code=exc.status)
    catalog = await _catalog(request)
    if rule.id in catalog.entries:
        taken = catalog.entries[rule.id]
        raise ConflictError(f"rule {rule.id!r} exists already ({taken.rule.origin})", current=taken.version)
    document = await _rules(request).insert(
        {
            "id": rule.id,
            "kind": stored_rules.RULE,
            "rule": submitted.data,
            "yaml": submitted.yaml,
            "author": principal.actor,
        }
    )
    await _audit(request, "rule.create", principal, rule.id, {"type": rule.type, "enabled": rule.enabled})
    return RuleView.of(Entry(stored_rules.build_stored(document), "api", document), None)


@router.patch(
    "/{rule_id}",
    response_model=RuleView,
    summary="Change a rule, or switch it on or off",
    description=(
        'Send the `version` you read and what changes: `{"version": 3, "enabled": false}` for any rule; '
        'for API-managed rules also rule-file keys to replace (null removes one) or `{"yaml": "…"}` '
        "for the whole rule. Built-in and file rules may only be switched on or off (an override)."
    ),
    responses={**_INVALID, 409: {"description": "Stale version: the current one is in the answer."}},
)
async def change(
    request: Request, rule_id: str, body: Annotated[dict[str, Any], Body()], principal: Admin
) -> RuleView | JSONResponse:
    changes = dict(body)
    version = changes.pop("version", None)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        return _refuse(422, "version: the version you read (an integer, 0 before any change)", "version")
    if not changes:
        return _refuse(422, "nothing to change: send enabled, rule keys or yaml", "rule")
    _, entry = await _entry(request, rule_id)
    if entry.source != "api":
        return await _override(request, entry, changes, version, principal)
    try:
        submitted = _edited(entry, changes)
        rule = validate(submitted, rule_id)
    except RuleInvalid as exc:
        return JSONResponse(exc.as_json(), status_code=exc.status)
    update = {"rule": submitted.data, "yaml": submitted.yaml}
    document = await _rules(request).update(rule_id, update, version=version)
    action = _action(entry.enabled, rule.enabled, set(changes))
    await _audit(request, action, principal, rule_id, {"fields": sorted(changes)})
    return RuleView.of(Entry(stored_rules.build_stored(document), "api", document), None)


@router.delete(
    "/{rule_id}",
    status_code=status.HTTP_204_NO_CONTENT,
    summary="Delete an API-managed rule",
    responses={400: {"description": "A built-in or file rule: switch it off instead."}},
)
async def delete(request: Request, rule_id: str, principal: Admin) -> Response:
    _, entry = await _entry(request, rule_id)
    if entry.source != "api":
        raise HTTPException(
            status.HTTP_400_BAD_REQUEST,
            detail=f"rule {rule_id!r} is a {entry.source} rule ({entry.rule.origin}): "
            "only API-managed rules are deleted here; switch it off with PATCH enabled=false",
        )
    await _rules(request).delete(rule_id)
    await _audit(request, "rule.delete", principal, rule_id)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.post(
    "/{rule_id}/dry-run",
    response_model=DryRunResult,
    summary="What the rule would have alerted over the last N hours (nothing is published)",
    responses={400: {"description": "A rule type not evaluated over the store, or too many windows."}},
)
async def dry_run_rule(request: Request, rule_id: str, body: DryRunBody | None = None) -> DryRunResult:
    hours = (body or DryRunBody()).hours
    _, entry = await _entry(request, rule_id)
    try:
        alerts = await dry_run(request.app.state.store, entry.rule, hours)
    except ValueError as exc:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(exc)) from None
    return DryRunResult(rule_id=rule_id, hours=hours, total=len(alerts), alerts=alerts)


async def _override(
    request: Request, entry: Entry, changes: dict[str, Any], version: int, principal: Principal
) -> RuleView | JSONResponse:
    """Switch a built-in or file rule on or off: the only change their owners allow here."""
    others = sorted(set(changes) - {"enabled"})
    if others or not isinstance(changes.get("enabled"), bool):
        where = "the built-in pack" if entry.source == "builtin" else "its file"
        reason = (
            f"{entry.source} rule {entry.rule.id!r} may only be switched on or off (enabled: true/false); "
            f"{', '.join(others) or 'enabled'}: change it in {where} ({entry.rule.origin}), "
            "or create a copy under a new id"
        )
        return _refuse(422, reason, others[0] if others else "enabled")
    enabled: bool = changes["enabled"]
    rules = _rules(request)
    if entry.document is None:
        if version != 0:
            raise ConflictError(f"rule {entry.rule.id!r} has no stored change yet", current=0)
        override = {"id": entry.rule.id, "kind": stored_rules.OVERRIDE, "enabled": enabled}
        document = await rules.insert(override)
    else:
        document = await rules.update(entry.rule.id, {"enabled": enabled}, version=version)
    await _audit(request, "rule.enable" if enabled else "rule.disable", principal, entry.rule.id)
    runs = (await _runs(request, entry.rule.id)).get(entry.rule.id)
    return RuleView.of(Entry(entry.rule, entry.source, document), runs)


def _edited(entry: Entry, changes: dict[str, Any]) -> Submitted:
    """The stored rule with ``changes`` applied: a whole new YAML text, or keys replaced."""
    if "yaml" in changes:
        if len(changes) > 1:
            raise RuleInvalid(422, "send yaml alone: it replaces the whole rule")
        return read_yaml(changes["yaml"])
    assert entry.document is not None  # an API-managed rule always has its document
    data = dict(entry.document["rule"])
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return Submitted(data, None, lambda loc: None)


def _action(was: bool, now: bool, fields: set[str]) -> str:
    if fields == {"enabled"} and was != now:
        return "rule.enable" if now else "rule.disable"
    return "rule.update"


def _refuse(code: int, reason: str, field: str) -> JSONResponse:
    return JSONResponse(RuleInvalid(code, reason, [Problem(field, None, reason)]).as_json(), status_code=code)


async def _audit(
    request: Request, action: str, principal: Principal, rule_id: str, details: dict[str, Any] | None = None
) -> None:
    await request.app.state.audit.record(
        action, actor=principal, source=source_of(request), target=f"rule/{rule_id}", details=details
    )
