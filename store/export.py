"""Export: a pure function from library contents to one JSON document, and a safe writer."""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

from stancemark.store.annotation import Annotation, utc_now
from stancemark.store.article import Article
from stancemark.store.config import Scheme
from stancemark.store.errors import ExportError
from stancemark.store.ingest import kind_of
from stancemark.store.journal.durable import replace_synced, write_all

FORMAT = "stancemark.annotations"
VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("export.schema.json")

# article id -> (entities as (start, end, label), the model key they came from), or None
EntitySource = Callable[[str], "tuple[list[tuple[int, int, str]], str] | None"]


def _annotation_doc(annotation: Annotation, article: Article,
                    entities: list[tuple[int, int, str]]) -> dict:
    inside = [] if annotation.orphaned else [
        {"text": article.text[s:e], "label": label, "start": s, "end": e}
        for s, e, label in entities if annotation.start <= s and e <= annotation.end]
    return {
        "id": annotation.id, "start": annotation.start, "end": annotation.end,
        "quote": annotation.quote, "prefix": annotation.prefix, "suffix": annotation.suffix,
        "stance": annotation.stance, "holder": annotation.holder, "target": annotation.target,
        "note": annotation.note, "scheme": annotation.scheme, "entities": inside,
        "created": annotation.created, "updated": annotation.updated,
        "suggested": annotation.suggested,
    }


def build_export(articles: Iterable[Article], annotations: Iterable[Annotation], scheme: Scheme,
                 entities: EntitySource, exported_at: str | None = None) -> dict:
    """The export document for ``articles`` with their ``annotations``; orphaned ones (not
    found again when the text changed: their offsets are stale) are listed apart."""
    import hashlib  # exports only
    by_article: dict[str, list[Annotation]] = {}
    for annotation in annotations:
        by_article.setdefault(annotation.article_id, []).append(annotation)
    docs = []
    for article in articles:
        found = entities(article.id)
        spans, model = found if found else ([], None)
        ordered = sorted(by_article.get(article.id, []), key=lambda a: (a.start, a.end))
        docs.append({
            "id": article.id, "title": article.title, "author": article.author,
            "source": article.source, "date": article.date, "file": article.file,
            "sha256": hashlib.sha256(article.text.encode("utf-8")).hexdigest(),
            "entities_model": model,
            "annotations": [_annotation_doc(a, article, spans) for a in ordered if not a.orphaned],
            "orphaned": [_annotation_doc(a, article, spans) for a in ordered if a.orphaned],
        })
    return {"format": FORMAT, "version": VERSION, "exported_at": exported_at or utc_now(),
            "scheme": scheme.to_doc(), "articles": docs}


def summary(document: dict) -> str:
    """ "3 annotations of 2 articles": what an export holds, for messages."""
    articles = len(document["articles"])
    annotations = sum(len(a["annotations"]) for a in document["articles"])
    orphaned = sum(len(a.get("orphaned", ())) for a in document["articles"])
    return (f"{annotations} annotation{'' if annotations == 1 else 's'} of "
            f"{articles} article{'' if articles == 1 else 's'}"
            + (f" (and {orphaned} orphaned)" if orphaned else ""))


def dumps(document: dict) -> str:
    """The export as text (UTF-8 JSON, indented, ending in a newline)."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_export(document: dict, path: Path, wait_for_reader: bool = False) -> Path:
    """Write the export document to ``path`` as JSON (see ``write_data``)."""
    return write_data(dumps(document).encode("utf-8"), path, wait_for_reader)


def write_data(data: bytes, path: Path, wait_for_reader: bool = False,
               example: str = "annotations.json") -> Path:
    """Write an export's bytes to ``path``. A file is replaced atomically (temporary file, fsync,
    rename, as the database does) and keeps its permissions; a new one gets the usual ones;
    through a symbolic link, the file it points to is replaced. A FIFO or character device
    (a terminal, /dev/null) is written through as a stream, never replaced; a FIFO that nothing
    reads is an error unless ``wait_for_reader`` (the app must not freeze on it).

    Raises ExportError with the reason when the path cannot be written; no partial file stays
    (a stream may have taken part of the document).
    """
    path = Path(path).expanduser()
    try:
        mode = path.stat().st_mode
    except OSError:
        mode = None  # a new file, or a path whose error the write reports
    try:
        if mode is None or stat.S_ISREG(mode):
            replace_synced(os.path.realpath(path), data, new_mode=0o666)
        elif stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
            _stream(path, data, wait_for_reader)
        else:
            name = path / example if stat.S_ISDIR(mode) else example
            raise ExportError(f"{path} is {kind_of(mode)}: give a file name, e.g. {name}")
    except OSError as exc:
        if exc.errno == errno.ENXIO and mode is not None and stat.S_ISFIFO(mode):
            raise ExportError(f"Cannot write {path}: nothing is reading this FIFO. Start its "
                              f"reader first (e.g. cat {path}), then export again.") from exc
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}. "
                          "Your annotations are still in the database; choose another path.") from exc
    return path


def _stream(path: Path, data: bytes, wait_for_reader: bool) -> None:
    """Write ``data`` into a FIFO or device as it is (no temporary file, no rename)."""
    nonblocking = not wait_for_reader and hasattr(os, "O_NONBLOCK")
    fd = os.open(path, os.O_WRONLY | (os.O_NONBLOCK if nonblocking else 0))
    try:
        if nonblocking:
            os.set_blocking(fd, True)  # only the opening must not wait: a slow reader is fine
        write_all(fd, data)
    finally:
        os.close(fd)
