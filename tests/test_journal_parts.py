"""Long values on part lines (file layout 4): compressed, read from the file only when asked
for, checked by their checksum at open like every line, and kept through changes, compactions,
a replaced file and the conversion of a layout-3 file."""

from __future__ import annotations

import base64
import json
import os
import zlib

import pytest
from tinydb import Query

from stancemark.store.journal import StoreDB, fileformat
from stancemark.store.journal.errors import CorruptDatabaseError, DatabaseReplacedError
from stancemark.store.journal.migrations import SCHEMA_VERSION


def text(n: int) -> str:
    return f"Paragraph {n}.\n\n" + "The minister said that the talks would resume soon. " * 50


DOCS = [{"n": n, "title": f"title {n}", "text": text(n), "tags": [n]} for n in range(1, 6)]


def make(path) -> None:
    db = StoreDB(path)
    db.insert_multiple(DOCS)
    db.storage.compact()
    db.close()


def lines(path) -> list[bytes]:
    return path.read_bytes().split(b"\n")


def body(line: bytes) -> dict:
    return json.loads(line.split(b"\t")[0])


def test_long_values_are_compressed_on_lines_of_their_own(tmp_path):
    path = tmp_path / "db.json"
    make(path)
    found = lines(path)
    snapshot = body(found[1])
    assert snapshot["parts"] == {"_default": {str(n): ["text"] for n in range(1, 6)}}
    assert snapshot["snapshot"]["_default"]["1"] == {"n": 1, "title": "title 1", "tags": [1]}
    part = body(found[2])
    assert (part["t"], part["id"]) == ("_default", "1")
    assert json.loads(zlib.decompress(base64.b64decode(part["part"]))) == {"text": text(1)}
    assert path.stat().st_size < sum(len(d["text"]) for d in DOCS) / 2
    db = StoreDB(path, read_only=True)
    assert db.all() == DOCS
    assert db.search(Query().text.search("Paragraph 3"))[0]["n"] == 3
    db.close()


def test_short_values_are_read_without_the_file_and_long_ones_when_asked(tmp_path, monkeypatch):
    path = tmp_path / "db.json"
    make(path)
    reads = []
    real_pread = os.pread
    monkeypatch.setattr(os, "pread", lambda fd, n, at: reads.append(at) or real_pread(fd, n, at))
    db = StoreDB(path)
    live = db.storage.live_table("_default")
    assert [live[i]["title"] for i in live] == [d["title"] for d in DOCS] and reads == []
    assert live["1"].get("url", "") == "" and sorted(live["1"]) == sorted(DOCS[0]) and reads == []
    assert db.get(doc_id=2)["text"] == text(2) and len(reads) == 1
    db.insert({"n": 6, "title": "title 6", "text": text(6)})
    db.storage.compact()                       # the new document's text goes to the file too
    reads.clear()
    assert live[str(6)]["title"] == "title 6" and reads == []
    assert db.get(doc_id=6)["text"] == text(6) and len(reads) == 1
    db.close()


def test_changes_to_documents_read_from_the_file_are_saved_and_compacted(tmp_path):
    path = tmp_path / "db.json"
    make(path)
    db = StoreDB(path)
    db.update({"title": "changed"}, doc_ids=[2])
    db.update(lambda doc: doc["tags"].append(9), Query().n == 3)   # reads every document
    db.remove(doc_ids=[4])
    db.insert({"n": 6, "text": text(6)})
    expected = [dict(d) for d in db.all()]
    assert [d["n"] for d in expected] == [1, 2, 3, 5, 6]
    assert expected[1]["title"] == "changed" and expected[2]["tags"] == [3, 9]
    db.close()
    for _ in range(2):                         # as saved, then as compacted
        db = StoreDB(path)
        assert db.all() == expected
        db.storage.compact()
        db.close()
    assert list(body(lines(path)[1])["parts"]["_default"]) == ["1", "2", "3", "5", "6"]


def test_a_failed_update_leaves_documents_read_from_the_file_as_they_were(tmp_path):
    path = tmp_path / "db.json"
    make(path)
    db = StoreDB(path)

    def boom(doc):
        doc["text"] = "half-way"
        raise RuntimeError("updater failed half-way")

    with pytest.raises(RuntimeError):
        db.update(boom, doc_ids=[1])
    assert db.all() == DOCS
    db.close()
    assert StoreDB(path, read_only=True).all() == DOCS


