"""A library much larger than what one command needs: exporting a few annotations reads their
articles, not every text in the file (measured as memory, never as time)."""

from __future__ import annotations

import json
import random
import tracemalloc

from stancemark.cli.main import main
from stancemark.nlp.analysis import Analysis, fallback_analysis
from stancemark.store.annotation import Annotation
from stancemark.store.article import Article, article_id
from stancemark.store.library import Library

WORDS = ("minister said talks would resume after the summit while officials in the capital "
         "denied any troop movement near the border and analysts expected new sanctions").split()


def long_article(n: int, rng: random.Random) -> Article:
    title = f"Report {n}"
    body = "\n\n".join(" ".join(rng.choice(WORDS) for _ in range(120)) + "."
                       for _ in range(40))                  # ~30 KB of text
    text = f"{title}\n\n{body}"
    return Article(id=article_id(text), title=title, text=text, file=f"news/{n}.txt",
                   headings=[0])


def test_exporting_a_few_annotations_does_not_read_every_text(tmp_path):
    db = tmp_path / "library.json"
    rng = random.Random(3)
    articles = [long_article(n, rng) for n in range(200)]
    texts = sum(len(a.text.encode("utf-8")) for a in articles)
    library = Library.open(db, seed=False)
    library.add_articles(articles)
    annotated = articles[57]
    start, end = fallback_analysis(annotated).sentences[1]
    library.save_annotation(Annotation.new(annotated.id, annotated.text, start, end, "favor",
                                           "default"))
    library.save_analyses({annotated.id: Analysis(sentences=[(start, end)], model="test/r1")})
    library.close()
    out = tmp_path / "annotations.json"
    assert main(["export", "--db", str(db), "-o", str(out)]) == 0   # every module imported

    tracemalloc.start()
    try:
        assert main(["export", "--db", str(db), "-o", str(out)]) == 0
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    exported = json.loads(out.read_text(encoding="utf-8"))
    assert [(a["id"], len(a["annotations"])) for a in exported["articles"]] == [(annotated.id, 1)]
    assert exported["articles"][0]["annotations"][0]["quote"] == annotated.text[start:end]
    assert peak < texts / 10, f"export took {peak} bytes at its peak for {texts} bytes of texts"
