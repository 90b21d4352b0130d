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
        assert ("x[/]", "HOLDER") in [c[:2] for c in app.screen.candidates]
        assert_literal(shown(app), " HOLDER  x[/]")


async def test_every_screen_shows_article_and_user_text_literally(tmp_path, model, monkeypatch):
    monkeypatch.chdir(tmp_path)
    library, articles, problems = make_library(tmp_path)
    app = StancemarkApp(library, Config(scheme=SCHEME), model, articles, problems)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        # the list, the top bar and the notification naming the empty file
        await until(pilot, lambda: "Could not load" in shown(app))
        assert_literal(shown(app), "[bold]Putin[/]", SHOWN, "[@click=app.quit]x[/]",
                       "Hot[/]news␦5;1H", "[bold]lib␛]0;pwned␇.json",
                       "articles/[bold]empty[@click=app.quit]␛[2J.txt:")

        # tag two sentences "against" (a stance name with markup and an escape)
        await open_first_article(pilot, app)
        await cursor_to(pilot, app, "Vladimir")
        await pilot.press("J", "2")
        assert_literal(drawn(app.main.query_one("#focus-info")), "[bold]against[/]␛[2J")
        assert_literal(drawn(app.main.query_one("#stance-keys")), "[bold]against[/]␛[2J")

        # the holder dialog offers the names spaCy found, as written
        await pilot.press("h")
        assert isinstance(app.screen, HolderScreen)
        names = [candidate.name for candidate in app.screen.candidates]
        assert "Vladimir Pu[/]tin" in names and "John Sm\x1b[2Jith" in names
        assert_literal(shown(app), "Vladimir Pu[/]tin", "John Sm␛[2Jith")
        # a typed holder, with markup, and escapes pasted in
        await pilot.press("tab", *"x[/] ")
        await paste(pilot, ESCAPES)
        await pilot.press(*" [@click=app.quit]x[/]")
        assert_literal(shown(app), f"x[/] {SHOWN} [@click=app.quit]x[/]")
        await pilot.press("enter")
        holder = f"x[/] {SHOWN} [@click=app.quit]x[/]"
        assert_literal(drawn(app.main.query_one("#focus-info")), holder)
        # h again: the typed holder is offered back, and in the field, as written
        await pilot.press("h")
        assert isinstance(app.screen, HolderScreen)
        assert_literal(shown(app), "x[/]", SHOWN, "[@click=app.quit]x[/]")
        await pilot.press("escape")

        # the target prompt, typed and then shown again as its default value
        await pilot.press("t")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press(*"[bold]T[/] ")
        await paste(pilot, ESCAPES)
        await pilot.press("enter")
        await pilot.press("t")
        assert_literal(shown(app), f"[bold]T[/] {SHOWN}")
        await pilot.press("escape")

        # the note editor shows the quote as written; the note is typed and pasted
        await pilot.press("n")
        assert isinstance(app.screen, NoteScreen)
        assert_literal(shown(app), "Vladimir Pu[/]tin", "[bold]firm[/]", SHOWN)
        await pilot.press(*"[bold]note[/] ")
        await paste(pilot, ESCAPES)
        assert_literal(shown(app), f"[bold]note[/] {SHOWN}")
        await pilot.press("ctrl+s")
        await pilot.press("n")
        assert_literal(shown(app), f"[bold]note[/] {SHOWN}")
        await pilot.press("escape")
        assert not isinstance(app.screen, NoteScreen)

        # the annotation panel, the legend, the list with its new counts
        await pilot.press("A", "L")
        assert_literal(shown(app), "[bold]against[/]␛[2J", "x[/]", "[@click=app.quit]x[/]",
                       "[bold]T[/]", "[bold]note[/]", SHOWN, "Pu[/]tin", "[bold]Putin[/]",
                       "People, including fictional")

        # help lists the stance names of the scheme as written
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert_literal(shown(app), "tag the selection [bold]against[/]␛[2J")
        await pilot.press("escape")

        # export: a file name typed with markup and a pasted escape, then one that fails
        await pilot.press("e")
        assert isinstance(app.screen, PromptScreen)
        await pilot.press("ctrl+a", "ctrl+k", *"[bold]out")
        await paste(pilot, "\x1b[2J")
        await pilot.press(*".json", "enter")
        await until(pilot, lambda: any("[bold]out␛[2J.json" in t for t in toasts(app)))
        assert_literal(shown(app), "[bold]out␛[2J.json")
        exported = json.loads(Path("[bold]out␛[2J.json").read_text(encoding="utf-8"))
        assert exported["articles"][0]["title"] == articles[0].title  # exported as written
        await pilot.press("e", "ctrl+a", "ctrl+k", *"no[/]where/x.json", "enter")
        await until(pilot, lambda: any("no[/]where" in t for t in toasts(app)))
        assert_literal(shown(app), "no[/]where")

        # delete and undo: the notifications name the stance as written
        await pilot.press("x")
        await until(pilot, lambda: any("Deleted the [bold]against[/]␛[2J" in t
                                       for t in toasts(app)))
        await pilot.press("u")
        assert_literal(shown(app), "Deleted the [bold]against[/]␛[2J annotation")
        assert app.is_running
    library.close()


async def test_reader_shows_controls_as_symbols(tmp_path, model, monkeypatch):
    """The reader itself: title, byline and body. FAILS until the reader's own change
    (tui/widgets/reader.py and tui/reader_render.py, on another branch) is merged."""
    monkeypatch.chdir(tmp_path)
    library, articles, problems = make_library(tmp_path)
    app = StancemarkApp(library, Config(scheme=SCHEME), model, articles, problems)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_first_article(pilot, app)
        assert_literal(drawn(reader(app)), "[bold]Putin[/]", "[bold]firm[/]", SHOWN,
                       "Sm␛[2Jith", "Hot[/]news␦5;1H")  # the last in the byline
    library.close()
