"""Entity spans as the reader shows them: cleaned model output, with sane headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

EDGE_PUNCT = set(" \t\n\"'“”‘’«»()[]{}<>,;:!?-–—/*|.")
POSSESSIVE = re.compile(r"(['’]s|s['’])$")
ABBREVIATION_END = re.compile(r"(\b[A-Za-z]\.){2,}$|\b(Inc|Corp|Co|Ltd|Jr|Sr|St)\.$")
WORD = re.compile(r"[^\W\d_][\w'’-]*")
LEADING_THE = re.compile(r"(?i)the\s+(?=\S)")
NUMBER = r"\s+\d[\d.,:/-]*"
TRAILING_NUMBER = re.compile(f"({NUMBER})+$")  # "Chris Cairns 57", "Netherlands 7-6 6-4"
INNER_NUMBER = re.compile(f"{NUMBER}\\s")  # "Everton 2 Newcastle": two names and a score
SPACED_DASH = re.compile(r"\s[-–—]+\s")  # "June 3 - Acme Steel": a dateline's dash
SCORE = re.compile(r"\d{1,2}-\d{1,2}")  # "15-12": a score, not a date
NUMBERLESS = {"PERSON", "GPE", "NORP", "LOC"}
NAMES = NUMBERLESS | {"ORG"}


@dataclass(frozen=True)
class Entity:
    """A named entity: character offsets into the article text, its label, and the canonical
    name of the entity it mentions (see ``grouping``; empty until grouped)."""

    start: int
    end: int
    label: str
    entity: str = ""

    def text(self, source: str) -> str:
        """The entity's text in ``source``."""
        return source[self.start:self.end]


def clean_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Trim whitespace, punctuation and a trailing possessive from ``text[start:end]``.

    A final full stop that belongs to an abbreviation ("U.S.", "Inc.") is kept.
    Returns None when nothing is left.
    """
    while True:
        before = (start, end)
        while start < end and text[start] in EDGE_PUNCT:
            start += 1
        while start < end and text[end - 1] in EDGE_PUNCT:
            if text[end - 1] == "." and ABBREVIATION_END.search(text[start:end]):
                break
            end -= 1
        possessive = POSSESSIVE.search(text[start:end])
        if possessive and end - start > len(possessive.group()):
            cut = possessive.group()
            end -= 1 if cut.startswith("s") else len(cut)
        if (start, end) == before:
            return (start, end) if start < end else None


def name_span(text: str, start: int, end: int, label: str) -> tuple[int, int] | None:
    """``clean_span``, then what a name of that label holds: text before a spaced dash only
    (a dateline's "June 3 - Acme Steel" is the DATE "June 3"), no leading "the" (but a DATE
    keeps it: "the first quarter"), no number between words of a name and none at the end of a
    person's or place's (scores), and a DATE that is a score ("15-12") is none. None when
    nothing is left."""
    span = clean_span(text, start, end)
    if span is None:
        return None
    start, end = span
    dash = SPACED_DASH.search(text, start, end)
    if dash:
        return name_span(text, start, dash.start(), label) if dash.start() > start else \
            name_span(text, dash.end(), end, label)
    if label != "DATE":
        the = LEADING_THE.match(text, start, end)
        start = the.end() if the else start
    inner = INNER_NUMBER.search(text, start, end) if label in NAMES else None
    end = inner.start() if inner else end
    if label in NUMBERLESS:
        number = TRAILING_NUMBER.search(text, start, end)
        end = number.start() if number else end
    if label == "DATE" and SCORE.fullmatch(text, start, end):
        return None
    return clean_span(text, start, end)


def is_title_case(line: str) -> bool:
    """Headline Case: most longer words capitalised, which confuses a small NER model."""
    words = [w for w in WORD.findall(line) if len(w) >= 4]
    upper = sum(1 for w in words if w[0].isupper())
    return len(words) >= 2 and upper >= 0.7 * len(words)


def entities_by_match(text: str, start: int, end: int,
                      known: dict[str, str]) -> list[Entity]:
    """Entities in ``text[start:end]`` found by matching known entity texts (longest first)."""
    taken: list[tuple[int, int]] = []
    found: list[Entity] = []
    for name in sorted(known, key=len, reverse=True):
        pattern = re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)")
        for match in pattern.finditer(text, start, end):
            a, b = match.span()
            if any(a < y and x < b for x, y in taken):
                continue
            taken.append((a, b))
            found.append(Entity(a, b, known[name]))
    return sorted(found, key=lambda e: e.start)
