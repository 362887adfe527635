"""The embedded state store's schema, as numbered migrations tracked in ``PRAGMA user_version``.

Step *n* takes a database from version *n - 1* to *n*. Steps only ever get appended: a data dir is
migrated at start, in one transaction with the version bump, so a crash leaves it at the old version
and the next start retries. Step 1 is the schema from before versioning (``CREATE ... IF NOT EXISTS``,
so a data dir written then, still at user_version 0, passes through it unchanged). A data dir written
by a newer MozDef (a version above :data:`LATEST`) is refused rather than misread.
"""

from __future__ import annotations

import sqlite3

from mozdef_common.errors import StoreUnavailableError

MIGRATIONS: tuple[tuple[str, ...], ...] = (
    # 1: documents, found newest first.
    (
        """CREATE TABLE IF NOT EXISTS documents (
            collection TEXT NOT NULL,
            id TEXT NOT NULL,
            version INTEGER NOT NULL,
            updated TEXT NOT NULL,
            body BLOB NOT NULL,
            PRIMARY KEY (collection, id)
        )""",
        "CREATE INDEX IF NOT EXISTS documents_by_updated ON documents (collection, updated)",
    ),
    # 2: named counters (incident numbers and the like).
    ("CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID",),
)
LATEST = len(MIGRATIONS)


def schema_version(db: sqlite3.Connection) -> int:
    version: int = db.execute("PRAGMA user_version").fetchone()[0]
    return version


def migrate(db: sqlite3.Connection, where: object) -> int:
    """Bring ``db`` (autocommit connection) to :data:`LATEST`; the version it was at before."""
    # IMMEDIATE takes the write lock before reading the version: two processes starting on one data
    # dir cannot both run a step.
    db.execute("BEGIN IMMEDIATE")
    try:
        found = schema_version(db)
        if found > LATEST:
            raise StoreUnavailableError(
                f"state store {where} is at schema version {found}, written by a newer MozDef; "
                f"this one knows versions up to {LATEST}: upgrade MozDef to use this data dir"
            )
        for number in range(found + 1, LATEST + 1):
            for statement in MIGRATIONS[number - 1]:
                db.execute(statement)
        if found != LATEST:
            db.execute(f"PRAGMA user_version = {LATEST}")  # a PRAGMA takes no parameters; LATEST is ours
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")
    return found
