"""Import and scale figures (issue 7), against baselines run in the same process and run:

- import throughput of `stancemark import` (a fresh interpreter, as a user runs it) on a
  generated corpus of mixed formats, in articles/s, and its peak memory;
- entities for the imported articles (the import's own code, model loaded) in words/s, next
  to bare ``nlp.pipe`` with the same components on the same texts, as many processes;
- launch to the painted list, opening an article, scrolling the list and peak memory of the
  app with the 10,000-article library, against the same with the two seed articles.

    .venv/bin/python benchmarks/import_bench.py [--sizes 1000 10000] [--runs 5]

Prints medians and ratios; asserts nothing (machines here are noisy). The corpus is
generated (benchmarks/corpus.py); nothing is fetched.
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
sys.path.insert(0, str(ROOT / "benchmarks"))

from corpus import make_corpus  # noqa: E402

CHILD = r'''
import json, os, sys, time
T0 = float(os.environ["BENCH_T0"])
from pathlib import Path
from stancemark.store.config import Config
from stancemark.store.library import Library
from stancemark.tui.app import StancemarkApp
db, model = sys.argv[1:3]
library = Library.open(Path(db), read_only=True)
result = {}
class Timed(StancemarkApp):
    def on_ready(self):
        self.call_after_refresh(self.painted)
    def painted(self):
        result["list"] = time.time() - T0
        if model == "none":
            return self.exit()
        self.main.open_article(self.main.article_ids[-1])
        self.set_interval(0.05, self.check)
    def check(self):  # the model loaded and the background analysis under way
        if len(self.main._analyses) >= min(9, len(self.main.article_ids)):
            self.exit()
Timed(library, Config(), None if model == "spacy" else "no_such_spacy_model").run(headless=True)
library.close()
print(json.dumps({**result, "rss_mb": peak_mb()}))
'''
# Linux keeps ru_maxrss across exec (a child would report its parent's peak): VmHWM is the
# process's own.
PEAK = """
def peak_mb():
    with open("/proc/self/status") as status:
        return next(int(l.split()[1]) for l in status if l.startswith("VmHWM")) / 1024
"""
CHILD = PEAK + CHILD
IMPORT = PEAK + """
import json, sys
from stancemark.cli.main import main
code = main(sys.argv[1:])
print(json.dumps({"rss_mb": peak_mb()}), file=sys.stderr)
sys.exit(code)
"""

def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def env_for(tmp: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STANCEMARK_DATA_DIR": str(tmp / "data"),
           "STANCEMARK_STATE_DIR": str(tmp / "state"),
           "STANCEMARK_CACHE_DIR": str(tmp / "cache"),
           "PYTHONPYCACHEPREFIX": str(tmp / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def import_figures(size: int, tmp: Path) -> tuple[Path, dict]:
    """Run `stancemark import` on a generated corpus of ``size`` articles."""
    corpus = tmp / f"corpus{size}"
    words = make_corpus(corpus, size)
    db = tmp / f"lib{size}.json"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", IMPORT, "import", "--db", str(db), str(corpus)],
                          env=env_for(tmp), capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - started
    headline = done.stdout.splitlines()[0] if done.stdout else done.stderr
    return db, {"seconds": seconds, "words": words, "headline": headline,
                "rss_mb": json.loads(done.stderr.strip().splitlines()[-1])["rss_mb"]}


def entity_figures(db: Path, processes: int) -> tuple[float, float, int]:
    """Words/s of the import's entity step and of bare nlp.pipe on the same texts."""
    import threading

    from rich.console import Console

    import stancemark.nlp.model as model_module
    from stancemark.cli import import_command
    from stancemark.nlp.model import load_model
    from stancemark.store.library import Library

    model = load_model()
    library = Library.open(db)
    articles = [a for a in library.articles() if not a.file.startswith(str(ROOT / "seeds"))]
    words = sum(len(a.text.split()) for a in articles)
    original = model_module.load_model
    model_module.load_model = lambda name=None: model  # the model is loaded, as in the app
    import_command.PARALLEL_FROM = 0 if processes > 1 else 10**9
    try:
        started = time.perf_counter()
        import_command.find_entities(library, articles, None, Console(quiet=True),
                                     threading.Event())
        ours = time.perf_counter() - started
    finally:
        model_module.load_model = original
        library.close()
    started = time.perf_counter()
    for _ in model.nlp.pipe((a.text for a in articles), batch_size=64, n_process=processes):
        pass
    bare = time.perf_counter() - started
    return words / ours, words / bare, words


