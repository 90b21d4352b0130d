"""Importing in the app (i, or the command palette): progress, Esc, the new articles listed;
and a large library lists without reading every article."""

from __future__ import annotations

import json
from pathlib import Path

from apphelp import drawn, paste, toasts, until
from test_import import BODY, PAGE, Pages, server  # noqa: F401  (server is a fixture)
from stancemark.store.article import parse_article
from stancemark.store.config import Config
from stancemark.store.library import Library
from stancemark.tui.app import StancemarkApp
from stancemark.tui.screens.prompt import PromptScreen
from stancemark.tui.widgets.article_list import ArticleList
from stancemark.tui.widgets.import_bar import ImportBar


def titles(app) -> list[str]:
    listing = app.main.query_one(ArticleList)
    return [str(listing.lines(i)[0]) for i in range(listing.count)]


async def type_import(pilot, app, value: str) -> None:
    await pilot.press("i")
    assert isinstance(app.screen, PromptScreen)
    await paste(pilot, value)
    await pilot.press("enter")


async def test_i_imports_a_folder_tree_and_lists_the_new_articles(tmp_path, library, model):
    corpus = tmp_path / "my corpus"
    (corpus / "sport").mkdir(parents=True)
    (corpus / "web").mkdir()
    (corpus / "sport" / "derby.md").write_text(f"# Derby ends level\n\n{BODY}", encoding="utf-8")
    (corpus / "web" / "storm.html").write_text(PAGE, encoding="utf-8")
    (corpus / "feed.jsonl").write_text(json.dumps({"title": "Ports reopen", "text": BODY})
                                       + "\nnot json\n", encoding="utf-8")
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert len(titles(app)) == 2
        await type_import(pilot, app, f'"{corpus}"')
        await until(pilot, lambda: any("Import" in t for t in toasts(app)))
        assert titles(app)[2:] == ["Ports reopen", "Derby ends level", "Storm hits coast"]
        summary = " ".join(toasts(app))
        assert "3 added, 0 already present, 1 failed" in summary
        assert "feed.jsonl: line 2 is not valid JSON" in summary
        assert "5 articles" in str(app.main.query_one("#topbar").content)
        # the new articles open, and their entities are found in the background
        await until(pilot, lambda: all(app.main._analysed(i) for i in app.main.article_ids))
        await pilot.press("G", "enter")
        assert app.main.annotator.article.title == "Storm hits coast"
        # the command palette offers the same import
        await pilot.press("ctrl+p")
        await pilot.press(*"Import articles")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, PromptScreen))


async def test_esc_stops_an_import_and_keeps_what_was_read(tmp_path, model, server):  # noqa: F811
    first = tmp_path / "first.txt"
    first.write_text(f"Read before Esc\n\n{BODY}", encoding="utf-8")
    last = tmp_path / "last.txt"
    last.write_text(f"Never read\n\n{BODY}", encoding="utf-8")
    library = Library.open(tmp_path / "lib.json")
    app = StancemarkApp(library, Config(), model)
    try:
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await pilot.press("enter")  # the reader has the focus: Esc still stops the import
            await type_import(pilot, app, f"{first} {server}/slow {last}")
            bar = app.main.query_one(ImportBar)
            await until(pilot, lambda: Pages.arrived.is_set() and bar.running)
            await pilot.press("escape")
            Pages.go_on.set()
            await until(pilot, lambda: not bar.running)
            await until(pilot, lambda: any("Interrupted" in t for t in toasts(app)))
            assert titles(app)[2:] == ["Read before Esc", "Gale hits coast"]
    finally:
        library.close()
    reopened = Library.open(tmp_path / "lib.json")
    assert "Never read" not in [a.title for a in reopened.articles()]
    reopened.close()


async def test_a_large_library_lists_without_reading_every_article(tmp_path, monkeypatch):
    library = Library.open(tmp_path / "big.json", seed=False)
    library.add_articles([parse_article(f"Story {i} of many\n\n{BODY} ({i})", f"{i}.txt")
                          for i in range(1000)])
    read = []
    article = Library.article
    monkeypatch.setattr(Library, "article", lambda self, i: read.append(i) or article(self, i))
    app = StancemarkApp(library, Config(), "no_such_spacy_model")
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            listing = app.main.query_one(ArticleList)
            assert "Story 0 of many" in drawn(listing) and "Story 1 of many" in drawn(listing)
            on_screen = len(read)
            assert 0 < on_screen < 20
            await pilot.press("G")
            await pilot.pause()
            assert listing.highlighted == 999 and "Story 999 of many" in drawn(listing)
            assert len(read) < 2 * on_screen + 5
    finally:
        library.close()
