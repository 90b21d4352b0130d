"""The stance data set of tests/data (news-style sentences with their stances), for the
suggestion tests and benchmarks/suggest_bench.py."""

from __future__ import annotations

import csv
import random
from pathlib import Path

DATA = Path(__file__).with_name("data") / "stance_sentences.tsv"


def stance_rows(stances: tuple[str, ...] | None = None, seed: int | None = None) -> list[dict]:
    """The rows (``text``, ``stance``, ``topic``) of these stances (all when None), shuffled
    with ``seed`` (in file order when None)."""
    with DATA.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f, delimiter="\t")
                if stances is None or r["stance"] in stances]
    if seed is not None:
        random.Random(seed).shuffle(rows)
    return rows


def write_article(path: Path, title: str, sentences: list[str], per_paragraph: int = 3) -> Path:
    """A plain-text article of these sentences, ``per_paragraph`` to a paragraph."""
    paragraphs = [" ".join(sentences[i:i + per_paragraph])
                  for i in range(0, len(sentences), per_paragraph)]
    path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path
