"""Child process for the crash and lock tests (run with the repo root on sys.path).

``crash PATH``: save annotations in a loop, printing "I <n>" after each insert
and "U <doc id> <n>" after each update returns (both durable).
``hold PATH N``: open PATH, insert N documents, print "ready <pid>", then on
each stdin line "insert <n>" insert {"n": n} and print "ok <n>" ("compact": compact the
file, print "ok compact"); exit on EOF.
"""

import os
import sys

from stancemark.store.journal import JournalStorage, StoreDB


def annotation(n: int) -> dict:
    return {"id": f"a{n:08d}", "article_id": f"art-{n // 20:05d}", "start": n, "end": n + 90,
            "quote": "The committee said the measure would pass easily, despite objections.",
            "stance": "support", "note": "", "updated": n}


def crash(path: str) -> None:
    JournalStorage.compact_min_bytes = 4096        # compact often, so kills hit compaction too
    db = StoreDB(path)
    table = db.table("annotations")
    n = max((doc["start"] for doc in table), default=0)
    while True:
        n += 1
        doc_id = table.insert(annotation(n))
        print(f"I {n}", flush=True)
        if n % 3 == 0:
            target = max(1, doc_id - 5)
            if table.update({"updated": n}, doc_ids=[target]):
                print(f"U {target} {n}", flush=True)


def hold(path: str, count: int) -> None:
    db = StoreDB(path)
    table = db.table("shared")
    table.insert_multiple({"n": i} for i in range(count))
    print(f"ready {os.getpid()}", flush=True)
    for line in sys.stdin:
        if line.strip() == "compact":
            db.storage.compact()
            print("ok compact", flush=True)
            continue
        n = int(line.split()[1])
        table.insert({"n": n})
        print(f"ok {n}", flush=True)
    db.close()


if __name__ == "__main__":
    if sys.argv[1] == "crash":
        crash(sys.argv[2])
    else:
        hold(sys.argv[2], int(sys.argv[3]))
