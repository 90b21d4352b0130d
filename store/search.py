"""Finding articles by their words: text folding, the query syntax, and an inverted index.

``fold`` lower-cases a text and takes the accents off its letters without changing its length,
so an offset into the folded text is an offset into the original (the reader highlights by it).
A query is words and ``"quoted phrases"``: an article matches when it holds every one of them,
each word as the start of one of its words ("korea" finds "Korea" and "Korean"), each phrase
as those whole words in that order (with anything but letters and digits between them).
The index maps each word to the articles holding it, so a query costs a look-up per word and
a check of the phrase candidates, never a reading of every text.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterable
from dataclasses import dataclass

WORD = re.compile(r"\w+")
LAST = "\U0010ffff"  # sorts after every word that starts with a given prefix


NON_ASCII = re.compile(r"[^\x00-\x7f]")
TYPOGRAPHIC = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2013": "-",
               "\u2014": "-", "\u00a0": " "}


class _Folds(dict):
    """Each character's folded form, computed the first time a text holds it."""

    def __missing__(self, char: str) -> str:
        bare = "".join(c for c in unicodedata.normalize("NFKD", char)
                       if not unicodedata.combining(c)).lower()
        folded = TYPOGRAPHIC.get(char) or (bare if len(bare) == 1 else char)
        self[char] = folded
        return folded


_FOLDS = _Folds()


def _fold_char(match: re.Match) -> str:
    return _FOLDS[match.group()]


def fold(text: str) -> str:
    """``text`` lower-cased, without accents and with plain quotes and dashes, character for
    character ("Élysée’s" -> "elysee's"); a letter that would become two ("ß") stays."""
    low = text.replace("\u0130", "I").lower()  # the one letter whose lower case is two
    return low if low.isascii() else NON_ASCII.sub(_fold_char, low)


