"""On-disk format of a stancemark database.

Layout 3 (current) is line-oriented UTF-8 JSON, one object per line; every line after the
header ends with a tab, the number of documents in the database after that line, a tab, and
the CRC-32 (8 hex digits) of everything before that last tab::

    {"format": "stancemark-db", "layout": 3}
    {"snapshot": {"<table>": {"<doc id>": {...document...}}}}\t<documents>\t<crc32>
    {"t": "<table>", "set": {"<doc id>": {...}}, "del": ["<doc id>", ...]}\t<documents>\t<crc32>
    {"drop": "<table>"}\t<documents>\t<crc32>
    {"ops": [<change>, <change>, ...]}\t<documents>\t<crc32>

Every line after the snapshot is one committed change (several tables at once
use ``ops``). A final line without a newline is a torn write that was never
acknowledged and is ignored. A line whose checksum does not match (a changed
byte) makes the file corrupt, named by line. The document count is a hint: it
tells how much a file holds from its last bytes (to decide which backup to keep)
and is not checked on load, so deleting a damaged change line stays a repair.

Older layouts are read and converted when opened for writing: layout 2 is layout 3
without the count and checksum; layout 1 is the plain TinyDB JSON file written by
``tinydb.JSONStorage`` (the first released layout).
"""

from __future__ import annotations

import gc
import json
import zlib
from contextlib import contextmanager
from dataclasses import dataclass, field

from .errors import CorruptDatabaseError, NewerDatabaseError

FORMAT = "stancemark-db"
LAYOUT = 3
HEADER = json.dumps({"format": FORMAT, "layout": LAYOUT}).encode() + b"\n"

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_doc(doc) -> bytes:
    """Serialize one document (raises TypeError/ValueError if it is not JSON)."""
    return _dumps(doc).encode("utf-8")


def encode_str(text: str) -> bytes:
    """Serialize a table name or document id."""
    return _dumps(text).encode("utf-8")


def has_containers(doc: dict) -> bool:
    """Whether ``doc`` holds lists or dicts (which a shallow copy would share)."""
    for value in doc.values():
        if isinstance(value, (dict, list)):
            return True
    return False


def copy_doc(doc: dict) -> dict:
    """Return a copy of ``doc`` that shares no mutable value with it."""
    return _copy_json(doc) if has_containers(doc) else doc.copy()


def _copy_json(value):
    """A deep copy of JSON data (what documents hold), about twice as fast as deepcopy."""
    if isinstance(value, dict):
        return {key: _copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_json(item) for item in value]
    return value


def count_records(tables: dict) -> int:
    """How many documents ``tables`` hold."""
    return sum(len(docs) for docs in tables.values())


def seal(body: bytes, records: int) -> bytes:
    """A complete line: ``body``, the document count after it, and their checksum."""
    head = b"%b\t%d" % (body, records)
    return b"%b\t%08x\n" % (head, zlib.crc32(head))


def snapshot_line(tables: dict) -> bytes:
    """The snapshot line holding the whole database."""
    return seal(b'{"snapshot":' + _dumps(tables).encode("utf-8") + b"}", count_records(tables))


def records_at_end(head: bytes, tail: bytes) -> int | None:
    """The document count of a current-layout file from its first and last bytes
    (None if it is not one, or ends in a torn line)."""
    if not head.startswith(HEADER) or not tail.endswith(b"\n"):
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
        parts += [b',"del":', _dumps(dels).encode("utf-8")]
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
    layout: int = 0            # 0: empty or missing file, 1: plain TinyDB JSON, 2 and 3: journal
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
    with _collector_paused():
        return _load(path, data, backup)


