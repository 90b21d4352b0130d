"""JournalStorage: TinyDB's behaviour, file format, corruption, failed writes, compaction."""

from __future__ import annotations

import copy
import errno
import json
import os
import zlib

import pytest
from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document, Table

from stancemark.store.journal import fileformat
from stancemark.store.journal.errors import (CorruptDatabaseError, DatabaseReadOnlyError, NewerDatabaseError,
                          StoreError, StoreWriteError)
from stancemark.store.journal import JournalStorage, JournalTable, StoreDB

Q = Query()
TABLE_CLASSES = [Table, JournalTable]


def make_db(table_class, *args, **kwargs) -> TinyDB:
    db_class = type("DB", (TinyDB,), {"table_class": table_class})
    return db_class(*args, **kwargs)


def state(db: TinyDB) -> dict:
    """Every table's documents with their ids, in iteration order."""
    return {name: [(d.doc_id, copy.deepcopy(dict(d))) for d in db.table(name).all()]
            for name in sorted(db.tables())}


def plain(result):
    """Make a TinyDB result comparable (Documents carry their id)."""
    if isinstance(result, Document):
        return ("doc", result.doc_id, copy.deepcopy(dict(result)))
    if isinstance(result, list):
        return [plain(r) for r in result]
    return result


def add_tag(tag):
    def transform(doc):
        doc.setdefault("tags", []).append(tag)
    return transform


def boom(doc):
    raise RuntimeError("updater failed half-way")


SCENARIO = [
    lambda db: db.insert({"n": 1, "kind": "a"}),
    lambda db: db.insert_multiple([{"n": i, "kind": "b" if i % 2 else "a"} for i in range(2, 9)]),
    lambda db: db.table("notes").insert({"text": "élan “quoted”", "nested": {"k": [1, 2]}}),
    lambda db: db.table("notes").insert(Document({"text": "fixed id"}, doc_id=10)),
    lambda db: db.table("notes").insert({"text": "after fixed id"}),
    lambda db: db.update({"seen": True}, Q.kind == "b"),
    lambda db: db.update({"n": 100}, doc_ids=[1, 2, 999]),
    lambda db: db.update(add_tag("x"), Q.n > 5),
    lambda db: db.update(add_tag("y"), doc_ids=[8]),
    lambda db: db.update_multiple([({"m": 1}, Q.n == 3), ({"m": 2}, Q.n == 4)]),
    lambda db: db.remove(Q.n == 5),
    lambda db: db.remove(doc_ids=[6, 12345]),
    lambda db: db.upsert({"n": 3, "up": 1}, Q.n == 3),
    lambda db: db.upsert({"n": 42, "up": 2}, Q.n == 42),
    lambda db: db.upsert(Document({"n": 7, "up": 3}, doc_id=7)),
    lambda db: db.upsert(Document({"n": 77}, doc_id=77)),
    lambda db: db.insert({"after": "upsert"}),
    lambda db: db.search(Q.kind == "b"),
    lambda db: db.get(Q.n == 100),
    lambda db: db.get(doc_id=3),
    lambda db: db.get(doc_ids=[3, 4, 404]),
    lambda db: db.contains(Q.up == 2),
    lambda db: db.contains(doc_id=404),
    lambda db: db.count(Q.kind == "a"),
    lambda db: len(db),
    lambda db: [d.doc_id for d in db],
    lambda db: len(db.table("empty", persist_empty=True)),
    lambda db: db.table("scratch").insert_multiple([{"i": i} for i in range(5)]),
    lambda db: db.table("scratch").truncate(),
    lambda db: db.table("scratch").insert({"i": "after truncate"}),
    lambda db: sorted(db.tables()),
    lambda db: db.drop_table("notes"),
    lambda db: db.drop_table("never-existed"),
    lambda db: db.table("notes").insert({"text": "notes recreated"}),
    lambda db: sorted(db.tables()),
    lambda db: db.insert(Document({"dup": True}, doc_id=1)),                 # ValueError
    lambda db: db.insert_multiple([{"ok": 1}, "not a mapping"]),              # ValueError
    lambda db: db.update(boom, Q.kind.exists()),                              # RuntimeError
    lambda db: db.remove(Q.n.test(lambda n: 1 / (n - 4) > 0)),                # ZeroDivisionError
    lambda db: db.remove(Q.n.test(lambda n: n == 4 or 1 / (n - 4) > 0)),      # ZeroDivisionError
    lambda db: db.table("notes").all(),
    lambda db: db.all(),
    lambda db: db.drop_tables(),
    lambda db: sorted(db.tables()),
    lambda db: db.table("fresh").insert({"again": 1}),
    lambda db: db.insert({"default": "again"}),
]


