"""Crash safety: SIGKILL a process that saves in a loop; every reported save survives."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from stancemark.store.journal import StoreDB

ROOT = Path(__file__).resolve().parent.parent
CHILD = Path(__file__).resolve().parent / "journal_child.py"
BUDGET_SECONDS = 15
MAX_ROUNDS = 40


def run_and_kill(path: Path, rng: random.Random) -> list[str]:
    """Start the child, SIGKILL it at a random moment, return the lines it reported."""
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, str(CHILD), "crash", str(path)],
                             stdout=subprocess.PIPE, env=env, text=True)
    reported: list[str] = []
    reader = threading.Thread(target=lambda: reported.extend(child.stdout), daemon=True)
    reader.start()
    started = time.monotonic()
    while not reported and time.monotonic() - started < 10 and child.poll() is None:
        time.sleep(0.005)                     # kill after the child got going
    time.sleep(rng.uniform(0, 0.25))
    child.send_signal(signal.SIGKILL)
    child.wait()
    reader.join(5)
    return [line.strip() for line in reported]


def check(path: Path, reported: list[str], inserted: set[int], updated: dict[int, int]) -> None:
    for line in reported:
        kind, *values = line.split()
        if kind == "I":
            inserted.add(int(values[0]))
        else:
            doc_id, n = map(int, values)
            updated[doc_id] = max(updated.get(doc_id, 0), n)
    db = StoreDB(path)                        # writable: also cuts off a torn tail
    docs = {doc.doc_id: doc for doc in db.table("annotations")}
    starts = [doc["start"] for doc in docs.values()]
    assert len(starts) == len(set(starts)), "a document was saved twice"
    missing = inserted - set(starts)
    assert not missing, f"reported inserts lost: {sorted(missing)[:10]}"
    for doc_id, n in updated.items():
        assert docs[doc_id]["updated"] >= n, f"reported update of {doc_id} lost"
    db.close()


def test_sigkill_at_random_moments_never_loses_a_reported_save(tmp_path):
    path = tmp_path / "crash.json"
    seed = int(os.environ.get("CRASH_SEED") or time.time())
    print(f"crash test seed {seed}: rerun with CRASH_SEED={seed}")  # shown when the test fails
    rng = random.Random(seed)
    inserted: set[int] = set()
    updated: dict[int, int] = {}
    deadline = time.monotonic() + BUDGET_SECONDS
    rounds = 0
    while rounds < MAX_ROUNDS and (rounds < 5 or time.monotonic() < deadline):
        reported = run_and_kill(path, rng)
        check(path, reported, inserted, updated)
        rounds += 1
    assert len(inserted) > rounds                # the children did save things
    print(f"{rounds} kills, {len(inserted)} reported inserts, {len(updated)} updated docs")
