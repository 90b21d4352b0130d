"""Rule-based sentence splitting, used when no spaCy model is available."""

from __future__ import annotations

import re

ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "gen", "col", "lt", "sen",
                 "rep", "gov", "u.s", "u.k", "e.g", "i.e", "vs", "no", "inc", "co", "corp", "jan",
                 "feb", "aug", "sept", "oct", "nov", "dec"}
BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9])")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences in ``text[start:end]`` (one paragraph)."""
    end = len(text) if end is None else end
    spans, begin = [], start
    for match in BOUNDARY.finditer(text, start, end):
        word = text[begin:match.start()].rsplit(None, 1)[-1].lower().rstrip(".") if \
            text[begin:match.start()].strip() else ""
        if word in ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        stop = match.end()
        while stop > begin and text[stop - 1].isspace():
            stop -= 1
        spans.append((begin, stop))
        begin = match.end()
    if text[begin:end].strip():
        spans.append((begin, end))
    return spans
