"""The hand-annotated entity gold set (tests/gold/entities/) and exact-span scoring of the raw
model against what the app shows. Used by tests/test_entity_eval.py and
benchmarks/entity_eval.py.

Each line of a part's JSONL file is one article file as a user would import it: ``text`` (a
headline, a blank line, then paragraphs) and ``entities`` as ``[start, end, label, surface]``
offsets into ``text``. A seed record names its ``file`` in seeds/ and its offsets index the
stored (parsed) text instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from stancemark.nlp.analysis import analyze
from stancemark.nlp.model import Model
from stancemark.store.article import Article, parse_article
from stancemark.store.paths import SEEDS_DIR

GOLD_DIR = Path(__file__).parent / "gold" / "entities"
PARTS = ("seeds", "tune", "heldout")
LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "LOC", "DATE"})
Span = tuple[int, int, str]


@dataclass
class GoldArticle:
    """One gold article: the article as the app stores it and its gold spans in that text."""

    id: str
    kind: str
    article: Article
    spans: set[Span]
    dropped: int  # gold spans on lines the parser takes out of the text (a byline, say)


def records(part: str) -> list[dict]:
    """The raw records of a part, as stored."""
    with open(GOLD_DIR / f"{part}.jsonl", encoding="utf-8") as file:
        return [json.loads(line) for line in file]


def _project(raw: str, spans: Iterable[Span], article: Article) -> tuple[set[Span], int]:
    """Gold spans of the file ``raw`` moved into the stored text (whose paragraphs are the
    file's own lines, some left out); the count of spans on lines left out."""
    moved: set[Span] = set()
    cursor = 0
    for start, end in article.paragraph_spans():
        paragraph = article.text[start:end]
        found = raw.index(paragraph, cursor)
        cursor = found + len(paragraph)
        moved |= {(a - found + start, b - found + start, label) for a, b, label in spans
                  if found <= a and b <= cursor}
    return moved, len(list(spans)) - len(moved)


def load(part: str) -> list[GoldArticle]:
    """The articles of a part with their gold spans (all labels) in the stored text."""
    out = []
    for rec in records(part):
        spans = [(a, b, label) for a, b, label, _ in rec["entities"]]
        if "file" in rec:
            article = parse_article((SEEDS_DIR / rec["file"]).read_text(encoding="utf-8"))
            assert article.text == rec["text"], f"{rec['id']}: the seed's stored text changed"
            moved, dropped = set(spans), 0
        else:
            article = parse_article(rec["text"], file=rec["id"])
            moved, dropped = _project(rec["text"], spans, article)
        out.append(GoldArticle(rec["id"], rec["kind"], article, moved, dropped))
    return out


def raw_spans(model: Model, article: Article) -> set[Span]:
    """What the bare model finds over the whole stored text, in one call."""
    return {(e.start_char, e.end_char, e.label_) for e in model.nlp(article.text).ents}


def app_spans(model: Model, articles: list[Article]) -> list[set[Span]]:
    """What the app shows: ``analyze``'s entities."""
    return [{(e.start, e.end, e.label) for e in result.entities}
            for result in analyze(model, articles)]


@dataclass
class Score:
    """Counts of exact-span matches; typed unless made with ``typed=False``."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set[Span], found: set[Span], typed: bool = True) -> None:
        """Count one article, over the evaluated labels only."""
        gold = {s for s in gold if s[2] in LABELS}
        found = {s for s in found if s[2] in LABELS}
        if not typed:
            gold, found = {s[:2] for s in gold}, {s[:2] for s in found}  # type: ignore[misc]
        self.tp += len(gold & found)
        self.fp += len(found - gold)
        self.fn += len(gold - found)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def without_the(text: str, spans: set[Span]) -> set[Span]:
    """``spans`` with any leading "the " left out: to score regardless of that convention."""
    return {(a + 4 if text[a:a + 4].lower() == "the " else a, b, label) for a, b, label in spans}


def evaluate(model: Model, gold: list[GoldArticle], typed: bool = True,
             any_the: bool = False) -> tuple[Score, Score]:
    """(raw model, app) scores over the gold articles; ``any_the`` counts a span right with
    or without a leading "the"."""
    raw, app = Score(), Score()
    shown = app_spans(model, [g.article for g in gold])
    for item, found in zip(gold, shown):
        text = item.article.text
        spans = [item.spans, raw_spans(model, item.article), found]
        if any_the:
            spans = [without_the(text, s) for s in spans]
        raw.add(spans[0], spans[1], typed)
        app.add(spans[0], spans[2], typed)
    return raw, app