@pytest.mark.parametrize("read_only", [None, True])
def test_a_changed_byte_in_a_part_line_is_found_at_open_and_named(tmp_path, read_only):
    path = tmp_path / "db.json"
    make(path)
    found = lines(path)
    at = found[3].index(b'"part":"') + 20
    found[3] = found[3][:at] + (b"B" if found[3][at:at + 1] == b"A" else b"A") + found[3][at + 1:]
    damaged = b"\n".join(found)
    path.write_bytes(damaged)
    with pytest.raises(CorruptDatabaseError) as info:
        StoreDB(path, read_only=read_only)
    message = str(info.value)
    assert info.value.line == 4 and "checksum does not match" in message
    assert "db.json.bak" in message and "delete line" not in message   # it is no change
    assert path.read_bytes() == damaged


def test_a_changed_byte_in_a_change_after_the_part_lines_is_named_with_its_repair(tmp_path):
    path = tmp_path / "db.json"
    make(path)
    db = StoreDB(path)
    db.update({"title": "changed"}, doc_ids=[2])
    db.storage.abandon()
    damaged = path.read_bytes().replace(b'"changed"', b'"chanGed"')
    path.write_bytes(damaged)
    with pytest.raises(CorruptDatabaseError) as info:
        StoreDB(path)
    assert info.value.line == 8 and "delete line 8" in str(info.value)
    assert path.read_bytes() == damaged


@pytest.mark.parametrize("damage, line, detail", [
    (lambda found: found[:6] + found[7:], 7, "the file ends before the 5 part lines"),
    (lambda found: found[:3] + found[2:3] + found[4:], 4, "not the part line of document '2'"),
])
def test_part_lines_that_do_not_match_the_snapshot_are_named(tmp_path, damage, line, detail):
    path = tmp_path / "db.json"
    make(path)
    path.write_bytes(b"\n".join(damage(lines(path))))
    with pytest.raises(CorruptDatabaseError) as info:
        StoreDB(path, read_only=True)
    assert info.value.line == line and detail in str(info.value)
    assert "delete line" not in str(info.value)


def test_a_part_that_cannot_be_unpacked_is_named_when_its_document_is_read(tmp_path):
    """Its checksum matches (another program wrote it): only reading that document finds it."""
    path = tmp_path / "db.json"
    make(path)
    found = lines(path)
    part = body(found[3])
    part["part"] = base64.b64encode(b"not zlib").decode()
    found[3] = fileformat.seal(json.dumps(part, separators=(",", ":")).encode(), 6)[:-1]
    path.write_bytes(b"\n".join(found))
    db = StoreDB(path, read_only=True)
    assert db.get(doc_id=1)["text"] == text(1)
    with pytest.raises(CorruptDatabaseError) as info:
        db.get(doc_id=2)
    assert info.value.line == 4 and "cannot be unpacked" in str(info.value)
    db.close()


def test_a_layout3_file_is_read_as_it_is_then_converted(tmp_path):
    path = tmp_path / "db.json"
    tables = {"_meta": {"1": {"schema": SCHEMA_VERSION}},
              "_default": {str(d["n"]): d for d in DOCS}}
    layout3 = (b'{"format": "stancemark-db", "layout": 3}\n' + fileformat.seal(
        b'{"snapshot":' + json.dumps(tables, separators=(",", ":")).encode() + b"}", 6))
    path.write_bytes(layout3)
    reader = StoreDB(path, read_only=True)
    assert reader.all() == DOCS
    reader.close()
    assert path.read_bytes() == layout3
    db = StoreDB(path)
    assert db.all() == DOCS
    db.close()
    assert (tmp_path / "db.json.layout3.bak").read_bytes() == layout3
    assert json.loads(lines(path)[0]) == {"format": "stancemark-db", "layout": 4}
    assert len(body(lines(path)[1])["parts"]["_default"]) == 5
    assert StoreDB(path, read_only=True).all() == DOCS


def test_long_values_are_still_read_once_the_file_was_replaced(tmp_path):
    path = tmp_path / "db.json"
    make(path)
    db = StoreDB(path)
    other = StoreDB(tmp_path / "other.json")
    other.insert({"n": 100})
    other.close()
    os.replace(tmp_path / "other.json", path)
    with pytest.raises(DatabaseReplacedError):
        db.insert({"n": 7})
    assert [d["text"] for d in db.all()[:5]] == [d["text"] for d in DOCS]
    db.storage.close(discard_pending=True)


def test_compactions_do_not_keep_the_files_they_replaced_open(tmp_path):
    path = tmp_path / "db.json"
    make(path)
    db = StoreDB(path)
    open_files = len(os.listdir("/proc/self/fd"))
    for n in range(4):
        db.update({"title": f"version {n}"}, doc_ids=[1])
        db.storage.compact()
    assert len(os.listdir("/proc/self/fd")) == open_files
    assert db.get(doc_id=1)["text"] == text(1) and db.get(doc_id=1)["title"] == "version 3"
    db.close()
