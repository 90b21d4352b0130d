"""Long values that stay in the file until they are asked for (file layout 4).

A snapshot writes a document whose values include a long one (``PART_MIN`` bytes of JSON or
more, such as an article's text) in two pieces: a stub in the snapshot line with its short
values (the line's ``parts`` names the keys of the long ones), and a part line of its own
after it with the long values, zlib-compressed, in base64::

    {"t":"<table>","id":"<doc id>","part":"<base64 of the zlib of a JSON object>"}

Opening the file checks every part line's checksum and decodes none: the live table holds an
``Apart`` document, which answers a short value from its stub and reads the part from the
file (checking its checksum again) only when a long value or the whole document is asked for.
"""

from __future__ import annotations

import base64
import binascii
import os
import weakref
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from .errors import CorruptDatabaseError, StoreError
from .lines import copy_json, encode_doc, encode_str, parse_line, unseal

#: a value whose JSON (with its key) takes at least this many bytes goes to a part line
PART_MIN = 1024
_LEVEL = 1      # zlib's fastest: news text 4% larger than at its default level, a third faster
_BASE64 = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="


@dataclass
class Split:
    """A document as a snapshot writes it: ``stub`` (its short values) and ``inline`` (the
    stub encoded); with a long value, its ``keys`` and the ``body`` of its part line."""

    stub: dict
    inline: bytes
    keys: tuple[str, ...] = ()
    body: bytes | None = None


def split(table: str, doc_id: str, doc: dict) -> Split:
    """``doc`` of ``table`` for a snapshot, its long values apart."""
    whole = encode_doc(doc)
    if len(whole) < PART_MIN:
        return Split(doc, whole)
    short, long, stub, keys = [], [], {}, []
    for key, value in doc.items():
        item = encode_str(key) + b":" + encode_doc(value)
        if len(item) < PART_MIN:
            short.append(item)
            stub[key] = value
        else:
            long.append(item)
            keys.append(key)
    if not long:
        return Split(doc, whole)
    packed = base64.b64encode(zlib.compress(b"{" + b",".join(long) + b"}", _LEVEL))
    return Split(stub, b"{" + b",".join(short) + b"}", tuple(keys),
                 _head(table, doc_id) + packed + b'"}')


def _head(table: str, doc_id: str) -> bytes:
    """How the part line of document ``doc_id`` of ``table`` starts."""
    return b'{"t":' + encode_str(table) + b',"id":' + encode_str(doc_id) + b',"part":"'


def packed(body: bytes, table: str, doc_id: str) -> bytes | None:
    """The packed long values in ``body`` if it is the body of the part line of document
    ``doc_id`` of ``table`` (valid JSON: base64 needs no escapes), else None."""
    head = _head(table, doc_id)
    data = body[len(head):-2]
    if body.startswith(head) and body.endswith(b'"}') and not data.translate(None, _BASE64):
        return data
    return None


class PartReader:
    """Reads the part lines of one database file by position: from its bytes, or through a
    descriptor of the file as it was opened. The descriptor is closed by ``close``, or once
    no document reads from it any more (a thread may still hold one when a compaction
    moves the others to the new file)."""

    def __init__(self, path: str, backup: str | None, fd: int | None = None,
                 data: bytes | None = None):
        self.path, self.backup = path, backup
        self._fd, self._data = fd, data
        self._closer = None if fd is None else weakref.finalize(self, os.close, fd)

    def body(self, at: int, size: int, lineno: int) -> memoryview:
        """The body of the line of ``size`` bytes at offset ``at``, its checksum checked."""
        if self._data is not None:
            raw = self._data[at:at + size]
        elif self._fd is None:
            raise StoreError(f"The database {self.path} is closed.", self.path)
        else:
            try:
                raw = os.pread(self._fd, size, at)
            except OSError as exc:
                raise StoreError(f"Cannot read the database {self.path}: "
                                 f"{exc.strerror or exc}.", self.path) from exc
        if len(raw) != size or not raw.endswith(b"\n"):
            raise self._damaged(lineno, "the line is not where it was when the file was opened "
                                        "(changed by another program)")
        return unseal(self.path, raw, lineno, self.backup, end=size - 1, part=True)

    def fields(self, at: int, size: int, lineno: int, table: str, doc_id: str,
               keys: tuple[str, ...]) -> dict:
        """The long values ``keys`` of document ``doc_id`` of ``table`` from its part line."""
        data = packed(bytes(self.body(at, size, lineno)), table, doc_id)
        if data is None:
            raise self._damaged(lineno, f"not the part line of document {doc_id!r} of table "
                                        f"{table!r}")
        try:
            fields = parse_line(self.path, zlib.decompress(base64.b64decode(data)), lineno,
                                self.backup, part=True)
        except (binascii.Error, zlib.error) as exc:
            raise self._damaged(lineno, f"its part cannot be unpacked ({exc})") from exc
        if not isinstance(fields, dict) or list(fields) != list(keys):
            raise self._damaged(lineno, f"its part does not hold the values {list(keys)}")
        return fields

    def _damaged(self, lineno: int, detail: str) -> CorruptDatabaseError:
        return CorruptDatabaseError(self.path, lineno, 1, detail, self.backup, part=True)

    def close(self) -> None:
        """Close the descriptor now; reading a part after that raises StoreError."""
        self._fd = None
        if self._closer is not None:
            self._closer()


class Apart(Mapping):
    """A stored document whose long values (``keys``) are still in the file. A short value
    (one of the stub's) or a missing one costs nothing to read; a long one, or the whole
    document, is read and decoded from the file every time (nothing is kept in memory).
    Never changed: a changed document is a plain dict again."""

    __slots__ = ("stub", "keys_apart", "table", "doc_id", "_reader", "_at", "_size", "_line")

    def __init__(self, stub: dict, keys: tuple[str, ...], table: str, doc_id: str,
                 reader: PartReader, at: int, size: int, line: int):
        self.stub, self.keys_apart, self.table, self.doc_id = stub, keys, table, doc_id
        self._reader, self._at, self._size, self._line = reader, at, size, line

    def __getitem__(self, key: str):
        if key in self.stub or key not in self.keys_apart:
            return self.stub[key]
        return self.load()[key]

    def __iter__(self) -> Iterator[str]:
        yield from self.stub
        yield from self.keys_apart

    def __len__(self) -> int:
        return len(self.stub) + len(self.keys_apart)

    def __eq__(self, other) -> bool:
        return self.load() == (other.load() if isinstance(other, Apart) else other)

    __hash__ = None  # type: ignore[assignment]  # a document, like a dict

    def load(self) -> dict:
        """The whole document, read from the file: a new dict the caller may change."""
        doc = copy_json(self.stub)
        doc.update(self._reader.fields(self._at, self._size, self._line, self.table,
                                       self.doc_id, self.keys_apart))
        return doc

    def body(self) -> bytes:
        """The body of its part line as it is in the file (checksum checked)."""
        return bytes(self._reader.body(self._at, self._size, self._line))