def run(db: TinyDB) -> list:
    results = []
    for step in SCENARIO:
        try:
            results.append(plain(step(db)))
        except (ValueError, RuntimeError, ZeroDivisionError) as exc:
            results.append(("raised", type(exc).__name__))
        results.append(state(db))
    return results


@pytest.mark.parametrize("table_class", TABLE_CLASSES, ids=["Table", "JournalTable"])
def test_tinydb_behaviour_matches_memory_storage(tmp_path, table_class):
    reference = run(make_db(table_class, storage=MemoryStorage))
    path = tmp_path / "db.json"
    db = make_db(table_class, path, storage=JournalStorage)
    assert run(db) == reference
    final = state(db)
    db.close()
    for reopen_class in TABLE_CLASSES:
        reopened = make_db(reopen_class, path, storage=JournalStorage)
        assert state(reopened) == final
        reopened.close()


@pytest.mark.parametrize("table_class", TABLE_CLASSES, ids=["Table", "JournalTable"])
def test_every_step_is_durable_without_close(tmp_path, table_class):
    path = tmp_path / "db.json"
    db = make_db(table_class, path, storage=JournalStorage)
    for step in SCENARIO[:20]:
        step(db)
        expected = state(db)
        reader = make_db(Table, path, storage=JournalStorage, read_only=True)
        assert state(reader) == expected
        reader.close()
    db.close()


def test_stock_table_changes_write_only_the_difference(tmp_path):
    db = make_db(Table, tmp_path / "db.json", storage=JournalStorage)
    db.insert_multiple([{"i": i} for i in range(50)])
    size = os.path.getsize(db.storage.path)
    db.update({"x": 1}, doc_ids=[7])
    assert os.path.getsize(db.storage.path) - size < 60
    db.close()


def test_unserializable_document_changes_nothing(tmp_path):
    db = StoreDB(tmp_path / "db.json")
    table = db.table("t")
    table.insert({"a": 1})
    with pytest.raises(TypeError):
        table.insert({"bad": object()})
    with pytest.raises(TypeError):
        table.update({"bad": {1, 2}}, doc_ids=[1])
    assert [dict(d) for d in table.all()] == [{"a": 1}]
    assert table.insert({"b": 2}) in (2, 3)
    expected = state(db)
    db.close()
    reopened = StoreDB(tmp_path / "db.json")
    assert state(reopened) == expected
    reopened.close()


def test_live_documents_do_not_share_objects_with_the_caller(tmp_path):
    db = StoreDB(tmp_path / "db.json")
    tags = ["a"]
    doc_id = db.insert({"tags": tags})
    tags.append("changed after insert")
    db.get(doc_id=doc_id)["tags"].append("changed in a returned copy")
    assert db.get(doc_id=doc_id)["tags"] == ["a"]
    db.close()


# --- file format --------------------------------------------------------------

def lines(path) -> list[bytes]:
    return open(path, "rb").read().split(b"\n")


def test_file_format_header_snapshot_and_one_line_per_change(tmp_path):
    path = tmp_path / "sub" / "dir" / "db.json"           # missing folders are created
    db = StoreDB(path)
    assert lines(path)[0] == b'{"format": "stancemark-db", "layout": 4}'
    before = len(lines(path))
    db.table("annotations").insert({"quote": "x"})
    db.table("annotations").update({"stance": "pro"}, doc_ids=[1])
    db.drop_table("annotations")
    sealed = [raw.split(b"\t") for raw in lines(path)[before - 1:-1]]
    assert [json.loads(body) for body, _, _ in sealed] == [
        {"t": "annotations", "set": {"1": {"quote": "x"}}},
        {"t": "annotations", "set": {"1": {"quote": "x", "stance": "pro"}}},
        {"drop": "annotations"}]
    assert [int(count) for _, count, _ in sealed] == [2, 2, 1]     # documents after the line
    for body, count, crc in sealed:
        assert crc == b"%08x" % zlib.crc32(body + b"\t" + count)
    db.close()
    assert len(lines(path)) == 3                          # compacted on close: header, snapshot, ""


def test_empty_file_is_a_new_database(tmp_path):
    path = tmp_path / "db.json"
    path.write_bytes(b"")
    db = StoreDB(path)
    assert lines(path)[0].startswith(b'{"format"')
    assert db.tables() == {"_meta"}
    db.close()


def test_path_that_is_a_folder_is_refused(tmp_path):
    with pytest.raises(StoreError, match="is a folder"):
        StoreDB(tmp_path)


def test_unreadable_file_gives_a_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "db.json"
    StoreDB(path).close()

    real_open = os.open

    def denied(file, flags, *args, **kwargs):
        if os.fspath(file) == str(path) and not flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(StoreError, match="Cannot read the database .*Permission denied"):
        StoreDB(path)
    monkeypatch.undo()
    StoreDB(path, read_only=False).close()                # the lock was released


