"""JSON Lines: one article a line, the shape Prodigy and doccano read for span annotation.

Each line: ``text``; ``meta`` (the article's id, title, author, source, date, file and
sha256, and the stance scheme); ``spans`` as Prodigy reads them (``start``, ``end``,
``label``: character offsets into text and the stance); ``label`` as doccano's sequence
labelling import reads it (``[start, end, stance]``); then our own fields: ``annotations``
(every field of each annotation, as in our JSON) and ``orphaned``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from stancemark.store.export import EntitySource

META = ("id", "title", "author", "source", "date", "file", "sha256")


def line(entry: dict, text: str, scheme: str) -> dict:
    """The JSON Lines record of one article of the export document."""
    annotations = entry["annotations"]
    return {
        "text": text,
        "meta": {**{key: entry[key] for key in META}, "scheme": scheme},
        "spans": [{"start": a["start"], "end": a["end"], "label": a["stance"]}
                  for a in annotations],
        "label": [[a["start"], a["end"], a["stance"]] for a in annotations],
        "annotations": annotations,
        "orphaned": entry.get("orphaned", []),
    }


def render(document: dict, texts: Mapping[str, str], entities: EntitySource) -> bytes:
    """One line per article. Line and paragraph separators inside strings are escaped, so
    no reader that splits lines on them cuts a record."""
    lines = (json.dumps(line(entry, texts[entry["id"]], document["scheme"]["name"]),
                        ensure_ascii=False) for entry in document["articles"])
    return "".join(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n"
                   for text in lines).encode("utf-8")
