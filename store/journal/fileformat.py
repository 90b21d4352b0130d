"""On-disk format of a stancemark database.

Layout 4 (current) is line-oriented UTF-8 JSON, one object per line; every line after the
header ends with a tab, the number of documents in the database after that line, a tab, and
the CRC-32 (8 hex digits) of everything before that last tab::

    {"format": "stancemark-db", "layout": 4}
    {"snapshot": {"<table>": {"<doc id>": {...document...}}},
     "parts": {"<table>": {"<doc id>": ["<key>", ...]}}}\t<documents>\t<crc32>
    {"t": "<table>", "id": "<doc id>", "part": "<base64>"}\t<documents>\t<crc32>
    {"t": "<table>", "set": {"<doc id>": {...}}, "del": ["<doc id>", ...]}\t<documents>\t<crc32>
    {"drop": "<table>"}\t<documents>\t<crc32>
    {"ops": [<change>, <change>, ...]}\t<documents>\t<crc32>

The snapshot line holds every document, except the long values of some (an article's text):
those are on part lines right after it, one for each document that "parts" names with the
keys of its long values, in that order ("parts" is left out when there are none), and are read
only when asked for (see ``parts``). Every line after them is one committed change (several
tables at once use ``ops``). A final line without a newline is a torn write that was never
acknowledged and is ignored. A line whose checksum does not match (a changed byte) makes the
file corrupt, named by line. The document count is a hint: it tells how much a file holds from
its last bytes (to decide which backup to keep) and is not checked on load, so deleting a
damaged change line stays a repair.

Older layouts are read and converted when opened for writing: layout 3 is layout 4 without
part lines; layout 2 is layout 3 without the count and checksum; layout 1 is the plain TinyDB
JSON file written by ``tinydb.JSONStorage`` (the first released layout).
"""

from __future__ import annotations

import gc
import io
import json
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import BinaryIO

from .errors import CorruptDatabaseError, NewerDatabaseError
from .lines import copy_json, encode_doc, encode_str, parse_line, seal, unseal
from .parts import Apart, PartReader, Split, packed, split

FORMAT = "stancemark-db"
LAYOUT = 4
HEADER = json.dumps({"format": FORMAT, "layout": LAYOUT}).encode() + b"\n"
_COUNTED = {json.dumps({"format": FORMAT, "layout": n}).encode() + b"\n" for n in (3, LAYOUT)}


def has_containers(doc) -> bool:
    """Whether ``doc`` holds lists or dicts (which a shallow copy would share), or is read from
    the file on each access (an ``Apart``)."""
    if isinstance(doc, Apart):
        return True
    for value in doc.values():
        if isinstance(value, (dict, list)):
            return True
    return False


def copy_doc(doc) -> dict:
    """Return a copy of ``doc`` that shares no mutable value with it."""
    if isinstance(doc, Apart):
        return doc.load()
    return copy_json(doc) if has_containers(doc) else doc.copy()


def count_records(tables: dict) -> int:
    """How many documents ``tables`` hold."""
    return sum(len(docs) for docs in tables.values())


@dataclass
class Snapshot:
    """A database written as one snapshot: ``data`` is the whole file (header, snapshot line,
    part lines); each of ``parts`` is the table, document id, stub and long keys of a
    document with a part line, and where in ``data`` that line is (offset, size)."""

    data: bytes
    parts: list[tuple[str, str, dict, tuple[str, ...], int, int]]


def snapshot(tables: dict) -> Snapshot:
    """The snapshot of ``tables``: long values on part lines (copied as they are in the file
    for documents not read yet, compressed for the others)."""
    records = count_records(tables)
    encoded, listed, lines, placed = [], [], [], []
    for name, docs in tables.items():
        items, apart = [], []
        for doc_id, doc in docs.items():
            piece = (Split(doc.stub, encode_doc(doc.stub), doc.keys_apart, doc.body())
                     if isinstance(doc, Apart) else split(name, doc_id, doc))
            items.append(encode_str(doc_id) + b":" + piece.inline)
            if piece.body is not None:
                apart.append(encode_str(doc_id) + b":" + encode_doc(piece.keys))
                lines.append(seal(piece.body, records))
                placed.append((name, doc_id, piece.stub, piece.keys))
        encoded.append(encode_str(name) + b":{" + b",".join(items) + b"}")
        if apart:
            listed.append(encode_str(name) + b":{" + b",".join(apart) + b"}")
    parts = b',"parts":{' + b",".join(listed) + b"}" if listed else b""
    head = seal(b'{"snapshot":{' + b",".join(encoded) + b"}" + parts + b"}", records)
    found, at = [], len(HEADER) + len(head)
    for (name, doc_id, stub, keys), line in zip(placed, lines):
        found.append((name, doc_id, stub, keys, at, len(line)))
        at += len(line)
    return Snapshot(b"".join([HEADER, head, *lines]), found)


def records_at_end(head: bytes, tail: bytes) -> int | None:
    """The document count of a file of layout 3 or later from its first and last bytes
    (None if it is not one, or ends in a torn line)."""
    if head[:len(HEADER)] not in _COUNTED or not tail.endswith(b"\n"):
        return None
    parts = tail[:-1].rsplit(b"\t", 2)
    if len(parts) == 3 and parts[1].isdigit() and len(parts[2]) == 8:
        return int(parts[1])
    return None


