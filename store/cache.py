"""Derived data, kept apart from the user's library file: NLP results per article and model.

Everything here can be recomputed, so it lives in the user cache directory (``paths.cache_dir``),
one small file per article and model: ``<cache>/analyses/<model key>/<article id>.json`` (names
percent-encoded). Opening a library or reading one article never parses the other entries.

An entry is written to a temporary name and renamed, so readers (this process or a second
stancemark) only ever see whole entries; nothing is fsynced, since a lost entry is recomputed.
Line 1 of an entry names its article and model and holds the CRC-32 of line 2, the result: an
entry that is unreadable, for another key, or fails its checksum is deleted and reported missing.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import zlib
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import quote

from stancemark.store.journal.errors import StoreError
from stancemark.store.journal.fileformat import encode_doc
from stancemark.store.paths import cache_dir

log = logging.getLogger(__name__)


def _component(text: str) -> str:
    """``text`` as one safe file name: no separators, no leading dot, never empty."""
    name = quote(text, safe="")
    return "%2E" + name[1:] if name.startswith(".") else name or "%"


class ResultCache:
    """Results ``{article id, model key} -> JSON object`` of one kind, in ``root/kind``."""

    def __init__(self, root: Path, kind: str = "analyses") -> None:
        self.root = Path(root) / kind
        self._failed = False
        self._listed: dict[str, set[str]] = {}  # per model folder: its file names, once listed

    def path(self, article_id: str, model: str) -> Path:
        """The file of an entry (which may not exist)."""
        return self.root / _component(model) / f"{_component(article_id)}.json"

    def has(self, article_id: str, model: str) -> bool:
        """Whether an entry exists, without reading it (it may still turn out damaged), as
        listed when first asked: one listing, not one file check per article (10,000 checks
        take 0.25 s). Entries another stancemark writes later are seen at the next start."""
        folder = _component(model)
        names = self._listed.get(folder)
        if names is None:
            try:
                names = set(os.listdir(self.root / folder))
            except OSError:
                names = set()
            self._listed[folder] = names
        return f"{_component(article_id)}.json" in names

    def get(self, article_id: str, model: str) -> dict | None:
        """The cached result, or None if there is none (or it was damaged and is now gone)."""
        return self._read(self.path(article_id, model), article_id, model)

    def get_any(self, article_id: str) -> dict | None:
        """A cached result of the article from whichever model has one."""
        try:
            folders = sorted(os.scandir(self.root), key=lambda e: e.name)
        except OSError:
            return None
        name = f"{_component(article_id)}.json"
        for folder in folders:
            found = self._read(Path(folder.path) / name, article_id, None)
            if found is not None:
                return found
        return None

    def _read(self, path: Path, article_id: str, model: str | None) -> dict | None:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            log.warning("cannot read the cache entry %s (%s); computing it again", path, exc)
            return None
        result = _parse(data, article_id, model)
        if result is None:
            log.warning("the cache entry %s is damaged; deleted, it will be computed again", path)
            with contextlib.suppress(OSError):  # gone already, or not ours to delete: ignored
                path.unlink()
            self._listed.get(path.parent.name, set()).discard(path.name)
        return result

    def put_many(self, entries: Iterable[tuple[str, str, dict]]) -> None:
        """Store ``(article id, model key, result)`` entries, replacing any already there.

        Raises StoreError the first time the cache cannot be written (later failures only
        log: the entries are recomputed when needed)."""
        made: set[Path] = set()
        for article_id, model, result in entries:
            path = self.path(article_id, model)
            body = encode_doc(result)
            head = encode_doc({"article": article_id, "model": model, "crc32": zlib.crc32(body)})
            tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
            try:
                if path.parent not in made:
                    path.parent.mkdir(parents=True, exist_ok=True)
                    made.add(path.parent)
                tmp.write_bytes(head + b"\n" + body + b"\n")
                os.replace(tmp, path)
                self._listed.get(path.parent.name, set()).add(path.name)
            except OSError as exc:
                with contextlib.suppress(OSError):
                    tmp.unlink()
                self._fail(exc)
                return

    def _fail(self, exc: OSError) -> None:
        message = (f"Cannot write the entity cache in {self.root}: {exc.strerror or exc}. "
                   "Your library is not affected; entities are found again when needed.")
        if self._failed:
            log.warning(message)
            return
        self._failed = True
        raise StoreError(message, self.root) from exc


def move_table_out(db) -> None:
    """Schema 1 to 2: the NLP results that schema 1 kept in the database (table ``nlp_cache``,
    documents ``{article, model, result}``) move to the cache and the table is dropped.
    They can be recomputed, so entries that are malformed or cannot be written go all the same."""
    if "nlp_cache" not in db.tables():
        return
    entries = [(d["article"], d["model"], d["result"]) for d in db.table("nlp_cache")
               if isinstance(d.get("article"), str) and isinstance(d.get("model"), str)
               and isinstance(d.get("result"), dict)]
    try:
        ResultCache(cache_dir()).put_many(entries)
    except StoreError as exc:
        log.warning("%s The cached entities of %s were dropped.", exc,
                    getattr(db.storage, "path", "the database"))
    db.drop_table("nlp_cache")


def _parse(data: bytes, article_id: str, model: str | None) -> dict | None:
    """The result held by an entry's bytes, or None if they are not a whole, matching entry."""
    head, _, rest = data.partition(b"\n")
    if not rest.endswith(b"\n"):
        return None
    body = rest[:-1]
    try:
        meta, result = json.loads(head), json.loads(body)
    except ValueError:
        return None
    if not (isinstance(meta, dict) and isinstance(result, dict)
            and meta.get("article") == article_id and meta.get("crc32") == zlib.crc32(body)
            and (model is None or meta.get("model") == model)):
        return None
    return result
