"""Text from articles and users is shown as written: never read as markup, and control
characters (escape sequences, bells) become visible symbols instead of reaching the terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path

from apphelp import cursor_to, drawn, open_first_article, paste, reader, rendered, toasts, until
from stancemark.store.config import Config, Scheme, StanceLabel
from stancemark.store.library import Library
from stancemark.tui.app import StancemarkApp
from stancemark.tui.screens.help import HelpScreen
from stancemark.tui.screens.holder import HolderScreen
from stancemark.tui.screens.prompt import NoteScreen, PromptScreen
from stancemark.tui.widgets.reader import Reader

ESCAPES = "\x1b[2J\x1b]0;pwned\x07"  # clear the screen, set the window title, ring the bell
SHOWN = "␛[2J␛]0;pwned␇"  # ...as the app must draw them
ARTICLE = (
    f"[bold]Putin[/] Warns {ESCAPES} Allies [@click=app.quit]x[/]\n\n"
    "Written by Kathrine Frich\n\n"
    "Oct.26 - 2024 1:13 PM CET\n\n"
    "Source: Hot[/]news\x9b5;1H\n\n"
    f"Vladimir Pu[/]tin said on Sunday that the alliance with North Korea is [bold]firm[/] and "
    f"{ESCAPES} lasting.\n\n"
    "John Sm\x1b[2Jith told reporters in Berlin that [@click=app.quit]x[/] Germany opposes the "
    "plan.\n"
)
AGAINST = "[bold]against[/]\x1b[2J"  # a stance name from the user's config
SCHEME = Scheme("literal", (StanceLabel("1", "favor", "green"), StanceLabel("2", AGAINST, "red")))
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def assert_literal(text: str, *needles: str) -> None:
    """Every needle is drawn as written, and no control character is drawn at all."""
    for needle in needles:
        assert needle in text, f"{needle!r} not drawn in:\n{text}"
    assert not CONTROL.search(text), f"control character drawn: {CONTROL.findall(text)}"


def shown(app) -> str:
    """Everything on screen but the reader (the reader has its own test below)."""
    return rendered(app, skip=(Reader,))


def make_library(tmp_path: Path) -> tuple[Library, list, list[str]]:
    """A library named with markup and escapes, the article above imported into it, and an
    empty file with such a name next to it (reported as a problem). Run in ``tmp_path``."""
    folder = Path("articles")
    folder.mkdir()
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    (folder / "[bold]empty[@click=app.quit]\x1b[2J.txt").write_text("", encoding="utf-8")
    library = Library.open(tmp_path / "[bold]lib\x1b]0;pwned\x07.json")
    articles, problems = library.import_paths([folder])
    return library, articles, [str(p) for p in problems]


async def test_a_typed_holder_with_markup_is_offered_back(library, model):
    """Holder `x[/]`, then h again: the dialog lists it as written (was: MarkupError)."""
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_article(pilot, app)
        await pilot.press("2", "h", "tab", *"x[/]", "enter")
        assert app.main.annotator.current().holder == "x[/]"
        await pilot.press("h")
        assert isinstance(app.screen, HolderScreen)
        assert ("x[/]", "HOLDER") in app.screen.candidates
        assert_literal(shown(app), " HOLDER  x[/]")
