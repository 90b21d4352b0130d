"""Export formats. Each turns the export document (``store.export.build_export``), the
articles' texts and their entities into the bytes of one file; the file name's ending picks
the format when none is named."""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import PurePath
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from stancemark.store.export import EntitySource


@dataclass(frozen=True)
class Format:
    """One export format: its name, the file ending that picks it, and what it is for."""

    name: str
    suffix: str
    description: str
    module: str  # holds ``render(document, texts, entities) -> bytes``; "" for our JSON

    @property
    def default_file(self) -> str:
        return "annotations" + self.suffix


FORMATS = {f.name: f for f in (
    Format("json", ".json", "stancemark's own JSON document (store/export.schema.json)", ""),
    Format("jsonl", ".jsonl", "one article a line: text, meta and spans, as Prodigy and doccano "
                              "read them", "stancemark.store.formats.jsonl"),
    Format("w3c", ".jsonld", "W3C Web Annotation JSON-LD: an AnnotationCollection",
           "stancemark.store.formats.w3c"),
    Format("spacy", ".spacy", "spaCy DocBin: stances in doc.spans['stance'], entities in "
                              "doc.ents", "stancemark.store.formats.docbin"),
    Format("csv", ".csv", "one row per annotation, for spreadsheets and pandas",
           "stancemark.store.formats.csv"),
)}


def format_for(path: str | PurePath) -> Format:
    """The format a file name asks for by its ending (``.jsonl``, ``.jsonld``, ``.spacy``,
    ``.csv``); our JSON for any other."""
    suffix = PurePath(path).suffix.lower()
    return next((f for f in FORMATS.values() if f.suffix == suffix), FORMATS["json"])


def render(fmt: Format, document: dict, texts: Mapping[str, str],
           entities: EntitySource) -> bytes:
    """The export in ``fmt``, as the bytes of its file."""
    if not fmt.module:
        from stancemark.store.export import dumps

        return dumps(document).encode("utf-8")
    return importlib.import_module(fmt.module).render(document, texts, entities)
