"""Reader figures (issue 2): launch to first paint and to a highlighted reader, against a
minimal Textual app launched the same way in the same run; opening cached and uncached articles.

    .venv/bin/python benchmarks/reader_bench.py [--runs 7]

Prints medians and ratios; asserts nothing (machines here are noisy).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r'''
import os, sys, time, json
T0 = float(os.environ["BENCH_T0"])
which, mode, db = sys.argv[1:4]
result = {}
if which == "minimal":
    from textual.app import App
    from textual.widgets import Static
    class Minimal(App):
        def compose(self):
            yield Static("hello")
        def on_ready(self):
            self.call_after_refresh(self.done)
        def done(self):
            result["first_paint"] = time.time() - T0
            self.exit()
    Minimal().run(headless=True)
else:
    from pathlib import Path
    from stancemark.store.config import Config
    from stancemark.store.library import Library
    from stancemark.tui.app import StancemarkApp
    from stancemark.tui.widgets.reader import Reader
    library = Library.open(Path(db))
    class Timed(StancemarkApp):
        def on_ready(self):
            self.call_after_refresh(self.painted)
        def painted(self):
            result["first_paint"] = time.time() - T0
            if mode == "list":
                self.exit()
                return
            self.main.open_article(self.main.article_ids[0])
            self.set_interval(0.005, self.check)
        def check(self):
            if self.main.query_one(Reader).entities and "highlighted" not in result:
                result["highlighted"] = None
                self.call_after_refresh(self.highlighted)
        def highlighted(self):
            result["highlighted"] = time.time() - T0
            self.exit()
    Timed(library, Config()).run(headless=True)
    library.close()
print(json.dumps(result))
'''


def cache_dir(db: Path) -> str:
    """Each database gets its own entity cache, so a cold launch finds nothing cached."""
    return f"{db}.cache"


def launch(which: str, mode: str, db: Path) -> dict:
    """Start a fresh interpreter and return its timings (seconds since spawn).

    Both apps load compiled bytecode, as installed apps do after their first run: with
    PYTHONDONTWRITEBYTECODE set, Textual came precompiled but our modules were compiled
    from source on every launch. The bytecode goes to a cache next to the database.
    """
    env = {**os.environ, "BENCH_T0": repr(time.time()), "PYTHONPATH": str(ROOT),
           "STANCEMARK_CACHE_DIR": cache_dir(db),
           "PYTHONPYCACHEPREFIX": str(db.parent / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    done = subprocess.run([sys.executable, "-c", CHILD, which, mode, str(db)], env=env,
                          capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise SystemExit(f"{which} {mode} failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def launch_figures(runs: int, tmp: Path) -> None:
    from stancemark.store.library import Library

    from stancemark.nlp.analysis import analyze
    from stancemark.nlp.model import load_model

    warm = tmp / "warm.json"
    os.environ["STANCEMARK_CACHE_DIR"] = cache_dir(warm)
    library = Library.open(warm)  # a library whose entity cache is complete
    articles = library.articles()
    model = load_model()
    for article, result in zip(articles, analyze(model, articles)):
        library.save_analyses({article.id: result})
    library.close()
    minimal, listed, cached, cold = [], [], [], []
    Library.open(tmp / "first.json").close()
    launch("minimal", "list", warm)  # untimed first runs fill the bytecode cache (spaCy's too)
    launch("stancemark", "reader", tmp / "first.json")
    for i in range(runs):  # interleaved, so drift hits every series alike
        minimal.append(launch("minimal", "list", warm)["first_paint"])
        listed.append(launch("stancemark", "list", warm)["first_paint"])
        cached.append(launch("stancemark", "reader", warm)["highlighted"])
        fresh = tmp / f"cold{i}.json"
        Library.open(fresh).close()
        cold.append(launch("stancemark", "reader", fresh)["highlighted"])
    base = median_ms(minimal)
    print(f"launch, median of {runs} fresh interpreters (headless):")
    print(f"  minimal Textual app, first paint       {base:8.1f} ms   1.00x")
    for name, values in (("stancemark, article list painted", listed),
                         ("stancemark, highlighted reader, cached", cached),
                         ("stancemark, highlighted reader, cold", cold)):
        print(f"  {name:<38} {median_ms(values):8.1f} ms   {median_ms(values) / base:.2f}x")
    print(f"  target: list first paint within 1.30x of the minimal app -> "
          f"{'met' if median_ms(listed) <= 1.3 * base else 'NOT met'}")


async def open_figures(runs: int, tmp: Path) -> None:
    from stancemark.nlp.analysis import analyze
    from stancemark.nlp.model import load_model
    from stancemark.store.article import parse_article
    from stancemark.store.config import Config
    from stancemark.store.library import Library
    from stancemark.tui.app import StancemarkApp
    from stancemark.tui.widgets.reader import Reader

    model = load_model()
    os.environ["STANCEMARK_CACHE_DIR"] = cache_dir(tmp / "open.json")
    library = Library.open(tmp / "open.json")
    seeds = library.articles()
    body = "\n\n".join(a.text.split("\n\n", 1)[1] for a in seeds)
    long_text = "A Long Article For Timing\n\n" + "\n\n".join([body] * 16)
    long_article = library.add_articles([parse_article(long_text, "long.txt")])[0]
    articles = [*seeds, long_article]
    words = long_article.word_count
    drawn = []  # when the reader finished drawing highlighted lines of an article
    render_lines = Reader.render_lines

    def timed_render_lines(self, crop):
        lines = render_lines(self, crop)
        if self.entities:
            drawn.append(time.perf_counter())
        return lines

    Reader.render_lines = timed_render_lines
    app = StancemarkApp(library, Config(), model, articles)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.main.query_one(Reader)

        async def until_highlighted() -> float:
            """Wait until the highlighted article is first drawn; return when that finished."""
            while not drawn:
                await asyncio.sleep(0.001)
            first = drawn[0]
            await pilot.pause(0.05)  # let the redraws it causes settle before the next run
            return first

        async def time_open(article_id: str) -> float:
            """Seconds from opening the article to its highlighted text drawn."""
            app.main.open_article(next(a.id for a in seeds if a.id != article_id))
            await pilot.pause(0.05)
            drawn.clear()
            started = time.perf_counter()
            app.main.open_article(article_id)
            return await until_highlighted() - started

        while len(app.main._analyses) < len(articles):  # warm the cache in the background
            await asyncio.sleep(0.05)
        cached = {}
        for article in articles:
            cached[article.id] = median_ms([await time_open(article.id) for _ in range(runs)])
        # uncached: forget the analysis, open, wait for spaCy's result to be painted
        uncached, bare = [], []
        for _ in range(runs):
            app.main._analyses.pop(long_article.id)
            library.cache.path(long_article.id, model.key).unlink()
            uncached.append(await time_open(long_article.id))
            paragraphs = long_article.text.split("\n\n")
            started = time.perf_counter()
            list(model.nlp.pipe(paragraphs))
            bare.append(time.perf_counter() - started)
        started = time.perf_counter()
        list(analyze(model, [long_article]))
        ours = time.perf_counter() - started
    library.close()
    print(f"\nopening an article in the running app, median of {runs} (model loaded):")
    for article in articles:
        print(f"  cached   {article.word_count:6d} words  {cached[article.id]:7.1f} ms to "
              f"highlighted text (target < 50 ms)")
    print(f"  uncached {words:6d} words  {median_ms(uncached):7.1f} ms; bare nlp.pipe of the "
          f"same paragraphs {median_ms(bare):7.1f} ms -> {median_ms(uncached) / median_ms(bare):.2f}x "
          f"(target < 1.10x)")
    print(f"  (our analyze() alone, incl. span cleaning: {ours * 1000:.1f} ms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--skip-launch", action="store_true", help="only the in-app figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["STANCEMARK_DATA_DIR"] = tmp
        if not args.skip_launch:
            launch_figures(args.runs, Path(tmp))
        asyncio.run(open_figures(args.runs, Path(tmp)))


if __name__ == "__main__":
    main()
