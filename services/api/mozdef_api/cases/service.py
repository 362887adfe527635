"""The cases service: every change to an incident or investigation goes through :class:`Cases`.

HTTP handlers and other code (escalating an alert into an incident) call the same methods, so each
change is checked the same way and leaves the same trail: a timeline entry with the field-level
diff, an audit record and a change published to connected analysts, in that order, after the write.

Concurrency: edits of a case's fields and items carry the version the caller read and raise
:class:`~mozdef_common.errors.ConflictError` holding the current case when it is stale. Appends
(:meth:`Cases.add_item`) need no version: they re-read and retry until they land.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Mapping, Sequence
from typing import Any, Final

from fastapi import FastAPI

from mozdef_api.auth import Principal
from mozdef_api.cases.diff import diff
from mozdef_api.cases.edit import NOT_DIFFED, apply_changes, new_case, new_item, phase_move, public
from mozdef_api.cases.items import LISTS, MAX_ITEMS, ItemList, merged
from mozdef_api.cases.journal import Journal
from mozdef_api.cases.kinds import KINDS, KindName
from mozdef_api.cases.model import Case, CaseChanges, CaseFields, NoteFields
from mozdef_api.cases.validation import refuse, validated
from mozdef_api.notify import notify
from mozdef_common.errors import ConflictError, NotFoundError
from mozdef_common.event import utcnow_iso
from mozdef_common.state import Collection, Document
from mozdef_common.state.query import Sort, Where

Actor = Principal | str | None
APPEND_ATTEMPTS: Final = 100  # each round of racing appends lands at least one: enough for any burst


def _name(actor: Actor) -> str | None:
    return actor.actor if isinstance(actor, Principal) else actor


def shown(doc: Document) -> Document:
    """``doc`` as every reader gets it (HTTP, 409 answers, the change feed): the Case shape, in full."""
    case: Document = Case.model_validate(public(doc)).model_dump(mode="json", by_alias=True)
    return case


class Cases:
    """Incidents or investigations (``kind``) on ``app.state.state``, with timeline, audit and changes."""

    def __init__(self, app: FastAPI, kind: KindName) -> None:
        self.app = app
        self.kind = KINDS[kind]
        self.state = app.state.state
        self.cases: Collection = self.state.collection(self.kind.collection)
        self.journal = Journal(self.state, self.kind)

    async def create(
        self,
        fields: Mapping[str, Any] | CaseFields,
        actor: Actor,
        source: str | None = None,
        *,
        case_id: str | None = None,
    ) -> Document:
        """Open a case from ``fields`` (see :class:`~mozdef_api.cases.model.CaseFields`); the new case.

        ``case_id`` makes the creation idempotent: when a case with that id exists already (a retry
        after a crash, say), it is answered as it is and nothing is written.
        """
        checked = validated(CaseFields, fields).model_dump(mode="json")
        if case_id is not None:
            with contextlib.suppress(NotFoundError):
                return await self.get(case_id)
        number = await self.state.increment(self.kind.counter)
        now = utcnow_iso()
        new = new_case(checked, number=number, ref=self.kind.ref(number), creator=_name(actor), now=now)
        if case_id is not None:
            new["id"] = case_id
        try:
            doc = await self.cases.insert(new)
        except ConflictError:
            if case_id is None:
                raise
            return await self.get(case_id)  # created meanwhile by the same retry elsewhere
        given = {k: v for k, v in public(doc).items() if v not in (None, "", [], {})}
        await self._trail(
            doc, actor, source, action="created", op="created", changes=diff({}, given, ignore=NOT_DIFFED)
        )
        return shown(doc)

    async def get(self, case_id: str) -> Document:
        """The case; NotFoundError when there is none."""
        return shown(await self.cases.get(case_id))

    async def find(
        self, where: Where | None = None, *, sort: Sort | None = None, limit: int = 50, offset: int = 0
    ) -> tuple[int, list[Document]]:
        """``(total, page)`` of the cases matching ``where`` (the state store's filter language)."""
        total, docs = await self.cases.find(where, sort=sort, limit=limit, offset=offset)
        return total, [shown(doc) for doc in docs]

    async def update(
        self,
        case_id: str,
        changes: Mapping[str, Any] | CaseChanges,
        *,
        version: int,
        actor: Actor,
        source: str | None = None,
    ) -> Document:
        """Change the case's own fields (:class:`~mozdef_api.cases.model.CaseChanges`) at ``version``."""
        checked = validated(CaseChanges, changes).model_dump(mode="json", exclude_unset=True)
        before = await self._at(case_id, version)
        after = await self._store(case_id, apply_changes(before, checked, now=utcnow_iso()), version)
        move = phase_move(before, after)
        await self._trail(
            after,
            actor,
            source,
            action="updated",
            op="updated",
            changes=diff(before, after, ignore=NOT_DIFFED),
            details={"phase": move} if move else None,
        )
        return shown(after)

    async def delete(
        self, case_id: str, *, actor: Actor, source: str | None = None, version: int | None = None
    ) -> None:
        """Delete the case (its notes and timeline stay, the deletion recorded on the timeline)."""
        before = await self._at(case_id, version) if version is not None else await self.cases.get(case_id)
        await self.cases.delete(case_id)
        await self._trail(before, actor, source, action="deleted", op="deleted", data=None)

    async def add_item(
        self, case_id: str, list_name: str, item: Mapping[str, Any], actor: Actor, source: str | None = None
    ) -> Document:
        """Append ``item`` to the case's ``list_name`` list; the case after the append.

        No version: the append re-reads the case and retries when someone else wrote in between.
        """
        spec = self._list(list_name)
        added = new_item(
            validated(spec.fields, item).model_dump(mode="json"), author=_name(actor), now=utcnow_iso()
        )
        for attempt in range(APPEND_ATTEMPTS):
            doc = await self.cases.get(case_id)
            items = doc.get(list_name, [])
            if len(items) >= MAX_ITEMS:
                raise refuse(("path", "list_name"), f"{list_name} holds {MAX_ITEMS} items already", list_name)
            try:
                after = await self.cases.update(case_id, {list_name: [*items, added]}, version=doc["version"])
                break
            except ConflictError:
                await asyncio.sleep(random.uniform(0, 0.001 * (attempt + 1)))  # spread the retries out
        else:
            raise ConflictError(
                f"could not append to {list_name}: the case kept changing",
                current=doc["version"],
                document=shown(doc),
            )
        await self._trail(
            after,
            actor,
            source,
            action="item.added",
            op="appended",
            sub=list_name,
            data=added,
            list_name=list_name,
            item_id=added["id"],
            changes=[{"field": f"{list_name}.{added['id']}", "before": None, "after": added}],
        )
        return shown(after)

    async def update_item(
        self,
        case_id: str,
        list_name: str,
        item_id: str,
        changes: Mapping[str, Any],
        *,
        version: int,
        actor: Actor,
        source: str | None = None,
    ) -> Document:
        """Change one item (fields as in the list's ``…Changes`` model) at the case's ``version``."""
        spec = self._list(list_name)
        delta = validated(spec.changes, {**changes, "version": version}).model_dump(
            mode="json", exclude_unset=True
        )
        delta.pop("version", None)
        before = await self._at(case_id, version)
        items, index = self._item(before, list_name, item_id)
        fields = validated(spec.fields, merged(items[index], delta)).model_dump(mode="json")
        kept: dict[str, Any] = {
            key: items[index][key] for key in ("id", "author", "added") if key in items[index]
        }
        items[index] = {**fields, **kept}
        return await self._item_changed(
            before, list_name, item_id, items, version, actor, source, "item.updated"
        )

    async def remove_item(
        self,
        case_id: str,
        list_name: str,
        item_id: str,
        *,
        version: int,
        actor: Actor,
        source: str | None = None,
    ) -> Document:
        """Remove one item at the case's ``version``; the case after."""
        self._list(list_name)
        before = await self._at(case_id, version)
        items, index = self._item(before, list_name, item_id)
        del items[index]
        return await self._item_changed(
            before, list_name, item_id, items, version, actor, source, "item.removed"
        )

    async def add_note(self, case_id: str, text: str, actor: Actor, source: str | None = None) -> Document:
        """Add a note (its own document: never conflicts with edits); the note."""
        checked = validated(NoteFields, {"text": text})
        case = await self.cases.get(case_id)
        note = await self.journal.add_note(case_id, checked.text, author=_name(actor))
        await self._trail(
            case,
            actor,
            source,
            action="note.added",
            op="appended",
            sub="notes",
            data=note,
            item_id=note["id"],
            changes=[{"field": f"notes.{note['id']}", "before": None, "after": note["text"]}],
        )
        return note

    async def notes(self, case_id: str, *, limit: int = 100, offset: int = 0) -> tuple[int, list[Document]]:
        return await self._page(self.journal.notes, case_id, limit, offset)

    async def timeline(
        self, case_id: str, *, limit: int = 100, offset: int = 0
    ) -> tuple[int, list[Document]]:
        """The case's changes, oldest first; kept (and readable) after the case is deleted."""
        return await self._page(self.journal.timeline, case_id, limit, offset)

    async def _page(
        self, collection: Collection, case_id: str, limit: int, offset: int
    ) -> tuple[int, list[Document]]:
        total, docs = await self.journal.page(collection, case_id, limit=limit, offset=offset)
        if total == 0:
            await self.cases.get(case_id)  # nothing yet, or no such case: say which
        return total, docs

    def _list(self, list_name: str) -> ItemList:
        spec = LISTS.get(list_name)
        if spec is None:
            raise refuse(
                ("path", "list_name"),
                f"a case has no list {list_name!r}: one of {', '.join(LISTS)}",
                list_name,
            )
        return spec

    @staticmethod
    def _item(case: Document, list_name: str, item_id: str) -> tuple[list[dict[str, Any]], int]:
        items = [dict(item) for item in case.get(list_name, [])]
        for index, item in enumerate(items):
            if item.get("id") == item_id:
                return items, index
        raise NotFoundError(f"{case.get('ref', case['id'])} has no item {item_id!r} in {list_name}")

    async def _item_changed(
        self,
        before: Document,
        list_name: str,
        item_id: str,
        items: list[dict[str, Any]],
        version: int,
        actor: Actor,
        source: str | None,
        action: str,
    ) -> Document:
        after = await self._store(before["id"], {list_name: items}, version)
        await self._trail(
            after,
            actor,
            source,
            action=action,
            op="updated",
            list_name=list_name,
            item_id=item_id,
            changes=diff(before, after, ignore=NOT_DIFFED),
        )
        return shown(after)

    async def _at(self, case_id: str, version: int) -> Document:
        """The case, if it is still at ``version``; ConflictError carrying it otherwise."""
        doc = await self.cases.get(case_id)
        if doc["version"] != version:
            raise self._conflict(doc, version)
        return doc

    async def _store(self, case_id: str, changes: Mapping[str, Any], version: int) -> Document:
        try:
            return await self.cases.update(case_id, changes, version=version)
        except ConflictError:  # changed between our read and our write: answer with the case as it is now
            raise self._conflict(await self.cases.get(case_id), version) from None

    def _conflict(self, current: Document, version: int) -> ConflictError:
        return ConflictError(
            f"{current.get('ref', current['id'])} is at version {current['version']}, not {version}: "
            "someone changed it since you read it",
            current=current["version"],
            document=shown(current),
        )

    async def _trail(
        self,
        case: Document,
        actor: Actor,
        source: str | None,
        *,
        action: str,
        op: str,
        changes: Sequence[Mapping[str, Any]] = (),
        data: Mapping[str, Any] | bool | None = True,
        sub: str | None = None,
        list_name: str | None = None,
        item_id: str | None = None,
        details: Mapping[str, Any] | None = None,
    ) -> None:
        """Record a change that is durable: timeline, audit log, then the change feed."""
        entity, version = self.kind.entity, case.get("version")
        entry = await self.journal.record(
            case["id"],
            actor=_name(actor),
            action=action,
            version=version,
            changes=changes,
            list_name=list_name,
            item_id=item_id,
            details=details,
        )
        audit_details: dict[str, Any] = {"ref": case.get("ref"), "version": version}
        audit_details["fields"] = [change["field"] for change in changes]
        if details:
            audit_details.update(details)
        await self.app.state.audit.record(
            f"{entity}.{action}",
            actor=actor,
            source=source,
            target=f"{entity}/{case['id']}",
            details=audit_details,
        )
        payload = shown(case) if data is True else data if isinstance(data, Mapping) else None
        await notify(
            self.app,
            entity=entity,
            op=op,
            id=case["id"],
            version=version,
            actor=_name(actor),
            data=payload,
            sub=sub,
        )
        await notify(
            self.app,
            entity=entity,
            op="appended",
            id=case["id"],
            version=version,
            actor=_name(actor),
            data=entry,
            sub="timeline",
        )