def test_torn_final_line_is_ignored_then_kept_aside_and_cut(tmp_path):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    db.insert({"n": 1})
    db.storage.abandon()                                  # like a crash: no compaction
    good = path.read_bytes()
    torn = b'{"t":"_default","set":{"2":{"n":'
    path.write_bytes(good + torn)

    reader = StoreDB(path, read_only=True)
    assert [d["n"] for d in reader.all()] == [1]
    reader.close()
    assert path.read_bytes() == good + torn               # read-only never touches the file

    db = StoreDB(path)
    assert [d["n"] for d in db.all()] == [1]
    db.insert({"n": 2})
    kept = list(tmp_path.glob("db.json.torn-*"))
    assert len(kept) == 1 and kept[0].read_bytes() == torn
    assert path.read_bytes().startswith(good) and path.read_bytes().endswith(b"\n")
    db.close()
    assert [d["n"] for d in StoreDB(path, read_only=True).all()] == [1, 2]


@pytest.mark.parametrize("damage, line, column", [
    (lambda good: good.replace(b'"n":1}', b'"n":1,}', 1), 3, 35),
    (lambda good: good + b"not json at all\n" + b'{"t":"_default"}\n', 4, 1),
    (lambda good: good + b'{"t":"_default","set":[1]}\n', 4, 1),
    (lambda good: good + b'{"t":"_default","set":{"9":{"q":"\xff"}}}\n', 4, 34),
    (lambda good: good.replace(b'{"snapshot"', b'{"snapshot" x', 1), 2, 13),
])
def test_corrupt_file_names_position_and_is_never_overwritten(tmp_path, damage, line, column):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    db.storage.compact()                                  # leaves a backup
    db.insert({"n": 1})
    db.storage.abandon()
    damaged = damage(path.read_bytes())
    path.write_bytes(damaged)
    with pytest.raises(CorruptDatabaseError) as info:
        StoreDB(path)
    error = info.value
    assert (error.line, error.column) == (line, column)
    assert error.path == str(path) and error.backup == str(path) + ".bak"
    message = str(error)
    assert str(path) in message and f"line {line}, column {column}" in message
    assert "db.json.bak" in message and "To recover" in message
    assert path.read_bytes() == damaged
    StoreDB(path.with_name("other.json")).close()


def test_corrupt_layout1_file_reports_line_and_column(tmp_path):
    path = tmp_path / "db.json"
    path.write_text('{"_default": {\n  "1": {"a": 1},\n  "2": {"a": }\n}}')
    with pytest.raises(CorruptDatabaseError) as info:
        StoreDB(path)
    assert (info.value.line, info.value.column) == (3, 14)
    assert info.value.backup is None and "Move" in str(info.value)


def test_newer_layout_is_refused_without_change(tmp_path):
    path = tmp_path / "db.json"
    content = b'{"format": "stancemark-db", "layout": 9}\n{"snapshot": {}}\n'
    path.write_bytes(content)
    with pytest.raises(NewerDatabaseError, match="layout version 9"):
        StoreDB(path)
    assert path.read_bytes() == content


# --- failed writes --------------------------------------------------------------

def fail_writes(monkeypatch, code=errno.ENOSPC, after_bytes=0):
    """Make os.write fail with ``code`` once ``after_bytes`` more bytes were written."""
    real_write = os.write
    budget = [after_bytes]

    def write(fd, data):
        if budget[0] <= 0:
            raise OSError(code, os.strerror(code))
        written = real_write(fd, bytes(data[:budget[0]]))
        budget[0] -= written
        return written

    monkeypatch.setattr(os, "write", write)


def disk_state(path):
    reader = StoreDB(path, read_only=True)
    try:
        return state(reader)
    finally:
        reader.close()


@pytest.mark.parametrize("after_bytes", [0, 25], ids=["nothing-written", "partial-line"])
def test_disk_full_keeps_change_in_memory_and_retries(tmp_path, monkeypatch, after_bytes):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    table = db.table("annotations")
    table.insert({"n": 1})
    saved = disk_state(path)
    size = path.stat().st_size

    fail_writes(monkeypatch, errno.ENOSPC, after_bytes)
    with pytest.raises(StoreWriteError) as info:
        table.insert({"n": 2})
    assert isinstance(info.value.reason, OSError) and info.value.reason.errno == errno.ENOSPC
    assert "No space left" in str(info.value) and "kept in memory" in str(info.value)
    assert [d["n"] for d in table.all()] == [1, 2]        # the app keeps showing it
    assert db.storage.pending_count == 1
    with pytest.raises(StoreWriteError):
        table.update({"n": 20}, doc_ids=[2])              # merged with the pending change
    with pytest.raises(StoreWriteError):
        db.storage.flush_pending()
    assert db.storage.pending_count == 1
    assert path.stat().st_size == size and disk_state(path) == saved

    monkeypatch.undo()
    db.storage.flush_pending()
    assert db.storage.pending_count == 0
    assert disk_state(path) == state(db)
    assert [d["n"] for d in table.all()] == [1, 20]
    db.close()


