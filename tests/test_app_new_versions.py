"""In the app: importing a changed version of an annotated article offers to update it; the
annotations move, the orphans are listed in the annotation panel and marked in the article
list, and one is put back on a selected passage (undoable, and kept after a relaunch)."""

from __future__ import annotations

from apphelp import cursor_to, drawn, reader, target_text, toasts, until
from test_app_import import type_import
from test_reanchor_library import GONE, KEPT, annotate, changed_copy
from stancemark.store.config import Config
from stancemark.store.library import Library
from stancemark.tui.app import StancemarkApp
from stancemark.tui.screens.new_versions import NewVersionsScreen
from stancemark.tui.widgets.annotation_panel import AnnotationPanel
from stancemark.tui.widgets.article_list import ArticleList

SIZE = (160, 44)  # wide enough for the annotation panel to show


def panel_text(app) -> str:
    return drawn(app.main.query_one(AnnotationPanel))


async def test_a_changed_version_is_offered_and_its_orphan_placed_again(tmp_path, model):
    db = tmp_path / "lib.json"
    library = Library.open(db)
    made = annotate(library)
    old_id = made[KEPT].article_id
    copy = changed_copy(tmp_path)
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("j", "enter")  # the annotated article is open during the import
        assert app.main.annotator.article.id == old_id
        await pilot.press("1")  # a fourth annotation, on the first body sentence
        assert len(library.annotations(old_id)) == 4
        await type_import(pilot, app, str(copy))
        await until(pilot, lambda: isinstance(app.screen, NewVersionsScreen))
        dialog = "\n".join(str(label.render()) for label in app.screen.query("Label"))
        assert "An imported article is a new version of an article in your library: " \
               "update it?" in dialog
        assert "4 annotation(s)" in dialog and str(copy) in dialog
        assert "kept as orphaned" in dialog
        await pilot.press("y")
        await until(pilot, lambda: any("Updated 1 article" in t for t in toasts(app)))
        assert any("2 annotation(s) re-anchored exactly, 1 fuzzily (changed wording), "
                   "1 orphaned" in t for t in toasts(app))
        # the new text takes the old one's place in the list, and is open
        new_id = app.main.annotator.article.id
        assert new_id != old_id and app.main.article_ids[1] == new_id
        assert old_id not in app.main.article_ids and library.article(old_id) is None
        assert len(app.main.annotator.annotations) == 3
        # undo does not reach back across the update (its steps were on the old text)
        await pilot.press("u")
        await until(pilot, lambda: any("Nothing to undo" in t for t in toasts(app)))
        assert len(library.annotations(new_id)) == 3
        listing = app.main.query_one(ArticleList)
        assert "⚠ 1 orphaned" in drawn(listing)
        assert "orphaned (1)" in panel_text(app) and "In addition, Zhao Tong" in panel_text(app)

        # select a passage, choose the orphan in the panel, p places it there
        await until(pilot, lambda: reader(app).entities)
        await cursor_to(pilot, app, "This shift has undoubtedly")
        span = reader(app).selection.target
        await pilot.press("tab")
        panel = app.main.query_one(AnnotationPanel)
        assert app.focused is panel
        for _ in range(5):  # past the three placed annotations and the heading
            if panel.highlighted_option and panel.highlighted_option.id in panel.orphan_ids:
                break
            await pilot.press("j")
        await pilot.press("p")
        await pilot.pause()
        placed = library.annotation(made[GONE].id)
        assert not placed.orphaned and (placed.start, placed.end) == span
        assert placed.quote == target_text(app)
        assert "orphaned" not in panel_text(app) and "⚠" not in drawn(listing)
        assert any("Placed the orphaned favor annotation" in t for t in toasts(app))
        # undo puts it back among the orphans, redo places it again
        await pilot.press("u")
        await pilot.pause()
        assert library.annotation(made[GONE].id).orphaned
        assert "orphaned (1)" in panel_text(app) and "⚠ 1 orphaned" in drawn(listing)
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert not library.annotation(made[GONE].id).orphaned
        await pilot.press("q")
    library.close()

    library = Library.open(db)
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        await pilot.pause()
        assert app.main.annotator.article.id == new_id
        quotes = [a.quote for a in app.main.annotator.annotations]
        assert placed.quote in quotes and len(quotes) == 4
        assert "orphaned" not in panel_text(app)
        assert "Despite many concerns" in panel_text(app)
    library.close()


async def test_declining_keeps_both_and_esc_leaves_the_new_version_out(tmp_path, model):
    library = Library.open(tmp_path / "lib.json")
    made = annotate(library)
    copy = changed_copy(tmp_path)
    app = StancemarkApp(library, Config(), model)
    try:
        async with app.run_test(size=SIZE, notifications=True) as pilot:
            await type_import(pilot, app, str(copy))
            await until(pilot, lambda: isinstance(app.screen, NewVersionsScreen))
            await pilot.press("escape")
            await until(pilot, lambda: any("1 new version(s) not imported" in t
                                           for t in toasts(app)))
            assert len(library.article_ids()) == 2
            await type_import(pilot, app, str(copy))
            await until(pilot, lambda: isinstance(app.screen, NewVersionsScreen))
            await pilot.press("n")
            await until(pilot, lambda: any("Kept both" in t for t in toasts(app)))
            assert len(app.main.article_ids) == 3
            assert len(library.annotations(made[KEPT].article_id, orphaned=None)) == 3
    finally:
        library.close()
