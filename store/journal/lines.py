"""Lines of a database file: the JSON they hold, and the count and checksum that seal each one
(see ``fileformat`` for the layout)."""

from __future__ import annotations

import json
import zlib

from .errors import CorruptDatabaseError

_dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def encode_doc(doc) -> bytes:
    """Serialize one document or value (raises TypeError/ValueError if it is not JSON)."""
    return _dumps(doc).encode("utf-8")


def encode_str(text: str) -> bytes:
    """Serialize a table name or document id."""
    return _dumps(text).encode("utf-8")


def copy_json(value):
    """A deep copy of JSON data (what documents hold), about twice as fast as deepcopy."""
    if isinstance(value, dict):
        return {key: copy_json(item) if isinstance(item, (dict, list)) else item
                for key, item in value.items()}
    if isinstance(value, list):
        return [copy_json(item) if isinstance(item, (dict, list)) else item for item in value]
    return value


def seal(body: bytes, records: int) -> bytes:
    """A complete line: ``body``, the document count after it, and their checksum."""
    head = b"%b\t%d" % (body, records)
    return b"%b\t%08x\n" % (head, zlib.crc32(head))


def parse_line(path: str, raw: bytes | memoryview, lineno: int, backup: str | None,
               part: bool = False):
    """The JSON value of a line's body; CorruptDatabaseError names the line and column
    (``part``: a part line, see ``CorruptDatabaseError``)."""
    try:
        text = str(raw, "utf-8")
    except UnicodeDecodeError as exc:
        raise CorruptDatabaseError(path, lineno, exc.start + 1, "invalid UTF-8 text", backup,
                                   part=part) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise CorruptDatabaseError(path, lineno, exc.colno, exc.msg, backup, part=part) from exc


def unseal(path: str, data: bytes, lineno: int, backup: str | None, start: int = 0,
           end: int | None = None, part: bool = False) -> memoryview:
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
    parse_line(path, body, lineno, backup, part)   # a JSON error is named with its column
    raise CorruptDatabaseError(path, lineno, 1, detail, backup, part=part)