def test_next_successful_save_writes_pending_changes_first(tmp_path, monkeypatch):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    fail_writes(monkeypatch)
    with pytest.raises(StoreWriteError):
        db.insert({"n": 1})
    with pytest.raises(StoreWriteError):
        db.drop_table("_meta")
    monkeypatch.undo()
    db.insert({"n": 2})
    assert db.storage.pending_count == 0
    assert disk_state(path) == state(db) == {"_default": [(1, {"n": 1}), (2, {"n": 2})]}
    db.close()


def test_permission_denied_on_open_for_append(tmp_path, monkeypatch):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    db.storage.abandon()
    db = StoreDB(path)                                    # the append handle opens lazily
    real_open = os.open

    def denied(file, flags, *args, **kwargs):
        if os.fspath(file) == str(path) and flags & os.O_APPEND:
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(file, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(StoreWriteError, match="Permission denied"):
        db.insert({"n": 1})
    with pytest.raises(StoreWriteError):
        db.close()                                        # refuses to lose the change
    monkeypatch.undo()
    db.close()
    assert disk_state(path)["_default"] == [(1, {"n": 1})]


def test_close_can_discard_unsaveable_changes(tmp_path, monkeypatch):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    fail_writes(monkeypatch, errno.EROFS)
    with pytest.raises(StoreWriteError, match="Read-only file system"):
        db.insert({"n": 1})
    db.storage.close(discard_pending=True)
    monkeypatch.undo()
    assert "_default" not in disk_state(path)


def test_failed_compaction_keeps_the_journal_valid(tmp_path, monkeypatch, caplog):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    db.storage.compact_min_bytes = 1000

    def no_rename(*args):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(os, "replace", no_rename)
    for i in range(20):
        db.insert({"n": i, "pad": "x" * 100})             # compaction fails, saves succeed
    assert "compacting" in caplog.text
    assert not list(tmp_path.glob("*.tmp"))
    monkeypatch.undo()
    assert disk_state(path) == state(db)
    db.close()
    assert disk_state(path) == state(StoreDB(path, read_only=True))


def test_read_only_database_refuses_changes(tmp_path):
    path = tmp_path / "db.json"
    StoreDB(path).close()
    db = StoreDB(path, read_only=True)
    assert db.storage.read_only and "opened read-only on request" in db.storage.read_only_reason
    with pytest.raises(DatabaseReadOnlyError, match="opened read-only"):
        db.insert({"n": 1})
    with pytest.raises(DatabaseReadOnlyError):
        db.drop_tables()
    assert len(db) == 0
    db.close()


# --- compaction -----------------------------------------------------------------

def test_compaction_keeps_backup_and_bounded_size(tmp_path):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    db.storage.compact_min_bytes = 4096
    table = db.table("annotations")
    for i in range(300):
        table.insert({"i": i, "quote": "some sentence of an article " * 3})
        if i % 3 == 0:
            table.update({"stance": "against"}, doc_ids=[i // 2 + 1])
        if i % 5 == 0:
            table.remove(doc_ids=[i // 3 + 1])
    assert path.with_name("db.json.bak").exists()
    plain_json = len(json.dumps(db.storage.read()))
    assert path.stat().st_size < 2 * plain_json
    expected = state(db)
    assert "annotations" in disk_state(path.with_name("db.json.bak"))
    db.close()
    assert disk_state(path) == expected
    assert not list(tmp_path.glob("*.tmp")) and not list(tmp_path.glob("*.new"))


def test_crash_inside_compaction_leaves_no_shared_backup(tmp_path):
    path = tmp_path / "db.json"
    db = StoreDB(path)
    db.insert({"n": 1})
    db.storage.abandon()
    backup = tmp_path / "db.json.bak"
    os.link(path, backup)                  # killed after keeping the backup, before the rename
    db = StoreDB(path)
    assert not os.path.samefile(path, backup) and backup.read_bytes() == path.read_bytes()
    db.insert({"n": 2})
    assert [d["n"] for d in db.all()] == [1, 2]
    assert [d["n"] for d in StoreDB(backup, read_only=True).all()] == [1]
    db.close()


def test_journal_format_record_helpers_round_trip():
    tables: dict = {"a": {"1": {"x": 1}}}
    line = fileformat.record([
        fileformat.table_op("a", {"2": fileformat.encode_doc({"y": "é"})}, ["1"]),
        fileformat.drop_op("b"),
        fileformat.table_op("c", {}, []),
    ])
    fileformat._apply_record(tables, json.loads(line))
    assert tables == {"a": {"2": {"y": "é"}}, "c": {}}
