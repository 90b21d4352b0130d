"""Who says what: reported speech in an article, with its speaker, its cue and what is said.

Sentence by sentence (``speech.clauses``, over the dependency parse), then across the article:
a pronoun speaker ("He points out…") is the last person quoted in its paragraph or the two
before, else the nearest person named before it; "it"/"they" is the subject of the sentence
before; what a cue says that lies inside a direct quote is the whole
quote; a quote left without a cue takes the speaker of the quote before it in its paragraph
(or after it), and a quote left open at the end of a paragraph goes on in the next one that
opens with a quote mark.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from stancemark.nlp import cues
from stancemark.nlp.analysis import Paragraphed, _batches, pieces
from stancemark.nlp.entities import Entity
from stancemark.nlp.model import Model
from stancemark.nlp.speech import Clause, Names, Speaker, clauses, subject_of, trim

# Bump when the rules change, so cached attributions are found again.
ATTRIBUTION_RULES = 1
QUOTE_MARKS = re.compile("[“”\"]")
SENTENTIAL = 4  # words a quote needs to be speech of its own, not a phrase ("dangerous provocation")
PEOPLE_WINDOW = 2  # paragraphs back in which "he" or "she" may be the last person quoted


@dataclass(frozen=True)
class Attribution:
    """Reported speech: ``start``–``end`` is what is said, ``speaker`` who says it, ``cue``
    the lemma that says so ("say", "point out", "according to"), at ``cue_start``–``cue_end``.
    ``via`` is the pronoun the speaker was found from, if any."""

    start: int
    end: int
    speaker: Speaker
    cue: str
    cue_start: int
    cue_end: int
    via: tuple[int, int] | None = None

    def to_json(self, text: str) -> dict:
        """The form `stancemark attributions --json` prints (offsets index ``text``)."""
        speaker = self.speaker
        who: dict = {"text": text[speaker.start:speaker.end], "start": speaker.start,
                     "end": speaker.end, "label": speaker.label}
        if speaker.entity is not None:
            who["entity"] = speaker.entity
        out = {"start": self.start, "end": self.end, "speaker": who, "cue": self.cue,
               "cue_start": self.cue_start, "cue_end": self.cue_end}
        if self.via is not None:
            out["via"] = {"text": text[self.via[0]:self.via[1]], "start": self.via[0],
                          "end": self.via[1]}
        return out

    def touches(self, start: int, end: int) -> bool:
        """Whether what is said, or the cue, overlaps ``start``–``end``."""
        return (self.start < end and self.end > start) or \
            (self.cue_start < end and self.cue_end > start)


@dataclass
class Attributions:
    """The attributions of one article, found with the model whose key is ``model``."""

    model: str
    items: list[Attribution]

    def to_doc(self) -> dict:
        """A compact JSON-able form, for the cache."""
        return {"model": self.model, "attributions": [
            [a.start, a.end, a.speaker.start, a.speaker.end, a.speaker.label, a.speaker.entity,
             a.cue, a.cue_start, a.cue_end, *(a.via or (None, None))] for a in self.items]}

    @classmethod
    def from_doc(cls, doc: dict) -> "Attributions":
        """Rebuild from ``to_doc`` output."""
        return cls(doc["model"], [
            Attribution(start, end, Speaker(s_start, s_end, label, entity), cue, c_start, c_end,
                        None if v_start is None else (v_start, v_end))
            for start, end, s_start, s_end, label, entity, cue, c_start, c_end, v_start, v_end
            in doc["attributions"]])

    def speakers(self, start: int, end: int) -> list[Attribution]:
        """The attributions touching ``start``–``end`` in reading order, one per speaker."""
        seen: set[tuple[int, int]] = set()
        found = []
        for item in sorted(self.items, key=lambda a: (a.cue_start, a.start)):
            key = (item.speaker.start, item.speaker.end)
            if item.touches(start, end) and key not in seen:
                seen.add(key)
                found.append(item)
        return found


def attribution_key(model_key: str) -> str:
    """The cache key of attributions: the entity model's key (they use its entities) and the
    version of these rules."""
    return f"{model_key}/a{ATTRIBUTION_RULES}"


def attribute(parser: Model, article: Paragraphed, entities: Sequence[Entity],
              stop: Callable[[], bool] | None = None) -> Attributions | None:
    """The reported speech of ``article`` (headings left out), whose ``entities`` name the
    speakers. ``stop`` is asked between batches of paragraphs; None when it said stop."""
    text, heads = article.text, set(article.headings)
    spans = article.paragraph_spans()
    jobs = [(p, piece) for p, span in enumerate(spans) if p not in heads
            for piece in pieces(text, *span)]
    names = Names(text, entities)
    found: list[tuple[int, Clause]] = []
    subjects: list[tuple[int, Speaker | None]] = []  # each sentence's start and subject
    for batch in _batches(jobs):
        if stop is not None and stop():
            return None
        docs = parser.nlp.pipe([text[a:b] for _, (a, b) in batch], batch_size=len(batch))
        for (p, (a, _)), doc in zip(batch, docs):
            for sent in doc.sents:
                subjects.append((a + sent.start_char, subject_of(sent, a, names)))
                found.extend((p, clause) for clause in clauses(sent, a, names))
    return Attributions(attribution_key(parser.key),
                        _settle(text, spans, heads, found, subjects, names))


def _settle(text: str, spans: list[tuple[int, int]], heads: set[int],
            found: list[tuple[int, Clause]], subjects: list[tuple[int, Speaker | None]],
            names: Names) -> list[Attribution]:
    """Pronouns resolved and quotes settled, across the article (``found`` in reading order)."""
    quotes = {p: _quotes(text, *spans[p]) for p in range(len(spans)) if p not in heads}
    by_paragraph: dict[int, list[Attribution]] = {p: [] for p in quotes}
    starts = [start for start, _ in subjects]
    people: list[tuple[int, Speaker]] = []  # (paragraph, speaker) of what people said so far
    for p, clause in found:
        if any(q[0] < clause.cue_span[0] < q[1] for q in quotes[p]):
            continue  # a cue inside a quote is the quoted speaker's own words
        speaker, via, word = clause.speaker, None, ""
        if clause.pronoun is not None:
            a, b, word = clause.pronoun
            speaker, via = _resolve(word, a, p, names, people, subjects, starts), (a, b)
        content = _content(text, clause, quotes[p])
        if speaker is None or content is None:
            continue
        if word in cues.PERSON_PRONOUNS or speaker.label == "PERSON" \
                or (clause.named and speaker.label == "") or names.surname(speaker):
            people.append((p, speaker))
        by_paragraph[p].append(Attribution(*content, speaker, clause.cue, *clause.cue_span,
                                           via=via))
    _carry_quotes(text, spans, quotes, by_paragraph)
    return sorted({a for items in by_paragraph.values() for a in items},
                  key=lambda a: (a.start, a.cue_start))


def _resolve(word: str, at: int, paragraph: int, names: Names,
             people: list[tuple[int, Speaker]], subjects: list[tuple[int, Speaker | None]],
             starts: list[int]) -> Speaker | None:
    """He/she: the last person quoted in this paragraph or the two before, else the nearest
    person named before; it/they: the subject of the sentence before, unless a person."""
    if word in cues.PERSON_PRONOUNS:
        for p, speaker in reversed(people):
            if p < paragraph - PEOPLE_WINDOW:
                break
            if speaker.end <= at:
                return speaker
        person = names.before(at, frozenset({"PERSON"}))
        return names.speaker(person) if person is not None else None
    index = bisect_right(starts, at) - 1
    before = subjects[index - 1][1] if index > 0 else None
    return before if before is not None and before.label != "PERSON" else None


def _quotes(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(opening mark, closing mark or paragraph end) of each direct quote in a paragraph."""
    found, opened = [], None
    for mark in QUOTE_MARKS.finditer(text, start, end):
        at, char = mark.start(), mark.group()
        if opened is None and char != "”":
            opened = at
        elif opened is not None and char != "“":
            found.append((opened, at))
            opened = None
    if opened is not None:
        found.append((opened, end))
    return found


