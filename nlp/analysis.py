"""Entities and sentences of article texts, computed piece by piece with ``nlp.pipe``."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from stancemark.nlp.entities import Entity, entities_by_match, name_span
from stancemark.nlp.grouping import group_entities, named_again
from stancemark.nlp.headlines import ModelView, is_headline, lower_words, model_view
from stancemark.nlp.model import Model
from stancemark.nlp.sentences import sentence_ends, split_sentences

# spaCy refuses texts over 1,000,000 characters, and one call cannot be interrupted: the model
# sees paragraphs in pieces of at most MAX_PIECE characters, BATCH_CHARS at a time (~0.3 s here).
MAX_PIECE = 5_000
BATCH_CHARS = 10_000
WHITESPACE = re.compile(r"\s+")


class Paragraphed(Protocol):
    """What analysis needs of an article (the store's Article is one): its text, where its
    paragraphs are, and which of them are headings (by index)."""

    @property
    def text(self) -> str:
        """The whole text, as stored."""
        ...

    @property
    def headings(self) -> Sequence[int]:
        """Indexes of the paragraphs that are headings."""
        ...

    def paragraph_spans(self) -> list[tuple[int, int]]:
        """(start, end) of each paragraph of ``text``."""
        ...


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
                "entities": [[e.start, e.end, e.label, e.entity] for e in self.entities],
                "sentences": [list(s) for s in self.sentences]}

    @classmethod
    def from_doc(cls, doc: dict) -> "Analysis":
        """Rebuild from ``to_doc`` output (or an older one, without entity names)."""
        return cls(entities=[Entity(*entity) for entity in doc["entities"]],
                   sentences=[(s, e) for s, e in doc["sentences"]], model=doc["model"])


def fallback_analysis(article: Paragraphed) -> Analysis:
    """Sentences by rule and no entities: what the reader shows without a model."""
    text, heads = article.text, set(article.headings)
    sentences: list[tuple[int, int]] = []
    for index, (start, end) in enumerate(article.paragraph_spans()):
        sentences.extend([(start, end)] if index in heads else split_sentences(text, start, end))
    return Analysis(sentences=sentences)


def pieces(text: str, start: int, end: int, limit: int = MAX_PIECE) -> list[tuple[int, int]]:
    """``text[start:end]`` cut into spans of at most ``limit`` characters for the model: each cut
    at the last sentence end in the second half of the window, else after the last whitespace
    there (so a name is not cut in two), else at the limit."""
    spans = []
    while end - start > limit:
        low, high = start + limit // 2, start + limit
        cut = _last_end(sentence_ends(text, low, high)) or \
            _last_end(WHITESPACE.finditer(text, low, high)) or high
        spans.append((start, cut))
        start = cut
    spans.append((start, end))
    return spans


def _last_end(matches: Iterable[re.Match[str]]) -> int | None:
    last = None
    for last in matches:
        pass
    return last.end() if last else None


def _piece_result(text: str, start: int, doc, heading: bool):
    entities = []
    for ent in doc.ents:
        span = name_span(text, start + ent.start_char, start + ent.end_char, ent.label_)
        if span:
            entities.append(Entity(span[0], span[1], ent.label_))
    if heading:  # a heading is one sentence: _assemble gives it its whole paragraph
        return entities, []
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


def _batches(jobs: list, limit: int = BATCH_CHARS) -> Iterator[list]:
    """Consecutive jobs of at most ``limit`` characters in all (or a single larger one)."""
    batch: list = []
    size = 0
    for job in jobs:
        a, b = job[-1]
        if batch and size + b - a > limit:
            yield batch
            batch, size = [], 0
        batch.append(job)
        size += b - a
    if batch:
        yield batch


def analyze(model: Model, articles: Iterable[Paragraphed],
            stop: Callable[[], bool] | None = None) -> Iterator[Analysis]:
    """Analyse articles, yielding one Analysis per article in order.

    Paragraphs go to the model in pieces of at most MAX_PIECE characters (see ``pieces``), in
    ``nlp.pipe`` batches of about BATCH_CHARS characters. ``stop`` is asked before each batch:
    when it answers True no more analyses come, and a text analysed only in part yields nothing.
    The model reads each text in its ``model_view`` (capitals in Title Case); headings in
    headline style (see ``is_headline``) get only the entities that the body names too, since
    the model mistakes Headline Case for names.
    """
    items = [(a.text, set(a.headings), a.paragraph_spans()) for a in articles]
    views = [model_view(text, spans) for text, _, spans in items]
    jobs = [(i, p, span, piece) for i, (text, _, spans) in enumerate(items)
            for p, span in enumerate(spans) for piece in pieces(text, *span)]
    per_text: dict[int, list] = {}
    for batch in _batches(jobs):
        if stop is not None and stop():
            return
        texts = [views[i].text[a:b] for i, _, _, (a, b) in batch]
        for (i, p, (start, end), (a, b)), doc in zip(
                batch, model.nlp.pipe(texts, batch_size=len(texts))):
            text, heads, spans = items[i]
            paragraphs = per_text.setdefault(i, [])
            if a == start:
                paragraphs.append((p, start, end, [], []))
            entities, sentences = _piece_result(text, a, doc, p in heads)
            paragraphs[-1][3].extend(entities)
            paragraphs[-1][4].extend(sentences)
            if (p, b) == (len(spans) - 1, end):
                yield _assemble(text, views[i], heads, per_text.pop(i), model.key)


def _assemble(text: str, view: ModelView, heads: set[int], paragraphs: list,
              key: str) -> Analysis:
    """One article's analysis from its paragraphs' results: headlines keep only the names the
    body confirms, a dateline's place is a GPE, and mentions are grouped."""
    body = [p for p in paragraphs if p[0] not in heads]
    known = {view.text[e.start:e.end]: e.label for _, _, _, ents, _ in body for e in ents}
    lower = lower_words(view.text[start:end] for _, start, end, _, _ in body)
    entities = [Entity(a, b, "GPE") for a, b in view.places]
    sentences: list[tuple[int, int]] = []
    for p, start, end, ents, sents in paragraphs:
        if p in heads and is_headline(view.text[start:end], lower, title=p == 0):
            ents = entities_by_match(view.text, start, end, known)
        entities.extend(e for e in ents
                        if not any(e.start < b and a < e.end for a, b in view.places))
        sentences.extend([(start, end)] if p in heads else sents)
    entities.sort(key=lambda e: e.start)
    return Analysis(entities=group_entities(text, named_again(text, entities)),
                    sentences=sentences, model=key)
