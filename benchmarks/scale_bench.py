"""Scale figures (issue: a 10,000-article library): file sizes, opening, export and quitting,
for a small and a large generated library side by side.

    .venv/bin/python benchmarks/scale_bench.py [--sizes 2,10000] [--runs 3] [--keep DIR [--reuse]]

For each size N: N generated articles (~530 words, see scale_library.py) imported at once, 3
annotations, and entities cached for every article. spaCy is not run: ``fake_analysis`` fills
the cache with plausible results under the real model's key, 90% while generating (in batches
of 8 through ``Library.save_analyses``, as the background analysis saves them) and the last
10% by the app itself in a timed session (its analysis worker, with ``analyze`` replaced).
Every figure comes from a fresh interpreter (bytecode cached by an untimed first run).
``--keep DIR`` keeps the libraries (each also as built, in ``DIR/nN/built``); with ``--reuse`` a
later run starts from that copy instead of generating again (minutes at 10,000 articles).
Prints medians and the ratio large/small; asserts nothing (machines here are noisy).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = Path(__file__).resolve().parent

# Runs a command and reports its wall time and peak RSS (the only child of this wrapper).
MEASURE = r'''
import json, resource, subprocess, sys, time
began = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(json.dumps({"wall": time.perf_counter() - began, "rc": done.returncode,
                  "rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
                  "out": done.stdout[-3000:], "err": done.stderr[-3000:]}))
'''

OPEN = r'''
import gc, json, sys, time
from pathlib import Path
collecting, spent = [0.0], [0.0]
def timed(phase, info):
    if phase == "start":
        collecting[0] = time.perf_counter()
    else:
        spent[0] += time.perf_counter() - collecting[0]
gc.callbacks.append(timed)
from stancemark.store.library import Library
spent[0] = 0.0
began = time.perf_counter()
library = Library.open(Path(sys.argv[1]))
opened = time.perf_counter()
articles, counts = library.articles(), library.stance_counts()
listed = time.perf_counter()
library.close()
print(json.dumps({"open": opened - began, "list": listed - opened, "gc": spent[0],
                  "close": time.perf_counter() - listed}))
'''

# The app, headless, on a library (``analyze`` replaced by the fake): the time from the process
# start to the list painted, then, once every listed article is analysed (mode "analyse": the
# uncached ones by the app's worker), in mode "annotate" one sentence tagged and the time until
# the screen shows it; then q, and the parent times q to the process exit.
APP = r"""
import os, sys, time
T0 = float(os.environ["BENCH_T0"])
from pathlib import Path
import scale_library
import stancemark.nlp.analysis
stancemark.nlp.analysis.analyze = scale_library.fake_analyze
from stancemark.nlp.model import Model
from stancemark.store.config import Config
from stancemark.store.library import Library
from stancemark.tui.app import StancemarkApp
db, mode, key = sys.argv[1:4]
library = Library.open(Path(db))
class Session(StancemarkApp):
    stage = "opening"
    def on_ready(self):
        self.call_after_refresh(self.painted)
    def painted(self):
        print("PAINTED", time.time() - T0, flush=True)
        self.main.open_article(self.main.article_ids[0])
        self.set_interval(0.02, self.check)
    def check(self):
        status = str(self.main.query_one("#reader-status").content)
        if self.stage != "opening" or not status.startswith("entities:"):
            return
        self.stage = "tagging"
        if mode != "annotate":
            return self.press_q()
        self.tagged = time.perf_counter()
        self.main.action_tag("1")
        self.call_after_refresh(self.tag_shown)
    def tag_shown(self):
        print("TAG", time.perf_counter() - self.tagged, flush=True)
        self.press_q()
    def press_q(self):
        print("Q", time.time(), flush=True)
        self.simulate_key("q")
