"""Search figures (issue 8) on a generated library of 10,000 articles with 20,000 annotations:

- per keystroke, the list search as the app runs it (the index's answer, then the filters and
  the sort over every listed id), against a plain scan of every text per keystroke (the same
  query syntax, each text folded and searched again), measured in the same run;
- the same keys pressed in the headless app until the list is drawn again, with the index
  and with the scan in its place;
- the time to build the word index, the entity index (from the entity cache) and the facts
  filters read, and the memory the indexes keep.

    .venv/bin/python benchmarks/search_bench.py [--articles 10000] [--annotations 20000]

Prints medians, 95th percentiles and ratios; asserts nothing (machines here are noisy). The
articles are generated (benchmarks/scale_library.py); entities are a stand-in for spaCy's.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from figures import p95  # noqa: E402

KEY = "bench-model/1"
TYPED = ["korea", "sanctions", "beijing troops", '"north korea"', "zhu feng", "alliance chi",
         "xyzzy"]


def keystrokes() -> list[str]:
    """What the search field holds after each key of every query in TYPED."""
    return [typed[:n] for typed in TYPED for n in range(1, len(typed) + 1)]


class ScanIndex:
    """The baseline: the same answers as SearchIndex, by folding and searching every text at
    each keystroke."""

    def __init__(self, library) -> None:
        self.library = library

    def search(self, query) -> set[str]:
        from stancemark.store.search import fold, phrase_finder, phrase_text

        words = [re.compile(r"(?<!\w)" + re.escape(w)) for w in query.words]
        last = len(query.phrases) - 1
        phrases = [phrase_finder(p, query.open_phrase and n == last)
                   for n, p in enumerate(query.phrases)]
        found = set()
        for article_id in self.library.article_ids():
            folded = fold(self.library.article_record(article_id)["text"])
            if all(w.search(folded) for w in words) and (
                    not phrases or all(p(phrase_text(folded)) for p in phrases)):
                found.add(article_id)
        return found


def generate(db: Path, count: int, annotations: int) -> None:
    """The library: ``count`` articles, ``annotations`` annotations spread over them (stances,
    holders, times varied), entities cached for every article."""
    from scale_library import PEOPLE, PLACES, fake_analysis, make_articles
    from stancemark.nlp.analysis import fallback_analysis
    from stancemark.store.annotation import Annotation
    from stancemark.store.library import Library

    rng = random.Random(8)
    articles = make_articles(count)
    library = Library.open(db, seed=False)
    library.add_articles(articles)
    docs = []
    for n in range(annotations):
        article = articles[rng.randrange(count)]
        start, end = rng.choice(fallback_analysis(article).sentences[1:])
        when = f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T10:00:00.000Z"
        docs.append(Annotation.new(article.id, article.text, start, end,
                                   rng.choice(["favor", "against", "neutral", "uncertain"]),
                                   "default").edited(holder=rng.choice(PEOPLE + PLACES))
                    .to_doc() | {"created": when, "updated": when})
    library.db.table("annotations").insert_multiple(docs)  # one write, not 20,000
    for i in range(0, count, 64):
        library.save_analyses({a.id: fake_analysis(a, KEY) for a in articles[i:i + 64]})
    library.close()


def build_indexes(library):
    from stancemark.nlp.cached import from_cache
    from stancemark.store.search import EntityIndex, SearchIndex

    ids = library.article_ids()
    times = {}
    began = time.perf_counter()
    words = SearchIndex()
    words.add_many((i, library.article_record(i)["text"]) for i in ids)
    times["word index build s"] = time.perf_counter() - began
    began = time.perf_counter()
    entities = EntityIndex()
    for i in ids:
        analysis = from_cache(library, i, KEY)
        if analysis is not None:
            text = library.article_record(i)["text"]
            entities.add(i, ((m.name, m.label) for m in article_entities(text, analysis.entities)))
    times["entity index build (from the cache) s"] = time.perf_counter() - began
    return words, entities, times


def per_key(index, catalog, ids, sort: str) -> list[float]:
    """Seconds per keystroke: the query's hits, then filters and sort over every id."""
    from stancemark.store.listing import Filters
    from stancemark.store.search import parse_query

    spent = []
    for typed in keystrokes():
        began = time.perf_counter()
        query = parse_query(typed)
        hits = index.search(query) if query else None
        catalog.sorted(catalog.select(ids, Filters(), hits), sort)
        spent.append(time.perf_counter() - began)
    return spent


