"""Archives of the OpenSearch store: one snapshot per daily index in a snapshot repository.

The repository (``MOZDEF_ARCHIVE_REPOSITORY``) is registered on the cluster by its operators (an
``fs`` location listed in ``path.repo``, or S3 and the like through a plugin); MozDef only checks
that it exists. The same rules as the embedded archives hold, with OpenSearch's own checks:

* create: snapshot ``mozdef-<family>-YYYYMMDD-<created>`` of the one index, waited for, whose
  metadata records the family, day and the index's event count; it is accepted only in state
  ``SUCCESS`` with no failed shard and a count equal to the live index's after the snapshot;
* prune: the newest such snapshot must be ``SUCCESS`` with the count the live index has now;
* restore: into ``restoring-<index>`` with writes blocked, counted against the metadata, then cloned
  to the index's own name (so it is searchable only once checked), writes unblocked, staging deleted.

Snapshots are read back as :class:`~.manifest.Manifest` (``file`` is ``snapshot:<repo>/<name>``,
``sha256`` empty: OpenSearch checks snapshot files itself). Needs a server: tested only when
``MOZDEF_TEST_OPENSEARCH_URL`` is set.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, Final

from opensearchpy import AsyncOpenSearch
from opensearchpy.exceptions import NotFoundError, TransportError

from mozdef_common.archive.archiver import DayStatus, Progress
from mozdef_common.archive.days import archive_id, check_family, day_count, store_days, today_utc
from mozdef_common.archive.errors import ArchiveCorrupt, ArchiveError, ArchiveNotFound, ArchiveRefused
from mozdef_common.archive.manifest import Manifest
from mozdef_common.event import utc_iso
from mozdef_common.store import EventStore
from mozdef_common.store.opensearch_settings import OpenSearchConfig
from mozdef_common.store.opensearch_template import index_name

log = logging.getLogger(__name__)
PREFIX: Final = "mozdef-"
STAGING: Final = "restoring-"


class SnapshotArchiver:
    """The :class:`~.archiver.Archiver` operations over an OpenSearch snapshot repository."""

    def __init__(
        self,
        store: EventStore,
        config: OpenSearchConfig,
        repository: str,
        *,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        self.store = store
        self.config = config
        self.repository = repository
        self._client = AsyncOpenSearch(**config.client_kwargs())
        self._clock = clock or (lambda: datetime.now(UTC))

    async def close(self) -> None:
        await self._client.close()

    async def days(self) -> list[DayStatus]:
        live = await store_days(self.store)
        archived = {(m.family, date.fromisoformat(m.day)): m for m in await self.snapshots()}
        keys = sorted(set(live) | set(archived), key=lambda k: (k[1], k[0]))
        return [DayStatus(f, d, live.get((f, d), 0), archived.get((f, d))) for f, d in keys]

    async def snapshots(self) -> list[Manifest]:
        """The newest successful snapshot of every family's day."""
        answer = await self._call(
            "listing snapshots", self._client.snapshot.get, repository=self.repository, snapshot=f"{PREFIX}*"
        )
        newest: dict[str, Manifest] = {}
        for snap in sorted(answer.get("snapshots") or [], key=lambda s: s.get("start_time_in_millis", 0)):
            manifest = self._manifest(snap)
            if manifest is not None and snap.get("state") == "SUCCESS":
                newest[manifest.id] = manifest
        return sorted(newest.values(), key=lambda m: (m.day, m.family))

    async def manifest(self, family: str, day: date) -> Manifest:
        ident = archive_id(check_family(family), day)
        for manifest in await self.snapshots():
            if manifest.id == ident:
                return manifest
        raise ArchiveNotFound(f"no snapshot of {family} on {day} in {self.repository}", archive=ident)

    async def create(self, family: str, day: date, progress: Progress | None = None) -> Manifest:
        ident = archive_id(check_family(family), day)
        if day >= today_utc(self._clock()):
            raise ArchiveRefused(f"{day} is not over yet: only past days are archived", archive=ident)
        await self._call(
            "reading the repository", self._client.snapshot.get_repository, repository=self.repository
        )
        index = index_name(self.config.index_prefix, family, day)
        live = await day_count(self.store, family, day)
        if live == 0:
            raise ArchiveRefused(f"the store holds no {family} on {day}: nothing to archive", archive=ident)
        created = self._clock()
        name = f"{PREFIX}{ident}-{created:%Y%m%d%H%M%S}"
        body = {
            "indices": index,
            "include_global_state": False,
            "metadata": {
                "family": family,
                "day": day.isoformat(),
                "index": index,
                "count": live,
                "created": utc_iso(created),
            },
        }
        if progress is not None:
            progress("snapshot", 0, live)
        answer = await self._call(
            f"snapshotting {index}",
            self._client.snapshot.create,
            repository=self.repository,
            snapshot=name,
            body=body,
            params={"wait_for_completion": "true"},
        )
        snap = answer.get("snapshot") or {}
        failed = (snap.get("shards") or {}).get("failed", 0)
        now_live = await day_count(self.store, family, day)
        if snap.get("state") != "SUCCESS" or failed or now_live != live:
            raise ArchiveRefused(
                f"snapshot {name} is {snap.get('state')} with {failed} failed shards, the index holds "
                f"{now_live} events where {live} were recorded: not accepted",
                archive=ident,
            )
        if progress is not None:
            progress("snapshot", live, live)
        manifest = self._manifest(snap)
        if manifest is None:
            raise ArchiveCorrupt(f"snapshot {name} came back without its metadata", archive=ident)
        return manifest

    async def prune(self, family: str, day: date, *, force: bool = False) -> int:
        ident = archive_id(check_family(family), day)
        live = await day_count(self.store, family, day)
        if not force and live:
            try:
                manifest = await self.manifest(family, day)
            except ArchiveNotFound:
                raise ArchiveRefused(
                    f"{ident} has no snapshot: create one first (or force the prune to lose the day)",
                    archive=ident,
                ) from None
            if manifest.count != live:
                raise ArchiveRefused(
                    f"{ident} holds {live} events, its snapshot {manifest.count}: snapshot it again first",
                    archive=ident,
                )
        return await self.store.drop_day(family, day)

    async def restore(self, family: str, day: date, progress: Progress | None = None) -> Manifest:
        manifest = await self.manifest(family, day)
        if await day_count(self.store, family, day):
            raise ArchiveRefused(
                f"{manifest.id} is in the store already: prune it first", archive=manifest.id
            )
        index = manifest.index
        staging = f"{STAGING}{index}"
        snapshot = manifest.file.rpartition("/")[2]
        await self._delete(staging)  # left by a restore that failed
        await self._call(
            f"restoring {snapshot}",
            self._client.snapshot.restore,
            repository=self.repository,
            snapshot=snapshot,
            body={
                "indices": index,
                "include_global_state": False,
                "include_aliases": False,
                "rename_pattern": "(.+)",
                "rename_replacement": f"{STAGING}$1",
                "index_settings": {"index.blocks.write": True},
            },
            params={"wait_for_completion": "true"},
        )
        try:
            counted = await self._call("counting", self._client.count, index=staging)
            if int(counted.get("count", -1)) != manifest.count:
                raise ArchiveCorrupt(
                    f"{snapshot} restored {counted.get('count')} events where {manifest.count} were recorded",
                    archive=manifest.id,
                )
            if progress is not None:
                progress("restore", manifest.count, manifest.count)
            await self._call(f"cloning to {index}", self._client.indices.clone, index=staging, target=index)
            await self._call(
                f"unblocking {index}",
                self._client.indices.put_settings,
                index=index,
                body={"index": {"blocks": {"write": None}}},
            )
        finally:
            await self._delete(staging)
        return manifest.model_copy(update={"restored": utc_iso(self._clock())})

    def _manifest(self, snap: dict[str, Any]) -> Manifest | None:
        meta = snap.get("metadata") or {}
        name = str(snap.get("snapshot", ""))
        try:
            family, day, index = str(meta["family"]), str(meta["day"]), str(meta["index"])
            return Manifest(
                id=archive_id(family, date.fromisoformat(day)),
                family=family,
                day=day,
                index=index,
                file=f"snapshot:{self.repository}/{name}",
                count=int(meta["count"]),
                sha256="",
                bytes=0,
                created=str(meta.get("created", "")),
                verified=str(meta.get("created", "")) or None,
            )
        except (KeyError, ValueError, TypeError):
            log.warning("snapshot %s has no MozDef metadata: skipped", name)
            return None

    async def _delete(self, index: str) -> None:
        try:
            await self._client.indices.delete(index=index)
        except NotFoundError:
            pass
        except TransportError as exc:
            raise ArchiveError(f"cannot delete {index}: {exc}") from None

    async def _call(self, doing: str, method: Callable[..., Any], **kwargs: Any) -> Any:
        try:
            return await method(**kwargs)
        except NotFoundError as exc:
            raise ArchiveNotFound(f"{doing}: not found in {self.config.safe_url}: {exc.error}") from None
        except TransportError as exc:
            raise ArchiveError(
                f"{doing} failed on {self.config.safe_url}: HTTP {exc.status_code} {exc.error}"
            ) from None
