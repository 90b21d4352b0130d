"""The reader's in-article search as plain logic: what is searched, where it occurs, and which
match n / N go to next."""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from stancemark.store.search import find_all, fold
from stancemark.tui.reader_render import Match


@dataclass
class ArticleSearch:
    """Matches of ``typed`` in one text (case and accents aside)."""

    typed: str = ""
    found: list[tuple[int, int]] = field(default_factory=list)  # in text order
    index: int | None = None  # the match the cursor was sent to last
    sentence: int | None = None  # the cursor sentence it was sent to
    _folded: str = ""

    def find(self, text: str | None, typed: str | None = None, new_text: bool = False) -> None:
        """Look for ``typed`` (or what was looked for before) in ``text``."""
        if typed is not None:
            self.typed = typed
        if new_text:
            self._folded = ""
        self.index = self.sentence = None
        if not (self.typed and text):
            self.found = []
            return
        self._folded = self._folded or fold(text)
        self.found = find_all(self._folded, self.typed)

    def matches(self) -> list[Match]:
        """The matches as the reader draws them."""
        return [Match(start, end, n == self.index) for n, (start, end) in enumerate(self.found)]

    def first_from(self, offset: int) -> int:
        """The first match starting at ``offset`` or later (else the first of all)."""
        return bisect_left(self.found, offset, key=lambda span: span[0]) % len(self.found)

    def step(self, direction: int, sentence_index: int, sentence_start: int) -> int:
        """The match after (1) or before (-1) the last one gone to, while the cursor is still on
        its sentence; else after or before the cursor sentence's start. Wraps round."""
        if self.index is not None and self.sentence == sentence_index:
            return (self.index + direction) % len(self.found)
        if direction > 0:
            return self.first_from(sentence_start + 1)
        return (bisect_left(self.found, sentence_start, key=lambda span: span[0]) - 1) \
            % len(self.found)
