"""Reported speech inside one parsed sentence: the cue, who is its subject, and what is said.

Rules over spaCy's dependency parse (``Token``s of a doc whose text starts at ``base`` in the
article); names come from the article's entities, so a speaker is the name the reader shows.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from stancemark.nlp import cues
from stancemark.nlp.entities import Entity

Token = Any  # spacy.tokens.Token: spaCy is imported only where a parser is loaded
TRIM = " \t\n,;:.“”\"'‘’—–-"


@dataclass(frozen=True)
class Speaker:
    """Who says it: a span of the article, its entity label ("" for a phrase that names no
    entity) and the entity group of that name when the entities have one."""

    start: int
    end: int
    label: str = ""
    entity: str | None = None


@dataclass
class Clause:
    """A cue found in a sentence, before pronouns and quotes are settled at article level.
    ``pronoun`` is set (span and word) when the subject must be resolved; ``anchor`` is where
    what is said starts, to tell whether it lies inside a direct quote (None: nothing was
    found but a quote near the cue may be it)."""

    cue: str
    cue_span: tuple[int, int]
    content: tuple[int, int]
    anchor: int | None
    speaker: Speaker | None = None
    pronoun: tuple[int, int, str] | None = None
    sentence: tuple[int, int] = (0, 0)
    named: bool = False  # the speaker is a proper name (a person, if no entity says otherwise)


class Names:
    """The entities of article ``text``, looked up by offset."""

    def __init__(self, text: str, entities: Sequence[Entity]) -> None:
        self.text = text
        self.entities = sorted(entities, key=lambda e: e.start)
        self._starts = [e.start for e in self.entities]
        self._surnames: dict[str, int] = {}  # last words of a person's name -> where it is first
        for entity in reversed(self.entities):
            words = text[entity.start:entity.end].lower().split()
            if entity.label == "PERSON":
                self._surnames.update((" ".join(words[i:]), entity.end) for i in range(1, len(words)))

    def at(self, start: int, end: int, labels=cues.SPEAKER_LABELS) -> Entity | None:
        """The entity with one of ``labels`` that covers ``start``–``end`` (entities do not
        overlap, so only the last one starting at or before ``start`` can)."""
        index = bisect_right(self._starts, start) - 1
        entity = self.entities[index] if index >= 0 else None
        return entity if entity and entity.end >= end and entity.label in labels else None

    def before(self, offset: int, labels: frozenset[str]) -> Entity | None:
        """The nearest entity with one of ``labels`` that ends at or before ``offset``."""
        index = bisect_right(self._starts, offset) - 1
        while index >= 0:
            entity = self.entities[index]
            if entity.end <= offset and entity.label in labels:
                return entity
            index -= 1
        return None

    def surname(self, speaker: Speaker) -> bool:
        """Whether ``speaker`` is how a person named before is called again ("Novak" after
        "Marta Novak"), whatever the label the model gave it."""
        name = " ".join(self.text[speaker.start:speaker.end].lower().split())
        return self._surnames.get(name, speaker.start + 1) <= speaker.start

    def speaker(self, entity: Entity) -> Speaker:
        """A speaker naming ``entity`` (and its group, where entities are grouped)."""
        return Speaker(entity.start, entity.end, entity.label, getattr(entity, "entity", None))


def clauses(sent, base: int, names: Names) -> Iterator[Clause]:
    """The reported speech in sentence ``sent`` (a spaCy Span)."""
    for token in sent:
        found = _cue(token)
        if found is None:
            continue
        cue, last, kind = found
        clause = _source_phrase(token, cue, base, names) if kind == "source" else \
            _verb_clause(token, cue, kind, base, names)
        if clause is not None:
            clause.cue_span = (base + token.idx, base + last.idx + len(last))
            clause.sentence = (base + sent.start_char, base + sent.end_char)
            yield clause


def subject_of(sent, base: int, names: Names) -> Speaker | None:
    """Who the sentence is about: the speaker its main verb's subject names (for "it" and
    "they" in the next sentence), None for a pronoun or no subject."""
    subject = _child(sent.root, "nsubj")
    if subject is None or subject.pos_ == "PRON" or subject.lower_ in cues.NOT_SPEAKERS:
        return None
    return speaker_of(subject, base, names)


def _cue(token: Token) -> tuple[str, Token, str] | None:
    """(cue, its last token, kind) when ``token`` starts a cue."""
    lemma, lower = token.lemma_.lower(), token.lower_
    if lower == "according" and token.i + 1 < len(token.doc) and token.nbor().lower_ == "to":
        return cues.ACCORDING, token.nbor(), "source"
    if lemma in cues.VIEW_NOUNS and token.head.lower_ == "in" and _child(token, "poss"):
        return f"in {lemma}", token, "source"
    if lower in cues.ADJECTIVES and token.dep_ == "acomp":  # an adjective, or "concerned" as VBN
        return lower, token, "adjective"
    if token.pos_ not in ("VERB", "AUX"):
        return None
    particle = _child(token, "prt")
    if particle is not None and (lemma, particle.lower_) in cues.PARTICLE:
        return cues.PARTICLE[lemma, particle.lower_], particle, "speech"
    if lemma == "make":
        clear = next((c for c in token.children if c.lower_ == "clear"), None)
        if clear is not None:
            return cues.MAKE_CLEAR, clear, "make"
    for kind, lemmas in (("speech", cues.SPEECH), ("cognition", cues.COGNITION),
                         ("evaluative", cues.EVALUATIVE)):
        if lemma in lemmas:
            return lemma, token, kind
    return None


def _child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _verb_clause(verb: Token, cue: str, kind: str, base: int, names: Names) -> Clause | None:
    """A cue verb (or adjective) with its subject and what it says. Negated cues ("did not
    say") and passives without their speaker ("it is said") say nothing."""
    predicate = verb.head if kind == "adjective" else verb
    if _child(verb, "neg") or _child(predicate, "neg") or \
            (kind != "adjective" and _child(verb, "auxpass", "nsubjpass")):
        return None
    said = _said(verb, cue, kind)
    if said is None and kind != "speech":  # a speech verb may say a quote near it
        return None
    subject = _subject(predicate)
    if subject is None:
        return None
    clause = Clause(cue, (0, 0), (0, 0), None)
    if said is not None:
        clause.content, clause.anchor = _span(said, base), base + said.idx
    return _with_speaker(clause, subject, base, names)


def _said(verb: Token, cue: str, kind: str) -> Token | None:
    """The head of what a cue says: a clause, or an object where the cue takes one (not a
    relative pronoun: "which … condemned as a provocation" says the rest)."""
    if kind == "make":  # "made it clear that…": the clause hangs from "clear"
        clear = next(c for c in verb.children if c.lower_ == "clear")
        return next((c for c in clear.children if c.dep_ in ("ccomp", "advcl")), None)
    deps = ["ccomp"]
    if kind == "evaluative":
        deps += ["dobj", "prep"]
    elif cue in cues.SPEECH_OBJECT:
        deps += ["xcomp", "dobj"]
    found = next((c for dep in deps for c in verb.children
                  if c.dep_ == dep and _relative(c) is None), None)
    if found is None and kind == "speech":  # "told customers in an advisory that…", misparsed
        found = next((t for t in verb.subtree if t is not verb and t.pos_ in ("VERB", "AUX")
                      and any(c.dep_ == "mark" and c.lower_ == "that" for c in t.children)), None)
    return found


def _subject(verb: Token) -> Token | None:
    """The subject of a cue verb: its own, else that of the verb it is coordinated with, of
    "X was quoted as saying", or of the clause a participle hangs from ("…, noting that")
    when that clause is itself a cue or its subject a name."""
    own = _child(verb, "nsubj")
    if own is not None:
        return own
    quoted = _quoted_as(verb)
    if quoted is not None:
        return _child(quoted, "nsubjpass")
    head = verb.head
    if verb.dep_ == "conj" and head is not verb:
        return _subject(head)
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and head is not verb:
        while head.dep_ == "xcomp" and head.head is not head:  # "pressed China to…, urging"
            head = head.head
        subject = _subject(head)
        if subject is not None and (_cue(head) is not None or subject.ent_type_
                                    or subject.pos_ == "PROPN"):
            return subject
    return None


def _quoted_as(verb: Token) -> Token | None:
    """``quoted`` in "X was quoted … as saying", for the verb ``saying``."""
    prep = verb.head
    if verb.dep_ == "pcomp" and prep.lower_ == "as" and prep.head.lemma_ == "quote":
        return prep.head
    return None


def _relative(token: Token) -> Token | None:
    """The noun a relative pronoun stands for ("China, which fears…" -> China)."""
    clause = token.head
    if token.lower_ in cues.RELATIVE_PRONOUNS and clause.dep_ == "relcl":
        return clause.head
    return None


def _source_phrase(token: Token, cue: str, base: int, names: Names) -> Clause | None:
    """"according to X" and "in X's view": X, and the rest of the sentence as what is said."""
    if token.lower_ == "according":
        source, phrase = _child(token.nbor(), "pobj"), token
    else:
        source, phrase = _child(token, "poss"), token.head
    if source is None:
        return None
    if source.lemma_.lower() in cues.DOCUMENT_NOUNS:  # "according to a statement from X"
        by = next((c for c in source.children if c.dep_ == "prep"
                   and c.lower_ in ("from", "by", "of")), None)
        source = (_child(by, "pobj") if by is not None else None) or source
    sent, doc = token.sent, token.doc
    left, right = phrase.left_edge.i, phrase.right_edge.i + 1
    sides = [(a, b) for a, b in ((sent.start, left), (right, sent.end)) if a < b]
    a, b = max(sides, key=lambda s: s[1] - s[0], default=(left, right))
    start, end = trim(doc.text, doc[a].idx, doc[b - 1].idx + len(doc[b - 1]))
    clause = Clause(cue, (0, 0), (base + start, base + end), base + start)
    return _with_speaker(clause, source, base, names)


def _with_speaker(clause: Clause, subject: Token, base: int, names: Names) -> Clause | None:
    """``clause`` with the speaker its subject names, or the pronoun to resolve later; None
    for the writer's own voice ("we", "this") and other pronouns."""
    subject = _relative(subject) or subject
    start = base + subject.idx
    if subject.lower_ in cues.PERSON_PRONOUNS | cues.THING_PRONOUNS:
        clause.pronoun = (start, start + len(subject), subject.lower_)
        return clause
    if subject.lower_ in cues.NOT_SPEAKERS or subject.pos_ == "PRON":
        return None
    clause.speaker = speaker_of(subject, base, names)
    clause.named = subject.pos_ == "PROPN"
    return clause


def speaker_of(head: Token, base: int, names: Names) -> Speaker:
    """The name or phrase a subject token stands for: the entity it is part of; a name in
    apposition ("Its president, Marta Novak"); a name modifying it ("the IG Metall union");
    else the noun with the words before it, without articles and quantifiers."""
    def entity(token: Token, labels=cues.SPEAKER_LABELS) -> Entity | None:
        return names.at(base + token.idx, base + token.idx + len(token), labels)

    found = entity(head)
    if found is None:
        found = next((e for c in head.children if c.dep_ == "appos"
                      for e in [entity(c, frozenset({"PERSON", "ORG"}))] if e), None)
    if found is None:
        found = next((e for c in head.lefts if c.dep_ == "compound"
                      for e in [entity(c, frozenset({"PERSON", "ORG"}))] if e), None)
    if found is not None:
        start = found.start
        if head.doc.text[start - base:start - base + 4].lower() == "the ":
            return Speaker(start + 4, found.end, found.label, getattr(found, "entity", None))
        return names.speaker(found)
    first = head.i
    for child in reversed(list(head.lefts)):
        if child.dep_ not in ("compound", "amod", "nmod", "poss") or \
                child.lower_ in cues.QUANTIFIERS or child.pos_ in ("PRON", "DET", "NUM"):
            break
        first = child.left_edge.i
    doc = head.doc
    while first < head.i and (doc[first].pos_ in ("DET", "NUM", "PUNCT")
                              or doc[first].lower_ in cues.QUANTIFIERS):
        first += 1
    return Speaker(base + doc[first].idx, base + head.idx + len(head))


def _span(token: Token, base: int) -> tuple[int, int]:
    """The text of ``token``'s subtree, without a leading "that" and edge punctuation."""
    doc = token.doc
    left = token.left_edge
    if left.lower_ == "that" and left.dep_ == "mark" and left.i < token.right_edge.i:
        left = doc[left.i + 1]
    start, end = trim(doc.text, left.idx, token.right_edge.idx + len(token.right_edge))
    return base + start, base + end


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """``start``–``end`` without edge whitespace, punctuation and quote marks."""
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end
