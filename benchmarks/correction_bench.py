"""Entity corrections (issue 11): the time to re-highlight a whole library after a correction,
for 1,000 articles, with the corrections applied over the cached model output.

    .venv/bin/python benchmarks/correction_bench.py [--articles 1000] [--runs 5] [--spacy 20]

The library: generated articles (scale_library.py) whose stand-in entities (grouped as the
analysis groups them) are in the cache, one file an article, as the app keeps them.
Measured, medians of ``--runs``:
- baseline: reading every article's cached entities and text (what listing the library's
  entities costs with no correction), and grouping every article's mentions in memory;
- after one correction (relabel "Beijing", in most articles) and after 20: reading the same and
  applying them (``nlp.mentions.cached_entities``), and applying them alone in memory
  (``Corrections.apply``); then counting the library's entities (the library view);
- for scale, what running spaCy again would take: ``--spacy`` articles through the real
  pipeline, scaled to the library (0 skips it).
Nothing is asserted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from scale_library import PEOPLE, PLACES, fake_analysis, make_articles  # noqa: E402

from stancemark.nlp.corrections import Corrections  # noqa: E402
from stancemark.nlp.grouping import group_entities  # noqa: E402
from stancemark.nlp.mentions import cached_entities, count_entities  # noqa: E402
from stancemark.store.cache import ResultCache  # noqa: E402
from stancemark.store.journal import StoreDB  # noqa: E402
from stancemark.store.library import Library  # noqa: E402
from figures import median_time  # noqa: E402

KEY = "en_bench-1.0/r2"
ONE = [{"action": "add", "text": "Beijing", "label": "ORG"}]
TWENTY = ONE + [{"action": "add", "text": name, "label": "ORG"} for name in PLACES[:7]] + \
    [{"action": "remove", "text": name, "label": "PERSON"} for name in PEOPLE[:6]] + \
    [{"action": "add", "text": name.split()[-1], "label": "PERSON"} for name in PEOPLE[6:12]]


def build(folder: Path, count: int) -> Library:
    articles = make_articles(count)
    library = Library(StoreDB(folder / "library.json"), ResultCache(folder / "cache"))
    library.add_articles(articles)
    analyses = {}
    for article in articles:
        fake = fake_analysis(article, KEY)
        analyses[article.id] = replace(fake, entities=group_entities(article.text,
                                                                     fake.entities))
    library.save_analyses(analyses)
    return library


def spacy_ms(library: Library, sample: int) -> float:
    """Running the real pipeline over ``sample`` of the articles, in ms per article."""
    from stancemark.nlp.analysis import analyze
    from stancemark.nlp.model import load_model

    model = load_model()
    articles = library.articles(library.article_ids()[:sample])
    list(analyze(model, articles[:2]))  # warm up
    start = time.perf_counter()
    list(analyze(model, articles))
    return (time.perf_counter() - start) * 1000 / len(articles)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--spacy", type=int, default=20, metavar="N")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        library = build(Path(tmp), args.articles)
        ids = library.article_ids()

        def text_of(article_id: str) -> str:
            return library.article_fields([article_id], "text")[article_id][0]

        def read(corrections: Corrections):
            return cached_entities(library, ids, KEY, text_of, corrections)

        loaded = {i: (text_of(i), library.cached_analysis(i, KEY)) for i in ids}
        from stancemark.nlp.analysis import Analysis

        kept = {i: (text, Analysis.from_doc(doc).entities) for i, (text, doc) in loaded.items()}
        one, twenty = Corrections(ONE), Corrections(TWENTY)
        changed = sum(one.apply(t, e) is not e for t, e in kept.values())
        mentions = sum(len(e) for _, e in kept.values())
        print(f"{args.articles:,} articles, {mentions:,} cached mentions; relabelling "
              f"'Beijing' changes {changed:,} of them; medians of {args.runs} runs\n")

        rows = [
            ("read cached entities + texts (baseline)", median_time(lambda: read(Corrections([])),
                                                                  args.runs)),
            ("  + apply 1 correction", median_time(lambda: read(one), args.runs)),
            ("  + apply 20 corrections", median_time(lambda: read(twenty), args.runs)),
            ("group every article in memory (baseline)", median_time(
                lambda: [group_entities(t, e) for t, e in kept.values()], args.runs)),
            ("apply 1 correction in memory", median_time(
                lambda: [one.apply(t, e) for t, e in kept.values()], args.runs)),
            ("apply 20 corrections in memory", median_time(
                lambda: [twenty.apply(t, e) for t, e in kept.values()], args.runs)),
            ("count the library's entities (view)", median_time(
                lambda: count_entities(read(one)[0]), args.runs)),
        ]
        rows = [(name, seconds * 1000) for name, seconds in rows]
        base_read, base_group = rows[0][1], rows[3][1]
        for name, ms in rows:
            base = base_read if rows.index((name, ms)) < 3 or "view" in name else base_group
            print(f"{name:<44} {ms:9.1f} ms   ×{ms / base:5.2f}")
        if args.spacy:
            per = spacy_ms(library, args.spacy)
            print(f"{'spaCy again (from ' + str(args.spacy) + ' articles, scaled)':<44} "
                  f"{per * args.articles:9.1f} ms   ×{per * args.articles / base_read:5.1f}"
                  " of the baseline read")
        library.close()


if __name__ == "__main__":
    main()
