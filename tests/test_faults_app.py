"""What the user sees of the storage engine's faults in the app and from the commands."""

from __future__ import annotations

import os

from apphelp import open_first_article, toasts, until
from stancemark.cli.main import _close, main
from stancemark.store.config import Config
from stancemark.store.journal import StoreDB
from stancemark.store.library import Library
from stancemark.tui.app import StancemarkApp

TORN = b'{"t":"annotations","set":{"9":{"id":'


def torn_library(path) -> bytes:
    """A library whose last save was cut off by a crash."""
    Library.open(path).close()
    path.write_bytes(path.read_bytes() + TORN)
    return TORN


async def test_a_cut_off_tail_is_told_on_screen_when_the_library_opens(tmp_path, model):
    path = tmp_path / "library.json"
    torn_library(path)
    library = Library.open(path)
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await pilot.pause()
        (kept,) = tmp_path.glob("library.json.torn-*")
        said = " ".join(toasts(app))
        assert f"{len(TORN)} bytes" in said and str(kept) in said
    library.close()


def test_the_commands_tell_about_a_cut_off_tail(tmp_path, capsys):
    path = tmp_path / "library.json"
    torn_library(path)
    assert main(["entities", "--db", str(path), "67ebaa"]) == 0
    (kept,) = tmp_path.glob("library.json.torn-*")
    err = capsys.readouterr().err
    assert f"{len(TORN)} bytes" in err and str(kept) in err


async def test_a_file_replaced_under_the_app_makes_it_read_only_not_retrying(tmp_path, model):
    path = tmp_path / "library.json"
    library = Library.open(path)
    app = StancemarkApp(library, Config(), model)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_first_article(pilot, app)
        other = tmp_path / "other.json"
        StoreDB(other).close()                      # what a sync tool writes, then renames
        replacement = other.read_bytes()
        os.replace(other, path)
        await pilot.press("2")
        await until(pilot, lambda: any("replaced by another program" in t for t in toasts(app)))
        topbar = str(app.main.query_one("#topbar").render())
        assert "READ-ONLY" in topbar and "retrying" not in topbar
        (copy,) = tmp_path.glob("library.json.unsaved-*")
        await pilot.press("q")                      # nothing to retry: quits at once
        await until(pilot, lambda: not app.is_running)
    assert path.read_bytes() == replacement         # the other program's file is untouched
    assert _close(library) is False                 # and the command line says so on exit
    assert copy.exists()