@dataclass(frozen=True)
class Query:
    """What was typed, folded: words (each matches the words that start with it) and phrases
    (matched as written, at word boundaries; the last word of a phrase whose quote is not
    closed yet may still be being typed, so it matches as a start too)."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    open_phrase: bool = False

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def parse_query(typed: str) -> Query:
    """The words and "quoted phrases" of ``typed``. A word holding punctuation inside it
    ("north-korea", "don't") is a phrase; punctuation around a word is dropped."""
    words: list[str] = []
    phrases: list[str] = []
    parts = fold(typed).split('"')
    for n, part in enumerate(parts):
        if n % 2:  # inside quotes
            if WORD.search(part):
                phrases.append(" ".join(part.split()))
            continue
        for chunk in part.split():
            tokens = WORD.findall(chunk)
            if len(tokens) == 1:
                words.append(tokens[0])
            elif tokens:
                found = WORD.search(chunk)
                phrases.append(chunk[found.start() if found else 0:_last_word_end(chunk)])
    open_phrase = len(parts) % 2 == 0 and bool(WORD.search(parts[-1]))
    return Query(tuple(dict.fromkeys(words)), tuple(dict.fromkeys(phrases)), open_phrase)


def _last_word_end(chunk: str) -> int:
    return max(m.end() for m in WORD.finditer(chunk))


def _letters_only(match: re.Match) -> str:
    return match.group() if match.group().isalnum() else " "


def phrase_text(folded: str) -> bytes:
    """A folded text as phrases are looked for in it: UTF-8 in which every byte past ASCII
    belongs to a letter or a digit (other symbols, "…" or "«", become spaces)."""
    if not folded.isascii():
        folded = NON_ASCII.sub(_letters_only, folded)
    return folded.encode("utf-8")


WORD_BYTES = frozenset(b"0123456789_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                       + bytes(range(0x80, 0x100)))


def phrase_finder(phrase: str, open_end: bool = False) -> Callable[[bytes], bool]:
    """A test of whether a ``phrase_text`` holds ``phrase`` (folded) at word boundaries
    (with ``open_end``, ending anywhere: its last word is still being typed)."""
    needle = phrase_text(phrase)
    size = len(needle)
    check_start = WORD.match(phrase) is not None
    check_end = WORD.fullmatch(phrase[-1]) is not None and not open_end

    def holds(data: bytes) -> bool:
        at = data.find(needle)
        while at >= 0:
            end = at + size
            if not (check_start and at and data[at - 1] in WORD_BYTES) and \
                    not (check_end and end < len(data) and data[end] in WORD_BYTES):
                return True
            at = data.find(needle, at + 1)
        return False

    return holds


class SearchIndex:
    """Which articles hold which words (of their title and body).

    Articles are numbered as they are added; each word keeps the numbers of the articles that
    hold it, and each article its folded text (``phrase_text``) to check phrases in.
    """

    def __init__(self) -> None:
        self._ids: list[str | None] = []  # by number; None once removed
        self._folded: list[bytes] = []
        self._number: dict[str, int] = {}
        self._postings: dict[str, array[int]] = {}  # 4 bytes an entry
        self._vocabulary: list[str] = []  # sorted; sorted again when words were added
        self._sorted = True

    def __len__(self) -> int:
        return len(self._number)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._number

    def add(self, article_id: str, text: str) -> None:
        """Index an article (again: its old entry is dropped first)."""
        self.remove(article_id)
        number = len(self._ids)
        folded = fold(text)
        self._ids.append(article_id)
        self._folded.append(phrase_text(folded))
        self._number[article_id] = number
        postings = self._postings
        for word in set(WORD.findall(folded)):
            found = postings.get(word)
            if found is None:
                postings[word] = array("i", (number,))
                self._sorted = False
            else:
                found.append(number)

    def add_many(self, articles: Iterable[tuple[str, str]]) -> None:
        """Index ``(id, text)`` pairs."""
        for article_id, text in articles:
            self.add(article_id, text)

    def remove(self, article_id: str) -> None:
        """Forget an article (its number is not used again)."""
        number = self._number.pop(article_id, None)
        if number is not None:
            self._ids[number] = None
            self._folded[number] = b""

    def _numbers(self, prefix: str) -> set[int]:
        """Numbers of the articles holding a word that starts with ``prefix``."""
        if not self._sorted:
            self._vocabulary = sorted(self._postings)
            self._sorted = True
        vocabulary = self._vocabulary
        found: set[int] = set()
        for word in vocabulary[bisect_left(vocabulary, prefix):
                               bisect_left(vocabulary, prefix + LAST)]:
            found.update(self._postings[word])
        return found

    def search(self, query: Query) -> set[str]:
        """Ids of the articles that match ``query`` (every article for an empty one)."""
        if not query:
            return set(self._number)
        sets = [self._numbers(word) for word in query.words]
        last = len(query.phrases) - 1
        for n, phrase in enumerate(query.phrases):
            tokens = WORD.findall(phrase)
            open_end = query.open_phrase and n == last
            sets += [self._numbers(word) if open_end and k == len(tokens) - 1
                     else set(self._postings.get(word, ())) for k, word in enumerate(tokens)]
        sets.sort(key=len)
        numbers = sets[0].intersection(*sets[1:])
        for n, phrase in enumerate(query.phrases):
            found = phrase_finder(phrase, query.open_phrase and n == last)
            folded = self._folded
            numbers = {k for k in numbers if found(folded[k])}
        ids = self._ids
        return {article_id for k in numbers if (article_id := ids[k]) is not None}


def find_all(folded: str, typed: str, limit: int = 10_000) -> list[tuple[int, int]]:
    """Where ``typed`` occurs in a text, given as ``fold(text)`` (the offsets are the text's):
    folded alike, quotes ignored, spaces collapsed; at most ``limit`` (start, end) spans."""
    needle = " ".join(fold(typed).replace('"', " ").split())
    found: list[tuple[int, int]] = []
    at = folded.find(needle) if needle else -1
    while at >= 0 and len(found) < limit:
        found.append((at, at + len(needle)))
        at = folded.find(needle, at + len(needle))
    return found


# Entity labels that name someone or something (dates, numbers and amounts are left out).
NAMED = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT", "PRODUCT", "LAW",
                   "WORK_OF_ART", "LANGUAGE"})


class EntityIndex:
    """Which articles mention which named entities, from the entities found in them (the
    cache's): an article whose entities are not known yet mentions none."""

    def __init__(self) -> None:
        self.known: set[str] = set()  # ids of the articles whose entities were added
        self._articles: dict[str, list[str]] = {}  # folded name -> article ids (a list: small)
        self._shown: dict[str, tuple[str, str]] = {}  # folded name -> (name, label) first seen

    def add(self, article_id: str, entities: Iterable[tuple[str, str]]) -> None:
        """The entities ``(name, label)`` an article mentions (each grouped entity by its
        canonical name, corrections applied)."""
        self.known.add(article_id)
        named: dict[str, tuple[str, str]] = {}
        for name, label in entities:
            if label in NAMED:
                name = " ".join(name.split())
                named.setdefault(fold(name), (name, label))
        for key, shown in named.items():
            self._articles.setdefault(key, []).append(article_id)
            self._shown.setdefault(key, shown)

    def names(self) -> list[tuple[str, str, int]]:
        """(name, label, number of articles) of every entity, the most mentioned first."""
        return sorted(((name, label, len(set(self._articles[key])))
                       for key, (name, label) in self._shown.items()),
                      key=lambda entry: (-entry[2], entry[0]))

    def articles(self, name: str) -> set[str]:
        """Ids of the articles that mention ``name`` (case and accents aside)."""
        return set(self._articles.get(fold(" ".join(name.split())), ()))
