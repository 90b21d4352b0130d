"""A generated library for scale benchmarks: news-like articles built from the seeds' sentences,
and plausible entity results for them without running spaCy.

Each article (~530 words) is the seeds' body sentences shuffled into paragraphs, with names and
numbers varied, so every article's text (and so its content hash) differs. ``fake_analysis``
stands in for spaCy: sentences from the rule splitter, entities from capitalised names and
numbers (about as many, and as large in the cache, as spaCy finds in the seeds).
"""

from __future__ import annotations

import random
import re

from stancemark.nlp.analysis import Analysis, fallback_analysis
from stancemark.nlp.entities import Entity
from stancemark.nlp.sentences import split_sentences
from stancemark.store.annotation import Annotation
from stancemark.store.article import Article, article_id, parse_article
from stancemark.store.paths import SEEDS_DIR

WORDS_PER_ARTICLE = 490
PLACES = ["China", "Russia", "North Korea", "South Korea", "Japan", "Ukraine", "Beijing", "Moscow",
          "Seoul", "Pyongyang", "Washington", "Taiwan", "Tokyo", "Brazil", "India", "Germany",
          "France", "Poland", "Kyiv", "Berlin", "Paris", "Canberra", "Ottawa", "Mexico"]
PEOPLE = ["Zhu Feng", "Victor Cha", "Zhao Tong", "Kim Jong Un", "Xi Jinping", "Volodymyr Zelensky",
          "Anna Berg", "Tomas Novak", "Li Wei", "Maria Santos", "John Park", "Olga Petrova",
          "Hiro Tanaka", "Sara Cohen", "Ahmed Rahman", "Elena Rossi"]
ORGS = ["Nanjing University", "Georgetown University", "Carnegie Endowment", "Hotnews",
        "Reuters", "United Nations", "NATO", "European Union", "World Bank", "Peking University"]
LABELS = {**dict.fromkeys(PLACES, "GPE"), **dict.fromkeys(PEOPLE, "PERSON"),
          **dict.fromkeys(ORGS, "ORG")}
NAME = re.compile(r"\b(?:" + "|".join(sorted(map(re.escape, LABELS), key=len, reverse=True))
                  + r")\b")
CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)*")
NUMBER = re.compile(r"\b\d[\d,.]*\d\b|\b\d\b")
SENTENCE_STARTERS = {"The", "He", "She", "It", "In", "On", "At", "As", "But", "For", "This",
                     "However", "Many", "Despite", "Although", "Therefore", "Recently", "Experts"}


def seed_sentences() -> list[str]:
    """Every body sentence of the seed articles."""
    sentences = []
    for path in sorted(SEEDS_DIR.glob("*.txt")):
        article = parse_article(path.read_text(encoding="utf-8"))
        for index, (start, end) in enumerate(article.paragraph_spans()):
            if index not in article.headings:
                sentences += [article.text[a:b] for a, b in split_sentences(article.text, start, end)]
    return [s for s in sentences if len(s.split()) >= 6]


def _vary(sentence: str, rng: random.Random) -> str:
    sentence = NAME.sub(lambda m: rng.choice([n for n, l in LABELS.items()
                                              if l == LABELS[m.group()]]), sentence)
    return NUMBER.sub(lambda m: str(rng.randint(2, 40000)), sentence)


def make_article(n: int, sentences: list[str], rng: random.Random) -> Article:
    """Article number ``n``: ~530 words of varied seed sentences in paragraphs of 1–4."""
    picked = rng.sample(sentences, len(sentences))
    paragraphs, words = [], 0
    while words < WORDS_PER_ARTICLE:
        take = [_vary(picked.pop() if picked else rng.choice(sentences), rng)
                for _ in range(rng.randint(1, 4))]
        paragraphs.append(" ".join(take))
        words += sum(len(s.split()) for s in take)
    title = (f"{rng.choice(PEOPLE)} says {rng.choice(PLACES)} will answer "
             f"{rng.choice(PLACES)} on {rng.choice(['trade', 'troops', 'talks', 'sanctions'])} "
             f"({n})")
    text = title + "\n\n" + "\n\n".join(paragraphs)
    return Article(id=article_id(text), title=title, text=text, author=rng.choice(PEOPLE),
                   date=f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                   source=rng.choice(ORGS), file=f"news/{n:06d}.txt", headings=[0])


def make_articles(count: int, seed: int = 7) -> list[Article]:
    """``count`` articles with distinct texts."""
    rng = random.Random(seed)
    sentences = seed_sentences()
    return [make_article(n, sentences, rng) for n in range(count)]


def fake_analysis(article: Article, key: str) -> Analysis:
    """A plausible stand-in for spaCy's result: rule sentences, names and numbers as entities."""
    text = article.text
    sentences = fallback_analysis(article).sentences
    starts = {s for s, _ in sentences}
    entities = []
    for match in CAPITALISED.finditer(text):
        name = match.group()
        if match.start() in starts and name.split()[0] in SENTENCE_STARTERS:
            continue
        label = LABELS.get(name) or ("ORG" if " " in name else ("NORP", "GPE")[len(name) % 2])
        entities.append(Entity(match.start(), match.end(), label))
    entities += [Entity(m.start(), m.end(), "CARDINAL") for m in NUMBER.finditer(text)]
    return Analysis(entities=sorted(entities, key=lambda e: e.start), sentences=sentences,
                    model=key)


def fake_analyze(model, articles, stop=None):
    """Drop-in for ``stancemark.nlp.analysis.analyze`` (same arguments, no spaCy)."""
    for article in articles:
        yield fake_analysis(article, model.key)


def annotations_for(articles: list[Article], count: int = 3) -> list[Annotation]:
    """``count`` annotations spread over the first two articles: a sentence each."""
    found = []
    for n in range(count):
        article = articles[n % min(2, len(articles))]
        start, end = fallback_analysis(article).sentences[1 + n]
        found.append(Annotation.new(article.id, article.text, start, end, "favor", "default")
                     .edited(holder=PEOPLE[n], target="the alliance"))
    return found
