"""The entity panel (P), an entity's mentions (> <), corrections (m, their list, undo) and the
entities of the whole library, driven by keys on the seed articles."""

from __future__ import annotations

from pathlib import Path

from apphelp import drawn, open_first_article, reader, target_text, toasts, until
from stancemark.store.config import Config
from stancemark.store.corrections import Correction
from stancemark.store.library import Library
from stancemark.tui.app import StancemarkApp
from stancemark.tui.widgets.article_list import ArticleList
from stancemark.tui.screens.corrections import CorrectionsScreen
from stancemark.tui.screens.entity_fix import EntityFixScreen
from stancemark.tui.screens.library_entities import LibraryEntitiesScreen
from stancemark.tui.widgets.entity_panel import EntityPanel

KIM = "PERSON:kim jong un"


def panel(app) -> EntityPanel:
    return app.main.query_one(EntityPanel)


def labelled(app, text: str) -> set[str]:
    """The labels the reader shows ``text`` with."""
    r = reader(app)
    return {e.label for e in r.entities if e.text(r.article.text) == text}


async def highlight(pilot, app, key: str) -> None:
    """Put the panel's highlight on the entity ``key`` with j."""
    for _ in range(60):
        if panel(app).highlighted_key() == key:
            return
        await pilot.press("j")
    raise AssertionError(f"{key} is not in the panel")


async def open_second_article(pilot, app) -> None:
    app.main.query_one("#articles").focus()
    await pilot.press("j", "enter")
    await until(pilot, lambda: reader(app).entities and
                reader(app).article.title.startswith("Kim Jong-un"))


async def test_the_panel_lists_kim_jong_un_once_and_goes_through_his_mentions(library, model):
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(150, 45), notifications=True) as pilot:
        await open_first_article(pilot, app)
        await pilot.press("P")
        assert panel(app).display and panel(app).has_focus
        lines = drawn(panel(app)).splitlines()
        kim = [line for line in lines if "Kim" in line]
        assert len(kim) == 1 and "Kim Jong Un ×2 · Kim" in kim[0], lines  # once, both spellings
        assert any(" PERSON " in line for line in lines)
        # Enter highlights every mention and selects the first
        await highlight(pilot, app, KIM)
        await pilot.press("enter")
        r = reader(app)
        text = r.article.text
        assert sorted(text[a:b] for a, b in r.spotlight) == ["Kim", "Kim Jong Un"]
        assert target_text(app) == "Kim Jong Un"
        assert "1/2" in str(r.border_subtitle)
        assert "◆" in drawn(r)  # the gutter marks the rows with a mention
        await pilot.press("greater_than_sign")
        assert target_text(app) == "Kim" and "2/2" in str(r.border_subtitle)
        await pilot.press("greater_than_sign")  # round the end
        assert target_text(app) == "Kim Jong Un"
        assert any("Back to the first mention" in t for t in toasts(app))
        await pilot.press("less_than_sign")
        assert target_text(app) == "Kim"
        await pilot.press("escape")  # in the panel: no entity highlighted any more
        assert r.spotlight is None and not r.border_subtitle
        await pilot.press("P")  # hides the panel, the reader has the focus
        assert not panel(app).display and r.has_focus
        await pilot.press("greater_than_sign")
        assert any("Choose an entity first" in t for t in toasts(app))


