"""A generated library for the search, filter and sort tests: articles whose words, dates,
sources, annotations and cached entities are known, so a test can say what must be listed."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from stancemark.nlp.analysis import Analysis
from stancemark.nlp.entities import Entity
from stancemark.store.annotation import Annotation
from stancemark.store.article import Article, article_id
from stancemark.store.library import Library

FILLER = ["The committee met again on Tuesday.", "Officials declined to comment.",
          "Markets were calm.", "The talks continue next week."]
SOURCES = ["Reuters", "Hotnews", "Wire"]
CACHE_KEY = "test-model/1"


def make_article(n: int, title: str, body: list[str], date: str, source: str) -> Article:
    """An article numbered ``n`` (its number makes every text unique)."""
    paragraphs = [f"{s} Item {n}." if k == 0 else s for k, s in enumerate(body)]
    text = "\n\n".join([title, *paragraphs])
    return Article(id=article_id(text), title=title, text=text, date=date, source=source,
                   file=f"gen/{n:03d}.txt", headings=[0])


def special_articles() -> dict[str, Article]:
    """The articles tests search for, by a short name."""
    return {
        "elysee": make_article(100, "Élysée talks stall", [
            "President Macron received the envoys at the Élysée Palace.", FILLER[0]],
            "2024-03-05", "Reuters"),
        "phrase": make_article(101, "A summit in the north", [
            "Leaders of North Korea and Japan met in Tokyo.", FILLER[1]], "2023-11-20", "Wire"),
        "reversed": make_article(102, "Weather report", [
            "Rain fell over Korea, north of the capital, all night.", FILLER[2]],
            "2024-07-14", "Hotnews"),
        "korean": make_article(103, "Korean exports rise", [
            "Korean shipyards reported record orders.", "Korea expects more next year.",
            "Analysts in Korea agree.", FILLER[3]], "2024-01-30", "Reuters"),
    }


def filler_articles(count: int) -> list[Article]:
    """Plain articles that match none of the special searches."""
    return [make_article(n, f"Bulletin {n:02d}", [FILLER[n % 4], FILLER[(n + 1) % 4]],
                         f"2022-{1 + n % 12:02d}-{1 + n % 28:02d}", SOURCES[n % 3])
            for n in range(count)]


def annotate(library: Library, article: Article, sentence: str, stance: str,
             holder: str = "", when: str = "") -> Annotation:
    """Save an annotation of the first occurrence of ``sentence``."""
    start = article.text.index(sentence)
    annotation = Annotation.new(article.id, article.text, start, start + len(sentence), stance,
                                "default").edited(holder=holder)
    if when:
        annotation = replace(annotation, created=when, updated=when)
    library.save_annotation(annotation)
    return annotation


def cache_entities(library: Library, article: Article, names: list[tuple[str, str]]) -> None:
    """Cache entities (name, label) for ``article`` at their first occurrences."""
    found = [Entity(article.text.index(name), article.text.index(name) + len(name), label)
             for name, label in names]
    library.save_analyses({article.id: Analysis(entities=found, sentences=[], model=CACHE_KEY)})


def build(path: Path, fillers: int = 20) -> tuple[Library, dict[str, Article]]:
    """A library with the special articles and ``fillers`` others; annotations on three,
    entities cached for two."""
    library = Library.open(path, seed=False)
    special = special_articles()
    library.add_articles([*filler_articles(fillers), *special.values()])
    annotate(library, special["elysee"], "President Macron received the envoys at the Élysée "
             "Palace.", "favor", holder="France", when="2024-05-01T10:00:00.000Z")
    annotate(library, special["korean"], "Korean shipyards reported record orders.", "against",
             holder="China", when="2024-06-01T10:00:00.000Z")
    annotate(library, special["korean"], "Analysts in Korea agree.", "favor", holder="Japan",
             when="2024-06-02T10:00:00.000Z")
    annotate(library, special["phrase"], "Leaders of North Korea and Japan met in Tokyo.",
             "against", holder="China", when="2024-02-01T10:00:00.000Z")
    cache_entities(library, special["phrase"], [("North Korea", "GPE"), ("Tokyo", "GPE")])
    cache_entities(library, special["korean"], [("Korea", "GPE")])
    return library, special
