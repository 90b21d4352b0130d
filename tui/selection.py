"""The reader's sentence cursor and passage selection, as plain logic without widgets."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

WORD = re.compile(r"[\w’'-]+|[^\w\s]")


@dataclass
class Selection:
    """A cursor over sentences plus an optional explicit selection of characters.

    With no explicit selection the target of a tag is the sentence under the cursor.
    J/K extend from an anchor sentence (shrinking again when moving back over it);
    word keys move either end of the selection by a word.
    """

    text: str = ""
    sentences: list[tuple[int, int]] = field(default_factory=list)
    index: int = 0
    span: tuple[int, int] | None = None
    anchor: int | None = None

    def reset(self, text: str, sentences: list[tuple[int, int]], index: int = 0) -> None:
        """A new text: cursor on sentence ``index``, nothing selected."""
        self.text, self.sentences = text, sentences
        self.index = max(0, min(index, len(sentences) - 1))
        self.span = self.anchor = None

    @property
    def sentence(self) -> tuple[int, int] | None:
        """The sentence under the cursor."""
        return self.sentences[self.index] if self.sentences else None

    @property
    def target(self) -> tuple[int, int] | None:
        """What a tag applies to: the selection, else the cursor sentence."""
        return self.span or self.sentence

    def sentence_at(self, offset: int) -> int:
        """Index of the sentence containing (or nearest before) ``offset``."""
        return max(0, bisect_right(self.sentences, offset, key=lambda s: s[0]) - 1)

    def move(self, delta: int) -> None:
        """Move the cursor by ``delta`` sentences and clear the selection."""
        if self.sentences:
            self.index = max(0, min(self.index + delta, len(self.sentences) - 1))
        self.span = self.anchor = None

    def move_to(self, offset: int) -> None:
        """Put the cursor on the sentence holding ``offset``; clear the selection."""
        self.index = self.sentence_at(offset)
        self.span = self.anchor = None

    def extend(self, delta: int) -> None:
        """Move the cursor keeping the anchor: the selection covers anchor..cursor sentences."""
        if not self.sentences:
            return
        if self.anchor is None:
            self.anchor = self.index
        self.index = max(0, min(self.index + delta, len(self.sentences) - 1))
        low, high = sorted((self.anchor, self.index))
        self.span = (self.sentences[low][0], self.sentences[high][1])

    def _words_from(self, offset: int) -> Iterator[tuple[int, int]]:
        """The words (and punctuation marks) from ``offset`` on, read from the nearest
        whitespace before it: words never hold any, so they are the words a reading from the
        start of the text finds, at the cost of a few words rather than of the whole article."""
        while offset > 0 and not self.text[offset - 1].isspace():
            offset -= 1
        return (match.span() for match in WORD.finditer(self.text, offset))

    def _last_word(self, low: int, high: int,
                   keep: Callable[[int, int], bool]) -> tuple[int, int] | None:
        """The last word starting before ``high`` that ``keep`` accepts, looked for in windows
        back from ``high`` that widen until one holds it or reaches ``low``."""
        reach = 64
        while True:
            begin, found = max(low, high - reach), None
            for start, end in self._words_from(begin):
                if start >= high:
                    break
                if keep(start, end):
                    found = (start, end)
            if found or begin == low:
                return found
            reach *= 4

    def grow_end(self) -> None:
        """Take in the next word (or punctuation mark) at the end."""
        start, end = self.target or (0, 0)
        nxt = next((e for s, e in self._words_from(end) if e > end), end)
        self.span, self.anchor = (start, nxt), None

    def trim_end(self) -> None:
        """Let go of the last word (or punctuation mark) at the end."""
        start, end = self.target or (0, 0)
        prev = self._last_word(start, end, lambda s, e: start < e < end)
        self.span, self.anchor = (start, prev[1] if prev else end), None

    def grow_start(self) -> None:
        """Take in the previous word at the start."""
        start, end = self.target or (0, 0)
        prev = self._last_word(0, start, lambda s, e: s < start)
        self.span, self.anchor = (prev[0] if prev else start, end), None

    def trim_start(self) -> None:
        """Let go of the first word at the start."""
        start, end = self.target or (0, 0)
        nxt = next((s for s, e in self._words_from(start) if start < s), start)
        self.span, self.anchor = (nxt if nxt < end else start, end), None

    def clear(self) -> bool:
        """Drop the explicit selection; True if there was one."""
        had = self.span is not None
        self.span = self.anchor = None
        return had
