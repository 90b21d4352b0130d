"""The whole annotating flow by keys only, checked on the TinyDB file and the exported JSON."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from apphelp import cursor_to, drawn, open_first_article, reader, target_text, toasts, until
from stancemark.store.config import Config
from stancemark.store.export import SCHEMA_PATH
from stancemark.store.journal import StoreDB
from stancemark.store.library import Library
from stancemark.tui.app import StancemarkApp
from stancemark.tui.screens.holder import HolderScreen
from stancemark.tui.screens.prompt import NoteScreen, PromptScreen
from stancemark.tui.widgets.annotation_panel import AnnotationPanel
from stancemark.tui.widgets.article_list import ArticleList

CONCERN = "China is concerned that a deeper North Korea-Russia partnership"


def stored_annotations(db: Path) -> list[dict]:
    """What the database file holds, read by a second, read-only opener."""
    store = StoreDB(db, read_only=True)
    try:
        return [dict(doc) for doc in store.table("annotations").all()]
    finally:
        store.close()


async def test_export_key_writes_the_default_bare_file_name(tmp_path, model, monkeypatch):
    """`e` then Enter writes annotations.json in the current folder and says so."""
    monkeypatch.chdir(tmp_path)
    library = Library.open(tmp_path / "library.json")
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_first_article(pilot, app)
        await pilot.press("2", "e")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("enter")
        await until(pilot, lambda: any("annotations.json" in t for t in toasts(app)))
        assert not any("failed" in t.lower() for t in toasts(app)), toasts(app)
    library.close()
    exported = json.loads((tmp_path / "annotations.json").read_text(encoding="utf-8"))
    assert [a["stance"] for e in exported["articles"] for a in e["annotations"]] == ["against"]


async def test_tag_edit_undo_redo_delete_export(tmp_path, model, monkeypatch):
    monkeypatch.chdir(tmp_path)
    db = tmp_path / "library.json"
    library = Library.open(db)
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_article(pilot, app)
        article = reader(app).article

        # select the sentence about China's concern and tag it "against" (key 2)
        await cursor_to(pilot, app, CONCERN)
        concern = target_text(app)
        await pilot.press("2")
        # holder: pick China from the entities of the passage
        await pilot.press("h")
        assert isinstance(app.screen, HolderScreen)
        assert app.screen.candidates[0][:2] == ("China", "GPE")
        await pilot.press("enter")
        # target, typed, then a note in the small editor
        await pilot.press("t")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"Russia-North Korea alliance", "enter")
        await pilot.press("c")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"fears destabilisation", "ctrl+s")
        assert not isinstance(app.screen, NoteScreen)

        # two more: the next sentence as favor (1), then a word-trimmed span as neutral (3)
        await pilot.press("j", "1")
        await pilot.press("j", "J", "b", "b", "3")
        assert len(app.main.annotator.annotations) == 3
        three = {a.stance for a in app.main.annotator.annotations}
        assert three == {"against", "favor", "neutral"}

        # undo the last tag, redo it
        await pilot.press("u")
        assert {a.stance for a in app.main.annotator.annotations} == {"against", "favor"}
        await pilot.press("ctrl+r")
        assert {a.stance for a in app.main.annotator.annotations} == three

        # delete the "favor" one: jump to it with [ and press x
        await pilot.press("left_square_bracket")
        assert app.main.annotator.current().stance == "favor"
        await pilot.press("x")
        assert {a.stance for a in app.main.annotator.annotations} == {"against", "neutral"}

        # the side panel and the list count follow
        panel = app.main.query_one(AnnotationPanel)
        assert panel.option_count == 2

        # on disk already, before quitting
        docs = stored_annotations(db)
        assert sorted(d["stance"] for d in docs) == ["against", "neutral"]
        against = next(d for d in docs if d["stance"] == "against")
        assert against["quote"] == concern == article.text[against["start"]:against["end"]]
        assert against["holder"] == "China"
        assert against["target"] == "Russia-North Korea alliance"
        assert against["note"] == "fears destabilisation"
        assert against["scheme"] == "default"
        assert article.text[:against["start"]].endswith(against["prefix"])
        assert article.text[against["end"]:].startswith(against["suffix"])
        assert against["created"].endswith("Z") and against["updated"] >= against["created"]

        # export with e, into a path typed over the default
        await pilot.press("e")
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one("#prompt-input").value == "annotations.json"
        await pilot.press("ctrl+a", "ctrl+k", *"out/export.json")
        (tmp_path / "out").mkdir()
        await pilot.press("enter")
        await until(pilot, lambda: (tmp_path / "out" / "export.json").exists())
    library.close()

    exported = json.loads((tmp_path / "out" / "export.json").read_text(encoding="utf-8"))
    jsonschema.validate(exported, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert exported["format"] == "stancemark.annotations" and exported["version"] == 1
    assert [a["name"] for a in exported["scheme"]["labels"]] == ["favor", "against", "neutral",
                                                                 "uncertain"]
    (entry,) = exported["articles"]
    assert entry["id"] == article.id and entry["author"] == "Kathrine Frich"
    assert entry["date"] == "2024-10-26"
    for annotation in entry["annotations"]:
        assert article.text[annotation["start"]:annotation["end"]] == annotation["quote"]
        for entity in annotation["entities"]:
            assert annotation["start"] <= entity["start"] < entity["end"] <= annotation["end"]
            assert article.text[entity["start"]:entity["end"]] == entity["text"]
    against = next(a for a in entry["annotations"] if a["stance"] == "against")
    names = [(e["text"], e["label"]) for e in against["entities"]]
    assert names[:3] == [("China", "GPE"), ("North Korea", "GPE"), ("Russia", "GPE")]
    assert ("Korean Peninsula", "LOC") in names and ("Beijing", "GPE") in names


async def test_relaunch_shows_annotations_as_left(tmp_path, model):
    db = tmp_path / "library.json"
    library = Library.open(db)
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_article(pilot, app)
        await pilot.press("j", "j", "2")  # Enter, j, j, 2: the third body sentence, against
        await pilot.press("j", "J", "4")
        left = [(a.start, a.end, a.stance, a.quote) for a in app.main.annotator.annotations]
        await pilot.press("q")
    library.close()
    assert left[0][3] == "Views Alliance Cautiously" and left[0][2] == "against"

    library = Library.open(db)
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        again = [(a.start, a.end, a.stance, a.quote) for a in app.main.annotator.annotations]
        assert again == left
        marks = {(m.start, m.end) for m in reader(app).marks}
        assert marks == {(s, e) for s, e, _, _ in left}
        assert app.main.query_one(AnnotationPanel).option_count == 2
    library.close()


async def test_disk_full_keeps_the_tag_on_screen_and_saves_it_later(tmp_path, model, monkeypatch):
    import errno
    import os

    from stancemark.store.journal import durable

    db = tmp_path / "library.json"
    library = Library.open(db)
    app = StancemarkApp(library, Config(), model)
    real_write = os.write
    full = {"on": False}

    def write(fd, data):
        if full["on"]:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real_write(fd, data)

    monkeypatch.setattr(durable.os, "write", write)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_first_article(pilot, app)
        full["on"] = True
        await pilot.press("j", "2")
        assert [a.stance for a in app.main.annotator.annotations] == ["against"]
        assert library.pending_changes == 1
        assert "No space left" in " ".join(toasts(app))
        assert stored_annotations(db) == []
        await pilot.press("q")  # refused: the change is not on disk yet
        assert app.is_running
        full["on"] = False
        await until(pilot, lambda: library.pending_changes == 0)  # retried on a timer
        assert [d["stance"] for d in stored_annotations(db)] == ["against"]
        await pilot.press("q")
    library.close()


def test_undo_on_a_full_disk_counts_as_done(library, monkeypatch):
    import errno

    import pytest

    from stancemark.store.journal import durable
    from stancemark.store.annotation import Annotation
    from stancemark.store.journal.errors import StoreWriteError
    from stancemark.store.history import History

    article = library.articles()[0]
    history = History(library)
    tag = Annotation.new(article.id, article.text, 0, 20, "favor", "default")
    history.record(None, tag, "tagged favor")
    with monkeypatch.context() as full:
        full.setattr(durable.os, "write", lambda fd, data: (_ for _ in ()).throw(
            OSError(errno.ENOSPC, "No space left on device")))
        with pytest.raises(StoreWriteError):
            history.undo()
        assert library.annotations(article.id) == []  # undone in memory
    library.save_pending()
    assert history.redo().after == tag and library.annotations(article.id) == [tag]
    assert history.undo() is not None and history.undo() is None


async def test_read_only_on_request_says_so(tmp_path, model):
    """--read-only is the reason given, not another stancemark holding the file."""
    db = tmp_path / "library.json"
    Library.open(db).close()
    library = Library.open(db, read_only=True)
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_first_article(pilot, app)
        await pilot.press("2")
        said = " ".join(toasts(app))
        assert "--read-only" in said and "another stancemark" not in said
        assert app.main.annotator.annotations == []
        await pilot.press("m")  # nor is an entity corrected
        assert app.screen is app.main and library.corrections.all() == []
    library.close()


async def test_tagging_updates_the_counts_in_the_article_list(library, model):
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_article(pilot, app)
        listing = app.main.query_one(ArticleList)
        assert "■" not in drawn(listing)
        await pilot.press("2", "j", "2")
        await pilot.pause()
        assert "328 words  ■2" in drawn(listing)
        await pilot.press("u")
        await pilot.pause()
        assert "328 words  ■1" in drawn(listing)