def table_op(table: str, sets: dict[str, bytes], dels: list[str]) -> bytes:
    """One change of ``table``: documents (already encoded) to set, ids to delete."""
    parts = [b'{"t":', encode_str(table)]
    if sets:
        parts.append(b',"set":{')
        parts.append(b",".join(encode_str(i) + b":" + doc for i, doc in sets.items()))
        parts.append(b"}")
    if dels:
        parts += [b',"del":', encode_doc(dels)]
    parts.append(b"}")
    return b"".join(parts)


def drop_op(table: str) -> bytes:
    """The change that removes a whole table."""
    return b'{"drop":' + encode_str(table) + b"}"


def record(ops: list[bytes]) -> bytes:
    """The body of one journal line committing ``ops`` atomically."""
    if len(ops) == 1:
        return ops[0]
    return b'{"ops":[' + b",".join(ops) + b"]}"


@dataclass
class Pending:
    """Unsaved changes of one table: dropped since the last save, and changed ids."""

    reset: bool = False
    ids: dict[str, None] = field(default_factory=dict)


def pending_record(pending: dict[str, Pending], tables: dict,
                   fresh: dict[str, dict[str, bytes]]) -> bytes:
    """The body of the journal line saving ``pending`` changes from the live ``tables``
    (``fresh`` holds documents already encoded, by table and id)."""
    ops = []
    for name, change in pending.items():
        live = tables.get(name)
        if change.reset or live is None:
            ops.append(drop_op(name))
        if live is None:
            continue
        known = fresh.get(name, {})
        sets = {i: known.get(i) or encode_doc(live[i]) for i in change.ids if i in live}
        dels = [i for i in change.ids if i not in live]
        ops.append(table_op(name, sets, dels))
    return record(ops)


@dataclass
class Loaded:
    """What was read from a database file."""

    tables: dict = field(default_factory=dict)
    layout: int = 0            # 0: empty or missing file, 1: plain TinyDB JSON, 2 to 4: journal
    good_end: int = 0          # byte offset just after the last complete line
    torn: bytes = b""          # unterminated final line (never acknowledged)
    snapshot_bytes: int = 0
    journal_bytes: int = 0


class _Bad(ValueError):
    """A line is valid JSON but not what the format allows."""


@contextmanager
def _collector_paused():
    """Parsing makes a container per document and no cycles; the collector would walk them
    all again and again as they pile up (1 s of opening a 57 MB file), so it waits."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def load(path: str, data: bytes | None, backup: str | None) -> Loaded:
    """Parse a database file's bytes; raise CorruptDatabaseError naming the position."""
    if data is None:
        return Loaded()
    return read(path, io.BytesIO(data), backup, PartReader(path, backup, data=data))


def read(path: str, handle: BinaryIO, backup: str | None, parts: PartReader) -> Loaded:
    """Parse a database file read line by line from ``handle``; ``parts`` reads the part lines
    of the same file later. Raises CorruptDatabaseError naming the position."""
    with _collector_paused():
        return _read(path, handle, backup, parts)


def _read(path: str, handle: BinaryIO, backup: str | None, parts: PartReader) -> Loaded:
    first = handle.readline()
    header = _try_json(first)
    if isinstance(header, dict) and header.get("format") == FORMAT:
        layout = header.get("layout")
        if not isinstance(layout, int) or layout < 2:
            raise CorruptDatabaseError(path, 1, 1, f"unknown layout {layout!r}", backup)
        if layout > LAYOUT:
            raise NewerDatabaseError(path, "file layout", layout, LAYOUT)
        return _load_journal(path, handle, backup, layout, parts, len(first))
    if header is None and first.lstrip().startswith(b'{"format"'):
        parse_line(path, first.rstrip(b"\n"), 1, backup)  # a damaged header: raises with the position
    rest = handle.read()
    data = first + rest if rest else first
    if not data or data.isspace():  # (strip() would copy the whole file)
        return Loaded()
    return _load_layout1(path, data, backup, None if rest.strip() else header)


def _try_json(raw: bytes):
    try:
        return json.loads(raw.decode("utf-8"))
    except ValueError:
        return None


def _load_layout1(path: str, data: bytes, backup: str | None, tables=None) -> Loaded:
    if tables is not None:
        return _layout1(path, data, backup, tables)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - data.rfind(b"\n", 0, exc.start)
        raise CorruptDatabaseError(path, line, column, "invalid UTF-8 text", backup,
                                   journal=False) from exc
    try:
        tables = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorruptDatabaseError(path, exc.lineno, exc.colno, exc.msg, backup, journal=False) from exc
    return _layout1(path, data, backup, tables)


def _layout1(path: str, data: bytes, backup: str | None, tables) -> Loaded:
    try:
        _check_tables(tables)
    except _Bad as exc:
        raise CorruptDatabaseError(path, 1, 1, f"not a TinyDB database ({exc})", backup,
                                   journal=False) from exc
    return Loaded(tables=tables, layout=1, good_end=len(data))


