"""Export: a pure function from library contents to one JSON document, and a safe writer."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path

from stancemark.store.annotation import Annotation, utc_now
from stancemark.store.article import Article
from stancemark.store.config import Scheme
from stancemark.store.errors import ExportError
from stancemark.store.journal.durable import replace_synced

FORMAT = "stancemark.annotations"
VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("export.schema.json")

# article id -> (entities as (start, end, label), the model key they came from), or None
EntitySource = Callable[[str], "tuple[list[tuple[int, int, str]], str] | None"]


def _annotation_doc(annotation: Annotation, article: Article,
                    entities: list[tuple[int, int, str]]) -> dict:
    inside = [{"text": article.text[s:e], "label": label, "start": s, "end": e}
              for s, e, label in entities if annotation.start <= s and e <= annotation.end]
    return {
        "id": annotation.id, "start": annotation.start, "end": annotation.end,
        "quote": annotation.quote, "prefix": annotation.prefix, "suffix": annotation.suffix,
        "stance": annotation.stance, "holder": annotation.holder, "target": annotation.target,
        "note": annotation.note, "scheme": annotation.scheme, "entities": inside,
        "created": annotation.created, "updated": annotation.updated,
    }


def build_export(articles: Iterable[Article], annotations: Iterable[Annotation], scheme: Scheme,
                 entities: EntitySource, exported_at: str | None = None) -> dict:
    """The export document for ``articles`` with their ``annotations``."""
    by_article: dict[str, list[Annotation]] = {}
    for annotation in annotations:
        by_article.setdefault(annotation.article_id, []).append(annotation)
    docs = []
    for article in articles:
        found = entities(article.id)
        spans, model = found if found else ([], None)
        docs.append({
            "id": article.id, "title": article.title, "author": article.author,
            "source": article.source, "date": article.date, "file": article.file,
            "entities_model": model,
            "annotations": [_annotation_doc(a, article, spans)
                            for a in sorted(by_article.get(article.id, []),
                                            key=lambda a: (a.start, a.end))],
        })
    return {"format": FORMAT, "version": VERSION, "exported_at": exported_at or utc_now(),
            "scheme": scheme.to_doc(), "articles": docs}


def summary(document: dict) -> str:
    """ "3 annotations of 2 articles": what an export holds, for messages."""
    articles = len(document["articles"])
    annotations = sum(len(a["annotations"]) for a in document["articles"])
    return (f"{annotations} annotation{'' if annotations == 1 else 's'} of "
            f"{articles} article{'' if articles == 1 else 's'}")


def dumps(document: dict) -> str:
    """The export as text (UTF-8 JSON, indented, ending in a newline)."""
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def write_export(document: dict, path: Path) -> Path:
    """Write the export to ``path`` atomically (temporary file, fsync, rename, as the database
    does); a file replaced keeps its permissions, a new one gets the usual ones.

    Raises ExportError with the reason when the path cannot be written; no partial file stays.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise ExportError(f"{path} is a directory: give a file name, e.g. {path / 'annotations.json'}")
    try:
        replace_synced(str(path), dumps(document).encode("utf-8"), new_mode=0o666)
    except OSError as exc:
        raise ExportError(f"Cannot write {path}: {exc.strerror or exc}. "
                          "Your annotations are still in the database; choose another path.") from exc
    return path
