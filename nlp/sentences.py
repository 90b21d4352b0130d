"""Rule-based sentence splitting, used when no spaCy model is available."""

from __future__ import annotations

import re
from collections.abc import Iterator

ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sen",
                 "rep", "gov", "u.s", "u.k", "e.g", "i.e", "vs", "no", "inc", "co", "corp", "jan",
                 "feb", "aug", "sept", "oct", "nov", "dec"}
BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")
LOOKBACK = 12  # characters before a full stop that can tell an abbreviation or an initial


def sentence_ends(text: str, start: int = 0, end: int | None = None) -> Iterator[re.Match[str]]:
    """The breaks between sentences in ``text[start:end]``: closing punctuation and the space
    after it, except after an abbreviation ("Mr.") or an initial ("J.")."""
    begin = start
    for match in BOUNDARY.finditer(text, start, len(text) if end is None else end):
        before = text[max(begin, match.start() - LOOKBACK):match.start()].split()
        word = before[-1].lower().rstrip(".") if before else ""
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        yield match
        begin = match.end()


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in ``text[start:end]`` (one paragraph)."""
    end = len(text) if end is None else end
    spans, begin = [], start
    for match in sentence_ends(text, start, end):
        stop = match.end()
        while stop > begin and text[stop - 1].isspace():
            stop -= 1
        spans.append((begin, stop))
        begin = match.end()
    if text[begin:end].strip():
        spans.append((begin, end))
    return spans
