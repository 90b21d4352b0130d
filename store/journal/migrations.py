"""Data-schema versions of a stancemark database and how to upgrade them.

The schema version lives in table ``_meta`` as document 1: ``{"schema": N}``.
A database without it predates versioning and holds schema 1 (the first
release); a database without any table is new and gets ``SCHEMA_VERSION``.
To change the shape of stored documents, bump ``SCHEMA_VERSION`` and register
``STEPS[old_version] = fn`` where ``fn(db)`` upgrades the data by one version.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from tinydb import TinyDB
from tinydb.table import Document

from .errors import NewerDatabaseError, StoreError

SCHEMA_VERSION = 2
META_TABLE = "_meta"
FIRST_SCHEMA = 1
log = logging.getLogger(__name__)


def _nlp_cache_out(db: TinyDB) -> None:
    """1 -> 2: cached NLP results leave the database for the user cache directory."""
    from stancemark.store.cache import move_table_out  # the store knows where the cache is

    move_table_out(db)


#: ``{from_version: step}``; each step upgrades the data to ``from_version + 1``
STEPS: dict[int, Callable[[TinyDB], None]] = {1: _nlp_cache_out}


def recorded_version(db: TinyDB) -> int | None:
    """The schema version written in the database, or None if none is recorded."""
    if META_TABLE not in db.tables():
        return None
    meta = db.table(META_TABLE).get(doc_id=1)
    if meta is None:
        return None
    version = meta.get("schema")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise StoreError(f"The database {_path(db)} records an invalid schema version "
                         f"{version!r} in table {META_TABLE}.", _path(db))
    return version


def schema_version(db: TinyDB) -> int:
    """The schema version of the data: recorded, or implied by the database's age."""
    version = recorded_version(db)
    if version is not None:
        return version
    return FIRST_SCHEMA if db.tables() else SCHEMA_VERSION


def migrate(db: TinyDB, steps: dict[int, Callable[[TinyDB], None]] | None = None,
            target: int = SCHEMA_VERSION) -> int:
    """Upgrade ``db`` to schema ``target`` and record it; return the resulting version.

    Before running steps, a copy of the database is saved next to it as
    ``<path>.schema<N>.bak``; after them the file is compacted, so what the steps removed
    leaves it at once, and ``<path>.bak`` becomes that same copy (a second name, not a second
    copy of the old file). A read-only database is checked but not changed.
    Raises ``NewerDatabaseError`` if the data is newer than ``target``.
    """
    steps = STEPS if steps is None else steps
    version = schema_version(db)
    if version > target:
        raise NewerDatabaseError(_path(db), "data schema", version, target)
    if getattr(db.storage, "read_only", False):
        return version
    if version < target:
        missing = [v for v in range(version, target) if v not in steps]
        if missing:
            raise StoreError(f"No migration step from schema {missing[0]} to "
                             f"{missing[0] + 1} for {_path(db)}; the file was not changed.",
                             _path(db))
        save_copy = getattr(db.storage, "save_copy", None)
        kept = f"{_path(db)}.schema{version}.bak"
        if save_copy is not None:
            save_copy(kept)
        while version < target:
            steps[version](db)
            version += 1
            _record(db, version)
        if save_copy is not None:
            _compact(db, kept)
    elif recorded_version(db) is None:
        _record(db, version)
    return version


def _compact(db: TinyDB, kept: str) -> None:
    compact = getattr(db.storage, "compact", None)
    if compact is None:
        return
    try:
        compact(backup=kept)
    except StoreError as exc:  # the upgraded data is in the journal all the same
        log.warning("compacting %s after its upgrade failed: %s", _path(db), exc)


def _record(db: TinyDB, version: int) -> None:
    db.table(META_TABLE).upsert(Document({"schema": version}, doc_id=1))


def _path(db: TinyDB) -> str:
    return getattr(db.storage, "path", "the database")