def launch(db: Path, tmp: Path, model: str = "none") -> dict:
    env = {**env_for(tmp), "BENCH_T0": repr(time.time())}
    done = subprocess.run([sys.executable, "-c", CHILD, str(db), model], env=env,
                          capture_output=True, text=True, timeout=300)
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


async def in_app(db: Path, runs: int) -> dict:
    """Opening articles and scrolling the list in the running app (no model: rule sentences)."""
    from stancemark.store.config import Config
    from stancemark.store.library import Library
    from stancemark.tui.app import StancemarkApp
    from stancemark.tui.widgets.article_list import ArticleList
    from stancemark.tui.widgets.reader import Reader

    library = Library.open(db, read_only=True)
    ids = library.article_ids()
    picks = [ids[len(ids) * i // runs] for i in range(runs)]
    app = StancemarkApp(library, Config(), "no_such_spacy_model")
    figures: dict = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        reader = app.main.query_one(Reader)
        opened = []
        for article_id in picks:
            started = time.perf_counter()
            app.main.open_article(article_id)
            reader.render_lines(reader.region.reset_offset)  # what the next frame draws
            opened.append(time.perf_counter() - started)
            await pilot.pause()
        figures["open"] = median_ms(opened)
        listing = app.main.query_one(ArticleList)
        listing.focus()
        await pilot.press("g")
        steps = [1] * 200 if listing.count > 2 else [1, -1] * 100
        started = time.perf_counter()
        for step in steps:  # what one key costs the list: move, scroll, draw the next frame
            listing.action_cursor(step)
            listing.render_lines(listing.region.reset_offset)
        figures["key"] = (time.perf_counter() - started) / len(steps) * 1000
        started = time.perf_counter()
        await pilot.press(*["j" if step > 0 else "k" for step in steps])
        figures["pilot"] = (time.perf_counter() - started) / len(steps) * 1000
        figures["keys"] = "j x200, scrolling" if listing.count > 2 else "j,k x100, no scroll"
    library.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--processes", type=int, default=min(2, os.cpu_count() or 1))
    parser.add_argument("--skip-entities", action="store_true", help="(they take minutes)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        os.environ.update({k: v for k, v in env_for(tmp).items() if k.startswith("STANCEMARK")})
        seeds = tmp / "seeds.json"
        from stancemark.store.library import Library

        Library.open(seeds).close()
        dbs = {}
        print("import (`stancemark import`, a fresh interpreter; mixed text, Markdown, HTML, "
              "JSONL):")
        for size in args.sizes:
            db, fig = import_figures(size, tmp)
            dbs[size] = db
            print(f"  {size:6d} articles  {fig['seconds']:7.1f} s  {size / fig['seconds']:7.1f} "
                  f"articles/s  peak RSS {fig['rss_mb']:6.0f} MB   [{fig['headline']}]")
        print(f"\nentities of the imported articles, {args.processes} process(es) "
              "(the import's find_entities, model loaded, cache writes included):")
        for size in [] if args.skip_entities else args.sizes:
            ours, bare, words = entity_figures(dbs[size], args.processes)
            print(f"  {size:6d} articles {words:9,d} words  ours {ours:7,.0f} words/s  bare "
                  f"nlp.pipe {bare:7,.0f} words/s  -> {ours / bare:.2f}x (target >= 0.8x)")
        big = max(args.sizes)
        print(f"\nthe app with {big:,} articles against the 2 seeds (headless; no model, but "
              "peak RSS also with spaCy loaded and the background analysis running):")
        launch(seeds, tmp)  # untimed: fills the bytecode cache
        for label, db in (("2 seeds", seeds), (f"{big:,} articles", dbs[big])):
            runs = [launch(db, tmp) for _ in range(args.runs)]
            with_model = launch(db, tmp, "spacy")["rss_mb"]
            figures = asyncio.run(in_app(db, args.runs))
            print(f"  {label:>15}: launch to list {median_ms([r['list'] for r in runs]):6.0f} "
                  f"ms, peak RSS {max(r['rss_mb'] for r in runs):4.0f} MB ({with_model:4.0f} MB "
                  f"with spaCy); open article "
                  f"{figures['open']:6.1f} ms; list key {figures['key']:5.2f} ms/key, "
                  f"{figures['pilot']:5.1f} ms/key through the Pilot ({figures['keys']})")


if __name__ == "__main__":
    main()