def _load_journal(path: str, handle: BinaryIO, backup: str | None, layout: int,
                  parts: PartReader, at: int) -> Loaded:
    sealed = layout >= 3
    line = handle.readline()
    if not line.endswith(b"\n"):
        raise CorruptDatabaseError(path, 2, 1, "the snapshot line is missing", backup)
    snapshot = parse_line(path, unseal(path, line, 2, backup, end=len(line) - 1) if sealed
                          else memoryview(line)[:-1], 2, backup)
    del line                                # the largest line: not kept while the rest is read
    allowed = {"snapshot", "parts"} if layout >= 4 else {"snapshot"}
    if not isinstance(snapshot, dict) or "snapshot" not in snapshot or not set(snapshot) <= allowed:
        raise CorruptDatabaseError(path, 2, 1, "line 2 must hold the snapshot", backup)
    tables = snapshot["snapshot"]
    try:
        _check_tables(tables)
        apart = _listed(tables, snapshot.get("parts", {}))
    except _Bad as exc:
        raise CorruptDatabaseError(path, 2, 1, str(exc), backup) from exc
    end = handle.tell()                     # of the snapshot so far
    for lineno, (name, doc_id, stub, keys) in enumerate(apart, start=3):
        line = handle.readline()
        if not line.endswith(b"\n"):
            raise CorruptDatabaseError(path, lineno, 1, f"the file ends before the {len(apart)} "
                                       "part lines of the snapshot", backup, part=True)
        body = unseal(path, line, lineno, backup, end=len(line) - 1, part=True)
        if packed(bytes(body), name, doc_id) is None:
            raise CorruptDatabaseError(path, lineno, 1, f"not the part line of document "
                                       f"{doc_id!r} of table {name!r}", backup, part=True)
        tables[name][doc_id] = Apart(stub, keys, name, doc_id, parts, end, len(line), lineno)
        end += len(line)
    torn = b""
    for lineno, raw in enumerate(handle, start=3 + len(apart)):
        if not raw.endswith(b"\n"):
            torn = raw
            break
        if raw.isspace():
            continue
        change = parse_line(path, unseal(path, raw, lineno, backup, end=len(raw) - 1) if sealed
                            else memoryview(raw)[:-1], lineno, backup)
        try:
            _apply_record(tables, change)
        except _Bad as exc:
            raise CorruptDatabaseError(path, lineno, 1, str(exc), backup) from exc
    good_end = handle.tell() - len(torn)
    return Loaded(tables=tables, layout=layout, good_end=good_end, torn=torn,
                  snapshot_bytes=end - at, journal_bytes=good_end - end)


def _check_tables(tables) -> None:
    if not isinstance(tables, dict):
        raise _Bad("the tables must be a JSON object")
    for name, docs in tables.items():
        _check_docs(name, docs)


def _listed(tables: dict, listed) -> list[tuple[str, str, dict, tuple[str, ...]]]:
    """The documents whose long values are on part lines (table, id, stub, keys), in the
    order of those lines, from the snapshot line's ``parts``."""
    if not isinstance(listed, dict):
        raise _Bad("'parts' must be a JSON object")
    found = []
    for name, ids in listed.items():
        docs = tables.get(name)
        if not isinstance(ids, dict) or docs is None:
            raise _Bad(f"'parts' names table {name!r} wrongly")
        for doc_id, keys in ids.items():
            stub = docs.get(doc_id)
            if (stub is None or not isinstance(keys, list) or not keys
                    or not all(isinstance(k, str) and k not in stub for k in keys)):
                raise _Bad(f"'parts' names document {doc_id!r} of table {name!r} wrongly")
            found.append((name, doc_id, stub, tuple(keys)))
    return found


def _check_docs(name, docs) -> None:
    if not isinstance(docs, dict):
        raise _Bad(f"table {name!r} must be a JSON object")
    for doc_id, doc in docs.items():
        if not isinstance(doc, dict):
            raise _Bad(f"document {doc_id!r} of table {name!r} is not a JSON object")


def _apply_record(tables: dict, record) -> None:
    if isinstance(record, dict) and set(record) == {"ops"} and isinstance(record["ops"], list):
        for op in record["ops"]:
            _apply_op(tables, op)
    else:
        _apply_op(tables, record)


def _apply_op(tables: dict, op) -> None:
    if not isinstance(op, dict):
        raise _Bad("a change line must be a JSON object")
    if set(op) == {"drop"} and isinstance(op["drop"], str):
        tables.pop(op["drop"], None)
        return
    name = op.get("t")
    if not isinstance(name, str) or not set(op) <= {"t", "set", "del"}:
        raise _Bad("not a change record (expected keys t, set, del or drop)")
    sets, dels = op.get("set", {}), op.get("del", [])
    _check_docs(name, sets)
    if not isinstance(dels, list) or not all(isinstance(i, str) for i in dels):
        raise _Bad("'del' must be a list of document ids")
    table = tables.setdefault(name, {})
    for doc_id in dels:
        table.pop(doc_id, None)
    table.update(sets)
