"""W3C Web Annotation Data Model (JSON-LD), written and read back.

An AnnotationCollection whose first AnnotationPage holds one Annotation per annotation:
``motivation`` classifying; bodies: the stance (TextualBody, purpose ``classifying``), the note
(purpose ``commenting``), holder and target (purpose ``tagging``, told apart by
``stancemark:role``); ``target.source`` names the article (``urn:stancemark:article:ID``) and
two selectors find the passage: TextQuoteSelector (exact, prefix, suffix) and
TextPositionSelector (start, end; left out for an orphan, whose offsets are stale).
A tag accepted from a suggestion has ``stancemark:suggested`` (the model and its confidence).
Our own terms are absolute IRIs (``stancemark:…``), which JSON-LD keeps as they are.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping

from stancemark.store.export import EntitySource

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ARTICLE = "urn:stancemark:article:"
ANNOTATION = "urn:stancemark:annotation:"
ROLES = ("holder", "target")


def _iri(annotation_id: str) -> str:
    try:
        return uuid.UUID(hex=annotation_id).urn
    except ValueError:
        return ANNOTATION + annotation_id


def annotation(doc: dict, article_id: str, orphaned: bool = False) -> dict:
    """One annotation of the export document as a W3C Annotation."""
    bodies = [{"type": "TextualBody", "purpose": "classifying", "value": doc["stance"]}]
    if doc["note"]:
        bodies.append({"type": "TextualBody", "purpose": "commenting", "value": doc["note"],
                       "format": "text/plain"})
    bodies += [{"type": "TextualBody", "purpose": "tagging", "value": doc[role],
                "stancemark:role": role} for role in ROLES if doc[role]]
    selectors = [{"type": "TextQuoteSelector", "exact": doc["quote"], "prefix": doc["prefix"],
                  "suffix": doc["suffix"]}]
    if not orphaned:
        selectors.append({"type": "TextPositionSelector", "start": doc["start"], "end": doc["end"]})
    return {
        "id": _iri(doc["id"]), "type": "Annotation", "motivation": "classifying",
        "created": doc["created"], "modified": doc["updated"], "body": bodies,
        "target": {"source": ARTICLE + article_id, "selector": selectors},
        "stancemark:scheme": doc["scheme"],
        **({"stancemark:suggested": doc["suggested"]} if doc.get("suggested") else {}),
    }


def collection(document: dict) -> dict:
    """The export document as an AnnotationCollection with every annotation on one page."""
    items = [annotation(doc, entry["id"], orphaned)
             for entry in document["articles"]
             for orphaned, key in ((False, "annotations"), (True, "orphaned"))
             for doc in entry.get(key, [])]
    return {
        "@context": CONTEXT, "id": uuid.uuid4().urn, "type": "AnnotationCollection",
        "label": f"stancemark annotations ({document['scheme']['name']} stances)",
        "total": len(items), "generated": document["exported_at"],
        "generator": {"type": "Software", "name": "stancemark"},
        "first": {"id": uuid.uuid4().urn, "type": "AnnotationPage", "startIndex": 0,
                  "items": items},
    }


def render(document: dict, texts: Mapping[str, str], entities: EntitySource) -> bytes:
    """The collection as indented UTF-8 JSON-LD."""
    return (json.dumps(collection(document), ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def is_w3c(document: object) -> bool:
    """Whether a parsed JSON document is a W3C annotation, page, collection or list of them."""
    items = document if isinstance(document, list) else [document]
    return bool(items) and all(isinstance(i, dict) and i.get("type") in (
        "Annotation", "AnnotationPage", "AnnotationCollection") for i in items)


def annotations_in(document: object) -> list[dict]:
    """The Annotation objects of a collection (its pages in order), a page, a list or one."""
    if isinstance(document, list):
        return [a for item in document for a in annotations_in(item)]
    if not isinstance(document, dict):
        return []
    kind = document.get("type")
    if kind == "Annotation":
        return [document]
    if kind == "AnnotationCollection":
        return annotations_in(document.get("first"))
    if kind == "AnnotationPage":
        rest = document.get("next")
        return annotations_in(document.get("items", [])) + (
            annotations_in(rest) if isinstance(rest, dict) else [])
    return []


def parse(item: dict) -> dict:
    """One W3C Annotation as the fields of our annotation (``start`` and ``end`` None without
    a position selector) and ``article_id`` from its source. Raises ValueError if it has no
    stance (classifying body), quote, or article of ours."""
    target = item.get("target")
    target = target[0] if isinstance(target, list) and target else target
    if not isinstance(target, dict) or not str(target.get("source", "")).startswith(ARTICLE):
        raise ValueError("its target is not a stancemark article (urn:stancemark:article:…)")
    selectors = target.get("selector", [])
    selectors = selectors if isinstance(selectors, list) else [selectors]
    by_type = {s.get("type"): s for s in selectors if isinstance(s, dict)}
    quote, position = by_type.get("TextQuoteSelector"), by_type.get("TextPositionSelector")
    bodies = item.get("body", [])
    bodies = bodies if isinstance(bodies, list) else [bodies]
    values = {(b.get("purpose"), b.get("stancemark:role")): b.get("value", "")
              for b in bodies if isinstance(b, dict)}
    stance = values.get(("classifying", None))
    if not stance or not quote or not quote.get("exact"):
        raise ValueError("it has no stance (a classifying body) or no TextQuoteSelector")
    raw_id = str(item.get("id", ""))
    ident = (raw_id[len(ANNOTATION):] if raw_id.startswith(ANNOTATION) else
             uuid.UUID(raw_id[9:]).hex if raw_id.startswith("urn:uuid:") else raw_id)
    return {
        "id": ident or uuid.uuid4().hex, "article_id": target["source"][len(ARTICLE):],
        "start": position.get("start") if position else None,
        "end": position.get("end") if position else None,
        "quote": quote["exact"], "prefix": quote.get("prefix", ""),
        "suffix": quote.get("suffix", ""), "stance": stance,
        "note": values.get(("commenting", None), ""),
        **{role: values.get(("tagging", role), "") for role in ROLES},
        "scheme": item.get("stancemark:scheme", ""),
        "suggested": item.get("stancemark:suggested"),
        "created": item.get("created", ""), "updated": item.get("modified", item.get("created", "")),
    }