async def test_a_correction_shows_in_every_article_and_after_a_relaunch(tmp_path, model):
    db = tmp_path / "library.json"
    library = Library.open(db)
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(150, 45), notifications=True) as pilot:
        await open_first_article(pilot, app)
        assert labelled(app, "Beijing") == {"GPE"}
        await pilot.press("f", "escape")  # the filters read the library's entities
        await until(pilot, lambda: app.main.entity_index is not None)
        assert ("Beijing", "GPE") in {(name, label) for name, label, _ in
                                      app.main.entity_index.names()}
        # relabel "Beijing" from the panel: m, "relabel … as…", then ORG
        await pilot.press("P")
        await highlight(pilot, app, "GPE:beijing")
        await pilot.press("m")
        assert isinstance(app.screen, EntityFixScreen)
        await pilot.press("enter")  # the first choice: relabel
        await pilot.press("down", "enter")  # PERSON, ORG (GPE, the label it had, is not offered)
        await until(pilot, lambda: app.screen is app.main)
        assert labelled(app, "Beijing") == {"ORG"}
        assert any("Relabelled “Beijing” GPE → ORG: in every article (4 here)" in t
                   for t in toasts(app))
        # the filter by entity mentioned follows the correction
        await until(pilot, lambda: app.main.entity_index is not None)
        named = {(name, label) for name, label, _ in app.main.entity_index.names()}
        assert ("Beijing", "ORG") in named and ("Beijing", "GPE") not in named
        # mark words of the title as a PERSON: the cursor on the title, trimmed to "Putin"
        reader(app).focus()
        await pilot.press("g")
        assert target_text(app).startswith("Putin Angers")
        await pilot.press(*"b" * 8)
        assert target_text(app) == "Putin"
        await pilot.press("m")  # nothing under it: straight to the labels
        await pilot.press("enter")  # PERSON
        await until(pilot, lambda: labelled(app, "Putin") == {"PERSON"})
        await open_second_article(pilot, app)
        assert labelled(app, "Beijing") == {"ORG"}
        assert "ORG:beijing" in panel(app).entities
    library.close()

    library = Library.open(db)
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(150, 45)) as pilot:
        await open_first_article(pilot, app)
        assert labelled(app, "Beijing") == {"ORG"} and labelled(app, "Putin") == {"PERSON"}
        await open_second_article(pilot, app)
        assert labelled(app, "Beijing") == {"ORG"}
    library.close()


async def test_undo_and_the_corrections_list(library, model):
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(150, 45), notifications=True) as pilot:
        await open_first_article(pilot, app)
        await pilot.press("P")
        await highlight(pilot, app, "ORG:hotnews")
        await pilot.press("m", "down", "enter")  # "not an entity: remove “Hotnews” ORG"
        await until(pilot, lambda: not labelled(app, "Hotnews"))
        assert [c.describe() for c in library.corrections.all()] == ["removed “Hotnews” (ORG)"]
        await pilot.press("u")
        assert labelled(app, "Hotnews") == {"ORG"} and library.corrections.all() == []
        assert any("Undid: removed “Hotnews” (ORG) (in every article)" in t
                   for t in toasts(app))
        await pilot.press("ctrl+r")
        assert not labelled(app, "Hotnews") and len(library.corrections.all()) == 1
        # the list (C in the panel, or the command palette) undoes one with x
        await pilot.press("C")
        assert isinstance(app.screen, CorrectionsScreen)
        assert "removed “Hotnews” (ORG)" in drawn(app.screen.query_one("#corrections-list"))
        await pilot.press("x")
        assert "No corrections yet" in drawn(app.screen.query_one("#corrections-list"))
        await pilot.press("escape")
        assert labelled(app, "Hotnews") == {"ORG"} and library.corrections.all() == []
        await pilot.press("u")  # brings it back
        assert not labelled(app, "Hotnews") and len(library.corrections.all()) == 1
        await pilot.press("ctrl+p", *"Entity corrections")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, CorrectionsScreen))


async def test_the_library_view_counts_articles_per_entity(tmp_path, model):
    """From the cached entities, corrections applied; an article not analysed yet is said."""
    from stancemark.nlp.analysis import analyze

    library = Library.open(tmp_path / "library.json")
    first, second = library.articles()
    library.save_analyses({first.id: next(analyze(model, [first]))})
    library.corrections.save(Correction.new("add", "Beijing", "ORG", first.id))
    # no model: the second article's entities are not found while the view is open
    app = StancemarkApp(library, Config(), "no_such_model_here")
    async with app.run_test(size=(150, 45)) as pilot:
        await pilot.press("ctrl+p", *"Entities in the library")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, LibraryEntitiesScreen)
                    and app.screen.counted is not None)
        summary = drawn(app.screen.query_one("#library-entities-summary"))
        assert "in 1 article" in summary and "1 article has no entities found yet" in summary
        rows = drawn(app.screen.query_one("#library-entities-list"))
        assert " ORG  Beijing  1 article · 4 mentions" in rows and "GPE  Beijing" not in rows
        await pilot.press(*"kim jong")  # filters by name
        assert drawn(app.screen.query_one("#library-entities-list")).count("Kim Jong Un") == 1
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is app.main)
        await pilot.pause()
        assert app.main.query_one(ArticleList).ids == [first.id]
        assert "mentions Kim Jong Un (PERSON)" in drawn(app.main.query_one("#filter-line"))
    library.close()


def test_entity_panel_keys_are_in_the_help(library):
    app = StancemarkApp(library, Config())
    titles = [title for title, _ in app.help_sections()]
    assert "Entity panel (P)" in titles and "Entities" in titles
