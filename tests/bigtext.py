"""Large news-like article texts built from the seed articles' sentences, for tests and benchmarks."""

from __future__ import annotations

import random
from pathlib import Path

from stancemark.nlp.sentences import split_sentences
from stancemark.store.ingest import load_articles
from stancemark.store.paths import SEEDS_DIR


def seed_sentences() -> list[str]:
    """Every body sentence of the seed articles (names, places, dates and all)."""
    articles, _ = load_articles([SEEDS_DIR])
    sentences = []
    for article in articles:
        for start, end in article.paragraph_spans()[1:]:
            sentences += [article.text[a:b] for a, b in split_sentences(article.text, start, end)
                          if b - a > 40]
    return sentences


def news_text(size: int, per_paragraph: int | None = None, seed: int = 1) -> str:
    """About ``size`` characters of shuffled seed sentences: one line, or paragraphs of
    ``per_paragraph`` sentences under a title line."""
    pool, rng = seed_sentences(), random.Random(seed)
    picked, total = [], 0
    while total < size:
        sentence = rng.choice(pool)
        picked.append(sentence)
        total += len(sentence) + 1
    if per_paragraph is None:
        return " ".join(picked)
    paragraphs = [" ".join(picked[i:i + per_paragraph])
                  for i in range(0, len(picked), per_paragraph)]
    return "\n\n".join(["A Very Long Report On The War", *paragraphs])


def write_article(folder: Path, name: str, text: str) -> Path:
    """The text as an article file in ``folder``."""
    path = folder / name
    path.write_text(text + "\n", encoding="utf-8")
    return path


# Names of the seed articles, found by a rule-based stand-in for the model: a real spaCy
# pipeline (tokenizer, max_length and all) that reads a megabyte in about a second.
NAMES = [("PERSON", "Zhu Feng"), ("PERSON", "Kim Jong Un"), ("ORG", "Nanjing University"),
         ("GPE", "Beijing"), ("GPE", "North Korea"), ("GPE", "Ukraine")]


def rule_model(folder: Path) -> Path:
    """Save a pipeline whose "ner" finds NAMES by rule; ``stancemark --model`` loads it."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler", name="ner").add_patterns(
        [{"label": label, "pattern": name} for label, name in NAMES])
    nlp.to_disk(folder)
    return folder
