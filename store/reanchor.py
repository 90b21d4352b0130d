"""Finding an annotated passage again in a changed text, by its quote and the text around it.

Exact first: every place the quote still stands, the one whose surroundings best match the
prefix and suffix it had. When the quote itself was edited (or its best exact place sits in
the wrong context), fuzzy: short probes of prefix + quote + suffix vote for where the passage
went, each likely place is aligned with rapidfuzz, and its two ends are trimmed to where quote
and context fit best. A passage that matches nowhere well enough is None: the caller keeps it
as an orphan.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein

from stancemark.store.annotation import Annotation, utc_now

PROBE = 12            # characters in one probe of the passage and its context
PROBE_HITS = 20       # a probe found more often than this says nothing about where
CANDIDATES = 3        # likely places aligned in full
GOOD_CONTEXT = 0.75   # an exact quote in context this similar is taken without a fuzzy look
MIN_QUOTE = 0.7       # a fuzzy place must be this similar to the quote…
MIN_QUOTE_IN_CONTEXT = 0.6  # …or this similar, with its context at least GOOD_CONTEXT


@dataclass(frozen=True)
class Anchor:
    """Where a passage is in the new text, and how sure the match is (0–1 each)."""

    start: int
    end: int
    exact: bool
    quote_similarity: float
    context_similarity: float

    @property
    def score(self) -> float:
        """How well the place fits, the quote weighing double its context."""
        return 2 * self.quote_similarity + self.context_similarity


def similarity(a: str, b: str) -> float:
    """0–1: how alike two strings are (1 for equal ones, empty or not)."""
    return 1.0 if a == b else fuzz.ratio(a, b) / 100


def occurrences(text: str, part: str, limit: int | None = None) -> list[int]:
    """Start offsets of ``part`` in ``text`` (overlapping too), at most ``limit`` + 1 of them."""
    found: list[int] = []
    at = text.find(part)
    while at >= 0 and (limit is None or len(found) <= limit):
        found.append(at)
        at = text.find(part, at + 1)
    return found


def _anchor(text: str, start: int, end: int, quote: str, prefix: str, suffix: str) -> Anchor:
    before = text[max(0, start - len(prefix)):start]
    after = text[end:end + len(suffix)]
    context = (similarity(prefix, before) + similarity(suffix, after)) / 2
    found = text[start:end]
    return Anchor(start, end, found == quote, similarity(quote, found), context)


def find_quote(text: str, quote: str, prefix: str = "", suffix: str = "",
               hint: int | None = None) -> Anchor | None:
    """Where ``quote`` (which stood between ``prefix`` and ``suffix``) is in ``text`` now.

    ``hint`` (the old start, scaled to the new length) decides between equally good places.
    """
    if not quote:
        return None
    near = (lambda a: -abs(a.start - hint)) if hint is not None else (lambda a: 0)
    exact = [_anchor(text, s, s + len(quote), quote, prefix, suffix)
             for s in occurrences(text, quote)]
    best = max(exact, key=lambda a: (a.context_similarity, near(a)), default=None)
    if best is not None and (best.context_similarity >= GOOD_CONTEXT or not (prefix or suffix)):
        return best
    # A fuzzy place over an exact one is the same place, worse aligned: only others compete.
    fuzzy = [a for a in _fuzzy(text, quote, prefix, suffix)
             if not any(a.start < e.end and e.start < a.end for e in exact)
             and (a.quote_similarity >= MIN_QUOTE or (a.quote_similarity >= MIN_QUOTE_IN_CONTEXT
                                                      and a.context_similarity >= GOOD_CONTEXT))]
    return max(exact + fuzzy, key=lambda a: (round(a.score, 6), a.exact, near(a)), default=None)


def reanchor(annotation: Annotation, article_id: str, text: str, old_length: int
             ) -> tuple[Annotation, Anchor | None]:
    """``annotation`` moved onto ``text`` (article ``article_id``, which was ``old_length``
    characters long), and where it was found; kept as an orphan (offsets as they were) if not
    found."""
    hint = annotation.start * len(text) // max(1, old_length)
    anchor = find_quote(text, annotation.quote, annotation.prefix, annotation.suffix, hint)
    if anchor is None:
        return replace(annotation, article_id=article_id, orphaned=True, updated=utc_now()), None
    return annotation.placed(article_id, text, anchor.start, anchor.end), anchor


def _fuzzy(text: str, quote: str, prefix: str, suffix: str) -> list[Anchor]:
    """Likely places of an edited quote, each aligned and trimmed."""
    places = []
    for guess in _likely_starts(text, quote, prefix, suffix):
        slack = len(quote) // 2 + PROBE
        low = max(0, guess - slack)
        window = text[low:guess + len(quote) + slack]
        aligned = fuzz.partial_ratio_alignment(quote, window)
        if aligned is None or aligned.dest_end <= aligned.dest_start:
            continue
        start, end = _trim(text, low + aligned.dest_start, low + aligned.dest_end, quote,
                           prefix, suffix)
        if end > start:
            places.append(_anchor(text, start, end, quote, prefix, suffix))
    return places


def _likely_starts(text: str, quote: str, prefix: str, suffix: str) -> list[int]:
    """Where the quote probably starts now: probes of the passage with its context that
    still stand in the text vote for a start; the best voted places, first the strongest."""
    passage = prefix + quote + suffix
    bucket = max(PROBE, len(quote) // 4)
    votes: Counter[int] = Counter()
    starts: dict[int, list[int]] = {}
    for offset in range(0, max(1, len(passage) - PROBE + 1), PROBE // 2):
        probe = passage[offset:offset + PROBE]
        hits = occurrences(text, probe, PROBE_HITS) if probe.strip() else []
        if len(hits) > PROBE_HITS:
            continue
        for hit in hits:
            start = hit - offset + len(prefix)
            votes[start // bucket] += 1
            starts.setdefault(start // bucket, []).append(start)
    # Neighbouring buckets are one place: count each place's votes with its neighbours'.
    merged = {b: votes[b - 1] + votes[b] + votes[b + 1] for b in votes}
    chosen: list[int] = []
    for b in sorted(merged, key=lambda b: -merged[b]):
        if all(abs(b - c) > 1 for c in chosen):
            chosen.append(b)
        if len(chosen) == CANDIDATES:
            break
    return [sorted(starts[b])[len(starts[b]) // 2] for b in chosen]


def _at_word_edge(text: str, at: int) -> bool:
    """Whether ``at`` is not inside a word."""
    return at <= 0 or at >= len(text) or not (text[at - 1].isalnum() and text[at].isalnum())


def _edges(text: str, guess: int, reach: int, word_edge: bool, space: bool,
           at_start: bool) -> list[int]:
    """Offsets within ``reach`` of ``guess`` where the passage can start (``at_start``) or end:
    at a word's edge if ``word_edge``, with a space on the inner side only if ``space``."""
    places = range(max(0, guess - reach), min(len(text), guess + reach) + 1)
    return [at for at in places if (not word_edge or _at_word_edge(text, at)) and (
        (text[at:at + 1] if at_start else text[at - 1:at]).isspace() == space)] or [guess]


def _trim(text: str, start: int, end: int, quote: str, prefix: str, suffix: str
          ) -> tuple[int, int]:
    """The passage near text[start:end] that best fits the quote (weighing double) with the
    prefix before it and suffix after it. Its ends stay at word edges where the quote's were;
    the nearest of equally good ones wins."""
    reach = max(32, len(quote) // 3)
    starts = _edges(text, start, reach, _at_word_edge(prefix + quote, len(prefix)),
                    quote[0].isspace(), at_start=True)
    ends = _edges(text, end, reach, _at_word_edge(quote + suffix, len(quote)),
                  quote[-1].isspace(), at_start=False)
    before = {s: Levenshtein.distance(text[max(0, s - len(prefix)):s], prefix) for s in starts}
    after = {e: Levenshtein.distance(text[e:e + len(suffix)], suffix) for e in ends}

    def cost(span: tuple[int, int]) -> tuple[int, int]:
        s, e = span
        return (2 * Levenshtein.distance(text[s:e], quote) + before[s] + after[e],
                abs(s - start) + abs(e - end))

    return min(((s, e) for s in starts for e in ends if e > s), key=cost, default=(start, end))
