"""Reported speech in the app: the holder picker offers the speaker first; `a` marks speakers."""

from __future__ import annotations

from textual.widgets import OptionList

from apphelp import cursor_to, drawn, open_first_article, reader, rendered, toasts, until
from stancemark.store.config import Config
from stancemark.store.library import Library
from stancemark.tui.annotator import Candidate
from stancemark.tui.app import StancemarkApp
from stancemark.tui.screens.attributing import AttributionActions
from stancemark.tui.screens.holder import HolderScreen

ZHU = "“China faces a challenging situation,” said Zhu Feng"
HOTNEWS = "While North Korea may benefit from access to Russian military technology"


async def pick_first_holder(pilot, app, sentence: str, key: str = "j") -> list[Candidate]:
    """Tag the sentence starting with ``sentence`` (moving by ``key``), press h, Enter; the
    offers made."""
    await cursor_to(pilot, app, sentence, key)
    await pilot.press("3", "h")
    assert isinstance(app.screen, HolderScreen)
    offered = app.screen.candidates
    first = str(app.screen.query_one(OptionList).get_option_at_index(0).prompt)
    assert first.endswith(f"← {offered[0].cue}") if offered[0].cue else "←" not in first
    await pilot.press("enter")
    return offered


async def test_h_enter_sets_the_speaker_as_holder(tmp_path, model):
    library = Library.open(tmp_path / "library.json")
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_article(pilot, app)
        await until(pilot, lambda: app.main.open_attributions() is not None)
        offered = await pick_first_holder(pilot, app, ZHU)
        assert offered[0] == Candidate("Zhu Feng", "PERSON", "said")
        assert app.main.annotator.current().holder == "Zhu Feng"
        # "…, according to Hotnews": the source, not North Korea (first in reading order)
        offered = await pick_first_holder(pilot, app, HOTNEWS, key="k")
        assert offered[0] == Candidate("Hotnews", "ORG", "according to")
        assert offered[1].name == "North Korea" and offered[1].cue == ""
        assert app.main.annotator.current().holder == "Hotnews"
    library.close()


async def test_a_marks_who_says_what_and_hides_the_marks_again(tmp_path, model):
    library = Library.open(tmp_path / "library.json")
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_first_article(pilot, app)
        await until(pilot, lambda: app.main.open_attributions() is not None)
        assert "❝" not in drawn(reader(app))
        await pilot.press("a")
        await pilot.pause()
        shown = drawn(reader(app)).splitlines()
        fears = next(row for row in shown if "which fears" in row or "in China" in row)
        assert "❝" in fears
        assert any("passages of reported speech" in t for t in toasts(app)), toasts(app)
        await pilot.press("a")
        await pilot.pause()
        assert "❝" not in drawn(reader(app))
    library.close()


async def test_speakers_come_from_the_cache_the_next_time(tmp_path, model):
    """Found once, kept beside the entities: the next window offers the speaker without
    loading the parser."""
    for run in range(2):
        library = Library.open(tmp_path / "library.json")
        app = StancemarkApp(library, Config(), model)
        async with app.run_test(size=(120, 40)) as pilot:
            await open_first_article(pilot, app)
            await until(pilot, lambda: app.main.open_attributions() is not None)
            assert (app.main._parser is None) == (run == 1)
            offered = await pick_first_holder(pilot, app, ZHU)
            assert offered[0].name == "Zhu Feng"
        library.close()
    assert list((tmp_path / "cache" / "attributions").rglob("*.json"))


async def test_picker_says_when_speakers_are_still_being_found(tmp_path, model, monkeypatch):
    """Until the open article's speakers are found, the picker offers entities in reading
    order and says why the speaker is not first."""
    monkeypatch.setattr(AttributionActions, "_attribute", lambda self, article, analysis: None)
    library = Library.open(tmp_path / "library.json")
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_article(pilot, app)
        await cursor_to(pilot, app, HOTNEWS)
        await pilot.press("3", "h")
        assert isinstance(app.screen, HolderScreen)
        assert app.screen.candidates[0] == Candidate("North Korea", "GPE")
        assert "Still finding who says what" in rendered(app)
        await pilot.press("escape")
    library.close()
