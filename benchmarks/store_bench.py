"""Benchmark: saving one annotation durably, JournalStorage vs TinyDB's JSONStorage.

Run ``.venv/bin/python benchmarks/store_bench.py [--sizes 100,10000,100000] [--samples 200]``.
Prints figures only (no assertions): median and p99 of one durable insert at
each database size, the same for stock JSONStorage in the same run, the time
to open a database, one compaction, and the file size against plain JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

from tinydb import TinyDB
from tinydb.storages import JSONStorage

from stancemark.store.journal import StoreDB
from stancemark.store.journal.durable import sync

WORDS = ("the minister said government policy would reduce emissions critics argued budget "
         "plan vote parliament opposition leader claimed evidence showed report found "
         "council local residents protest agreement trade union strike economy growth").split()
STANCES = ("support", "oppose", "neutral", "mixed")


def annotation(rng: random.Random, n: int) -> dict:
    """One annotation shaped like the app's (~500 bytes of JSON)."""
    quote = " ".join(rng.choice(WORDS) for _ in range(rng.randint(14, 24))).capitalize() + "."
    start = rng.randint(0, 20000)
    stamp = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T12:{n % 60:02d}:00.000Z"
    return {"id": uuid.UUID(int=rng.getrandbits(128)).hex, "article_id": f"{rng.getrandbits(64):016x}",
            "start": start, "end": start + len(quote), "quote": quote,
            "prefix": " ".join(rng.choice(WORDS) for _ in range(5))[:32],
            "suffix": " ".join(rng.choice(WORDS) for _ in range(5))[:32],
            "stance": rng.choice(STANCES), "holder": "Minister of Energy",
            "target": "emissions policy", "note": rng.choice(["", "check the transcript"]),
            "scheme": "stance-v1", "created": stamp, "updated": stamp}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_inserts(table, rng: random.Random, samples: int, start: int) -> list[float]:
    times = []
    for i in range(samples):
        doc = annotation(rng, start + i)
        began = time.perf_counter()
        table.insert(doc)
        times.append(time.perf_counter() - began)
    return times


def bench_journal(folder: Path, size: int, samples: int, rng: random.Random) -> dict:
    path = folder / f"journal-{size}.json"
    docs = [annotation(rng, i) for i in range(size)]
    db = StoreDB(path)
    db.table("annotations").insert_multiple(docs)          # one journal line
    db.close()                                             # compacts: one snapshot
    opens = []
    for _ in range(3):
        began = time.perf_counter()
        db = StoreDB(path)
        opens.append(time.perf_counter() - began)
        db.close()
    db = StoreDB(path)
    table = db.table("annotations")
    compactions_before = path.with_name(path.name + ".bak").stat().st_mtime_ns
    times = time_inserts(table, rng, samples, size)
    compacted = path.with_name(path.name + ".bak").stat().st_mtime_ns != compactions_before
    began = time.perf_counter()
    db.storage.compact()
    compact_time = time.perf_counter() - began
    plain = len(json.dumps(db.storage.read()))             # as JSONStorage would write it
    db.close()
    return {"times": times, "open": statistics.median(opens), "compact": compact_time,
            "compacted_during": compacted, "file": path.stat().st_size, "plain": plain,
            "worst_file": path.stat().st_size + max(db.storage.compact_min_bytes,
                                                    path.stat().st_size * db.storage.compact_ratio)}


def bench_jsonstorage(folder: Path, size: int, samples: int, rng: random.Random) -> dict:
    path = folder / f"tinydb-{size}.json"
    docs = {str(i + 1): annotation(rng, i) for i in range(size)}
    path.write_text(json.dumps({"annotations": docs}))
    began = time.perf_counter()
    db = TinyDB(path, storage=JSONStorage)
    len(db.table("annotations"))                           # JSONStorage reads lazily
    opened = time.perf_counter() - began
    times = time_inserts(db.table("annotations"), rng, samples, size)
    db.close()
    return {"times": times, "open": opened}


def fsync_cost(folder: Path, samples: int = 50) -> float:
    """Median time of appending one line and fsyncing it: the floor of any durable save."""
    fd = os.open(folder / "fsync-probe", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    times = []
    for _ in range(samples):
        began = time.perf_counter()
        os.write(fd, b"x" * 500 + b"\n")
        sync(fd)
        times.append(time.perf_counter() - began)
    os.close(fd)
    return statistics.median(times)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:9.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,10000,100000",
                        help="database sizes (annotations), comma-separated")
    parser.add_argument("--samples", type=int, default=200, help="timed inserts per size")
    parser.add_argument("--json-max-seconds", type=float, default=8.0,
                        help="time budget per size for JSONStorage (fewer samples when slow)")
    parser.add_argument("--dir", help="folder for the databases (default: a temp folder)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(4)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        print(f"durable insert of one annotation; {args.samples} samples per size; times in ms")
        print(f"(this disk: append 500 bytes + fsync = {fsync_cost(folder) * 1000:.2f} ms median)")
        print(f"{'annotations':>11} | {'journal p50':>11} {'p99':>9} | {'JSONStorage p50':>15} "
              f"{'p99':>9} {'n':>4} | {'speed-up p50':>12}")
        rows = []
        for size in sizes:
            journal = bench_journal(folder, size, args.samples, rng)
            probe = bench_jsonstorage(folder, size, 3, rng)
            per_insert = statistics.median(probe["times"])
            json_samples = max(3, min(args.samples, int(args.json_max_seconds / max(per_insert, 1e-4))))
            stock = bench_jsonstorage(folder, size, json_samples, rng)
            j50, s50 = statistics.median(journal["times"]), statistics.median(stock["times"])
            print(f"{size:>11} | {ms(j50):>11} {ms(percentile(journal['times'], .99))} | "
                  f"{ms(s50):>15} {ms(percentile(stock['times'], .99))} {json_samples:>4} | "
                  f"{s50 / j50:>11.1f}x")
            rows.append((size, journal, stock))
        if any(len(stock["times"]) < args.samples for _, _, stock in rows):
            print("(n: JSONStorage samples; fewer where it is slow, so its p99 there is "
                  "an estimate from few samples)")
        print(f"\n{'annotations':>11} | {'open journal s':>14} {'open JSONStorage s':>18} | "
              f"{'compaction s':>12} | {'file MB':>8} {'plain JSON MB':>13} {'ratio':>6} "
              f"{'worst ratio':>11}")
        for size, journal, stock in rows:
            plain = journal["plain"]
            print(f"{size:>11} | {journal['open']:>14.3f} {stock['open']:>18.3f} | "
                  f"{journal['compact']:>12.3f} | {journal['file'] / 1e6:>8.2f} {plain / 1e6:>13.2f} "
                  f"{journal['file'] / plain:>6.2f} {journal['worst_file'] / plain:>11.2f}")
        print("\nratio: compacted file / the same data as TinyDB's plain JSON; worst ratio: just "
              "before the next automatic compaction (journal at its limit).")
        print("compaction ran during the timed inserts at sizes: "
              + (", ".join(str(s) for s, j, _ in rows if j["compacted_during"]) or "none"))
        print("targets: p50 < 5 ms and p99 < 20 ms at 100,000; >= 10x JSONStorage at 10,000; "
              "open < 1 s at 100,000; file within 2x of plain JSON.")


if __name__ == "__main__":
    main()
