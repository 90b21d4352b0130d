"""CSV: one row per annotation, for spreadsheets and pandas (UTF-8, a header row, RFC 4180
quoting). Orphaned annotations are rows too, with ``status`` orphaned and their old offsets."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping

from stancemark.store.export import EntitySource

COLUMNS = ("article_id", "article_title", "article_source", "article_date", "article_file",
           "id", "status", "start", "end", "stance", "holder", "target", "note", "quote",
           "prefix", "suffix", "entities", "scheme", "created", "updated", "suggested_model",
           "suggested_confidence")


def rows(document: dict) -> list[dict]:
    """One dict per annotation, keyed by COLUMNS. ``entities`` is "text (LABEL)" joined by
    "; "; ``suggested_model`` and ``suggested_confidence`` are empty for a tag by hand."""
    out = []
    for entry in document["articles"]:
        article = {f"article_{key}": entry[key] for key in ("id", "title", "source", "date", "file")}
        for status, key in (("placed", "annotations"), ("orphaned", "orphaned")):
            for doc in entry.get(key, []):
                suggested = doc.get("suggested") or {}
                out.append({**article, **{c: doc[c] for c in COLUMNS if c in doc},
                            "suggested_model": suggested.get("model", ""),
                            "suggested_confidence": suggested.get("confidence", ""),
                            "status": status,
                            "entities": "; ".join(f"{e['text']} ({e['label']})"
                                                  for e in doc["entities"])})
    return out


def render(document: dict, texts: Mapping[str, str], entities: EntitySource) -> bytes:
    """The rows as CSV text."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows(document))
    return buffer.getvalue().encode("utf-8")
