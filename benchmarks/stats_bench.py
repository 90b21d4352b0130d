"""Statistics figures (issue 8): counting 20,000 annotations of 10,000 articles by each grouping,
from the library's API and from the command line, and opening the statistics view.

    .venv/bin/python benchmarks/stats_bench.py [--articles 10000] [--annotations 20000]
                                               [--runs 5] [--keep DIR]

The library: generated articles (scale_library.py; 3% without a date), annotations added with
``Library.save_annotation`` (a sentence each; holders and targets from a small list, written
in varied case and spacing, 6% without a holder), then closed and opened again.
Baselines in the same run: iterating every annotation's fields (the least any count needs),
and reading every annotation as an ``Annotation``; for the command, a process that only opens
and closes the library; for the view, opening the help screen. Medians; nothing asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from scale_library import PEOPLE, PLACES, make_articles  # noqa: E402

from stancemark.nlp.analysis import fallback_analysis  # noqa: E402
from stancemark.store.annotation import Annotation  # noqa: E402
from stancemark.store.config import DEFAULT_SCHEME, Config  # noqa: E402
from stancemark.store.library import Library  # noqa: E402
from stancemark.store.stats import GROUPINGS, count_annotations  # noqa: E402
from figures import median_time  # noqa: E402

TARGETS = ["the alliance", "sanctions", "the trade deal", "troop deployment", "the summit",
           "arms exports", "the border talks", "the election"]


def spelled(name: str, rng: random.Random) -> str:
    """``name`` as people type it: now and then lower-cased or with stray spaces."""
    roll = rng.random()
    return name.lower() if roll < 0.1 else f" {name}  " if roll < 0.2 else name


def build_library(path: Path, articles: int, annotations: int, seed: int = 11) -> None:
    """A library of ``articles`` generated articles with ``annotations`` annotations."""
    rng = random.Random(seed)
    made = [dataclasses.replace(a, date="") if rng.random() < 0.03 else a
            for a in make_articles(articles)]
    library = Library.open(path, seed=False)
    try:
        library.add_articles(made)
        stances = [label.name for label in DEFAULT_SCHEME.labels]
        holders = PLACES[:12] + PEOPLE[:8]
        sentences: dict[str, list] = {}
        for n in range(annotations):
            article = made[rng.randrange(len(made))]
            if article.id not in sentences:
                sentences[article.id] = fallback_analysis(article).sentences[1:]
            start, end = rng.choice(sentences[article.id])
            holder = "" if rng.random() < 0.06 else spelled(rng.choice(holders), rng)
            library.save_annotation(
                Annotation.new(article.id, article.text, start, end, rng.choice(stances),
                               "default").edited(holder=holder,
                                                 target=spelled(rng.choice(TARGETS), rng)))
    finally:
        library.close()


def in_process(path: Path, runs: int) -> None:
    library = Library.open(path, read_only=True)
    try:
        base = median_time(lambda: sum(1 for _ in library.annotation_fields("stance")), runs)
        decoded = median_time(library.annotations, runs)
        print(f"baseline: iterate every annotation's stance   {base * 1000:8.1f} ms")
        print(f"reference: library.annotations() (dataclasses) {decoded * 1000:8.1f} ms")
        for by in GROUPINGS:
            took = median_time(lambda: count_annotations(library, by, DEFAULT_SCHEME), runs)
            rows = len(count_annotations(library, by, DEFAULT_SCHEME).rows)
            print(f"count_annotations --by {by:<7} ({rows:4d} rows)   {took * 1000:8.1f} ms"
                  f"   ×{took / base:5.1f} baseline")
    finally:
        library.close()


OPEN_CLOSE = ("import sys; from pathlib import Path; from stancemark.store.library import "
              "Library; Library.open(Path(sys.argv[1]), read_only=True).close()")


def command_line(path: Path, runs: int) -> None:
    def run(argv: list[str]) -> None:
        subprocess.run(argv, check=True, capture_output=True)

    base_argv = [sys.executable, "-c", OPEN_CLOSE, str(path)]
    run(base_argv)  # untimed: bytecode caches filled
    base = median_time(lambda: run(base_argv), runs)
    print(f"baseline: a process that opens and closes it   {base * 1000:8.0f} ms")
    for by in ("stance", "holder", "month"):
        argv = [sys.executable, "-m", "stancemark.cli.main", "stats", "--db", str(path),
                "--json", "--by", by]
        took = median_time(lambda: run(argv), runs)
        print(f"stancemark stats --json --by {by:<7}          {took * 1000:8.0f} ms"
              f"   ×{took / base:5.2f} baseline")


async def in_the_app(path: Path, runs: int) -> None:
    from stancemark.tui.app import StancemarkApp
    from stancemark.tui.screens.help import HelpScreen
    from stancemark.tui.screens.stats import StatsScreen
    from stancemark.tui.widgets.stats_table import StatsTable

    library = Library.open(path, read_only=True)
    app = StancemarkApp(library, Config(), model=None)
    app.main.model_name = None  # no spaCy: only the view is timed

    async def timed(key: str, done) -> float:
        began = time.perf_counter()
        await pilot.press(key)
        while not done():
            await pilot.pause(0.001)
        return time.perf_counter() - began

    helps, opens, switches = [], [], []
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            for _ in range(runs):
                helps.append(await timed("question_mark",
                                         lambda: isinstance(app.screen, HelpScreen)))
                await pilot.press("escape")
                opens.append(await timed("S", lambda: isinstance(app.screen, StatsScreen)
                                         and app.screen.query_one(StatsTable).row_count))
                switches.append(await timed("h", lambda: app.screen.by == "holder"
                                            and app.screen.query_one(StatsTable).row_count))
                await pilot.press("escape")
    finally:
        library.close()
    base = statistics.median(helps)
    for name, times in (("open the view (S, by stance)", opens),
                        ("switch to holders (h)", switches)):
        took = statistics.median(times)
        print(f"view: {name:<31}  {took * 1000:8.0f} ms   ×{took / base:5.2f} baseline")
    print(f"baseline: open the help screen (?)        {base * 1000:8.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--annotations", type=int, default=20000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="build the library in DIR and keep it (a "
                        "library already there is used as it is)")
    args = parser.parse_args()
    folder = args.keep or Path(tempfile.mkdtemp(prefix="stats-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "library.json"
    began = time.perf_counter()
    if path.exists():
        print(f"{path} kept from an earlier run: used as it is\n")
    else:
        build_library(path, args.articles, args.annotations)
        print(f"{args.articles:,} articles, {args.annotations:,} annotations: built in "
              f"{time.perf_counter() - began:.0f} s ({path.stat().st_size / 2**20:.0f} MiB)\n")
    in_process(path, args.runs)
    print()
    command_line(path, args.runs)
    print()
    asyncio.run(in_the_app(path, args.runs))


if __name__ == "__main__":
    main()