def in_app(db: Path, index_kind: str) -> dict[str, list[float]]:
    """Per key pressed in the list's search field of the headless app, the main thread's CPU
    time from the key to the list drawn again (the wall time adds the Pilot's own waits);
    and the same for a key that changes nothing (→ at the end of the field): the harness."""
    from stancemark.store.config import Config
    from stancemark.store.library import Library
    from stancemark.tui.app import StancemarkApp

    library = Library.open(db)
    app = StancemarkApp(library, Config(), "no_such_spacy_model")
    spent: dict[str, list[float]] = {"cpu": [], "wall": [], "no-op cpu": [], "no-op wall": []}

    async def drive() -> None:
        async with app.run_test(size=(120, 40)) as pilot:

            async def press(key: str) -> tuple[float, float]:
                cpu, wall = time.thread_time(), time.perf_counter()
                await pilot.press(key)
                await pilot.pause()
                return time.thread_time() - cpu, time.perf_counter() - wall

            await pilot.press("slash")
            while library.search_index is None or app.main.entity_index is None:
                await pilot.pause(0.1)
            if index_kind == "scan":
                library.search_index = ScanIndex(library)  # type: ignore[assignment]
            for typed in TYPED:
                for char in typed:
                    cpu, wall = await press(char)
                    spent["cpu"].append(cpu)
                    spent["wall"].append(wall)
                    cpu, wall = await press("right")
                    spent["no-op cpu"].append(cpu)
                    spent["no-op wall"].append(wall)
                await pilot.press("escape", "slash")  # cleared, and the field open again

    asyncio.run(drive())
    library.close()
    return spent


def report(name: str, values: list[float], extra: str = "") -> None:
    print(f"{name:46} median {statistics.median(values) * 1000:8.1f} ms   "
          f"p95 {p95(values) * 1000:8.1f} ms   {extra}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--annotations", type=int, default=20_000)
    parser.add_argument("--no-app", action="store_true", help="skip the headless app figures")
    parser.add_argument("--keep", type=Path, help="build the library here and keep it")
    args = parser.parse_args()
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="search-bench-"))
    try:
        figures(args, tmp)
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


def figures(args: argparse.Namespace, tmp: Path) -> None:
    for name in ("DATA", "CONFIG", "STATE", "CACHE"):
        os.environ[f"STANCEMARK_{name}_DIR"] = str(tmp / name.lower())
    db = tmp / "library.json"
    began = time.perf_counter()
    if not db.exists():  # --keep: made once
        generate(db, args.articles, args.annotations)
    print(f"{args.articles:,} articles, {args.annotations:,} annotations, entities cached for "
          f"each (made in {time.perf_counter() - began:.0f} s); {len(keystrokes())} "
          f"keystrokes of {TYPED}")

    from stancemark.store.library import Library
    from stancemark.store.listing import Catalog

    library = Library.open(db)
    ids = library.article_ids()
    runs = [build_indexes(library) for _ in range(3)]
    words, entities, _ = runs[-1]
    for name in runs[0][2]:
        print(f"{name:46} median {statistics.median(r[2][name] for r in runs):8.2f} s")
    began = time.perf_counter()
    catalog = Catalog(library)
    print(f"{'facts for filters and sorts (Catalog) s':46} {time.perf_counter() - began:15.2f} s")
    del runs, words, entities
    tracemalloc.start()
    words, entities, _ = build_indexes(library)
    kept = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    print(f"{'memory kept by both indexes':46} {kept / 2**20:15.1f} MiB")
    scan = ScanIndex(library)
    for sort in ("added", "date"):
        baseline = per_key(scan, catalog, ids, sort)
        report(f"per keystroke, plain scan, sort {sort}", baseline)
        indexed = per_key(words, catalog, ids, sort)
        report(f"per keystroke, index, sort {sort}", indexed,
               f"scan/index {statistics.median(baseline) / statistics.median(indexed):.0f}x")
    library.close()
    if not args.no_app:
        print("in the headless app, key to list drawn (main-thread CPU; wall in brackets):")
        for kind in ("scan", "index"):
            spent = in_app(db, kind)
            report(f"  {'plain scan' if kind == 'scan' else 'index'}", spent["cpu"],
                   f"(wall median {statistics.median(spent['wall']) * 1000:.0f} ms)")
        report("  a key that changes nothing (the harness)", spent["no-op cpu"],
               f"(wall median {statistics.median(spent['no-op wall']) * 1000:.0f} ms)")

if __name__ == "__main__":
    main()
