"""Entity spans as the reader shows them: cleaned model output, with sane headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

EDGE_PUNCT = set(" \t\n\"'“”‘’«»()[]{}<>,;:!?-–—/*|.")
POSSESSIVE = re.compile(r"(['’]s|s['’])$")
ABBREVIATION_END = re.compile(r"(\b[A-Za-z]\.){2,}$|\b(Inc|Corp|Co|Ltd|Jr|Sr|St)\.$")
WORD = re.compile(r"[^\W\d_][\w'’-]*")


@dataclass(frozen=True)
class Entity:
    """A named entity: character offsets into the article text and its label."""

    start: int
    end: int
    label: str

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
