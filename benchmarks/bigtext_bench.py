"""Large articles (issues 13 and 14): reader key latency on a 1 MB one-line article against a
seed article in the same run, and the time from `q` to the process's exit while a 5 MB article
is being analysed (the real `stancemark` under a pseudo-terminal).

    .venv/bin/python benchmarks/bigtext_bench.py [--keys 20] [--quits 3]

Prints medians and 95th percentiles; asserts nothing (machines here are noisy).
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import os
import pty
import select
import statistics
import struct
import sys
import tempfile
import termios
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bigtext import news_text, write_article  # noqa: E402  (the tests' article maker)
from figures import p95  # noqa: E402


async def key_figures(keys: int, tmp: Path) -> None:
    from stancemark.nlp.analysis import analyze
    from stancemark.nlp.model import load_model
    from stancemark.store.config import Config
    from stancemark.store.library import Library
    from stancemark.tui.app import StancemarkApp
    from stancemark.tui.widgets.reader import Reader

    library = Library.open(tmp / "keys.json")
    big, = library.import_paths([write_article(tmp, "one-line.txt", news_text(1_000_000))])[0]
    articles = [library.articles()[0], big]
    model = load_model()
    started = time.perf_counter()
    for article, result in zip(articles, analyze(model, articles)):
        library.save_analyses({article.id: result})
    print(f"analysis of the seed and the 1 MB one-line article: {time.perf_counter() - started:.1f} s"
          f" ({big.word_count} words)")
    app = StancemarkApp(library, Config(), model, articles)
    figures = {}
    async with app.run_test(size=(120, 40)) as pilot:
        reader = app.main.query_one(Reader)

        async def press(key: str) -> tuple[float, float]:
            """Main-thread CPU time and wall time from the key to the frame painted."""
            cpu, wall = time.thread_time(), time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            return time.thread_time() - cpu, time.perf_counter() - wall

        for article in articles:
            opened = time.perf_counter()
            app.main.open_article(article.id)
            await pilot.pause()
            opened = time.perf_counter() - opened
            times: dict[str, list[tuple[float, float]]] = {
                "z (no-op)": [], "j": [], "1 (tag)": [], "u (undo)": []}
            for _ in range(keys):
                times["z (no-op)"].append(await press("z"))  # the harness's own cost
                times["j"].append(await press("j"))
                times["1 (tag)"].append(await press("1"))
                times["u (undo)"].append(await press("u"))
            assert reader.article.id == article.id and not library.annotations(article.id)
            figures[article.id] = (opened, times)
    library.close()
    print(f"\nreader keys, {keys} presses each; main-thread CPU per key (wall, which adds the "
          f"Pilot's own waits, in brackets); target: a frame, ~16 ms")
    for article in articles:
        opened, times = figures[article.id]
        name = "seed article" if article is articles[0] else "1 MB one-line article"
        print(f"  {name} ({article.word_count} words), opened in {opened * 1000:.0f} ms:")
        for key, values in times.items():
            cpu, wall = [v[0] * 1000 for v in values], [v[1] * 1000 for v in values]
            print(f"    {key:<9} median {statistics.median(cpu):6.1f} ms  p95 {p95(cpu):6.1f} ms"
                  f"   (wall median {statistics.median(wall):6.1f} ms)")


def quit_once(article: Path, db: Path) -> float:
    """Seconds from `q` to the exit of a real `stancemark` analysing ``article``."""
    db.parent.mkdir()
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["STANCEMARK_DATA_DIR"] = str(db.parent)
        os.execv(sys.executable, [sys.executable, "-m", "stancemark.cli.main", "--db", str(db),
                                  str(article)])
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    seen, pressed, ended = b"", None, None

    def drain(timeout: float) -> bool:
        nonlocal seen
        ready, _, _ = select.select([fd], [], [], timeout)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return False
            if not chunk:
                return False
            seen = (seen + chunk)[-200_000:]
        return True

    deadline = time.monotonic() + 300
    while b"finding entities" not in seen and time.monotonic() < deadline:
        drain(0.1)
    settle = time.monotonic() + 2  # well into the analysis
    while time.monotonic() < settle:
        drain(0.1)
    os.write(fd, b"q")
    pressed = time.perf_counter()
    while drain(0.05):
        if os.waitpid(pid, os.WNOHANG)[0]:
            ended = time.perf_counter()
            break
    if ended is None:
        os.waitpid(pid, 0)
        ended = time.perf_counter()
    os.close(fd)
    return ended - pressed


def quit_figures(runs: int, tmp: Path) -> None:
    article = write_article(tmp, "big5.txt", news_text(5_000_000, per_paragraph=5))
    times = [quit_once(article, tmp / f"quit{i}" / "lib.json") for i in range(runs)]
    print(f"\nq while a 5 MB article is analysed (real stancemark under a pty), {runs} runs:")
    print(f"  q to process exit: median {statistics.median(times):.2f} s "
          f"(runs: {', '.join(f'{t:.2f}' for t in times)}); target < 1 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--keys", type=int, default=20)
    parser.add_argument("--quits", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["STANCEMARK_DATA_DIR"] = tmp
        if args.keys:
            asyncio.run(key_figures(args.keys, Path(tmp)))
        if args.quits:
            quit_figures(args.quits, Path(tmp))


if __name__ == "__main__":
    main()