def _inner(text: str, quote: tuple[int, int]) -> tuple[int, int]:
    return trim(text, quote[0] + 1, quote[1])


def _content(text: str, clause: Clause, quotes: list[tuple[int, int]]) -> tuple[int, int] | None:
    """What the clause says: the quote its content lies in; for a speech verb with nothing
    to say in the parse, the quote nearest to it in its sentence."""
    outside = [q for q in quotes if not q[0] < clause.cue_span[0] < q[1]]
    if clause.anchor is not None:
        quote = next((q for q in outside if q[0] < clause.anchor < q[1]), None)
        return _inner(text, quote) if quote else clause.content
    first, last = clause.sentence
    near = [q for q in outside if q[0] < last and q[1] > first]
    if not near:
        return None
    return _inner(text, min(near, key=lambda q: min(abs(q[0] - clause.cue_span[0]),
                                                    abs(q[1] - clause.cue_span[0]))))


def _carry_quotes(text: str, spans: list[tuple[int, int]], quotes: dict[int, list],
                  by_paragraph: dict[int, list[Attribution]]) -> None:
    """Give quotes without a cue the speaker of the quote they go on from: a quote left open
    at the end of a paragraph goes on in the next paragraph if that opens with a quote mark
    (either may have the cue); in a paragraph, a quote takes the speaker of the quote before
    it, else of the one after it."""
    sources: dict[tuple[int, int], Attribution] = {}
    for p, items in by_paragraph.items():
        for quote in quotes[p]:
            inner = _inner(text, quote)
            source = next((a for a in items if a.start < inner[1] and a.end > inner[0]), None)
            if source is not None:
                sources[quote] = source

    def carry(source: Attribution, p: int, quote: tuple[int, int]) -> None:
        said = replace(source, start=_inner(text, quote)[0], end=_inner(text, quote)[1])
        by_paragraph[p].append(said)
        sources[quote] = said

    def continues(p: int) -> bool:
        """Whether paragraph ``p`` opens by going on with the quote left open before it."""
        before = quotes.get(p - 1)
        return bool(before and quotes.get(p) and before[-1][1] == spans[p - 1][1]
                    and quotes[p][0][0] == spans[p][0])

    def within(p: int) -> None:
        spoken = [q for q in quotes[p] if len(text[slice(*_inner(text, q))].split()) >= SENTENTIAL]
        for i, quote in enumerate(spoken):
            if quote not in sources:
                near = [sources[q] for q in [*reversed(spoken[:i]), *spoken[i + 1:]]
                        if q in sources]
                if near:
                    carry(near[0], p, quote)

    order = sorted(quotes)
    for p in order:
        if continues(p) and quotes[p - 1][-1] in sources and quotes[p][0] not in sources:
            carry(sources[quotes[p - 1][-1]], p, quotes[p][0])
        within(p)
    for p in reversed(order):
        if continues(p + 1) and quotes[p + 1][0] in sources and quotes[p][-1] not in sources:
            carry(sources[quotes[p + 1][0]], p, quotes[p][-1])
            within(p)