def _load(path: str, data: bytes | None, backup: str | None) -> Loaded:
    if not data or data.isspace():  # (strip() would copy the whole file)
        return Loaded()
    newline = data.find(b"\n")
    first = data if newline < 0 else data[:newline]
    header = _try_json(first)
    if isinstance(header, dict) and header.get("format") == FORMAT:
        layout = header.get("layout")
        if not isinstance(layout, int) or layout < 2:
            raise CorruptDatabaseError(path, 1, 1, f"unknown layout {layout!r}", backup)
        if layout > LAYOUT:
            raise NewerDatabaseError(path, "file layout", layout, LAYOUT)
        return _load_journal(path, data, backup, layout)
    if header is None and first.lstrip().startswith(b'{"format"'):
        _parse_line(path, first, 1, backup)     # a damaged header: raises with the position
    whole = newline < 0 or not data[newline:].strip()
    return _load_layout1(path, data, backup, header if whole else None)


def _try_json(raw: bytes):
    try:
        return json.loads(raw.decode("utf-8"))
    except ValueError:
        return None


def _parse_line(path: str, raw: bytes | memoryview, lineno: int, backup: str | None):
    try:
        text = str(raw, "utf-8")
    except UnicodeDecodeError as exc:
        raise CorruptDatabaseError(path, lineno, exc.start + 1, "invalid UTF-8 text", backup) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorruptDatabaseError(path, lineno, exc.colno, exc.msg, backup) from exc


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


def _unseal(path: str, data: bytes, lineno: int, backup: str | None, start: int = 0,
            end: int | None = None) -> memoryview:
    """The body of the sealed line ``data[start:end]`` (not copied), after checking its
    checksum."""
    end = len(data) if end is None else end
    view = memoryview(data)
    crc_at = data.rfind(b"\t", start, end)
    count_at = data.rfind(b"\t", start, max(crc_at, start))
    if count_at >= 0:
        if data[crc_at + 1:end] == b"%08x" % zlib.crc32(view[start:crc_at]):
            return view[start:count_at]
        body, detail = view[start:count_at], ("its checksum does not match: the line was "
                                              "changed after it was saved (a disk error or "
                                              "another program)")
    else:
        body, detail = view[start:end], ("its checksum is missing: the line was not written "
                                         "by stancemark")
    _parse_line(path, body, lineno, backup)     # a JSON error is named with its column
    raise CorruptDatabaseError(path, lineno, 1, detail, backup)


def _load_journal(path: str, data: bytes, backup: str | None, layout: int) -> Loaded:
    sealed = layout >= 3
    header_end = data.find(b"\n") + 1
    snapshot_end = data.find(b"\n", header_end) if header_end else -1
    if snapshot_end < 0:
        raise CorruptDatabaseError(path, 2, 1, "the snapshot line is missing", backup)
    # read in place: a copy of the largest line would add its size to the peak memory
    line = (_unseal(path, data, 2, backup, header_end, snapshot_end) if sealed
            else memoryview(data)[header_end:snapshot_end])
    snapshot = _parse_line(path, line, 2, backup)
    if not isinstance(snapshot, dict) or set(snapshot) != {"snapshot"}:
        raise CorruptDatabaseError(path, 2, 1, "line 2 must hold the snapshot", backup)
    tables = snapshot["snapshot"]
    try:
        _check_tables(tables)
    except _Bad as exc:
        raise CorruptDatabaseError(path, 2, 1, str(exc), backup) from exc
    lines = data[snapshot_end + 1:].split(b"\n")
    torn = lines.pop()                      # b"" when the file ends with a newline
    for lineno, raw in enumerate(lines, start=3):
        if not raw.strip():
            continue
        change = _parse_line(path, _unseal(path, raw, lineno, backup) if sealed else raw, lineno,
                             backup)
        try:
            _apply_record(tables, change)
        except _Bad as exc:
            raise CorruptDatabaseError(path, lineno, 1, str(exc), backup) from exc
    good_end = len(data) - len(torn)
    return Loaded(tables=tables, layout=layout, good_end=good_end, torn=torn,
                  snapshot_bytes=snapshot_end + 1 - header_end,
                  journal_bytes=good_end - snapshot_end - 1)


def _check_tables(tables) -> None:
    if not isinstance(tables, dict):
        raise _Bad("the tables must be a JSON object")
    for name, docs in tables.items():
        _check_docs(name, docs)


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