app = Session(library, Config(), Model(nlp=None, name="bench", key=key))
app.run(headless=True, size=(120, 40))
returned = time.perf_counter()
library.close()
print("CLOSE", time.perf_counter() - returned, flush=True)
"""


def child_env(root: Path) -> dict:
    env = {**os.environ, "PYTHONPATH": str(BENCH), "PYTHONPYCACHEPREFIX": str(root.parent / "pyc"),
           "STANCEMARK_DATA_DIR": str(root / "data"), "STANCEMARK_CONFIG_DIR": str(root / "config"),
           "STANCEMARK_CACHE_DIR": str(root / "cache"), "STANCEMARK_STATE_DIR": str(root / "state")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def measure(command: list[str], root: Path) -> dict:
    """Wall time and peak RSS of ``command`` in a fresh process."""
    done = subprocess.run([sys.executable, "-c", MEASURE, *command], env=child_env(root),
                          capture_output=True, text=True, timeout=600, check=True)
    result = json.loads(done.stdout)
    if result["rc"]:
        raise SystemExit(f"{command} failed:\n{result['err']}")
    return result


def generate(root: Path, count: int, key: str) -> Path:
    """The library of ``count`` articles, 90% of them with cached entities."""
    code = (f"import scale_bench; scale_bench.fill({str(root / 'data' / 'library.json')!r}, "
            f"{count}, {key!r})")
    subprocess.run([sys.executable, "-c", code], env=child_env(root), check=True, timeout=1800)
    return root / "data" / "library.json"


def fill(db: str, count: int, key: str) -> None:
    """(In a child) import ``count`` articles at once, annotate, cache 90% in batches of 8."""
    from scale_library import annotations_for, fake_analysis, make_articles
    from stancemark.store.library import Library

    articles = make_articles(count)
    library = Library.open(Path(db), seed=False)
    texts = sum(len(a.text.encode("utf-8")) for a in articles)  # as files: title, body
    annotations = annotations_for(articles)
    made = sum(len(json.dumps(a.to_doc(), ensure_ascii=False).encode("utf-8")) for a in annotations)
    (Path(db).parent.parent / "texts.json").write_text(json.dumps({"bytes": texts,
                                                                  "annotations": made}))
    library.add_articles(articles)
    for annotation in annotations:
        library.save_annotation(annotation)
    cached = articles[:int(count * 0.9)]
    for i in range(0, len(cached), 8):
        library.save_analyses({a.id: fake_analysis(a, key) for a in cached[i:i + 8]})
    library.close()


def app_session(root: Path, db: Path, mode: str, key: str) -> dict:
    """Seconds from q to the app's process exit and the library's close within it, from the
    process start to the list painted, and from a tag to the screen showing it."""
    env = {**child_env(root), "BENCH_T0": repr(time.time())}
    process = subprocess.Popen([sys.executable, "-c", APP, str(db), mode, key], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = process.communicate(timeout=600)
    exited = time.time()
    if process.returncode:
        raise SystemExit(f"app session failed:\n{err}")
    fields = {k: float(v) for k, v in (line.split(" ", 1) for line in out.splitlines())}
    return {"quit": exited - fields["Q"], "close": fields["CLOSE"],
            "painted": fields["PAINTED"], "tag": fields.get("TAG", 0.0)}


def size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return path.stat().st_size if path.exists() else 0


def disk_usage(path: Path) -> int:
    if not path.exists():
        return 0
    return int(subprocess.run(["du", "-sk", str(path)], capture_output=True, text=True,
                              check=True).stdout.split()[0]) * 1024


BUILT = ("data", "cache", "texts.json")


def prepare(root: Path, count: int, key: str, reuse: bool) -> Path:
    """The library as built: generated anew (and kept aside in ``root/built``), or, with
    ``reuse`` and a kept one, copied from there."""
    built = root / "built"
    if reuse and built.is_dir():
        for name in (*BUILT, "config", "state", "annotations.json"):
            target = root / name
            if target.is_dir():
                shutil.rmtree(target)
            elif target.exists():
                target.unlink()
        copy_built(built, root)
        return root / "data" / "library.json"
    shutil.rmtree(root, ignore_errors=True)   # never add to a library kept by an earlier run
    db = generate(root, count, key)
    built.mkdir()
    copy_built(root, built)
    return db


def copy_built(source: Path, target: Path) -> None:
    for name in BUILT:
        copy = shutil.copytree if (source / name).is_dir() else shutil.copy2
        copy(source / name, target / name)


def figures(count: int, runs: int, tmp: Path, key: str, reuse: bool = False) -> dict:
    root = tmp / f"n{count}"
    started = time.perf_counter()
    db = prepare(root, count, key, reuse)
    found = {"generate (or copy) s": time.perf_counter() - started}
    found["q after caching 10% s"] = app_session(root, db, "analyse", key)["quit"]
    made = json.loads((root / "texts.json").read_text())
    found["imported texts MB"] = made["bytes"] / 1e6
    found["user file MB"] = size(db) / 1e6
    found["user file / (texts + annotations)"] = size(db) / (made["bytes"] + made["annotations"])
    found["backup (.bak) MB"] = size(db.with_name(db.name + ".bak")) / 1e6
    found["cache MB (bytes)"] = size(root / "cache") / 1e6
    found["cache MB (on disk)"] = disk_usage(root / "cache") / 1e6
    measure([sys.executable, "-c", OPEN, str(db)], root)  # untimed: fills the bytecode cache
    opens = [measure([sys.executable, "-c", OPEN, str(db)], root) for _ in range(runs)]
    timings = [json.loads(o["out"]) for o in opens]
    found["open Library s"] = statistics.median(t["open"] for t in timings)
    found["  of it gc s"] = statistics.median(t["gc"] for t in timings)
    found["list articles s"] = statistics.median(t["list"] for t in timings)
    found["close Library s"] = statistics.median(t["close"] for t in timings)
    found["open peak RSS MiB"] = statistics.median(o["rss_mib"] for o in opens)
    out = root / "annotations.json"
    export = [measure([sys.executable, "-m", "stancemark.cli.main", "export", "--db", str(db),
                       "-o", str(out)], root) for _ in range(runs)]
    found["export wall s"] = statistics.median(e["wall"] for e in export)
    found["export peak RSS MiB"] = statistics.median(e["rss_mib"] for e in export)
    exported = json.loads(out.read_text(encoding="utf-8"))
    found["exported annotations"] = sum(len(a["annotations"]) for a in exported["articles"])
    sessions = [app_session(root, db, "annotate", key) for _ in range(runs)]
    found["app launch to list painted s"] = statistics.median(s["painted"] for s in sessions)
    found["tag to tag shown s"] = statistics.median(s["tag"] for s in sessions)
    found["q to exit (after tagging) s"] = statistics.median(s["quit"] for s in sessions)
    found["  of it Library.close s"] = statistics.median(s["close"] for s in sessions)
    found["user file after sessions MB"] = size(db) / 1e6
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="2,10000", help="library sizes (default: %(default)s)")
    parser.add_argument("--runs", type=int, default=3, help="fresh processes per figure")
    parser.add_argument("--keep", type=Path, help="build the libraries here and keep them")
    parser.add_argument("--reuse", action="store_true",
                        help="with --keep: start from the libraries kept there, if any")
    args = parser.parse_args()
    if args.reuse and not args.keep:
        parser.error("--reuse needs --keep DIR")
    from stancemark.nlp.model import peek_key, resolve_model_name

    key = peek_key(resolve_model_name(None)) or "en_bench-0/r1"
    sizes = [int(n) for n in args.sizes.split(",")]
    tmp = Path(args.keep or tempfile.mkdtemp(prefix="scale-bench-"))
    try:
        results = {n: figures(n, args.runs, tmp, key, args.reuse) for n in sizes}
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)
    small, large = results[sizes[0]], results[sizes[-1]]
    print(f"median of {args.runs} fresh processes; cache key {key}")
    print(f"{'':34}" + "".join(f"{f'N={n}':>12}" for n in sizes) + f"{'ratio':>10}")
    for name in small:
        ratio = large[name] / small[name] if small[name] else float("nan")
        print(f"{name:34}" + "".join(f"{results[n][name]:12.3f}" for n in sizes) +
              f"{ratio:10.1f}")


if __name__ == "__main__":
    main()
