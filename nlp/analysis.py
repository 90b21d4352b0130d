"""Entities and sentences of article texts, computed paragraph by paragraph with ``nlp.pipe``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from stancemark.nlp.entities import Entity, clean_span, entities_by_match, is_title_case
from stancemark.nlp.model import Model
from stancemark.nlp.sentences import split_sentences
from stancemark.store.article import paragraph_spans


@dataclass
class Analysis:
    """What the reader needs from NLP for one text. ``model`` is empty for the rule fallback."""

    entities: list[Entity] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    model: str = ""

    def for_export(self) -> tuple[list[tuple[int, int, str]], str]:
        """(start, end, label) of each entity and the model key, as an export records them."""
        return [(e.start, e.end, e.label) for e in self.entities], self.model

    def to_doc(self) -> dict:
        """A compact JSON-able form, for the cache."""
        return {"model": self.model,
                "entities": [[e.start, e.end, e.label] for e in self.entities],
                "sentences": [list(s) for s in self.sentences]}

    @classmethod
    def from_doc(cls, doc: dict) -> "Analysis":
        """Rebuild from ``to_doc`` output."""
        return cls(entities=[Entity(s, e, label) for s, e, label in doc["entities"]],
                   sentences=[(s, e) for s, e in doc["sentences"]], model=doc["model"])


def fallback_analysis(text: str, headings: Iterable[int] = (0,)) -> Analysis:
    """Sentences by rule and no entities: what the reader shows without a model."""
    heads = set(headings)
    sentences: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(paragraph_spans(text)):
        sentences.extend([(start, end)] if index in heads else split_sentences(text, start, end))
    return Analysis(sentences=sentences)


def _paragraph_result(text: str, start: int, doc, heading: bool):
    entities = []
    for ent in doc.ents:
        span = clean_span(text, start + ent.start_char, start + ent.end_char)
        if span:
            entities.append(Entity(span[0], span[1], ent.label_))
    if heading:
        return entities, [(start, start + len(doc.text))]
    sentences = []
    for sent in doc.sents:
        a, b = start + sent.start_char, start + sent.end_char
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        if a < b:
            sentences.append((a, b))
    return entities, sentences


def analyze(model: Model, items: Iterable[tuple[str, Iterable[int]]],
            batch_size: int = 64, n_process: int = 1) -> Iterator[Analysis]:
    """Analyse (text, heading paragraph indexes) pairs, yielding one Analysis per text in order.

    All paragraphs go through one ``nlp.pipe`` stream (over ``n_process`` processes). Title-case headings get only the
    entities that the body names too, since the model mistakes Headline Case for names.
    """
    items = [(text, set(heads)) for text, heads in items]
    jobs = [(i, p, span) for i, (text, _) in enumerate(items)
            for p, span in enumerate(paragraph_spans(text))]
    docs = model.nlp.pipe((items[i][0][s:e] for i, _, (s, e) in jobs), batch_size=batch_size,
                          n_process=n_process)
    per_text: dict[int, list] = {}
    for (i, p, (start, end)), doc in zip(jobs, docs):
        text, heads = items[i]
        per_text.setdefault(i, []).append(
            (p, start, end, *_paragraph_result(text, start, doc, p in heads)))
        if end == len(text):
            yield _assemble(text, heads, per_text.pop(i), model.key)


def _assemble(text: str, heads: set[int], paragraphs: list, key: str) -> Analysis:
    known = {text[e.start:e.end]: e.label
             for p, _, _, ents, _ in paragraphs if p not in heads for e in ents}
    entities: list[Entity] = []
    sentences: list[tuple[int, int]] = []
    for p, start, end, ents, sents in paragraphs:
        if p in heads and is_title_case(text[start:end]):
            ents = entities_by_match(text, start, end, known)
        entities.extend(ents)
        sentences.extend(sents)
    return Analysis(entities=entities, sentences=sentences, model=key)
