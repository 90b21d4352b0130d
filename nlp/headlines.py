"""Headline case, upper case and datelines: what makes a small NER model misread a line.

The model takes capitalised words for names, so "Putin Angers Important Ally" becomes one
PERSON, while it misses names written in capitals ("JAPAN", "BEIRUT"). ``model_view`` gives it
the text with upper-case words in Title Case (same length, so offsets hold), and
``is_headline`` tells which lines are in headline style, where only names the body confirms
are kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import NamedTuple

from stancemark.nlp.entities import WORD, is_title_case

# What follows the place names in capitals that open a dateline: a comma and a capital or a
# date ("BEIRUT, Aug 22", "WOODSIDE, California"), "(" ("(Reuters)"), a date, or a dash.
AFTER_DATELINE = re.compile(r"\s*(?:,\s*[^\W_a-z]|[(\d]|[-–—]\s)")
DATELINE_DASH = re.compile(r"\s[-–—]+\s")
DATELINE_REACH = 80  # a dateline ends in a dash this close to its start, or is a short line


def _is_upper(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


def _dateline_end(text: str, start: int, end: int) -> int:
    """Where the place names in capitals that open the paragraph ``text[start:end]`` as a
    dateline end (``start`` when it is none). A dateline ends in a dash within DATELINE_REACH
    characters ("BEIRUT, Aug 22 (Reuters) - ...") or is a short line of its own ("LONDON
    1996-08-24"), so "NATO, Russia and China met ..." or "WHO (the agency) said" is none."""
    if end - start > DATELINE_REACH and not DATELINE_DASH.search(
            text, start, start + DATELINE_REACH):
        return start
    stop = start
    for match in WORD.finditer(text, start, end):
        if match.start() != start and text[stop:match.start()] != " " or not _is_upper(
                match.group()):
            break
        stop = match.end()
    return stop if stop > start and AFTER_DATELINE.match(text, stop, end) else start


def _recase(word: str, keep: set[str]) -> str:
    if not _is_upper(word) or word in keep:
        return word
    titled = word.title()  # "AL-AIN" -> "Al-Ain", "O'MEARA" -> "O'Meara"
    return titled if len(titled) == len(word) else word


class ModelView(NamedTuple):
    """What ``model_view`` gives: the text to run the model on, and the (start, end) of the
    dateline places it recased."""

    text: str
    places: list[tuple[int, int]]


def model_view(text: str, paragraphs: list[tuple[int, int]]) -> ModelView:
    """``text`` as the model should read it, the same length: a paragraph written all in
    capitals, and the place names in capitals that open a dateline in the body ("BEIRUT, Aug
    22 -", "AL-AIN , United Arab Emirates 1996-12-06"), in Title Case, except the acronyms:
    words that the article writes in capitals elsewhere in mixed-case text ("NBA", "FIFA")."""
    spans = []  # (start, end of the capitals to recase, end, end of a dateline's place)
    for index, (start, end) in enumerate(paragraphs):
        place = _dateline_end(text, start, end) if index else start
        capitals = not any(c.islower() for c in text[start:end])
        spans.append((start, end if capitals else place, end, place))
    keep = {w for _, stop, end, _ in spans for w in WORD.findall(text, stop, end)
            if _is_upper(w)}
    pieces, cut, places = [], 0, []
    for start, stop, _, place in spans:
        for match in WORD.finditer(text, start, stop):
            word = _recase(match.group(), keep)
            if word != match.group():
                pieces += [text[cut:match.start()], word]
                cut = match.end()
                if match.start() == start and place > start:
                    places.append((start, place))
    pieces.append(text[cut:])
    return ModelView("".join(pieces), places)


def lower_words(lines: Iterable[str]) -> set[str]:
    """The words written in lower case in ``lines``."""
    return {w for line in lines for w in WORD.findall(line) if w.islower()}


def is_headline(line: str, lower: set[str], title: bool) -> bool:
    """Whether ``line`` (in the model's view) is in headline style: in Title Case and, unless it
    is the article's title, with a capitalised word that the body writes in lower case ("Views
    Alliance Cautiously" when the body says "cautiously"). A byline, a dateline or a results
    line ("Chen Gang ( China ) beat ...") is mostly names, which the body never writes in lower
    case."""
    if not is_title_case(line):
        return False
    return title or any(w.lower() in lower for w in WORD.findall(line)
                        if len(w) >= 4 and w[0].isupper())
