"""Import of annotations from our JSON export or W3C Web Annotation JSON-LD into a library.

Articles are found by id, else by the SHA-256 of their text, else (one article only) by the
same title or file: then each passage is found again in that text. An annotation already in
the library (same id) is never added twice; one whose content differs there is a conflict,
and the library's version stays.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields, replace

from stancemark.store.annotation import Annotation, utc_now
from stancemark.store.article import Article
from stancemark.store.export import FORMAT
from stancemark.store.formats import w3c
from stancemark.store.library import Library

COMPARED = ("stance", "holder", "target", "note", "quote")


@dataclass
class Incoming:
    """The annotations of one article in the file, and what identifies the article."""

    article_id: str
    sha256: str = ""
    title: str = ""
    file: str = ""
    annotations: list[Annotation] = field(default_factory=list)


@dataclass
class ImportReport:
    """What an import did: counts, and a line for each thing the user should look at."""

    added: int = 0
    moved: int = 0  # added, found at other offsets (the article's text differs)
    orphaned: int = 0  # added as orphans: the passage is not in the article's text
    present: int = 0
    conflicts: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    stances: set[str] = field(default_factory=set)

    def summary(self) -> str:
        """One line: what was added and what was not."""
        parts = [f"{self.added} added" + (f" ({self.moved} at new offsets)" if self.moved else ""),
                 f"{self.present} already there"]
        parts += [f"{n} {what}" for n, what in (
            (self.orphaned, "orphaned"), (len(self.conflicts), "in conflict (library's kept)"),
            (len(self.unmatched), "article(s) not in the library"),
            (len(self.skipped), "unreadable")) if n]
        return ", ".join(parts)


def _annotation(doc: dict, article_id: str, orphaned: bool) -> Annotation:
    names = {f.name for f in fields(Annotation)}
    missing = {"id", "quote", "stance"} - doc.keys()
    if missing:
        raise ValueError(f"it lacks {', '.join(sorted(missing))}")
    now = utc_now()
    values = {"prefix": "", "suffix": "", "scheme": "", "holder": "", "target": "", "note": "",
              **{k: v for k, v in doc.items() if k in names and v is not None}}
    values.update(article_id=article_id, orphaned=orphaned or doc.get("start") is None,
                  created=doc.get("created") or now, updated=doc.get("updated") or now)
    values.setdefault("start", 0)
    values.setdefault("end", 0)
    if not all(isinstance(values[k], str) for k in ("id", "quote", "stance", "holder", "target",
                                                   "note", "prefix", "suffix", "scheme")) or \
            not all(isinstance(values[k], int) for k in ("start", "end")):
        raise ValueError("a field has the wrong type")
    if "suggested" in values:
        values["suggested"] = _suggested(values["suggested"])
    return Annotation(**values)


def _suggested(value: object) -> dict:
    """The ``suggested`` field of a file as stored: the model's version and its confidence."""
    if not isinstance(value, dict) or not isinstance(value.get("model"), str) or \
            not isinstance(value.get("confidence"), (int, float)) or \
            isinstance(value.get("confidence"), bool):
        raise ValueError("its suggested field is not {\"model\": …, \"confidence\": …}")
    return {"model": value["model"], "confidence": float(value["confidence"])}


def read_annotations(data: bytes) -> tuple[list[Incoming], list[str]]:
    """The annotations of an export file (ours or W3C), grouped by article, and the reason
    each unreadable annotation was skipped. Raises ValueError if the file is neither."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not a JSON file ({exc})") from exc
    skipped: list[str] = []
    if isinstance(document, dict) and document.get("format") == FORMAT:
        incoming = []
        for entry in document.get("articles", []):
            if not isinstance(entry, dict) or not isinstance(entry.get("id"), str):
                skipped.append("an article without an id")
                continue
            group = Incoming(entry["id"], entry.get("sha256", ""), entry.get("title", ""),
                             entry.get("file", ""))
            for orphaned, key in ((False, "annotations"), (True, "orphaned")):
                for doc in entry.get(key, []):
                    try:
                        group.annotations.append(_annotation(doc, entry["id"], orphaned))
                    except (ValueError, TypeError, AttributeError) as exc:
                        skipped.append(f"an annotation of article {entry['id']}: {exc}")
            incoming.append(group)
        return incoming, skipped
    if w3c.is_w3c(document):
        groups: dict[str, Incoming] = {}
        for item in w3c.annotations_in(document):
            try:
                doc = w3c.parse(item)
                annotation = _annotation(doc, doc["article_id"], False)
            except (ValueError, TypeError, AttributeError, KeyError) as exc:
                skipped.append(f"annotation {item.get('id', '(no id)')}: {exc}")
                continue
            groups.setdefault(doc["article_id"], Incoming(doc["article_id"])).annotations.append(
                annotation)
        return list(groups.values()), skipped
    raise ValueError(f"neither a stancemark export (format {FORMAT}) nor W3C Web Annotations")


def _find_article(library: Library, group: Incoming, by_hash: dict[str, Article]
                  ) -> Article | None:
    found = library.article(group.article_id) if len(group.article_id) >= 16 else None
    if found is None and group.sha256:
        if not by_hash:
            by_hash.update({hashlib.sha256(a.text.encode("utf-8")).hexdigest(): a
                            for a in library.articles()})
        found = by_hash.get(group.sha256)
    if found is None:  # titles and files are read without the texts
        same = [i for i, (title, file) in library.article_fields(None, "title", "file").items()
                if (group.title and title == group.title) or (group.file and file == group.file)]
        found = library.article(same[0]) if len(same) == 1 else None
    return found


def merge(library: Library, incoming: list[Incoming]) -> ImportReport:
    """Add the incoming annotations to ``library`` (see the module's docstring)."""
    from stancemark.store.reanchor import reanchor  # rapidfuzz loads when it is needed

    report = ImportReport()
    by_hash: dict[str, Article] = {}
    for group in incoming:
        article = _find_article(library, group, by_hash)
        if article is None:
            label = f"“{group.title}”" if group.title else group.article_id
            report.unmatched.append(f"{label} ({len(group.annotations)} annotation(s)): the "
                                    "article is not in the library; import its file first")
            continue
        for annotation in group.annotations:
            report.stances.add(annotation.stance)
            there = library.annotation(annotation.id)
            if there is not None:
                differs = [k for k in COMPARED if getattr(there, k) != getattr(annotation, k)]
                if differs:
                    report.conflicts.append(f"annotation {annotation.id}: " + "; ".join(
                        f"{k} is {getattr(there, k)!r} in the library, {getattr(annotation, k)!r} "
                        "in the file" for k in differs))
                else:
                    report.present += 1
                continue
            if annotation.orphaned or article.text[annotation.start:annotation.end] != \
                    annotation.quote:
                annotation, anchor = reanchor(annotation, article.id, article.text,
                                              len(article.text))
                report.moved += anchor is not None
                report.orphaned += anchor is None
            elif annotation.article_id != article.id:
                annotation = replace(annotation, article_id=article.id)
            library.save_annotation(annotation)
            report.added += 1
    return report
