"""Layout 1 (plain TinyDB JSON) is converted; the data schema is versioned and migrated."""

from __future__ import annotations

import json

import pytest
from tinydb import Query, TinyDB
from tinydb.storages import JSONStorage
from tinydb.table import Document

from stancemark.store.journal.errors import NewerDatabaseError, StoreError
from stancemark.store.journal import lock as journal_lock
from stancemark.store.journal import StoreDB
from stancemark.store.journal.migrations import META_TABLE, SCHEMA_VERSION, migrate, schema_version


def make_layout1(path) -> dict:
    """A database as the first release wrote it: stock TinyDB with JSONStorage."""
    db = TinyDB(path, storage=JSONStorage)
    articles = db.table("articles")
    articles.insert_multiple([{"id": f"art{i}", "title": f"Title {i} — “quoted”"} for i in range(5)])
    annotations = db.table("annotations")
    annotations.insert_multiple([{"id": f"a{i}", "article_id": "art1", "start": i, "end": i + 4,
                                 "stance": "support"} for i in range(10)])
    annotations.remove(doc_ids=[2, 5])                          # ids with gaps survive
    annotations.insert(Document({"id": "explicit"}, doc_id=40))
    db.table("nlp_cache").insert({"article": "art1", "result": {"sentences": [[0, 10]]}})
    db.insert({"in": "default table"})
    expected = {name: {d.doc_id: dict(d) for d in db.table(name).all()} for name in db.tables()}
    db.close()
    return expected


def contents(db) -> dict:
    return {name: {d.doc_id: dict(d) for d in db.table(name).all()}
            for name in db.tables() if name != META_TABLE}


def test_layout1_file_is_converted_with_backup_and_schema_recorded(tmp_path):
    path = tmp_path / "annotations.json"
    expected = make_layout1(path)
    original = path.read_bytes()
    assert original.startswith(b"{") and b"stancemark-db" not in original

    db = StoreDB(path)
    del expected["nlp_cache"]                                   # schema 2 moves it out
    assert contents(db) == expected
    assert db.table(META_TABLE).get(doc_id=1) == {"schema": SCHEMA_VERSION}
    db.table("annotations").insert({"id": "new"})
    db.close()

    assert (tmp_path / "annotations.json.layout1.bak").read_bytes() == original
    assert json.loads(path.read_bytes().split(b"\n")[0]) == {"format": "stancemark-db", "layout": 4}
    reopened = StoreDB(path)
    assert schema_version(reopened) == SCHEMA_VERSION
    assert reopened.table("annotations").get(doc_id=41) == {"id": "new"}
    after = contents(reopened)
    del after["annotations"][41]
    assert after == expected
    reopened.close()


def test_layout1_file_opened_read_only_is_read_but_not_converted(tmp_path):
    path = tmp_path / "db.json"
    expected = make_layout1(path)
    original = path.read_bytes()
    db = StoreDB(path, read_only=True)
    assert contents(db) == expected and schema_version(db) == 1
    db.close()
    assert path.read_bytes() == original
    assert not (tmp_path / "db.json.layout1.bak").exists()


def test_empty_layout1_file_converts(tmp_path):
    path = tmp_path / "db.json"
    path.write_text("{}")
    db = StoreDB(path)
    assert db.tables() == {META_TABLE}
    db.close()


def test_new_database_records_current_schema(tmp_path):
    db = StoreDB(tmp_path / "new.json")
    assert db.table(META_TABLE).all() == [{"schema": SCHEMA_VERSION}]
    assert migrate(db) == SCHEMA_VERSION                        # idempotent
    assert len(db.table(META_TABLE)) == 1
    db.close()


def test_registered_steps_run_in_order_with_a_backup(tmp_path):
    path = tmp_path / "db.json"
    make_layout1(path)
    db = StoreDB(path)
    now = SCHEMA_VERSION
    calls = []

    def first(db):
        calls.append(1)
        db.table("annotations").update({"holder": ""})

    def second(db):
        calls.append(2)
        db.table("annotations").update(lambda doc: doc.update(stance=doc["stance"].upper()),
                                       Query().stance.exists())

    assert migrate(db, steps={now + 1: second, now: first}, target=now + 2) == now + 2
    assert calls == [1, 2]
    assert all(d["stance"] == "SUPPORT" and d["holder"] == ""
               for d in db.table("annotations") if "stance" in d)
    assert db.table(META_TABLE).get(doc_id=1) == {"schema": now + 2}
    backup = StoreDB(tmp_path / f"db.json.schema{now}.bak", read_only=True)
    assert schema_version(backup) == now
    assert backup.table("annotations").get(doc_id=1)["stance"] == "support"
    backup.close()
    db.close()


def test_missing_step_is_a_clear_error(tmp_path):
    db = StoreDB(tmp_path / "db.json")
    now = SCHEMA_VERSION
    with pytest.raises(StoreError, match=f"No migration step from schema {now} to {now + 1}"):
        migrate(db, steps={}, target=now + 1)
    assert schema_version(db) == now
    db.close()


def test_newer_schema_is_refused_and_the_lock_released(tmp_path):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    db.table(META_TABLE).upsert(Document({"schema": SCHEMA_VERSION + 1}, doc_id=1))
    db.close()
    content = path.read_bytes()
    with pytest.raises(NewerDatabaseError, match=f"data schema version {SCHEMA_VERSION + 1}"):
        StoreDB(path)
    assert path.read_bytes() == content
    lock = journal_lock.acquire(str(path), required=True)      # not held any more
    lock.lock.release()
    with pytest.raises(NewerDatabaseError):
        StoreDB(path, read_only=True)
