"""Benchmark: how many annotations re-anchoring finds again after the article text changes.

Run ``.venv/bin/python benchmarks/reanchor_bench.py [--trials 400] [--seed 9]``.
On the seed articles, each trial annotates a random passage (a sentence, or a few words), then
edits the text at random: words inserted, deleted and changed all over the text and right
around the passage, paragraphs reordered. The edits are tracked, so where the passage is now
is known. Prints, per kind of edit, the share placed exactly where the passage is now, placed
overlapping it by at least 80% (intersection over union; exact ones included), left orphaned,
and misplaced (placed with less overlap, or elsewhere), and the median time per annotation
against a plain ``str.find`` of a quote measured in the same run.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import time
from dataclasses import dataclass, field

from stancemark.store.annotation import CONTEXT
from stancemark.store.article import PARAGRAPH_BREAK, paragraph_spans
from stancemark.store.ingest import read_article
from stancemark.store.paths import SEEDS_DIR
from stancemark.store.reanchor import find_quote
from stancemark.nlp.sentences import split_sentences

OVERLAP = 0.8  # placed "overlapping": sharing this much (intersection over union) with the truth
NEW_WORDS = ("reportedly", "officials", "on Tuesday", "however", "the government", "analysts",
             "in a statement", "according to sources", "very", "new", "Moscow", "Kim's")


@dataclass
class Edited:
    """A text being edited, with the passage [start, end) followed through every edit."""

    text: str
    start: int
    end: int
    edits: list[str] = field(default_factory=list)

    def replace(self, a: int, b: int, new: str) -> None:
        """Put ``new`` in place of text[a:b]; text inserted at the passage's start joins it."""
        delta = len(new) - (b - a)
        self.start = self.start if self.start <= a else (a if self.start < b else self.start + delta)
        self.end = self.end if self.end <= a else (a + len(new) if self.end < b else self.end + delta)
        self.text = self.text[:a] + new + self.text[b:]

    def words(self, inside: bool | None, near: int | None = None) -> list[tuple[int, int]]:
        """Word spans inside the passage, outside it (None: anywhere), or within ``near``."""
        spans = [m.span() for m in re.finditer(r"\w[\w'’-]*", self.text)]
        if inside is True:
            spans = [(a, b) for a, b in spans if self.start <= a and b <= self.end]
        elif inside is False:
            spans = [(a, b) for a, b in spans if b < self.start or a > self.end]
        if near is not None:
            spans = [(a, b) for a, b in spans
                     if self.start - near <= a <= self.end + near]
        return spans

    def word_edit(self, rng: random.Random, inside: bool, near: int | None = None) -> None:
        """Insert, delete or change one word inside or outside the passage."""
        spans = self.words(inside, near)
        if inside and len(spans) < 2 or not spans:
            return
        a, b = rng.choice(spans)
        kind = rng.choice(("insert", "delete", "change"))
        if kind == "insert":  # before a word; inside, never before the first one
            if inside:
                a = rng.choice(spans[1:])[0]
            self.replace(a, a, rng.choice(NEW_WORDS) + " ")
        elif kind == "delete" and self.text[b:b + 1] == " ":
            self.replace(a, b + 1, "")
        else:
            self.replace(a, b, rng.choice(NEW_WORDS))
        self.edits.append(f"{kind} {'inside' if inside else 'near' if near else 'outside'}")

    def reorder(self, rng: random.Random) -> None:
        """Shuffle the body paragraphs (the title stays first)."""
        spans = paragraph_spans(self.text)
        order = [0] + rng.sample(range(1, len(spans)), len(spans) - 1)
        pieces, starts, at = [], {}, 0
        for i in order:
            a, b = spans[i]
            starts[i] = at
            pieces.append(self.text[a:b])
            at += b - a + len(PARAGRAPH_BREAK)
        home = next(i for i, (a, b) in enumerate(spans) if a <= self.start <= b)
        shift = starts[home] - spans[home][0]
        self.text = PARAGRAPH_BREAK.join(pieces)
        self.start, self.end = self.start + shift, self.end + shift
        self.edits.append("reorder")


def passages(text: str, rng: random.Random) -> tuple[int, int]:
    """A random passage inside one body paragraph: a whole sentence or 2–12 words of one."""
    spans = [s for a, b in paragraph_spans(text)[1:] for s in split_sentences(text, a, b)]
    a, b = rng.choice(spans)
    if rng.random() < 0.5:
        return a, b
    words = [m.span() for m in re.finditer(r"\S+", text[a:b])]
    i = rng.randrange(len(words))
    j = min(len(words) - 1, i + rng.randint(1, 11))
    return a + words[i][0], a + words[j][1]


def trial(text: str, rng: random.Random, inside: bool) -> tuple[str, float]:
    """Annotate, edit, re-anchor: the outcome and the seconds re-anchoring took."""
    start, end = passages(text, rng)
    quote, prefix, suffix = text[start:end], text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]
    edited = Edited(text, start, end)
    for _ in range(rng.randint(2, 8)):
        edited.word_edit(rng, inside=False)
    for _ in range(rng.randint(1, 3)):
        edited.word_edit(rng, inside=False, near=CONTEXT)
    if rng.random() < 0.5:
        edited.reorder(rng)
    if inside:
        for _ in range(rng.randint(1, 2)):
            edited.word_edit(rng, inside=True)
    began = time.perf_counter()
    found = find_quote(edited.text, quote, prefix, suffix,
                       hint=start * len(edited.text) // len(text))
    took = time.perf_counter() - began
    if found is None:
        return "orphaned", took
    if (found.start, found.end) == (edited.start, edited.end):
        return "exact", took
    shared = min(found.end, edited.end) - max(found.start, edited.start)
    union = max(found.end, edited.end) - min(found.start, edited.start)
    return ("overlapping" if shared / union >= OVERLAP else "misplaced"), took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trials", type=int, default=400, help="trials per kind of edit")
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    texts = [read_article(p)[0].text for p in sorted(SEEDS_DIR.glob("*.txt"))]
    print(f"seed articles: {len(texts)} ({sum(len(t) for t in texts)} characters); "
          f"{args.trials} trials per row; random seed {args.seed}")
    print(f"{'edits':<26} {'exact':>7} {'overlap≥' + format(OVERLAP, '.0%'):>12} {'orphaned':>9}"
          f" {'misplaced':>10} {'median ms':>10}")
    for label, inside in (("around the quote", False), ("inside the quote too", True)):
        outcomes, times = [], []
        for _ in range(args.trials):
            outcome, took = trial(rng.choice(texts), rng, inside)
            outcomes.append(outcome)
            times.append(took)
        share = {k: outcomes.count(k) / len(outcomes) for k in
                 ("exact", "overlapping", "orphaned", "misplaced")}
        print(f"{label:<26} {share['exact']:>7.1%} {share['exact'] + share['overlapping']:>12.1%}"
              f" {share['orphaned']:>9.1%} {share['misplaced']:>10.1%}"
              f" {statistics.median(times) * 1000:>10.3f}")
    text = texts[-1]
    began = time.perf_counter()
    for _ in range(1000):
        text.find(text[len(text) // 2:len(text) // 2 + 80])
    print(f"baseline: str.find of an 80-character quote {(time.perf_counter() - began):.3f} ms")


if __name__ == "__main__":
    main()
