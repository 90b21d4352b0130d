"""spaCy DocBin (``.spacy``): one Doc per annotated article, for training a span categorizer.

Stances are the span group ``doc.spans["stance"]`` (label: the stance), widened to whole
tokens; the group's ``attrs["annotations"]`` holds, in the same order, each annotation's id,
holder, target, note, exact character offsets and ``suggested`` (None for a tag by hand). The article's entities are ``doc.ents``;
its id, title, source, date and file are in ``doc.user_data["stancemark"]``. Load with
``DocBin().from_disk(path).get_docs(nlp.vocab)`` for any English ``nlp``. spaCy is imported
only when this format is written.
"""

from __future__ import annotations

from collections.abc import Mapping

from stancemark.store.export import EntitySource

GROUP = "stance"
LANGUAGE = "en"


def render(document: dict, texts: Mapping[str, str], entities: EntitySource) -> bytes:
    """The DocBin's bytes."""
    import spacy  # slow to import: only for this format
    from spacy.tokens import DocBin
    from spacy.util import filter_spans

    nlp = spacy.blank(LANGUAGE)
    docs = DocBin(store_user_data=True)
    for entry in document["articles"]:
        doc = nlp.make_doc(texts[entry["id"]])
        found = entities(entry["id"])
        spans = [doc.char_span(s, e, label=label, alignment_mode="expand")
                 for s, e, label in (found[0] if found else [])]
        doc.ents = filter_spans([s for s in spans if s is not None])
        placed = [(span, a) for a in entry["annotations"]
                  if (span := doc.char_span(a["start"], a["end"], label=a["stance"],
                                            alignment_mode="expand")) is not None]
        doc.spans[GROUP] = [span for span, _ in placed]
        doc.spans[GROUP].attrs["annotations"] = [
            {key: a.get(key) for key in ("id", "start", "end", "holder", "target", "note",
                                         "suggested")}
            for _, a in placed]
        doc.user_data["stancemark"] = {key: entry[key] for key in
                                       ("id", "title", "author", "source", "date", "file")}
        docs.add(doc)
    return docs.to_bytes()
