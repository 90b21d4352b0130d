"""Helpers for driving the app with the Pilot."""

from __future__ import annotations

import asyncio

from textual import events

from stancemark.tui.widgets.reader import Reader


async def until(pilot, condition, timeout: float = 20.0) -> None:
    """Let the app run until ``condition()`` holds (fails the test after ``timeout``)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {condition}")
        await pilot.pause(0.05)


async def open_first_article(pilot, app) -> None:
    """Enter on the list, then wait for the entities to be highlighted."""
    await pilot.press("enter")
    await until(pilot, lambda: reader(app).entities)


def toasts(app) -> list[str]:
    """The text of the notifications on screen."""
    return [str(toast.render()) for toast in app.screen.query("Toast")]  # by type name: the class is private


def reader(app) -> Reader:
    return app.main.query_one(Reader)


def target_text(app) -> str:
    r = reader(app)
    start, end = r.selection.target
    return r.article.text[start:end]


async def cursor_to(pilot, app, starts_with: str, key: str = "j") -> None:
    """Press ``key`` until the cursor sentence starts with ``starts_with``."""
    for _ in range(60):
        if target_text(app).startswith(starts_with):
            return
        await pilot.press(key)
    raise AssertionError(f"no sentence starting with {starts_with!r}")


def drawn(widget) -> str:
    """What ``widget`` draws, as the terminal would get it: its segments' text, a line a row."""
    return "\n".join(strip.text for strip in widget.render_lines(widget.region.reset_offset))


def rendered(app, skip: tuple[type, ...] = ()) -> str:
    """What every widget shown on the current screen draws (those of a ``skip`` type left out)."""
    return "\n".join(drawn(widget) for widget in app.screen.query("*")
                     if widget.region.area and not isinstance(widget, skip))


async def paste(pilot, text: str) -> None:
    """Paste ``text`` into the focused widget, as a terminal's bracketed paste delivers it."""
    pilot.app.focused.post_message(events.Paste(text))
    await pilot.pause()
