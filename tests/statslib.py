"""A generated library for the statistics tests: dated and undated articles, annotations whose
holders and targets are spelled in varied case and spacing, some without either, one orphan."""

from __future__ import annotations

import dataclasses
import random
from pathlib import Path

from stancemark.store.annotation import Annotation
from stancemark.store.article import Article, article_id
from stancemark.store.library import Library

ARTICLES = 40
UNDATED = range(30, 34)  # no date, or a date that is not one (annotated, as most are)
HOLDERS = ["China", " china", "CHINA ", "Russia", "North  Korea", "north korea", ""]
TARGETS = ["the alliance", "The Alliance", "sanctions", ""]
STANCES = ["favor", "against", "neutral", "uncertain"]


def _date(n: int) -> str:
    if n in UNDATED:
        return "" if n % 2 else "sometime soon"
    if n % 10 == 3:
        return f"March {n % 27 + 1}, 2024"  # not ISO: still March
    return f"2024-{n % 6 + 1:02d}-{n % 27 + 1:02d}T08:00:00Z"


def make_library(path: Path, annotations: int = 120) -> Library:
    """A library of ARTICLES articles (none of the seeds) with ``annotations`` annotations,
    and one orphaned annotation more."""
    rng = random.Random(3)
    library = Library.open(path, seed=False)
    articles = []
    for n in range(ARTICLES):
        title = f"Report number {n} on the alliance"
        text = title + "\n\n" + " ".join(f"Sentence {i} of report {n} says something."
                                         for i in range(12))
        articles.append(Article(id=article_id(text), title=title, text=text, date=_date(n),
                                source=["Daily Ledger", "daily  ledger", "Metro Wire", ""][n % 4]))
    library.add_articles(articles)
    for n in range(annotations):
        article = articles[rng.randrange(ARTICLES - 5)]  # the last five stay unannotated
        start = article.text.index("Sentence")
        library.save_annotation(
            Annotation.new(article.id, article.text, start, start + 30, rng.choice(STANCES),
                           "default").edited(holder=rng.choice(HOLDERS),
                                             target=rng.choice(TARGETS)))
    lost = Annotation.new(articles[0].id, articles[0].text, 0, 6, "favor", "default")
    library.save_annotation(dataclasses.replace(lost, orphaned=True, holder="China"))
    return library
