"""JSON and JSONL: one article per record. ``text`` (or ``body``, ``content``) is required;
``title``, ``author``, ``date``, ``url``, ``source`` are used; every other field is kept."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from stancemark.store.article import Article
from stancemark.store.readers import build_article
from stancemark.store.readers.decoding import decode, looks_binary
from stancemark.store.problems import Problem

TEXT_FIELDS = ("text", "body", "content")
FIELDS = ("title", "author", "date", "url", "source")
LIST_KEYS = ("articles", "records", "items", "data", "documents", "docs", "results")


def _field(value) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v is not None)
    return "" if value is None else str(value)


def article_of(record, name: str) -> Article:
    """The article in one record; ValueError says what is wrong with it."""
    if not isinstance(record, dict):
        raise ValueError(f"is a JSON {type(record).__name__}, not an object with a \"text\"")
    key = next((k for k in TEXT_FIELDS if isinstance(record.get(k), str)
                and record[k].strip()), None)
    if key is None:
        raise ValueError('has no text: give it a "text", "body" or "content" field')
    meta = {k: v for k, v in record.items() if k not in (key, *FIELDS)}
    return build_article(record[key], name, meta=meta, title=_field(record.get("title")),
                         author=_field(record.get("author")), date=_field(record.get("date")),
                         url=_field(record.get("url")), source=_field(record.get("source")))


def _records(document) -> Iterable:
    if isinstance(document, list):
        return document
    if isinstance(document, dict) and not any(k in document for k in TEXT_FIELDS):
        lists = [document[k] for k in LIST_KEYS if isinstance(document.get(k), list)]
        if lists:
            return lists[0]
    return [document]


def _read_json(text: str, name: str) -> Iterator[Article | Problem]:
    try:
        document = json.loads(text)
    except ValueError as exc:
        yield Problem(name, f"is not valid JSON (line {exc.lineno}, column {exc.colno}: "
                            f"{exc.msg})" if isinstance(exc, json.JSONDecodeError) else
                            f"is not valid JSON ({exc})")
        return
    records = list(_records(document))
    for number, record in enumerate(records, start=1):
        try:
            yield article_of(record, name)
        except ValueError as exc:
            where = f"record {number} of {len(records)}" if len(records) > 1 else "the record"
            yield Problem(name, f"{where} {exc}")


def _line(line: str, number: int, name: str) -> Iterator[Article | Problem]:
    if not line.strip():
        return
    try:
        record = json.loads(line.lstrip("\ufeff"))
    except ValueError as exc:
        where = f"column {exc.colno}: {exc.msg}" if isinstance(exc, json.JSONDecodeError) \
            else str(exc)
        yield Problem(name, f"line {number} is not valid JSON ({where}): skipped")
        return
    try:
        yield article_of(record, name)
    except ValueError as exc:
        yield Problem(name, f"line {number} {exc}: skipped")


def read_lines(text: str, name: str) -> Iterator[Article | Problem]:
    """Articles of JSON Lines: one record a line; a bad line is named and skipped."""
    for number, line in enumerate(text.split("\n"), start=1):
        yield from _line(line, number, name)


def stream_lines(path: Path, name: str) -> Iterator[Article | Problem]:
    """Articles of a JSON Lines file read a line at a time (a scraper's dump may be larger
    than memory); a line that is not UTF-8 is read as Windows-1252, noted once."""
    noted = False
    with open(path, "rb") as stream:
        if looks_binary(stream.read(8192).decode("latin-1")):
            yield Problem(name, "is a binary file, not JSON Lines")
            return
        stream.seek(0)
        for number, raw in enumerate(stream, start=1):
            line, note = decode(raw.rstrip(b"\r\n"), name)
            if note and not noted:
                noted = True
                yield Problem(name, f"line {number} {note.reason}",
                              loaded=True)
            yield from _line(line, number, name)


def read(text: str, name: str) -> Iterator[Article | Problem]:
    """Articles of a JSON document (a list of records, one record, or an object holding the
    list under "articles", "items", "data"…) or of JSON Lines (one record a line)."""
    first, _, rest = text.lstrip().partition("\n")
    if first.startswith("{") and rest.lstrip().startswith("{"):
        try:
            json.loads(first)
            return read_lines(text, name)
        except ValueError:
            pass
    return _read_json(text, name)
